"""The fullscreen shell: the screen stack, navigation, the idle clock and the lockdown.

Visitors cannot leave: no close shortcut, no context menu, and a close request from outside is
refused unless the facilitator panel allowed it.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QInputDevice,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.core import i18n
from kiosk.core.sessions.visitor import Change, Phase, VisitorClock
from kiosk.ui import screens as registry
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.countdown import CountdownOverlay
from kiosk.ui.widgets.top_bar import TopBar

log = logging.getLogger(__name__)

_PRESS_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}
_RELEASE_EVENTS = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd}
_RIGHT_CLICK_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                       QEvent.Type.MouseButtonDblClick}
_ACTIVITY_EVENTS = _PRESS_EVENTS | {QEvent.Type.KeyPress, QEvent.Type.Wheel,
                                    QEvent.Type.TouchUpdate, QEvent.Type.MouseMove}


def is_blocked_key(event: QKeyEvent) -> bool:
    """Keys that would let a visitor leave or disturb the kiosk."""
    key, mods = event.key(), event.modifiers()
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    alt = bool(mods & Qt.KeyboardModifier.AltModifier)
    return (
        key == Qt.Key.Key_Escape
        or (ctrl and key in (Qt.Key.Key_Q, Qt.Key.Key_W))
        or (alt and key in (Qt.Key.Key_F4, Qt.Key.Key_Tab))
        or key in (Qt.Key.Key_F11, Qt.Key.Key_Close, Qt.Key.Key_Exit, Qt.Key.Key_Menu)
    )


class MainWindow(QWidget):
    """Signals:
    session_started(str): a visitor touched the attract screen; carries the session id.
    session_ended(str, float): idle reset; the session id and its length in seconds.
    screen_shown(str, str): a screen id and its argument ("" when none).
    language_changed(str): the interface language changed.
    """

    session_started = Signal(str)
    session_ended = Signal(str, float)
    screen_shown = Signal(str, str)
    language_changed = Signal(str)

    def __init__(self, ctx: UiContext, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.ctx = ctx
        self._now = clock
        self._allow_close = False
        self._session_start = 0.0
        # Called with the global position of every press / release on the kiosk's window
        # (the facilitator gesture listens here).
        self.press_observers: list[Callable[[QPoint], None]] = []
        self.release_observers: list[Callable[[QPoint], None]] = []
        self._filtered_window = None
        self.setObjectName("Root")
        self.setWindowTitle("Nature en ville")
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

        s = ctx.settings.session
        self.visitor = VisitorClock(float(s.idle_seconds), float(s.countdown_seconds),
                                    float(s.max_untouched_seconds))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.top_bar = TopBar(ctx.theme)
        self.stack = QStackedWidget()
        layout.addWidget(self.top_bar)
        layout.addWidget(self.stack, 1)
        self.countdown = CountdownOverlay(ctx.theme, self)

        self.screens: dict[str, Screen] = {}
        self.history: list[tuple[str, str | None]] = []
        self.current: tuple[str, str | None] = ("", None)

        self.top_bar.home_clicked.connect(self.on_top_bar_home)
        self.top_bar.back_clicked.connect(self.back)
        self.top_bar.language_picked.connect(self.set_language)
        self.countdown.continue_clicked.connect(self.on_countdown_continue)
        i18n.add_listener(self._on_language_changed)

        self.idle_timer = QTimer(self)
        self.idle_timer.setObjectName("idle-tick")
        self.idle_timer.setInterval(250)
        self.idle_timer.timeout.connect(self.on_idle_tick)
        self.top_bar.set_language(i18n.current_language())
        self.show_screen("attract", push=False)

    # --- navigation -----------------------------------------------------------------------
    def screen(self, screen_id: str) -> Screen:
        screen = self.screens.get(screen_id)
        if screen is None:
            screen = registry.create(screen_id, self.ctx)
            screen.go.connect(self.go)
            self.screens[screen_id] = screen
            self.stack.addWidget(screen)
        return screen

    def go(self, target: str) -> None:
        """Show "id" or "id:arg", remembering where we came from ("wake": the first touch)."""
        if target == "wake":
            if self.current[0] == "attract":
                self.wake()
            return
        screen_id, _, arg = target.partition(":")
        self.show_screen(screen_id, arg or None)

    def show_screen(self, screen_id: str, arg: str | None = None, *, push: bool = True) -> None:
        if screen_id not in registry.SCREENS:
            log.error("unknown screen %r", screen_id)
            return
        previous_id, _ = self.current
        if previous_id and previous_id in self.screens:
            self.screens[previous_id].leave()
            if push and previous_id != "attract":
                self.history.append(self.current)
        screen = self.screen(screen_id)
        self.current = (screen_id, arg)
        screen.enter(arg)
        self.stack.setCurrentWidget(screen)
        self.top_bar.setVisible(screen.show_chrome)
        self.top_bar.back_button.setEnabled(bool(self.history))
        self.top_bar.set_title(screen.title())
        self.screen_shown.emit(screen_id, arg or "")

    def back(self) -> None:
        if not self.history:
            self.show_screen("home", push=False)
            return
        screen_id, arg = self.history.pop()
        self.show_screen(screen_id, arg, push=False)

    def on_top_bar_home(self) -> None:
        self.history.clear()
        self.show_screen("home", push=False)

    def current_screen(self) -> Screen:
        return self.screens[self.current[0]]

    # --- language -------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        i18n.set_language(lang)
        self.top_bar.set_language(lang)

    def _on_language_changed(self, lang: str) -> None:
        self.top_bar.retranslate()
        self.countdown.retranslate()
        for screen in self.screens.values():
            screen.retranslate()
        if self.current[0]:
            self.top_bar.set_title(self.current_screen().title())
        self.top_bar.set_language(lang)
        self.language_changed.emit(lang)

    # --- visitor session --------------------------------------------------------------------
    def on_activity(self) -> None:
        change = self.visitor.touch(self._now())
        if change is Change.STARTED:
            self._session_start = self._now()
            self.idle_timer.start()
            self.session_started.emit(self.visitor.session_id or "")
        elif change is Change.CONTINUED:
            self.countdown.hide()

    def on_countdown_continue(self) -> None:
        self.countdown.hide()
        self.visitor.touch(self._now())

    def on_idle_tick(self) -> None:
        now = self._now()
        if self.current[0] and self.current_screen().pauses_idle:
            self.visitor.pause(now)
        else:
            self.visitor.resume(now)
        change = self.visitor.tick(now)
        if change is Change.COUNTDOWN:
            self._show_countdown()
        elif change is Change.ENDED:
            self.end_session()
            return
        if self.visitor.phase is Phase.COUNTDOWN:
            self.countdown.set_remaining(math.ceil(self.visitor.remaining(now)))

    def _show_countdown(self) -> None:
        self.countdown.setGeometry(self.rect())
        self.countdown.set_remaining(math.ceil(self.visitor.remaining(self._now())))
        self.countdown.show()
        self.countdown.raise_()

    def end_session(self) -> None:
        """Forget the visitor: language, screens and history reset; the attract loop returns."""
        session_id = self.visitor.session_id or ""
        if self.visitor.phase is not Phase.ATTRACT:
            self.visitor.end()
        self.idle_timer.stop()
        self.countdown.hide()
        self.history.clear()
        for screen in self.screens.values():
            screen.reset()
        self.set_language(self.ctx.settings.kiosk.language)
        self.show_screen("attract", push=False)
        if session_id:
            self.session_ended.emit(session_id, self._now() - self._session_start)

    # --- lockdown ---------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        # Input is filtered where the platform delivers it, on the native window: every
        # touch, click and key passes there once, while layout and paint events of the
        # widgets never reach Python (an application-wide filter cost ~6 µs per Qt event).
        handle = self.windowHandle()
        if handle is not None and handle is not self._filtered_window:
            if self._filtered_window is not None:
                self._filtered_window.removeEventFilter(self)
            handle.installEventFilter(self)
            self._filtered_window = handle

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        etype = event.type()
        if etype in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and is_blocked_key(
            event
        ):
            return True
        if etype == QEvent.Type.ContextMenu:
            return True
        if etype in _RIGHT_CLICK_EVENTS and event.button() == Qt.MouseButton.RightButton:
            return True  # no context menu can open if no right click gets through
        if etype in _PRESS_EVENTS and not self._synthesized(event):
            pos = self._global_pos(event)
            for observer in list(self.press_observers):
                observer(pos)
            if self.current[0] == "attract":
                # The first touch wakes the kiosk; it must not also press what lies beneath.
                self.wake()
                return True
        elif etype in _RELEASE_EVENTS and not self._synthesized(event):
            pos = self._global_pos(event)
            for observer in list(self.release_observers):
                observer(pos)
        if etype in _ACTIVITY_EVENTS and (
            etype != QEvent.Type.MouseMove or QGuiApplication.mouseButtons()
        ) and self.visitor.phase is not Phase.ATTRACT:
            self.on_activity()
        return False

    @staticmethod
    def _synthesized(event: QEvent) -> bool:
        """A mouse event Qt made from a touch: the touch itself was already counted."""
        if not isinstance(event, QMouseEvent):
            return False
        device = event.pointingDevice()
        return device is not None and device.type() == QInputDevice.DeviceType.TouchScreen

    def wake(self) -> None:
        """A visitor touched the attract screen: the session starts on the home screen."""
        self.on_activity()
        self.show_screen("home", push=False)

    @staticmethod
    def _global_pos(event: QEvent) -> QPoint:
        if hasattr(event, "globalPosition"):
            return event.globalPosition().toPoint()
        points = event.points() if hasattr(event, "points") else []
        return points[0].globalPosition().toPoint() if points else QPoint()

    def allow_close(self) -> None:
        """The facilitator panel's "exit the kiosk": the next close request is honoured."""
        self._allow_close = True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._allow_close:
            if self._filtered_window is not None:
                self._filtered_window.removeEventFilter(self)
                self._filtered_window = None
            i18n.remove_listener(self._on_language_changed)
            event.accept()
        else:
            event.ignore()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.countdown.setGeometry(self.rect())

    def show_kiosk(self, windowed: bool = False, size: tuple[int, int] | None = None) -> None:
        if windowed:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, False)
            self.resize(*(size or (1280, 720)))
            self.show()
            return
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            # Under a bare X server with no window manager, fullscreen alone keeps the
            # default size: set the screen's geometry first.
            self.setGeometry(screen.geometry())
        self.showFullScreen()
