"""The home screen's visit links: "finish my visit" and "what we measure".

Signals: go(str): the screen to show ("farewell" or "privacy").
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QWidget

from kiosk.core.i18n import _
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.touch import TouchButton


class VisitLinks(QWidget):
    go = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None, *,
                 horizontal: bool = False) -> None:
        super().__init__(parent)
        col = QBoxLayout(QBoxLayout.Direction.LeftToRight if horizontal
                         else QBoxLayout.Direction.TopToBottom, self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(theme.gap)
        col.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.finish = TouchButton(min_px=theme.touch, role="primary")
        self.finish.setObjectName("finish-visit")
        self.finish.clicked.connect(lambda: self.go.emit("farewell"))
        self.privacy = TouchButton(min_px=theme.touch, role="flat")
        self.privacy.setObjectName("privacy-link")
        self.privacy.setStyleSheet(f"text-decoration: underline; font-size: {theme.small}px;")
        self.privacy.clicked.connect(lambda: self.go.emit("privacy"))
        # In a line the main action comes last, at the right edge where the eye ends.
        for b in (self.privacy, self.finish) if horizontal else (self.finish, self.privacy):
            col.addWidget(b)
        self.retranslate()

    def retranslate(self) -> None:
        self.finish.setText(_("Terminer ma visite"))
        self.privacy.setText(_("Ce que nous mesurons"))
