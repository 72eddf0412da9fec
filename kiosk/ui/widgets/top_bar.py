"""The bar of every visitor screen: home, back, title, accessibility and the language picker.

It sits on top, or at the bottom of the window for a visitor who chose low reach.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import LANGUAGE_NAMES, _
from kiosk.core.settings import LANGUAGES
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.touch import TouchButton


class FitTitle(QLabel):
    """The bar's title: it takes the room left and shrinks its type to fit (never below the
    body size, then elided), so the buttons around it never move from screen to screen."""

    def __init__(self, min_px: int) -> None:
        super().__init__()
        self.min_px = min_px
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        font = QFont(self.font())
        size = font.pixelSize() if font.pixelSize() > 0 else 28
        text = self.text()
        while size > self.min_px and QFontMetrics(font).horizontalAdvance(text) > self.width():
            size -= 2
            font.setPixelSize(size)
        p.setFont(font)
        p.setPen(self.palette().windowText().color())
        shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, self.width())
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
        p.end()


class TopBar(QWidget):
    """Signals:
    home_clicked(), back_clicked(), access_clicked(), language_picked(str)
    """

    home_clicked = Signal()
    back_clicked = Signal()
    access_clicked = Signal()
    language_picked = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(theme.gap, theme.gap // 2, theme.gap, theme.gap // 2)
        rows.setSpacing(theme.gap // 2)
        row = QHBoxLayout()
        row.setSpacing(theme.gap // 2)
        rows.addLayout(row)
        self.home_button = TouchButton(min_px=theme.touch, icon="home")
        self.back_button = TouchButton(min_px=theme.touch, icon="back")
        self.home_button.setObjectName("home")
        self.back_button.setObjectName("back")
        self.home_button.clicked.connect(self.home_clicked)
        self.back_button.clicked.connect(self.back_clicked)
        self.title = FitTitle(theme.body)
        row.addWidget(self.home_button)
        row.addWidget(self.back_button)
        row.addSpacing(theme.gap)
        row.addWidget(self.title, 1)
        # Always here, icon and word, on every screen that has the bar.
        self.access_button = TouchButton(min_px=theme.touch, icon="access")
        self.access_button.setObjectName("accessibility")
        self.access_button.clicked.connect(self.access_clicked)
        row.addWidget(self.access_button)
        # Larger text leaves no room for one row: the languages get their own, below.
        if theme.name.endswith("+large"):
            row = QHBoxLayout()
            row.setSpacing(theme.gap // 2)
            row.addStretch(1)
            rows.addLayout(row)
        else:
            row.addSpacing(theme.gap)
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
        self.access_button.setText(_("Accessibilité"))
        self.access_button.setAccessibleName(_("Accessibilité"))
