"""A QR code a visitor scans to continue on a phone (segno → crisp square modules)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class QrCode(QWidget):
    """Paints `data` as a QR code with its quiet zone, black on white whatever the theme."""

    def __init__(self, data: str = "", parent: QWidget | None = None, *, side: int = 240) -> None:
        super().__init__(parent)
        self._matrix: list[list[bool]] = []
        self._data = ""
        self.setMinimumSize(QSize(side, side))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.resize(side, side)
        if data:
            self.set_data(data)

    def data(self) -> str:
        return self._data

    def set_data(self, data: str) -> None:
        import segno

        self._data = data
        qr = segno.make(data, error="m", micro=False)
        self._matrix = [[bool(v) for v in row] for row in qr.matrix_iter(scale=1, border=4)]
        self.setAccessibleDescription(data)
        self.update()

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        side = min(self.width(), self.height())
        p.fillRect(QRectF(0, 0, side, side), QColor("white"))
        n = len(self._matrix)
        if n:
            cell = side / n
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("black"))
            for y, row in enumerate(self._matrix):
                for x, dark in enumerate(row):
                    if dark:
                        p.drawRect(QRectF(x * cell, y * cell, cell + 0.5, cell + 0.5))
        p.end()
