"""The idle warning laid over the screen: seconds left and a big "continue" button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

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
        col = QVBoxLayout(self)
        col.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.setSpacing(theme.gap * 2)
        self.question = QLabel()
        self.question.setProperty("role", "headline")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.seconds = QLabel()
        self.seconds.setProperty("role", "title")
        self.seconds.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
        self._left = 0
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
