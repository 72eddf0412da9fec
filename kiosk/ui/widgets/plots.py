"""Time-series and bar plots (pyqtgraph) for the live-data, trends and exhibit screens.

Imported only by the modules that draw a graph, which are themselves imported when their
screen is first shown: pyqtgraph and numpy never load before the first screen is painted.

Large series (a year of 10-minute data is ~52,000 points a line) are decimated on the numpy
side for the visible x range only: each screen column gets the min and the max of the points
that fall in it, so peaks survive, and a bucket with no value stays NaN, so gaps stay gaps
(the curve is drawn with connect="finite"). Redrawing after a pan or zoom costs one
searchsorted and one reshape, whatever the length of the series.

Touch: drag pans along time, a pinch zooms (Qt's pinch gesture), and the screens add large
"24 h / toute la semaine / zoom" buttons, in words, for visitors who do not pinch.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core import i18n
from kiosk.core.sensors.model import UNITS
from kiosk.core.sensors.series import with_gaps
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.axes import DAY, LocalTimeAxis, NumberAxis, day_end, style_axes

STYLES = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine,
          "dot": Qt.PenStyle.DotLine}


@dataclass
class Line:
    label: str
    t: Any  # numpy float64, UTC epoch seconds
    v: Any  # numpy float64, NaN = no value
    colour: str
    style: str = "solid"
    period: int = 3600
    width: float = 3.0


def decimate(t, v, lo: float, hi: float, buckets: int):
    """Min/max decimation of the points with lo <= t <= hi into about `buckets` columns.

    Returns (x, y, decimated) with two points per column (its min then its max, at the
    column's first time); all-NaN columns give NaN, so a gap in the data remains a gap on
    screen. `decimated` is False when the visible points were few enough to keep them all.
    """
    i0 = max(0, int(np.searchsorted(t, lo, "left")) - 1)
    i1 = min(len(t), int(np.searchsorted(t, hi, "right")) + 1)
    ts, vs = t[i0:i1], v[i0:i1]
    n = len(ts)
    if n <= 2 * buckets:
        return ts, vs, False
    per = int(np.ceil(n / buckets))
    m = n // per
    head_t = ts[: m * per].reshape(m, per)
    head_v = vs[: m * per].reshape(m, per)
    lo_v = np.fmin.reduce(head_v, axis=1)
    hi_v = np.fmax.reduce(head_v, axis=1)
    x = np.repeat(head_t[:, 0], 2)
    y = np.empty(2 * m)
    y[0::2], y[1::2] = lo_v, hi_v
    if m * per < n:  # the ragged tail, kept as is
        x = np.concatenate([x, ts[m * per:]])
        y = np.concatenate([y, vs[m * per:]])
    return x, y, True


class BandsItem(pg.GraphicsObject):
    """Horizontal index bands behind the curves, drawn across whatever x range is visible
    (one item and one fillRect per band: cheaper to repaint than a region item per band)."""

    def __init__(self, spans: list[tuple[float, float, QColor]], labels: list[str] | None = None,
                 font: QFont | None = None, ink: QColor | None = None) -> None:
        super().__init__()
        self.spans = spans
        # Colour is never the only sign: each band also says its level in words.
        self.labels = labels or []
        self.font = font
        self.ink = ink

    def _x_range(self) -> tuple[float, float]:
        vb = self.getViewBox()
        if vb is None:
            return 0.0, 1.0
        (x0, x1), _ = vb.viewRange()
        return x0, x1

    def boundingRect(self) -> QRectF:
        x0, x1 = self._x_range()
        lo = min((s[0] for s in self.spans), default=0.0)
        hi = max((s[1] for s in self.spans), default=1.0)
        return QRectF(x0, lo, x1 - x0, hi - lo)

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()

    def paint(self, p, *args) -> None:
        x0, x1 = self._x_range()
        for lower, upper, colour in self.spans:
            p.fillRect(QRectF(x0, lower, x1 - x0, upper - lower), colour)
        if not self.labels or self.font is None:
            return
        to_device = p.transform()
        p.save()
        p.resetTransform()
        p.setFont(self.font)
        p.setPen(self.ink or QColor("#000000"))
        height = QFontMetricsF(self.font).height()
        for (lower, upper, _colour), label in zip(self.spans, self.labels, strict=False):
            top = to_device.map(QPointF(x0, upper))
            bottom = to_device.map(QPointF(x0, lower))
            if abs(bottom.y() - top.y()) >= height:  # only where the band is tall enough
                p.drawText(QPointF(top.x() + 6, min(top.y(), bottom.y()) + height * 0.9),
                           label)
        p.restore()


class SeriesPlot(QWidget):
    """Several time series against a local-time axis, with optional index bands behind.

    Signals:
        range_changed(float, float): the visible time range after a pan or zoom.
    """

    range_changed = Signal(float, float)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.lines: list[Line] = []
        self._curves: list[pg.PlotCurveItem] = []
        self._bands: list[pg.LinearRegionItem] = []
        self._t_min = self._t_max = 0.0
        self.y_title: Callable[[], str] = str
        self.plot = pg.PlotWidget(background=theme.surface, axisItems={
            "bottom": LocalTimeAxis(orientation="bottom"),
            "left": NumberAxis(orientation="left")})
        self.plot.setObjectName("series-plot")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMinimumHeight(theme.px(240))
        self.vb: pg.ViewBox = self.plot.getViewBox()
        style_axes(self.plot, theme, left_title=lambda: self.y_title(),
                   bottom_title=self.x_title)
        self.vb.setMouseEnabled(x=True, y=False)
        self.vb.enableAutoRange(x=False, y=False)
        self.vb.sigXRangeChanged.connect(self.on_x_range_changed)
        self.plot.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.plot.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.plot.viewport().installEventFilter(self)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.plot)

    # --- data -----------------------------------------------------------------------------
    def clear(self) -> None:
        for item in [*self._curves, *self._bands]:
            self.plot.removeItem(item)
        self._curves, self._bands, self.lines = [], [], []

    def x_title(self) -> str:
        (x0, x1), _ = self.vb.viewRange()
        return i18n._("jour") if x1 - x0 > 2.5 * DAY else i18n._("heure (heure de Paris)")

    def set_lines(self, lines: list[Line], *, bands=None, quantity: str = "",
                  y_title: Callable[[], str] | None = None) -> None:
        """Show `lines` (gaps inserted where points are missing) and the index bands of
        `bands` (a BandTable) for `quantity` faintly behind them. `y_title` says the
        quantity and its unit on the value axis (the unit alone by default)."""
        self.clear()
        self.y_title = y_title or (lambda: UNITS.get(quantity, ""))
        self.plot.getAxis("left").set_title(self.y_title)
        finite = []
        for line in lines:
            t = np.asarray(line.t, dtype=np.float64)
            v = np.asarray(line.v, dtype=np.float64)
            t, v = with_gaps(t, v, line.period)
            line = Line(line.label, t, v, line.colour, line.style, line.period, line.width)
            self.lines.append(line)
            pen = QPen(QColor(line.colour), line.width)
            pen.setCosmetic(True)
            solid = QPen(pen)
            pen.setStyle(STYLES.get(line.style, Qt.PenStyle.SolidLine))
            curve = pg.PlotCurveItem(pen=pen, connect="finite", antialias=False)
            # Dashes along a min/max-decimated zigzag cost tens of ms per frame (the pattern
            # runs along every vertical stroke): decimated views draw solid, close-ups dashed.
            curve.kiosk_pens = (pen, solid)
            self.plot.addItem(curve)
            self._curves.append(curve)
            if len(t):
                ok = v[~np.isnan(v)]
                if len(ok):
                    finite.append((float(t[0]), float(t[-1]), float(ok.min()), float(ok.max())))
        if not finite:
            return
        self._t_min = min(f[0] for f in finite)
        self._t_max = max(f[1] for f in finite)
        y_lo = min(0.0, min(f[2] for f in finite))
        y_hi = max(f[3] for f in finite)
        pad = (y_hi - y_lo) * 0.08 or 1.0
        if quantity in ("temperature",):
            y_lo = min(f[2] for f in finite) - pad
        self.vb.setYRange(y_lo, y_hi + pad, padding=0)
        self.vb.setLimits(xMin=self._t_min - 3600, xMax=max(self._t_max + 3600,
                                                            day_end(self._t_max)),
                          minXRange=3 * 3600)
        if bands is not None:
            self._add_bands(bands, quantity, y_hi + pad)
        self.show_last(self._t_max - self._t_min)

    def _add_bands(self, table, quantity: str, top: float) -> None:
        spans, labels = [], []
        for level, lower, upper in table.ranges(quantity):
            if lower >= top:
                break
            colour = QColor(level.colour)
            colour.setAlpha(45)
            spans.append((lower, min(upper if upper is not None else top, top), colour))
            labels.append(i18n._(level.label))
        font = QFont(self.theme.font_family)
        font.setPixelSize(self.theme.small)
        item = BandsItem(spans, labels, font, QColor(self.theme.text_muted))
        item.setZValue(-10)
        self.plot.addItem(item, ignoreBounds=True)
        self._bands.append(item)

    # --- view -----------------------------------------------------------------------------
    @property
    def data_range(self) -> tuple[float, float]:
        return self._t_min, self._t_max

    def show_last(self, seconds: float) -> None:
        """Show the `seconds` before the newest point; a view of days shows whole days, up
        to the end of today, so that each day's name sits under its own day."""
        end = self._t_max + 60
        if seconds > 2.5 * DAY:
            end = day_end(self._t_max)
        self.vb.setXRange(max(self._t_min, end - seconds), end, padding=0)
        self.redraw()

    def zoom(self, factor: float) -> None:
        """factor < 1 zooms in, > 1 out, around the centre of the view."""
        (x0, x1), _ = self.vb.viewRange()
        mid, half = (x0 + x1) / 2, (x1 - x0) / 2 * factor
        self.vb.setXRange(mid - half, mid + half, padding=0)

    def pan(self, fraction: float) -> None:
        (x0, x1), _ = self.vb.viewRange()
        d = (x1 - x0) * fraction
        self.vb.setXRange(x0 + d, x1 + d, padding=0)

    def on_x_range_changed(self, _vb=None, rng=None) -> None:
        self.redraw()
        axis = self.plot.getAxis("bottom")
        if axis.title() != self.x_title():  # from hours to days or back
            axis.set_title(self.x_title)
        (x0, x1), _ = self.vb.viewRange()
        self.range_changed.emit(x0, x1)

    def redraw(self) -> None:
        """Decimate every line for the visible range and the plot's width in pixels."""
        (x0, x1), _ = self.vb.viewRange()
        # One min/max pair per two pixels: peaks stay visible, the path stays short.
        buckets = max(200, int(self.vb.width() or 800) // 2)
        for line, curve in zip(self.lines, self._curves, strict=True):
            if len(line.t) == 0:
                curve.setData([], [])
                continue
            x, y, decimated = decimate(line.t, line.v, x0, x1, buckets)
            curve.setPen(curve.kiosk_pens[1] if decimated else curve.kiosk_pens[0])
            curve.setData(x, y, connect="finite")

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is not None:
                scale = pinch.scaleFactor()
                if scale > 0:
                    self.zoom(1.0 / scale)
                return True
        return False


def two_lines(label: str) -> str:
    """`label` broken at the space nearest its middle ("printemps 12 h" → "printemps\n12 h")."""
    spaces = [i for i, c in enumerate(label) if c == " "]
    if not spaces:
        return label
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return label[:cut] + "\n" + label[cut + 1:]


def swatches(entries) -> str:
    """Rich text: a coloured square and its meaning, for each (colour, meaning)."""
    # An entry wraps onto the next line whole, never in the middle of its words.
    return "&nbsp;&nbsp;&nbsp; ".join(
        f"<span style='color:{colour}'>■</span>&nbsp;"
        + html.escape(text).replace(" ", "&nbsp;") for colour, text in entries)


class BarChart(QWidget):
    """A few labelled bars (trends): values with their colours, categories on the x axis."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.plot = pg.PlotWidget(background=theme.surface,
                                  axisItems={"left": NumberAxis(orientation="left")})
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self._font = style_axes(self.plot, theme)
        self._bottom_h = self.plot.getAxis("bottom").fixedHeight
        self.plot.setMinimumHeight(theme.px(150) + self._bottom_h)
        self.plot.showGrid(y=True, alpha=0.2)
        self._items: list = []
        self._labels: list[str] = []
        # The value axis's title, level above it: a rotated one longer than a short chart
        # pushed the category labels out of it.
        self.y_label = QLabel()
        self.y_label.setObjectName("bar-unit")
        self.y_label.setStyleSheet(f"font-size: {theme.small}px;")
        # Colour is explained in words (swatch + meaning). The label is laid out by the
        # chart's owner, under it: inside the chart, a wrapping label would make the chart's
        # height follow the plot's 480 px size hint.
        self.legend = QLabel()
        self.legend.setObjectName("bar-legend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setStyleSheet(f"font-size: {theme.small}px;")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(self.y_label)
        col.addWidget(self.plot, 1)

    def sizeHint(self) -> QSize:
        # The chart takes the room its neighbours leave and asks only for its minimum
        # (pyqtgraph's own hint, 480 px, would push the texts out of a card).
        return self.minimumSizeHint()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._lay_out_labels()

    def _lay_out_labels(self) -> None:
        """Category labels on one line while they fit under their bar, else on two (split at
        the space nearest their middle), so that neighbours never run into each other."""
        if not self._labels:
            return
        slot = self.plot.getViewBox().width() / len(self._labels)
        metrics = QFontMetrics(self._font)
        wrap = any(metrics.horizontalAdvance(label) > 0.85 * slot for label in self._labels)
        shown = [two_lines(label) if wrap else label for label in self._labels]
        axis = self.plot.getAxis("bottom")
        axis.setHeight(self._bottom_h + (metrics.height() if wrap else 0))
        # The bars keep their own height whatever the labels under them take.
        self.plot.setMinimumHeight(self.theme.px(150) + axis.fixedHeight)
        axis.setTicks([list(enumerate(shown))])

    def set_bars(self, labels: list[str], values: list[float | None], colours: list[str],
                 *, y_title: Callable[[], str] | None = None,
                 legend: Sequence[tuple[str, str]] = ()) -> None:
        """Bars of `values` in `colours`; `y_title` names the value axis with its unit and
        `legend` says what each colour means, as (colour, meaning)."""
        self.y_label.setText(y_title() if y_title is not None else "")
        self.legend.setText(swatches(legend))
        self.legend.setVisible(bool(legend))
        for item in self._items:
            self.plot.removeItem(item)
        self._items = []
        xs = list(range(len(labels)))
        heights = [0.0 if v is None else float(v) for v in values]
        bars = pg.BarGraphItem(x=xs, height=heights, width=0.6,
                               brushes=[pg.mkBrush(c) for c in colours],
                               pens=[pg.mkPen(None)] * len(xs))
        self.plot.addItem(bars)
        self._items.append(bars)
        zero = pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(self.theme.text, width=2))
        self.plot.addItem(zero)
        self._items.append(zero)
        self._labels = list(labels)
        self._lay_out_labels()
        lo = min([0.0, *heights])
        hi = max([0.0, *heights])
        pad = (hi - lo) * 0.15 or 1.0
        self.plot.setYRange(lo - (pad if lo < 0 else 0), hi + pad, padding=0)
        self.plot.setXRange(-0.6, len(xs) - 0.4, padding=0)
