"""The accessibility panel: one card over the screen with the visitor's five choices.

Each choice is a large switch that says its state in words as well as by its colour
("activé" / "désactivé"), plus the read-aloud volume and a close button. The panel is rebuilt
with the theme when larger text or high contrast changes, so it shows the choice at once.

Signals:
    toggled(str, bool): a choice (kiosk.core.accessibility.OPTIONS) was switched.
    volume_step(int): -1 or +1.
    closed(): the visitor closed the panel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.accessibility import OPTIONS, VOLUME_STEPS, Choices
from kiosk.core.i18n import _
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.touch import TouchButton
from kiosk.ui.widgets.wrap_button import WrapButton


def option_label(name: str) -> str:
    return {
        "large_text": _("Texte plus grand"),
        "high_contrast": _("Contraste élevé"),
        "read_aloud": _("Lecture à voix haute"),
        "easy_read": _("Français facile à lire (FALC)"),
        "low_reach": _("Boutons en bas de l'écran"),
    }[name]


class AccessibilityPanel(QWidget):
    toggled = Signal(str, bool)
    volume_step = Signal(int)
    closed = Signal()

    def __init__(self, theme: Theme, choices: Choices, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("AccessibilityPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"QWidget#AccessibilityPanel {{ background: {theme.overlay}; }}"
                           f" QPushButton#a11y-quieter, QPushButton#a11y-louder"
                           f" {{ border: 3px solid {theme.text_muted}; }}")
        self.theme = theme
        outer = QVBoxLayout(self)
        outer.setContentsMargins(theme.margin, theme.margin, theme.margin, theme.margin)
        self.card = QFrame()
        self.card.setProperty("role", "card")
        self.card.setObjectName("accessibility-card")
        self.card.setMaximumWidth(theme.px(1400))
        col = QVBoxLayout(self.card)
        col.setContentsMargins(theme.margin, theme.margin, theme.margin, theme.margin)
        col.setSpacing(theme.gap)
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        col.addWidget(self.heading)
        grid = QGridLayout()
        grid.setSpacing(theme.gap)
        self.switches: dict[str, WrapButton] = {}
        for i, name in enumerate(OPTIONS):
            b = WrapButton("", theme)
            b.setObjectName(f"a11y-{name}")
            b.setCheckable(True)
            b.setChecked(choices.on(name))
            b.toggled.connect(lambda on, n=name: self._on_toggled(n, on))
            self.switches[name] = b
            grid.addWidget(b, i // 2, i % 2)
        col.addLayout(grid)
        row = QHBoxLayout()
        row.setSpacing(theme.gap)
        self.volume_label = QLabel()
        self.volume_label.setObjectName("a11y-volume")
        self.quieter = TouchButton(min_px=theme.touch)
        self.quieter.setObjectName("a11y-quieter")
        self.louder = TouchButton(min_px=theme.touch)
        self.louder.setObjectName("a11y-louder")
        self.quieter.clicked.connect(lambda: self.volume_step.emit(-1))
        self.louder.clicked.connect(lambda: self.volume_step.emit(1))
        row.addWidget(self.volume_label, 1)
        row.addWidget(self.quieter)
        row.addWidget(self.louder)
        col.addLayout(row)
        self.message = QLabel()
        self.message.setObjectName("a11y-message")
        self.message.setWordWrap(True)
        self.message.hide()
        col.addWidget(self.message)
        self.close_button = TouchButton(min_px=theme.touch, role="primary")
        self.close_button.setObjectName("a11y-close")
        self.close_button.clicked.connect(self.closed)
        col.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self._volume = choices.volume
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        # Low reach: the card sits at the bottom, within reach of a seated visitor.
        outer.addStretch(0 if choices.low_reach else 1)
        self.retranslate()
        self.hide()

    def _on_toggled(self, name: str, on: bool) -> None:
        self._label(name)
        self.toggled.emit(name, on)

    def _label(self, name: str) -> None:
        b = self.switches[name]
        # The state in words too: colour is never the only sign.
        state = _("activé") if b.isChecked() else _("désactivé")
        mark = "✓ " if b.isChecked() else ""
        b.setText(f"{mark}{option_label(name)} : {state}")
        b.setAccessibleName(option_label(name))

    def sync(self, choices: Choices) -> None:
        """Show `choices` (changed elsewhere: the speak key, a reset) without re-emitting."""
        for name, b in self.switches.items():
            if b.isChecked() != choices.on(name):
                b.blockSignals(True)
                b.setChecked(choices.on(name))
                b.set_state("on" if b.isChecked() else None)
                b.blockSignals(False)
                self._label(name)
        self.set_volume(choices.volume)

    def set_volume(self, step: int) -> None:
        self._volume = step
        self.volume_label.setText(
            _("Volume de la voix : {n} sur {total}").format(n=step, total=VOLUME_STEPS))
        self.quieter.setEnabled(step > 0)
        self.louder.setEnabled(step < VOLUME_STEPS)

    def set_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def retranslate(self) -> None:
        self.heading.setText(_("Accessibilité"))
        for name in OPTIONS:
            self._label(name)
        self.quieter.setText(_("Moins fort"))
        self.louder.setText(_("Plus fort"))
        self.close_button.setText(_("Fermer"))
        self.set_volume(self._volume)
