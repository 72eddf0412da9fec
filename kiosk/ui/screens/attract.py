"""The attract loop: a calm landscape and an invitation to touch, cycling through languages.

Light on the CPU: the landscape is painted once per size into a pixmap, each caption once
into its own pixmap; only the caption box repaints, at 20 frames a second, and only during
its short fade every few seconds.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimeLine, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
)

from kiosk.core.i18n import N_, _, gettext_in
from kiosk.core.settings import LANGUAGES
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.episode_banner import EpisodeBanner

INVITATION = N_("Touchez l'écran pour commencer")


class AttractScreen(Screen):
    show_chrome = False

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._background: QPixmap | None = None
        self._index = 0
        self._opacity = 1.0
        self._captions: dict[int, QPixmap] = {}
        self._fade = QTimeLine(900, self)
        self._fade.setUpdateInterval(50)
        self._fade.valueChanged.connect(self._on_fade_value)
        self._cycle = QTimer(self)
        self._cycle.setObjectName("attract-cycle")
        self._cycle.setInterval(max(1, ctx.settings.session.attract_caption_seconds) * 1000)
        self._cycle.timeout.connect(self._next_caption)
        # An episode in progress, in the caption's language (kiosk.ui.widgets.episode_banner).
        self.banner = EpisodeBanner(ctx, "attract", self, with_button=False, show_season=False)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        # Real touches are caught on the native window by the shell; a press delivered to the
        # widget itself (tests, accessibility tools) wakes the kiosk the same way.
        self.go.emit("wake")

    def captions(self) -> list[str]:
        return [gettext_in(lang, INVITATION) for lang in LANGUAGES]

    def caption(self) -> str:
        return self.captions()[self._index]

    def enter(self, arg: str | None) -> None:
        self._index = 0
        self._opacity = 1.0
        self._cycle.start()
        self.banner.set_language(LANGUAGES[0])
        self.banner.screen_entered()

    def leave(self) -> None:
        self._cycle.stop()
        self._fade.stop()

    def _next_caption(self) -> None:
        self._index = (self._index + 1) % len(LANGUAGES)
        self._fade.start()
        self.banner.set_language(LANGUAGES[self._index])

    def _on_fade_value(self, value: float) -> None:
        self._opacity = float(value)
        self.update(self._caption_rect())

    def _caption_font(self) -> QFont:
        font = QFont(self.ctx.theme.font_family)
        font.setPixelSize(self.ctx.theme.title)
        font.setBold(True)
        return font

    def _caption_rect(self) -> QRect:
        """One box for every language (the widest caption), so it never jumps."""
        w, h = self.width(), self.height()
        pad = self.ctx.theme.gap * 2
        metrics = QFontMetrics(self._caption_font())
        widest = max(metrics.horizontalAdvance(c) for c in self.captions())
        box_w = min(int(w * 0.92), widest + 2 * pad)
        lines = max(
            metrics.boundingRect(QRect(0, 0, box_w - 2 * pad, h),
                                 Qt.TextFlag.TextWordWrap, c).height()
            for c in self.captions()
        )
        box_h = lines + pad
        return QRect((w - box_w) // 2, int(h * 0.70) - box_h // 2, box_w, box_h)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        self._background = None
        self._captions.clear()
        self.banner.place()
        super().resizeEvent(event)

    def _caption_pixmap(self) -> QPixmap:
        pm = self._captions.get(self._index)
        if pm is not None:
            return pm
        rect = self._caption_rect()
        pm = QPixmap(rect.size())
        pm.fill(Qt.GlobalColor.transparent)
        t = self.ctx.theme
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        box = QRectF(pm.rect())
        p.setBrush(QColor(t.primary))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(box, t.radius * 2, t.radius * 2)
        p.setFont(self._caption_font())
        p.setPen(QColor(t.primary_text))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                   self.caption())
        p.end()
        self._captions[self._index] = pm
        return pm

    def _paint_background(self) -> QPixmap:
        w, h = max(1, self.width()), max(1, self.height())
        pm = QPixmap(w, h)
        t = self.ctx.theme
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        sky = QLinearGradient(0, 0, 0, h)
        sky.setColorAt(0.0, QColor("#cfe8f3") if t.name.startswith("default") else QColor("#000"))
        sky.setColorAt(1.0, QColor(t.background))
        p.fillRect(pm.rect(), sky)
        # Hills of the Provence skyline and a city edge, in three greens.
        for i, (colour, base, amp) in enumerate(
            (("#a9c99a", 0.70, 0.10), ("#6f9f63", 0.78, 0.08), ("#3f7142", 0.86, 0.06))
        ):
            path = QPainterPath(QPointF(0, h))
            steps = 12
            for k in range(steps + 1):
                x = w * k / steps
                y = h * (base - amp * ((k * (i + 3)) % 5) / 5)
                path.lineTo(x, y)
            path.lineTo(w, h)
            path.closeSubpath()
            p.fillPath(path, QColor(colour))
        for k in range(9):
            x = w * (0.08 + 0.11 * k)
            top = h * (0.74 + 0.03 * (k % 3))
            p.fillRect(QRectF(x - 4, top, 8, h * 0.05), QColor("#5b4636"))
            p.setBrush(QColor("#2e6b3a"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QPointF(x, top), h * 0.03, h * 0.04)
        p.setPen(QColor(t.text))
        title = QFont(t.font_family)
        title.setPixelSize(t.headline)
        title.setBold(True)
        p.setFont(title)
        p.drawText(QRect(0, int(h * 0.18), w, int(h * 0.14)), Qt.AlignmentFlag.AlignCenter,
                   _("La nature en ville"))
        sub = QFont(t.font_family)
        sub.setPixelSize(t.title)
        p.setFont(sub)
        p.drawText(QRect(0, int(h * 0.32), w, int(h * 0.10)), Qt.AlignmentFlag.AlignCenter,
                   _("et le changement climatique"))
        p.end()
        return pm

    def retranslate(self) -> None:
        self._background = None
        self._captions.clear()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        if self._background is None or self._background.size() != self.size():
            self._background = self._paint_background()
        p = QPainter(self)
        p.drawPixmap(event.rect(), self._background, event.rect())
        rect = self._caption_rect()
        if event.rect().intersects(rect):
            # The box fades in with the new language's caption.
            p.setOpacity(0.35 + 0.65 * self._opacity)
            p.drawPixmap(rect.topLeft(), self._caption_pixmap())
        p.end()
