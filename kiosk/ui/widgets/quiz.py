"""A quiz question with large answer buttons and immediate, explained feedback."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.i18n import _
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.wrap_button import WrapButton

_MARKS = {"right": "✓ ", "wrong": "✗ ", None: ""}


class ChoiceButton(WrapButton):
    """An answer; after the visitor's pick it shows ✓ (right) or ✗ (their wrong pick)."""

    def __init__(self, text: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(text, theme, parent)
        self.choice = text

    def set_state(self, state: str | None) -> None:
        self.label.setText(_MARKS.get(state, "") + self.choice)
        super().set_state(state)


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
