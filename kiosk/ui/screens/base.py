"""The base of every screen: translation hook, enter/leave/reset life cycle, navigation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.context import UiContext


class Screen(QWidget):
    """One full-window screen of the stack.

    Signals:
        go(str): asks the shell to show a screen; "id" or "id:arg" ("exhibit:heat-island").
        page_changed(): what the screen shows changed without a new screen (a page turned);
            read-aloud stops and reads the new page.
        end_visit(): the visit is over (farewell given, staff panel timed out): the shell
            forgets the visitor and the attract loop returns.
        exit_kiosk(): the facilitator left the kiosk: the shell lets its window close.
    """

    go = Signal(str)
    page_changed = Signal()
    end_visit = Signal()
    exit_kiosk = Signal()
    screen_id = ""
    show_chrome = True  # the top bar with home, back and languages
    pauses_idle = False  # True while e.g. a video plays; the shell reads it on every tick

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setProperty("screen", True)

    def title(self) -> str:
        """Translated title shown in the top bar."""
        return ""

    def retranslate(self) -> None:
        """Set every visible string again in the current language."""

    def enter(self, arg: str | None) -> None:
        """Called each time the screen is shown; `arg` is the part after the colon."""

    def leave(self) -> None:
        """Called when another screen replaces this one."""

    def reset(self) -> None:
        """The visitor session ended: forget everything about the last visitor."""

    def dispose(self) -> None:
        """The screen is dropped (the theme changed and screens are rebuilt): stop listening
        to services, so nothing calls it any more."""
