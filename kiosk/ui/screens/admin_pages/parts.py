"""What the facilitator panel's pages share: a title, a message line, coloured feedback."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel

from kiosk.core.i18n import _
from kiosk.ui.staff_words import english
from kiosk.ui.theme import Theme


def page_title(text: str = "") -> QLabel:
    lbl = QLabel(text)
    lbl.setProperty("role", "title")
    return lbl


def message_label(theme: Theme) -> QLabel:
    lbl = QLabel()
    lbl.setWordWrap(True)
    lbl.setMinimumHeight(theme.body * 2)
    return lbl


def show_message(label: QLabel, text: str, theme: Theme, *, error: bool = False) -> None:
    label.setText(text)
    label.setStyleSheet(f"color: {theme.danger}; font-weight: bold;" if error else
                        f"color: {theme.ok}; font-weight: bold;")


def not_saved(label: QLabel, theme: Theme) -> Callable[[BaseException], None]:
    """What a page shows when its applied change could not be written (full or read-only
    disk): it holds until the kiosk restarts."""
    def show(error: BaseException) -> None:
        show_message(label, _("Appliqué jusqu'au prochain démarrage, mais non enregistré : "
                              "{reason}").format(reason=english(str(error))), theme, error=True)
    return show
