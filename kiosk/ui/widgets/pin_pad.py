"""Touch key pads: digits for the facilitator PIN, digits and a point for coordinates.

The PIN pad shows dots, never the digits, and hands the code over with `submitted`; what to
do with it (scrypt, lockout) belongs to the staff screen. No physical keyboard needed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.i18n import _
from kiosk.core.sessions.pin import MAX_LENGTH
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.touch import TouchButton

ERASE = "⌫"
ENTER = "OK"


class KeyPad(QWidget):
    """A grid of big keys. Signals: pressed(str): the key's text (ERASE / ENTER for those)."""

    pressed = Signal(str)

    def __init__(self, theme: Theme, rows: list[list[str]], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(theme.gap // 2)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, TouchButton] = {}
        for r, row in enumerate(rows):
            for c, key in enumerate(row):
                if not key:
                    continue
                b = TouchButton(key, min_px=round(theme.touch * 1.1),
                                role="primary" if key == ENTER else None)
                # The stylesheet's padding would widen a key beyond its square.
                b.setStyleSheet(f"min-width: {round(theme.touch * 1.3)}px; padding: 0;")
                b.setObjectName(f"key-{key}")
                b.clicked.connect(lambda _=False, k=key: self.pressed.emit(k))
                self.keys[key] = b
                grid.addWidget(b, r, c)
        self.retranslate()

    def retranslate(self) -> None:
        if ERASE in self.keys:
            self.keys[ERASE].setAccessibleName(_("Effacer"))
        if ENTER in self.keys:
            self.keys[ENTER].setAccessibleName(_("Valider"))


DIGITS = [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], [ERASE, "0", ENTER]]
DECIMAL = [["7", "8", "9"], ["4", "5", "6"], ["1", "2", "3"], ["-", "0", "."], [ERASE]]


class PinPad(QWidget):
    """Signals: submitted(str): the digits typed, when OK is pressed."""

    submitted = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = QVBoxLayout(self)
        col.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        col.setSpacing(theme.gap)
        self.prompt = QLabel()
        self.prompt.setProperty("role", "title")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel()
        self.dots.setProperty("role", "headline")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setMinimumHeight(theme.headline + theme.gap)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(theme.body * 3)
        self.pad = KeyPad(theme, DIGITS)
        self.pad.pressed.connect(self._on_key)
        col.addWidget(self.prompt)
        col.addWidget(self.dots)
        col.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(self.message)
        self._digits = ""
        self._prompt_text = ""
        self._theme = theme
        self.retranslate()

    @property
    def digits(self) -> str:
        return self._digits

    def set_prompt(self, text: str) -> None:
        self._prompt_text = text
        self.prompt.setText(text)

    def retranslate(self) -> None:
        self.pad.retranslate()
        if not self._prompt_text:
            self.prompt.setText(_("Code PIN de l'équipe"))

    def clear(self) -> None:
        self._digits = ""
        self._show()

    def set_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(
            f"color: {self._theme.danger}; font-weight: bold;" if error else "")

    def set_keys_enabled(self, enabled: bool) -> None:
        self.pad.setEnabled(enabled)

    def _on_key(self, key: str) -> None:
        if key == ERASE:
            self._digits = self._digits[:-1]
        elif key == ENTER:
            if self._digits:
                code, self._digits = self._digits, ""
                self._show()
                self.submitted.emit(code)
            return
        elif len(self._digits) < MAX_LENGTH:
            self._digits += key
        self._show()

    def _show(self) -> None:
        self.dots.setText(" ".join("●" for _ in self._digits) or "·")
