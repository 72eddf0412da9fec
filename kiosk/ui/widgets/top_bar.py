"""The bar on top of every visitor screen: home, back, title and the language picker."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QWidget

from kiosk.core.i18n import LANGUAGE_NAMES, _
from kiosk.core.settings import LANGUAGES
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.touch import TouchButton


class TopBar(QWidget):
    """Signals:
    home_clicked(), back_clicked(), language_picked(str)
    """

    home_clicked = Signal()
    back_clicked = Signal()
    language_picked = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(theme.gap, theme.gap // 2, theme.gap, theme.gap // 2)
        row.setSpacing(theme.gap // 2)
        self.home_button = TouchButton(min_px=theme.touch, icon="home")
        self.back_button = TouchButton(min_px=theme.touch, icon="back")
        self.home_button.setObjectName("home")
        self.back_button.setObjectName("back")
        self.home_button.clicked.connect(self.home_clicked)
        self.back_button.clicked.connect(self.back_clicked)
        self.title = QLabel()
        row.addWidget(self.home_button)
        row.addWidget(self.back_button)
        row.addSpacing(theme.gap)
        row.addWidget(self.title, 1)
        self.languages = QButtonGroup(self)
        self.languages.setExclusive(True)
        self.language_buttons: dict[str, TouchButton] = {}
        for lang in LANGUAGES:
            # Each language in its own name, so a visitor finds theirs without reading ours.
            b = TouchButton(LANGUAGE_NAMES[lang], min_px=theme.touch)
            b.setObjectName(f"lang-{lang}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, code=lang: self.language_picked.emit(code))
            self.languages.addButton(b)
            self.language_buttons[lang] = b
            row.addWidget(b)
        self.retranslate()

    def set_language(self, lang: str) -> None:
        self.language_buttons[lang].setChecked(True)

    def set_title(self, text: str) -> None:
        self.title.setText(text)

    def retranslate(self) -> None:
        self.home_button.setText(_("Accueil"))
        self.back_button.setText(_("Retour"))
        self.home_button.setAccessibleName(_("Accueil"))
        self.back_button.setAccessibleName(_("Retour"))
