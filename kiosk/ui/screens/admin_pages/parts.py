"""What the facilitator panel's pages share: a title, a message line, coloured feedback."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

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
