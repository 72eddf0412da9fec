"""A large button whose text wraps onto several lines (a QPushButton alone cuts long text)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.ui.theme import Theme


class WrapButton(QPushButton):
    """`state` colours it: None (plain), "on" (chosen), "right" or "wrong" (quiz feedback).
    A checkable one is "on" while checked."""

    def __init__(self, text: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.state: str | None = None
        self._min_height = theme.touch
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(theme.gap, 10, theme.gap, 10)
        row.addWidget(self.label)
        self.toggled.connect(lambda on: self.set_state("on" if on else None))
        self._apply()

    def text(self) -> str:  # what the visitor reads
        return self.label.text()

    def setText(self, text: str) -> None:
        self.label.setText(text)
        self._fit()

    def set_state(self, state: str | None) -> None:
        self.state = state
        self._apply()

    def _apply(self) -> None:
        t = self.theme
        bg, fg, border = {
            "on": (t.primary, t.primary_text, t.primary),
            "right": (t.ok, t.primary_text, t.ok),
            "wrong": (t.danger, "#ffffff", t.danger),
        }.get(self.state or "", (t.surface, t.text, t.text_muted))  # a border seen at 3:1
        self.setStyleSheet(f"QPushButton {{ background: {bg}; border: 3px solid {border};"
                           f" border-radius: {t.radius}px; min-height: {self._min_height}px;"
                           f" padding: 0; }}")
        self.label.setStyleSheet(f"color: {fg}; font-size: {t.body}px; background: transparent;")

    def _fit(self) -> None:
        # The application stylesheet's min-height wins over setMinimumHeight: grow ours.
        needed = max(self.theme.touch,
                     self.label.heightForWidth(self.width() - 2 * self.theme.gap) + 24)
        if needed != self._min_height:
            self._min_height = needed
            self._apply()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
