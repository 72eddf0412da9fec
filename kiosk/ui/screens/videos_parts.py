"""The pieces of the videos screen (kiosk/ui/screens/videos.py): a video's card (poster, title
in the visitor's language, duration) and a seek bar that jumps where it is touched.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QPushButton,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionSlider,
)

from kiosk.core.exhibits import Video
from kiosk.core.i18n import current_language
from kiosk.ui.context import UiContext

SKIP_SECONDS = 10.0


def clock(seconds: float) -> str:
    s = max(0, int(round(seconds)))
    return f"{s // 60}:{s % 60:02d}"


class VideoCard(QPushButton):
    """Poster, title in the visitor's language and duration."""

    def __init__(self, ctx: UiContext, video: Video, poster: bytes | None) -> None:
        super().__init__()
        self.ctx = ctx
        self.video = video
        self.setObjectName(f"video-{video.id}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(ctx.theme.touch * 4, ctx.theme.touch * 3)
        # The application stylesheet's min-height (one touch target) would win over
        # setMinimumHeight: a poster card sets its own.
        t = ctx.theme
        self.setStyleSheet(f"min-height: {t.px(520)}px; max-height: {t.px(560)}px;")
        self.poster = QImage.fromData(QByteArray(poster)) if poster else QImage()

    def retranslate(self) -> None:
        self.setAccessibleName(self.video.title.get(current_language()))
        # What the card paints under the title, for read-aloud.
        self.setAccessibleDescription(self.video.summary.get(current_language())
                                      if self.video.summary else "")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self.ctx.theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        r = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        p.setPen(QColor(t.text) if t.name.startswith("high-contrast") else Qt.PenStyle.NoPen)
        p.setBrush(QColor(t.surface_alt if self.isDown() else t.surface))
        p.drawRoundedRect(r, t.radius, t.radius)
        inner = r.adjusted(t.gap / 2, t.gap / 2, -t.gap / 2, -t.gap / 2)
        poster_h = min(inner.height() * 0.68, inner.width() * 9 / 16)
        poster = QRectF(inner.left(), inner.top(), inner.width(), poster_h)
        if not self.poster.isNull():
            scale = min(poster.width() / self.poster.width(),
                        poster.height() / self.poster.height())
            w, h = self.poster.width() * scale, self.poster.height() * scale
            poster = QRectF(poster.center().x() - w / 2, poster.top(), w, h)
            p.drawImage(poster, self.poster)
        else:
            p.fillRect(poster, QColor(t.surface_alt))
        # The duration, on the poster's corner.
        badge_font = QFont(t.font_family)
        badge_font.setPixelSize(t.small)
        badge_font.setBold(True)
        p.setFont(badge_font)
        text = clock(self.video.duration)
        bw = p.fontMetrics().horizontalAdvance(text) + 20
        badge = QRectF(poster.right() - bw - 8, poster.bottom() - t.small - 22, bw, t.small + 14)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 200))
        p.drawRoundedRect(badge, 8, 8)
        p.setPen(QColor("#ffffff"))
        p.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        title = QFont(t.font_family)
        title.setPixelSize(t.body)
        title.setBold(True)
        p.setFont(title)
        p.setPen(QColor(t.text))
        lang = current_language()
        title_rect = QRectF(inner.left(), poster.bottom() + t.gap / 2, inner.width(),
                            t.body * 1.5)
        p.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                   self.video.title.get(lang))
        if self.video.summary:
            body = QFont(t.font_family)
            body.setPixelSize(t.body)
            p.setFont(body)
            p.setPen(QColor(t.text_muted))
            p.drawText(QRectF(inner.left(), title_rect.bottom() + 6, inner.width(),
                              inner.bottom() - title_rect.bottom() - 6),
                       Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                       self.video.summary.get(lang))
        p.end()


class SeekBar(QSlider):
    """A slider you can grab anywhere: a tap jumps there, a drag scrubs."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        t = ctx.theme
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(t.touch)
        self.setStyleSheet(
            f"QSlider::groove:horizontal {{ height: 16px; background: {t.surface_alt};"
            f" border-radius: 8px; }}"
            f"QSlider::sub-page:horizontal {{ background: {t.primary}; border-radius: 8px; }}"
            f"QSlider::handle:horizontal {{ background: {t.primary}; width: 56px;"
            f" margin: -20px 0; border-radius: 28px; border: 4px solid {t.surface}; }}")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                             QStyle.SubControl.SC_SliderHandle, self)
        if not handle.contains(event.position().toPoint()):
            value = QStyle.sliderValueFromPosition(self.minimum(), self.maximum(),
                                                   int(event.position().x()), self.width())
            self.setValue(value)
            self.sliderMoved.emit(value)
        super().mousePressEvent(event)
