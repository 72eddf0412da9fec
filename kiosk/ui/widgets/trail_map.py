"""The trail's schematic map: its line and stages, "vous êtes ici", the numbered sites, a scale
bar and a north arrow, painted with QPainter from kiosk.core.sensors.trail (no map tiles).

The picture is painted once into a pixmap per size, language and view, and the paint event
only copies it: the screen idles at no cost, and a resize or a new view paints it again.
Labels are placed greedily (beside, then above or below their point) where they overlap
nothing placed before, most important first: "vous êtes ici", the sites, then the stages.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.core import i18n
from kiosk.core.i18n import _
from kiosk.core.sensors import trail as geo
from kiosk.ui.theme import Theme

# "Around you": the parking spot, its nearest stage and the sites closer than this.
AROUND_M = 3000.0


class TrailMap(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.view: geo.TrailView | None = None
        self.around = False  # False: the whole trail; True: around the parking spot
        self.renders = 0  # pictures painted (the cache is tested by it)
        self.placed_stages: list[str] = []  # the stage names the last picture could label
        self.fit: geo.Fit | None = None  # the last picture's projection
        self.marker_px = 0.0  # the last picture's disc radius
        self._pixmap: QPixmap | None = None
        self._key: tuple | None = None
        self.setObjectName("trail-map")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(theme.px(360), theme.px(300))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        return QSize(self.theme.px(900), self.theme.px(700))

    def set_view(self, view: geo.TrailView | None, around: bool | None = None) -> None:
        self.view = view
        if around is not None:
            self.around = around
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        dpr = self.devicePixelRatioF()
        key = (self.width(), self.height(), dpr, i18n.current_language(), self.around,
               self.view.key if self.view is not None else None)
        if self._pixmap is None or key != self._key:
            self._pixmap = self._render(dpr)
            self._key = key
        p = QPainter(self)
        p.drawPixmap(0, 0, self._pixmap)
        p.end()

    # --- the picture ------------------------------------------------------------------------
    def _render(self, dpr: float) -> QPixmap:
        self.renders += 1
        t = self.theme
        pm = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
        pm.setDevicePixelRatio(dpr)
        pm.fill(QColor(t.background))
        self.fit = None
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(0, 0, self.width(), self.height())
        p.setPen(QPen(QColor(t.text_muted), 1) if t.name.startswith("high-contrast")
                 else Qt.PenStyle.NoPen)
        p.setBrush(QColor(t.surface))
        p.drawRoundedRect(box.adjusted(1, 1, -1, -1), t.radius, t.radius)
        if self.view is not None:
            _Painter(p, t, box, self.view, self.around).paint(self)
        p.end()
        return pm


class _Painter:
    """One picture of a view: sizes from the theme, a list of the rectangles taken so far."""

    def __init__(self, p: QPainter, t: Theme, box: QRectF, view: geo.TrailView,
                 around: bool) -> None:
        self.p, self.t, self.box, self.view = p, t, box, view
        self.taken: list[QRectF] = []
        # Where the line runs: a label would rather not cover it, but may when it must.
        self.line_shape = QPainterPath()
        self.inner = box.adjusted(t.gap, t.gap, -t.gap, -t.gap)
        points = view.points()
        if around:
            # The parking spot, the trail's nearest stage (so that the line is in sight) and
            # the sites within walking distance.
            stage = view.nearest_stage
            points = [view.here, (stage.latitude, stage.longitude)] + [
                (s.site.latitude, s.site.longitude) for s in view.sites
                if s.distance_m <= AROUND_M]
        # Room at the edges for the labels beside the outermost points.
        margin = t.px(70)
        self.fit = geo.Fit.of(points, box.width(), box.height(), margin)
        self.marker = max(t.px(22), t.small * 0.8)  # a site's numbered disc (radius)

    def font(self, px: int, bold: bool = False) -> QFont:
        f = QFont(self.t.font_family)
        f.setPixelSize(px)
        f.setBold(bold)
        return f

    def at(self, lat: float, lon: float) -> QPointF:
        return QPointF(*self.fit.to_px(lat, lon))

    def paint(self, widget: TrailMap) -> None:
        t = self.t
        self.p.setClipRect(self.box.adjusted(2, 2, -2, -2))
        self._north_arrow()
        self._scale_bar()
        self._line()
        # Places first, most important first; then drawing, so nothing covers a number.
        here = self.at(*self.view.here)
        r = self.marker
        self.taken.append(QRectF(here.x() - r, here.y() - r, 2 * r, 2 * r))
        font = self.font(t.body, bold=True)
        plate = self._label_rect(here, r + t.px(6), font, _("Vous êtes ici"), force=True,
                                 pad=t.px(8))
        assert plate is not None  # force: a place is always found
        discs = self._sites()
        self._here(here, plate, font)
        for rect, label in discs:
            self._disc(rect, label)
        dot = max(4.0, t.px(10)) + 2
        for stage in self.view.trail.stages:
            at = self.at(stage.latitude, stage.longitude)
            self.taken.append(QRectF(at.x() - dot, at.y() - dot, 2 * dot, 2 * dot))
        widget.placed_stages = self._stage_labels()
        widget.fit, widget.marker_px = self.fit, self.marker

    def _line(self) -> None:
        t, p = self.t, self.p
        pts = [self.at(lat, lon) for lat, lon in geo.trail_points(self.view.trail)]
        path = QPainterPath(pts[0])
        for q in pts[1:]:
            path.lineTo(q)
        width = max(3.0, t.px(9))
        stroker = QPainterPathStroker()
        stroker.setWidth(width)
        self.line_shape = stroker.createStroke(path)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(t.surface), width + t.px(6), Qt.PenStyle.SolidLine,
                      Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        p.drawPath(path)
        p.setPen(QPen(QColor(t.primary), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                      Qt.PenJoinStyle.RoundJoin))
        p.drawPath(path)
        p.setPen(QPen(QColor(t.primary), max(2.0, t.px(4))))
        p.setBrush(QColor(t.surface))
        r = max(4.0, t.px(10))
        for q in pts:
            p.drawEllipse(q, r, r)

    def _sites(self) -> list[tuple[QRectF, str]]:
        """Where each numbered disc goes and its number in the list. Sites closer together
        than a disc share one ("1–3": the whole GR 2013 puts Marseille's three in a few
        pixels); a disc is nudged away from the parking spot, a short leader line back to
        its sites, when something is already there; with no room at all it is left out."""
        r = self.marker
        here = self.at(*self.view.here)
        groups: list[tuple[list[QPointF], list[int]]] = []
        for number, site in enumerate(self.view.sites, start=1):
            spot = self.at(site.site.latitude, site.site.longitude)
            group = next((g for g in groups if _dist(g[0][0], spot) < 2.2 * r), None)
            if group is None:
                groups.append(([spot], [number]))
            else:
                group[0].append(spot)
                group[1].append(number)
        font = self.font(round(r * 1.1), bold=True)
        out = []
        for spots, numbers in groups:
            spot = QPointF(sum(q.x() for q in spots) / len(spots),
                           sum(q.y() for q in spots) / len(spots))
            label = number_runs(numbers)
            half = max(r, (QFontMetricsF(font).horizontalAdvance(label) + r) / 2)
            away = math.degrees(math.atan2(here.y() - spot.y(), spot.x() - here.x()))
            rect = self._free_disc(spot, half, r, away)
            if rect is None:
                continue
            if rect.center() != spot:
                self.p.setPen(QPen(QColor(self.t.accent), max(2.0, self.t.px(3))))
                self.p.setBrush(QColor(self.t.accent))
                for q in spots:
                    self.p.drawLine(q, rect.center())
                    self.p.drawEllipse(q, self.t.px(5), self.t.px(5))
            out.append((rect, label))
        return out

    def _free_disc(self, spot: QPointF, half_w: float, r: float,
                   toward: float) -> QRectF | None:
        """A disc (or pill `half_w` wide each side) on `spot`, else the first place on rings
        around it that overlaps nothing, trying the direction `toward` (degrees,
        counter-clockwise from east) first, then 30° either side of it, then 60°…"""
        for ring in (0, 2.4, 3.6, 4.8):
            for step in range(1 if ring == 0 else 12):
                angle = math.radians(toward + (step + 1) // 2 * 30.0 * (-1) ** step)
                c = spot + QPointF(ring * max(r, half_w) * math.cos(angle),
                                   -ring * r * math.sin(angle))
                rect = QRectF(c.x() - half_w, c.y() - r, 2 * half_w, 2 * r)
                if self.inner.contains(rect) and not any(rect.intersects(o)
                                                         for o in self.taken):
                    self.taken.append(rect)
                    return rect
        return None

    def _disc(self, rect: QRectF, label: str) -> None:
        t, p, r = self.t, self.p, self.marker
        p.setPen(QPen(QColor(t.surface), max(2.0, t.px(3))))
        p.setBrush(QColor(t.accent))
        p.drawRoundedRect(rect, r, r)
        p.setFont(self.font(round(r * 1.1), bold=True))
        p.setPen(QColor(t.primary_text))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)

    def _here(self, at: QPointF, plate: QRectF, font: QFont) -> None:
        """The parking spot: a red pin, and "Vous êtes ici" on a red plate."""
        t, p = self.t, self.p
        r = self.marker * 0.9
        p.setPen(QPen(QColor(t.surface), max(2.0, t.px(4))))
        p.setBrush(QColor(t.danger))
        p.drawEllipse(at, r, r)
        p.setBrush(QColor(t.surface))
        p.drawEllipse(at, r * 0.35, r * 0.35)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(t.danger))
        p.drawRoundedRect(plate, t.radius / 2, t.radius / 2)
        p.setFont(font)
        p.setPen(QColor(t.primary_text))
        p.drawText(plate, Qt.AlignmentFlag.AlignCenter, _("Vous êtes ici"))

    def _stage_labels(self) -> list[str]:
        t, p = self.t, self.p
        font = self.font(t.small)
        p.setFont(font)
        plate = QColor(t.surface)
        plate.setAlpha(210)
        placed = []
        for stage in self.view.trail.stages:
            at = self.at(stage.latitude, stage.longitude)
            if not self.inner.contains(at):
                continue
            rect = self._label_rect(at, t.px(14), font, stage.name)
            if rect is None:
                continue
            # A plate of the background under the name, for the rare label that must cross
            # the line (a halo stroked round each glyph cost 3 ms a label).
            p.fillRect(rect, plate)
            p.setPen(QColor(t.text))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, stage.name)
            placed.append(stage.name)
        return placed

    def _label_rect(self, at: QPointF, gap: float, font: QFont, text: str, *,
                    force: bool = False, pad: float = 0.0) -> QRectF | None:
        """A free rectangle for `text` (with `pad` around it) beside `at`: right, left,
        above, below, inside the picture; None when every side is taken (with `force`, the
        first side inside the picture)."""
        fm = QFontMetricsF(font)
        w, h = fm.horizontalAdvance(text) + 2 + 2 * pad, fm.height() + pad
        x, y = at.x(), at.y()
        tries = []
        # Close to the point first, then clear of a numbered disc sitting on it.
        for g in (gap, max(gap, self.marker + self.t.px(6))):
            d = g * 0.7
            tries += [QRectF(x + g, y - h / 2, w, h), QRectF(x - g - w, y - h / 2, w, h),
                      QRectF(x - w / 2, y - g - h, w, h), QRectF(x - w / 2, y + g, w, h),
                      QRectF(x + d, y - d - h, w, h), QRectF(x + d, y + d, w, h),
                      QRectF(x - d - w, y - d - h, w, h), QRectF(x - d - w, y + d, w, h)]
        inside = [r for r in tries if self.inner.contains(r)]
        for off_line in (True, False):
            for r in inside:
                if off_line and self.line_shape.intersects(r):
                    continue
                if not any(r.intersects(o) for o in self.taken):
                    self.taken.append(r)
                    return r
        if force:
            r = inside[0] if inside else tries[0]
            self.taken.append(r)
            return r
        return None

    def _north_arrow(self) -> None:
        t, p = self.t, self.p
        s = t.px(56)
        top = QPointF(self.inner.right() - s / 2, self.inner.top())
        arrow = QPolygonF([top, top + QPointF(s / 3, s * 0.75), top + QPointF(0, s * 0.55),
                           top + QPointF(-s / 3, s * 0.75)])
        p.setPen(QPen(QColor(t.text), max(1.5, t.px(2))))
        p.setBrush(QColor(t.text))
        p.drawPolygon(arrow)
        font = self.font(t.small, bold=True)
        p.setFont(font)
        label = QRectF(top.x() - s / 2, top.y() + s * 0.8, s, QFontMetricsF(font).height())
        p.drawText(label, Qt.AlignmentFlag.AlignCenter, _("N"))
        self.taken.append(QRectF(top.x() - s / 2, top.y(), s, label.bottom() - top.y()))

    def _scale_bar(self) -> None:
        t, p = self.t, self.p
        metres, px = geo.scale_bar(self.fit.metres_per_px, self.inner.width() / 4)
        font = self.font(t.small)
        fm = QFontMetricsF(font)
        left, bottom = self.inner.left(), self.inner.bottom()
        tick = t.px(12)
        p.setPen(QPen(QColor(t.text), max(2.0, t.px(4)), Qt.PenStyle.SolidLine,
                      Qt.PenCapStyle.FlatCap))
        p.drawLine(QPointF(left, bottom), QPointF(left + px, bottom))
        p.drawLine(QPointF(left, bottom), QPointF(left, bottom - tick))
        p.drawLine(QPointF(left + px, bottom), QPointF(left + px, bottom - tick))
        label = geo.scale_label(metres)
        p.setFont(font)
        text = QRectF(left, bottom - tick - fm.height() - t.px(4),
                      max(px, fm.horizontalAdvance(label) + 2), fm.height())
        p.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        self.taken.append(QRectF(left, text.top(), text.width(), bottom - text.top() + 2))


def number_runs(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → "1–3, 5": the list numbers one disc stands for."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" if len(r) > 2
                     else f"{r[0]}, {r[1]}" for r in runs)


def _dist(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())
