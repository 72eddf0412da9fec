"""The hidden gesture that opens the facilitator panel.

Hold a finger at least HOLD seconds in the bottom-left corner of the screen, lift it, then
within WINDOW seconds tap the bottom-right corner twice and the bottom-left corner once.
Corners are CORNER px squares at the very edge of the screen, where no visitor control
lives. Presses and releases come from MainWindow.press_observers / release_observers, which
see every input on the kiosk's native window. Nothing is swallowed: the gesture never changes
what a visitor's touch does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint

if TYPE_CHECKING:
    from kiosk.ui.main_window import MainWindow


CORNER = 100
HOLD = 2.0
WINDOW = 6.0
PATTERN = ("br", "br", "bl")
_RELEASES = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd}


class AdminGesture(QObject):
    def __init__(self, window: MainWindow, on_trigger: Callable[[], None], *,
                 clock: Callable[[], float] = time.monotonic, hold: float = HOLD,
                 corner: int = CORNER, pattern: tuple[str, ...] = PATTERN,
                 window_s: float = WINDOW) -> None:
        super().__init__(window)
        self.window = window
        self.on_trigger = on_trigger
        self.clock = clock
        self.hold = hold
        self.corner = corner
        self.pattern = pattern
        self.window_s = window_s
        self._state = "idle"
        self._since = 0.0
        self._step = 0
        window.press_observers.append(self.on_press)
        window.release_observers.append(self._on_release_at)

    def zone(self, global_pos: QPoint) -> str:
        p = self.window.mapFromGlobal(global_pos)
        w, h, c = self.window.width(), self.window.height(), self.corner
        vertical = "t" if p.y() < c else "b" if p.y() >= h - c else ""
        horizontal = "l" if p.x() < c else "r" if p.x() >= w - c else ""
        return vertical + horizontal if vertical and horizontal else ""

    def on_press(self, global_pos: QPoint) -> None:
        zone, now = self.zone(global_pos), self.clock()
        if self._state == "armed":
            if now - self._since <= self.window_s and zone == self.pattern[self._step]:
                self._step += 1
                if self._step == len(self.pattern):
                    self._state = "idle"
                    self.on_trigger()
                return
            self._state = "idle"
        if zone == "bl":
            self._state, self._since = "holding", now
        else:
            self._state = "idle"

    def on_release(self) -> None:
        if self._state != "holding":
            return
        now = self.clock()
        if now - self._since >= self.hold:
            self._state, self._since, self._step = "armed", now, 0
        else:
            self._state = "idle"

    def _on_release_at(self, global_pos: QPoint) -> None:
        if self._state == "holding":
            self.on_release()

    def remove(self) -> None:
        if self.on_press in self.window.press_observers:
            self.window.press_observers.remove(self.on_press)
        if self._on_release_at in self.window.release_observers:
            self.window.release_observers.remove(self._on_release_at)
