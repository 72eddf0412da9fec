"""Touch buttons: large targets that react on press-release, with an optional painted icon."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.ui.widgets.icons import paint_icon


class TouchButton(QPushButton):
    """A QPushButton at least `min_px` square, never taking keyboard focus from a visitor."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, min_px: int = 88,
                 role: str | None = None, icon: str | None = None) -> None:
        super().__init__(text, parent)
        self.setMinimumSize(QSize(min_px, min_px))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self._icon_name = icon
        if role:
            self.setProperty("role", role)
        if icon:
            # Room on the left for the painted icon.
            self.setStyleSheet(f"padding-left: {int(min_px * 0.9)}px;")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._icon_name:
            p = QPainter(self)
            side = self.height() * 0.5
            rect = QRectF(self.height() * 0.3, (self.height() - side) / 2, side, side)
            paint_icon(p, self._icon_name, rect, QColor(self.palette().buttonText().color()))
            p.end()
