"""The bar of every visitor screen: home, back, title, accessibility and the language picker.

It sits on top, or at the bottom of the window for a visitor who chose low reach.
"""

from __future__ import annotations

import shiboken6
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
from kiosk.ui.widgets.layouts import clear_layout
from kiosk.ui.widgets.touch import TouchButton


class FitTitle(QLabel):
    """The bar's title: it takes the room left and shrinks its type to fit (never below the
    body size, then on two lines), so the buttons around it never move from screen to
    screen."""

    def __init__(self, min_px: int) -> None:
        super().__init__()
        self.min_px = min_px
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        font = QFont(self.font())
        size = font.pixelSize() if font.pixelSize() > 0 else 28
        text = self.text()
        while size > self.min_px and QFontMetrics(font).horizontalAdvance(text) > self.width():
            size -= 2
            font.setPixelSize(size)
        size = max(size, self.min_px)
        font.setPixelSize(size)
        p.setFont(font)
        p.setPen(self.palette().windowText().color())
        # Still too long at the smallest size: two lines rather than a cut word.
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        if QFontMetrics(font).horizontalAdvance(text) > self.width():
            flags |= Qt.TextFlag.TextWordWrap
        p.drawText(self.rect(), flags, text)
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
        self._theme = theme
        self._first_row = row
        self._second_row = QHBoxLayout()
        self._second_row.setSpacing(theme.gap // 2)
        rows.addLayout(self._second_row)
        self._languages_below: bool | None = None
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
        self._place_languages(below=theme.name.endswith("+large"))
        self.retranslate()

    def _place_languages(self, below: bool) -> None:
        """The languages sit at the right of the bar, or on a row of their own below it
        when one row would squeeze the buttons or leave the title no room (larger text, a
        narrow or portrait window)."""
        if below == self._languages_below:
            return
        self._languages_below = below
        for b in self.language_buttons.values():
            self._first_row.removeWidget(b)
            self._second_row.removeWidget(b)
        # What was laid before them: the second row's stretch, the first row's spacing.
        clear_layout(self._second_row)  # only its stretch is left in it
        last = self._first_row.itemAt(self._first_row.count() - 1)
        if last is not None and last.spacerItem() is not None:
            taken = self._first_row.takeAt(self._first_row.count() - 1)
            if taken is not None:
                shiboken6.delete(taken)
        target = self._second_row if below else self._first_row
        if below:
            target.addStretch(1)
        else:
            target.addSpacing(self._theme.gap)
        for b in self.language_buttons.values():
            target.addWidget(b)

    def one_row_width(self) -> int:
        """The narrowest window one row fits in: every button at its size hint, the gaps,
        and room for a title of about fourteen characters at its smallest type."""
        t = self._theme
        buttons = [self.home_button, self.back_button, self.access_button,
                   *self.language_buttons.values()]
        gaps = t.gap // 2 * (len(buttons) + 1) + 2 * t.gap + 2 * t.gap
        smallest = QFont(self.title.font())
        smallest.setPixelSize(self.title.min_px)
        title = 14 * QFontMetrics(smallest).averageCharWidth()
        return sum(b.sizeHint().width() for b in buttons) + gaps + title

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        if not self._theme.name.endswith("+large"):
            self._place_languages(below=self.width() < self.one_row_width())

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
        self._arrange()
