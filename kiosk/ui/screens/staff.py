"""The base of the staff screens (facilitator panel, health): a PIN gate and an idle logout.

The screen first shows the PIN pad. The PIN is checked off the GUI thread (scrypt is slow on
purpose) through core.pin.PinGuard, whose lockout state is on disk and so shared by every
staff screen and kept across restarts. Once unlocked the content shows; two minutes without
a touch (settings.admin.logout_seconds) end the visit, which logs out and brings the attract
loop back. Leaving the screen logs out too. While a staff screen is shown the visitor idle
clock is paused: the staff screen has its own, shorter or longer, clock.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.i18n import _, ngettext
from kiosk.core.sessions.pin import PinGuard
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.pin_pad import PinPad

_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress,
             QEvent.Type.Wheel}


def wait_text(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext("Clavier verrouillé : réessayez dans {n} minute.",
                    "Clavier verrouillé : réessayez dans {n} minutes.", minutes).format(n=minutes)


class StaffScreen(Screen):
    pauses_idle = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.guard = PinGuard(ctx.paths.pin_state_file)
        self.unlocked = False
        self._checking = False
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        col.addWidget(self.stack)
        gate = QWidget()
        gate_col = QVBoxLayout(gate)
        gate_col.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_pad = PinPad(ctx.theme)
        self.pin_pad.setObjectName("staff-pin")
        self.pin_pad.submitted.connect(self.on_pin_submitted)
        gate_col.addWidget(self.pin_pad)
        self.stack.addWidget(gate)
        self.content = self.build_content()
        self.stack.addWidget(self.content)

        self.logout_timer = QTimer(self)
        self.logout_timer.setObjectName("staff-logout")
        self.logout_timer.setSingleShot(True)
        self.logout_timer.timeout.connect(self.on_logout_timeout)
        self.lock_timer = QTimer(self)
        self.lock_timer.setObjectName("staff-lock")
        self.lock_timer.setInterval(1000)
        self.lock_timer.timeout.connect(self._refresh_lock)
        self._lock_left = 0.0
        self._lock_shown = False
        self._filter_on = False

    # --- for subclasses ---------------------------------------------------------------------
    def build_content(self) -> QWidget:
        """The page behind the PIN; each staff screen (admin, usb) builds its own."""
        raise TypeError(f"{type(self).__name__} does not build its staff content")

    def on_unlocked(self) -> None:
        """The content is about to show."""

    # --- life cycle -------------------------------------------------------------------------
    def enter(self, arg: str | None) -> None:
        app = QApplication.instance()
        if not self._filter_on and app is not None:
            app.installEventFilter(self)
            self._filter_on = True
        self._restart_logout()
        if self.unlocked:
            self.stack.setCurrentWidget(self.content)
            return
        self.stack.setCurrentIndex(0)
        self.pin_pad.clear()
        self.pin_pad.set_message("")
        self._refresh_lock()

    def leave(self) -> None:
        self.logout()

    def reset(self) -> None:
        self.logout()

    def logout(self) -> None:
        self.unlocked = False
        self.logout_timer.stop()
        self.lock_timer.stop()
        app = QApplication.instance()
        if self._filter_on and app is not None:
            app.removeEventFilter(self)
            self._filter_on = False
        self.stack.setCurrentIndex(0)
        self.pin_pad.clear()

    def unlock_for_operator(self) -> None:
        """`kiosk screenshot --screen admin|health`: the operator at the box's shell has
        more power than the PIN protects; show the content without asking."""
        self._unlock()

    def _unlock(self) -> None:
        self.unlocked = True
        self.lock_timer.stop()
        self.on_unlocked()
        self.stack.setCurrentWidget(self.content)
        self._restart_logout()

    def _restart_logout(self) -> None:
        self.logout_timer.start(max(1, self.ctx.settings.admin.logout_seconds) * 1000)

    def on_logout_timeout(self) -> None:
        self.end_visit.emit()  # the attract loop returns; leave() logs out

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.isVisible():
            self._restart_logout()
        return False

    # --- the PIN ----------------------------------------------------------------------------
    def on_pin_submitted(self, pin: str) -> None:
        if self._checking:
            return
        self._checking = True
        self.pin_pad.set_keys_enabled(False)
        self.pin_pad.set_message(_("Vérification…"))
        self.ctx.tasks.run(self.guard.attempt, pin, self.ctx.settings.admin.pin_hash,
                           on_done=self._on_attempt, on_error=self._on_attempt_error,
                           key="staff-pin")

    def _on_attempt(self, attempt) -> None:
        self._checking = False
        self.pin_pad.set_keys_enabled(True)
        if attempt.ok:
            self.pin_pad.set_message("")
            if self.isVisible() or self._filter_on:
                self._unlock()
            return
        if attempt.locked_for > 0:
            self._show_locked(attempt.locked_for)
            return
        self.pin_pad.set_message(
            ngettext("Code incorrect. Encore {n} essai avant verrouillage.",
                     "Code incorrect. Encore {n} essais avant verrouillage.",
                     attempt.tries_left).format(n=attempt.tries_left), error=True)

    def _on_attempt_error(self, exc: BaseException) -> None:
        self._checking = False
        self.pin_pad.set_keys_enabled(True)
        self.ctx.problems.report("admin", "pin", str(exc))
        self.pin_pad.set_message(_("Le code n'a pas pu être vérifié."), error=True)

    def _refresh_lock(self) -> None:
        self.ctx.tasks.run(self.guard.locked_for, on_done=self._show_locked, key="staff-lock")

    def _show_locked(self, seconds: float) -> None:
        self._lock_left = seconds
        if self.unlocked:
            return
        if seconds <= 0:
            self.lock_timer.stop()
            self.pin_pad.set_keys_enabled(not self._checking)
            if self._lock_shown:
                self._lock_shown = False
                self.pin_pad.set_message("")
            return
        self._lock_shown = True
        self.pin_pad.set_keys_enabled(False)
        self.pin_pad.set_message(wait_text(seconds), error=True)
        if not self.lock_timer.isActive():
            self.lock_timer.start()

    def retranslate(self) -> None:
        self.pin_pad.retranslate()
        if self._lock_left > 0 and not self.unlocked:
            self.pin_pad.set_message(wait_text(self._lock_left), error=True)
