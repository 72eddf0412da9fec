"""A picture (SVG or PNG/JPEG bytes) drawn to fit its box; a clear message when it cannot be."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.theme import Theme


class Picture(QWidget):
    """Paints `data` keeping its aspect ratio, centred; `message` instead when it is unusable."""

    def __init__(self, theme: Theme, data: bytes | None = None, *, is_svg: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.message = ""
        self._svg: QSvgRenderer | None = None
        self._image: QImage | None = None
        self._cache: QPixmap | None = None  # the picture drawn at the widget's current size
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(120, 80))
        self.set_data(data, is_svg=is_svg)

    def set_data(self, data: bytes | None, *, is_svg: bool = True) -> None:
        self._svg = self._image = self._cache = None
        if data:
            if is_svg:
                renderer = QSvgRenderer(QByteArray(data), self)
                if renderer.isValid():
                    self._svg = renderer
            else:
                image = QImage.fromData(QByteArray(data))
                if not image.isNull():
                    self._image = image
        self.update()

    def is_valid(self) -> bool:
        return self._svg is not None or self._image is not None

    def set_message(self, text: str) -> None:
        self.message = text
        self.update()

    def natural_size(self) -> QSize:
        if self._svg is not None:
            return self._svg.defaultSize()
        if self._image is not None:
            return self._image.size()
        return QSize(16, 9)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        box = QRectF(self.rect())
        if not self.is_valid():
            t = self.theme
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(t.surface_alt))
            p.drawRoundedRect(box.adjusted(2, 2, -2, -2), t.radius, t.radius)
            font = QFont(t.font_family)
            font.setPixelSize(t.body)
            p.setFont(font)
            p.setPen(QColor(t.text_muted))
            p.drawText(box.adjusted(t.gap, t.gap, -t.gap, -t.gap),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            p.end()
            return
        p.drawPixmap(0, 0, self._rendered())
        p.end()

    def _rendered(self) -> QPixmap:
        """Draw the picture once per widget size: an SVG costs a lot more than a blit."""
        ratio = self.devicePixelRatioF()
        if self._cache is not None and self._cache.size() == self.size() * ratio:
            return self._cache
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        box = QRectF(self.rect())
        size = self.natural_size()
        scale = min(box.width() / max(1, size.width()), box.height() / max(1, size.height()))
        w, h = size.width() * scale, size.height() * scale
        target = QRectF(box.center().x() - w / 2, box.center().y() - h / 2, w, h)
        if self._svg is not None:
            self._svg.render(p, target)
        elif self._image is not None:
            p.drawImage(target, self._image)
        p.end()
        self._cache = pixmap
        return pixmap
