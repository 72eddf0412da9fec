"""The fullscreen shell: the screen stack, navigation, the idle clock and the lockdown.

Visitors cannot leave: no close shortcut, no context menu, and a close request from outside is
refused unless the facilitator panel allowed it.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QInputDevice,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core import i18n
from kiosk.core.sessions.visitor import Change, Phase, VisitorClock
from kiosk.ui import screens as registry
from kiosk.ui import theme as theme_mod
from kiosk.ui.accessibility import Accessibility
from kiosk.ui.context import UiContext
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.countdown import CountdownOverlay
from kiosk.ui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from PySide6.QtGui import QWindow


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
        self._filtered_window: QWindow | None = None
        self.setObjectName("Root")
        self.setWindowTitle("Nature en ville")
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

        s = ctx.settings.session
        self.visitor = VisitorClock(float(s.idle_seconds), float(s.countdown_seconds),
                                    float(s.max_untouched_seconds))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.stack = QStackedWidget()
        self._layout.addWidget(self.stack, 1)
        self._low_reach = False
        self._build_chrome()

        self.screens: dict[str, Screen] = {}
        self.history: list[tuple[str, str | None]] = []
        self.current: tuple[str, str | None] = ("", None)

        self.access = Accessibility(self)
        i18n.add_listener(self._on_language_changed)

        self.idle_timer = QTimer(self)
        self.idle_timer.setObjectName("idle-tick")
        self.idle_timer.setInterval(250)
        self.idle_timer.timeout.connect(self.on_idle_tick)
        self.top_bar.set_language(i18n.current_language())
        self.show_screen("attract", push=False)

    def _build_chrome(self) -> None:
        """The bar and the countdown, from the current theme (again when it changes)."""
        self.top_bar = TopBar(self.ctx.theme)
        self._layout.insertWidget(self._layout.count() if self._low_reach else 0, self.top_bar)
        self.countdown = CountdownOverlay(self.ctx.theme, self)
        self.top_bar.home_clicked.connect(self.on_top_bar_home)
        self.top_bar.back_clicked.connect(self.back)
        self.top_bar.access_clicked.connect(lambda: self.access.open_panel())
        self.top_bar.language_picked.connect(self.set_language)
        self.countdown.continue_clicked.connect(self.on_countdown_continue)

    # --- accessibility (kiosk.ui.accessibility drives these) -----------------------------
    def apply_theme(self, theme: theme_mod.Theme) -> None:
        """Larger text or high contrast, live: the stylesheet, the bar and every screen are
        rebuilt from the new theme; the visitor stays where they were."""
        self.ctx.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setStyleSheet(theme_mod.stylesheet(theme))
        screen_id, arg = self.current
        if screen_id in self.screens:
            self.screens[screen_id].leave()
        for screen in self.screens.values():
            self.stack.removeWidget(screen)
            screen.dispose()
            screen.hide()
            screen.setParent(None)  # Python frees it once no pending callback holds it
        self.screens.clear()
        countdown_shown = self.countdown.isVisible()
        for old in (self.top_bar, self.countdown):
            old.hide()
            old.setParent(None)
        self._build_chrome()
        self.top_bar.set_language(i18n.current_language())
        if countdown_shown:
            self._show_countdown()
        if screen_id:
            screen = self.screen_for(screen_id)
            screen.enter(arg)
            self.stack.setCurrentWidget(screen)
            self._show_chrome_of(screen)

    def set_low_reach(self, on: bool) -> None:
        """Home, back, accessibility and languages in the lower third (EN 301 549 8.3)."""
        self._low_reach = on
        self._layout.removeWidget(self.top_bar)
        self._layout.insertWidget(self._layout.count() if on else 0, self.top_bar)

    def refresh_current(self) -> None:
        """Show the current screen again (easy-to-read French switched)."""
        screen_id, arg = self.current
        if screen_id in self.screens:
            screen = self.screens[screen_id]
            screen.leave()
            screen.enter(arg)
            self.access.on_screen_shown()

    def _show_chrome_of(self, screen: Screen) -> None:
        self.top_bar.setVisible(screen.show_chrome)
        self.top_bar.back_button.setEnabled(bool(self.history))
        self.top_bar.set_title(screen.title())

    # --- navigation -----------------------------------------------------------------------
    def screen_for(self, screen_id: str) -> Screen:
        screen = self.screens.get(screen_id)
        if screen is None:
            screen = registry.create(screen_id, self.ctx)
            screen.go.connect(self.go)
            screen.page_changed.connect(self.access.on_page_changed)
            screen.end_visit.connect(self.end_session)
            screen.exit_kiosk.connect(self._exit_kiosk)
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
        screen = self.screen_for(screen_id)
        self.current = (screen_id, arg)
        screen.enter(arg)
        self.stack.setCurrentWidget(screen)
        self._show_chrome_of(screen)
        self.screen_shown.emit(screen_id, arg or "")
        self.access.on_screen_shown()

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
        self.access.retranslate()
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
        self.access.on_countdown(max(1, math.ceil(self.visitor.remaining(self._now()))))

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
        self.access.reset()
        self.set_language(self.ctx.settings.kiosk.language)
        self.show_screen("attract", push=False)
        if session_id:
            self.session_ended.emit(session_id, self._now() - self._session_start)

    # --- lockdown ---------------------------------------------------------------------------
    def showEvent(self, event) -> None:
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        etype = event.type()
        if isinstance(event, QKeyEvent):
            if etype in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and is_blocked_key(
                event
            ):
                return True
            if etype == QEvent.Type.KeyPress and self.access.on_key(event):
                return True
        if etype == QEvent.Type.ContextMenu:
            return True
        if (etype in _RIGHT_CLICK_EVENTS and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.RightButton):
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
        """A visitor touched the attract screen: the session starts on the home screen, in
        the language the attract loop showed at that instant."""
        self.on_activity()
        if isinstance(attract := self.screens.get("attract"), AttractScreen):
            self.set_language(attract.language_shown())
        self.show_screen("home", push=False)

    @staticmethod
    def _global_pos(event: QEvent) -> QPoint:
        if hasattr(event, "globalPosition"):
            return event.globalPosition().toPoint()
        points = event.points() if hasattr(event, "points") else []
        return points[0].globalPosition().toPoint() if points else QPoint()

    def allow_close(self) -> None:
        """The next close request is honoured (the facilitator panel's "exit the kiosk")."""
        self._allow_close = True

    def _exit_kiosk(self) -> None:
        self.allow_close()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._allow_close:
            if self._filtered_window is not None:
                self._filtered_window.removeEventFilter(self)
                self._filtered_window = None
            i18n.remove_listener(self._on_language_changed)
            # A closed window ends no visit: its reset would put every other kiosk window of
            # the process back in the default language (the language is the process's).
            self.idle_timer.stop()
            event.accept()
        else:
            event.ignore()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.countdown.setGeometry(self.rect())
        self.access.resize()

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
