"""A quiz question with large answer buttons and immediate, explained feedback."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.core.i18n import _
from kiosk.ui.theme import Theme

_MARKS = {"right": "✓ ", "wrong": "✗ ", None: ""}


class ChoiceButton(QPushButton):
    """An answer as a large button whose text wraps (QPushButton alone cuts long answers)."""

    def __init__(self, text: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.choice = text
        self.state: str | None = None
        self._min_height = theme.touch
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(theme.gap, 10, theme.gap, 10)
        row.addWidget(self.label)
        self._apply()

    def text(self) -> str:  # noqa: D102 - what the visitor reads, mark included
        return self.label.text()

    def set_state(self, state: str | None) -> None:
        """None, "right" or "wrong"."""
        self.state = state
        self.label.setText(_MARKS[state] + self.choice)
        self._apply()

    def _apply(self) -> None:
        t = self.theme
        if self.state == "right":
            bg, fg, border = t.ok, t.primary_text, t.ok
        elif self.state == "wrong":
            bg, fg, border = t.danger, "#ffffff", t.danger
        else:
            bg, fg, border = t.surface, t.text, t.surface_alt
        self.setStyleSheet(f"QPushButton {{ background: {bg}; border: 3px solid {border};"
                           f" border-radius: {t.radius}px; min-height: {self._min_height}px;"
                           f" padding: 0; }}")
        self.label.setStyleSheet(f"color: {fg}; font-size: {t.body}px; background: transparent;")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        # The application stylesheet's min-height wins over setMinimumHeight: grow ours.
        needed = max(self.theme.touch,
                     self.label.heightForWidth(self.width() - 2 * self.theme.gap) + 24)
        if needed != self._min_height:
            self._min_height = needed
            self._apply()


class QuizView(QWidget):
    """Signals:
    answered(int, bool): the visitor picked a choice (its index) and whether it is right.
    """

    answered = Signal(int, bool)

    def __init__(self, theme: Theme, question: str, choices: list[str], answer: int,
                 explanation: str, *, picked: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.answer = answer
        self.explanation_text = explanation
        self.picked: int | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(theme.gap)
        self.question = QLabel(question)
        self.question.setProperty("role", "title")
        self.question.setWordWrap(True)
        col.addWidget(self.question)
        self.buttons: list[ChoiceButton] = []
        for i, text in enumerate(choices):
            b = ChoiceButton(text, theme)
            b.setObjectName(f"choice-{i}")
            b.clicked.connect(lambda _=False, n=i: self.pick(n))
            self.buttons.append(b)
            col.addWidget(b)
        self.verdict = QLabel()
        self.verdict.setProperty("role", "title")
        self.verdict.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        col.addWidget(self.verdict)
        col.addWidget(self.explanation)
        col.addStretch(1)
        if picked is not None:
            self._show(picked)

    def pick(self, index: int) -> None:
        if self.picked is not None:
            return
        self._show(index)
        self.answered.emit(index, index == self.answer)

    def _show(self, index: int) -> None:
        self.picked = index
        for i, b in enumerate(self.buttons):
            state = "right" if i == self.answer else ("wrong" if i == index else None)
            b.set_state(state)
            b.setEnabled(state is not None)
        right = index == self.answer
        self.verdict.setText(_("Bonne réponse !") if right else _("Pas tout à fait…"))
        self.verdict.setStyleSheet(f"color: {self.theme.ok if right else self.theme.danger};")
        self.explanation.setText(self.explanation_text)
