"""The idle warning: a card over the dimmed screen with the seconds left and a large
"continue" button. It counts down to one second, never zero: at zero the visit ends and the
card is gone."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.core.i18n import _, ngettext
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.touch import TouchButton


class CountdownOverlay(QWidget):
    """Signals:
    continue_clicked(): the visitor is still there.
    """

    continue_clicked = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Countdown")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The card of its own: the screen beneath stays visible, dimmed, and the question
        # does not read as part of it.
        self.card = QFrame()
        self.card.setObjectName("countdown-card")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card.setMaximumWidth(theme.touch * 12)
        col = QVBoxLayout(self.card)
        col.setContentsMargins(theme.margin, theme.margin, theme.margin, theme.margin)
        col.setSpacing(theme.gap * 2)
        self.question = QLabel()
        self.question.setProperty("role", "headline")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setWordWrap(True)
        self.seconds = QLabel()
        self.seconds.setObjectName("countdown-seconds")
        self.seconds.setProperty("role", "title")
        self.seconds.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.seconds.setWordWrap(True)
        self.button = TouchButton(min_px=theme.touch * 2, role="primary")
        self.button.setObjectName("continue")
        # A large target (no timing trap): the application stylesheet's min-height wins over
        # setMinimumSize, so the size is set there.
        self.button.setStyleSheet(f"min-height: {theme.touch * 2}px; min-width: "
                                  f"{theme.touch * 5}px; font-size: {theme.title}px;")
        self.button.clicked.connect(self.continue_clicked)
        col.addWidget(self.question)
        col.addWidget(self.seconds)
        col.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.card)
        self._left = 1
        self.hide()
        self.retranslate()

    def set_remaining(self, seconds: int) -> None:
        # Never "0 seconds": at zero the session ends and this card is gone.
        seconds = max(1, seconds)
        self._left = seconds
        self.seconds.setText(
            ngettext("Retour à l'accueil dans {n} seconde",
                     "Retour à l'accueil dans {n} secondes", seconds).format(n=seconds)
        )

    def retranslate(self) -> None:
        self.question.setText(_("Vous êtes toujours là ?"))
        self.button.setText(_("Continuer"))
        self.set_remaining(self._left)
