"""Plot axes a lay visitor reads: numbers with the visitor's decimal mark, local hours on a
day, one tick per day (with its weekday's name) on a week, and a title with the unit.

Both axes follow the interface language: a language change redraws their ticks and title.
pyqtgraph's own tick labels are written with "%g"-style formatting (decimal points in French
and German) and its date axis picks weekly ticks for a narrow week, hence these subclasses.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import weakref
from collections.abc import Callable

import pyqtgraph as pg
import shiboken6
from PySide6.QtGui import QFont, QFontMetrics

from kiosk.core import i18n
from kiosk.core.sensors.series import PARIS

HOUR = 3600
DAY = 86400
HOUR_STEPS = (1, 2, 3, 6, 12)  # hours between ticks; 3 or 6 on a day's view
MAX_TICKS = 9


class LanguageAxis(pg.AxisItem):
    """An axis whose tick labels and title are redrawn when the language changes."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A title with no unit must not get pyqtgraph's "(x0.001)" scale prefix.
        self.enableAutoSIPrefix(False)
        self.title_fn: Callable[[], str] | None = None
        ref = weakref.WeakMethod(self._on_language)

        def listener(_lang: str) -> None:
            method = ref()
            if method is None:
                i18n.remove_listener(listener)
            else:
                method()

        i18n.add_listener(listener)

    def set_title(self, title_fn: Callable[[], str] | None, font: QFont | None = None) -> None:
        """The axis title, as a function so that it is rewritten in each language."""
        self.title_fn = title_fn
        if font is not None:
            self.label.setFont(font)
        self._write_title()

    def title(self) -> str:
        return self.labelText

    def _write_title(self) -> None:
        text = self.title_fn() if self.title_fn is not None else ""
        self.setLabel(html.escape(text) if text else None)
        self.labelText = text

    def _on_language(self) -> None:
        if not shiboken6.isValid(self):  # the plot is gone; its Python wrapper lingers
            return
        self._write_title()
        self.picture = None
        self.update()


def decimal_places(spacing: float) -> int:
    """Digits after the decimal mark that tell ticks `spacing` apart (0.5 → 1, 2 → 0)."""
    if spacing <= 0 or not math.isfinite(spacing):
        return 0
    return max(0, min(6, math.ceil(-math.log10(spacing) - 1e-9)))


class NumberAxis(LanguageAxis):
    """Values written as the visitor's language writes numbers ("12,5" in French)."""

    def tickStrings(self, values, scale, spacing):
        scaled = [v * scale + 0.0 for v in values]
        places = decimal_places(spacing * scale)
        # Ticks 2.5 apart need their tenths ("12,5"), whatever the spacing's magnitude says.
        while places < 6 and any(abs(v - round(v, places)) > 1e-9 * max(1.0, abs(v))
                                 for v in scaled):
            places += 1
        return [i18n.format_number(v, places) for v in scaled]


def local_midnights(lo: float, hi: float) -> list[dt.datetime]:
    """Every local (Paris) midnight from the day of `lo` to the day after `hi`."""
    try:
        day = dt.datetime.fromtimestamp(lo, dt.UTC).astimezone(PARIS).date()
        last = dt.datetime.fromtimestamp(hi, dt.UTC).astimezone(PARIS).date()
    except (OverflowError, OSError, ValueError):
        return []
    out: list[dt.datetime] = []
    while day <= last + dt.timedelta(days=1) and len(out) < 400:
        out.append(dt.datetime(day.year, day.month, day.day, tzinfo=PARIS))
        day += dt.timedelta(days=1)
    return out


def day_end(t: float) -> float:
    """The local midnight that ends the day of `t`."""
    midnights = local_midnights(t, t)
    return midnights[1].timestamp() if len(midnights) > 1 else t


def time_ticks(lo: float, hi: float, fit: int) -> tuple[float, list[float]]:
    """(spacing, tick times) for a view from `lo` to `hi` that has room for `fit` labels.

    Up to two and a half days: whole local hours, every 1, 2, 3, 6 or 12 h (a 24 h view gets
    3 h, or 6 h when narrow). Longer: one tick per day at local noon, so that the day's name
    sits in the middle of its day (every other day, then weekly, when there is no room).
    """
    span = hi - lo
    if span <= 0:
        return HOUR, []
    fit = max(2, min(fit, MAX_TICKS))
    midnights = local_midnights(lo, hi)
    if span <= 2.5 * DAY:
        step = next((h for h in HOUR_STEPS if span / (h * HOUR) <= fit), 24)
        ticks = [(m + dt.timedelta(hours=h)).timestamp() for m in midnights
                 for h in range(0, 24, step)]
        spacing = step * HOUR
    else:
        step = next((d for d in (1, 2, 7, 14, 28) if span / (d * DAY) <= fit), 56)
        days = midnights if step < 7 else [m for m in midnights if m.weekday() == 0]
        every = step if step < 7 else step // 7
        ticks = [(m + dt.timedelta(hours=12)).timestamp() for i, m in enumerate(days)
                 if i % every == 0]
        spacing = step * DAY
    return spacing, sorted({t for t in ticks if lo <= t <= hi})


class LocalTimeAxis(LanguageAxis):
    """Time in Europe/Paris (DST-exact), labelled in the visitor's language: 24-hour clock
    on a day (midnight says which day begins), weekday names on a week."""

    # Babel's skeleton matching costs ~1 ms a label: labels are cached, since panning
    # brings the same tick values back again and again.
    _labels: dict[tuple[str, str, float], str] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.short_days = False  # weekday only ("lun."), when "lun. 30" would not fit

    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self.style.get("tickFont") or self.font())

    def tickValues(self, minVal, maxVal, size):
        metrics = self._metrics()
        gap = metrics.horizontalAdvance("  ")
        hour_w = metrics.horizontalAdvance(self._label(12 * HOUR, "time"))
        day_w = max(metrics.horizontalAdvance(self._label(DAY * k, "day")) for k in range(7))
        short_w = max(metrics.horizontalAdvance(self._label(DAY * k, "weekday"))
                      for k in range(7))
        span = maxVal - minVal
        self.short_days = span > 2.5 * DAY and size / (day_w + gap) < min(7, span / DAY)
        label_w = hour_w if span <= 2.5 * DAY else (short_w if self.short_days else day_w)
        spacing, ticks = time_ticks(minVal, maxVal, int(size // (label_w + gap)))
        return [(spacing, ticks)]

    def tickStrings(self, values, scale, spacing):
        if spacing >= 7 * DAY:
            kind = "week"
        elif spacing >= DAY:
            kind = "weekday" if self.short_days else "day"
        else:
            kind = "time"
        lang = i18n.current_language()
        out = []
        for v in values:
            key = (lang, kind, v)
            label = self._labels.get(key)
            if label is None:
                label = self._label(v, kind)
                if len(self._labels) > 4096:
                    self._labels.clear()
                self._labels[key] = label
            out.append(label)
        return out

    @staticmethod
    def _label(v: float, kind: str) -> str:
        try:
            when = dt.datetime.fromtimestamp(v, dt.UTC).astimezone(PARIS)
        except (OverflowError, OSError, ValueError):
            return ""
        if kind == "time":
            if when.hour == 0 and when.minute == 0:
                return i18n.format_skeleton(when, "EEEd")  # a new day begins
            return i18n.format_skeleton(when, "Hm")  # 24-hour clock in every language
        if kind == "weekday":
            return i18n.format_skeleton(when, "EEE")
        return i18n.format_skeleton(when, "MMMd" if kind == "week" else "EEEd")


def style_axes(plot: pg.PlotWidget, theme, *, left_title: Callable[[], str] | None = None,
               bottom_title: Callable[[], str] | None = None) -> QFont:
    """Fonts, pens, titles and fixed sizes of a plot's left and bottom axes; returns the tick
    font. The sizes come from the fonts, never from the data: the plot keeps its place when
    other data (another site, another quantity) comes in."""
    font = QFont(theme.font_family)
    font.setPixelSize(theme.small + 2)
    title_font = QFont(theme.font_family)
    title_font.setPixelSize(theme.small)
    metrics, title_metrics = QFontMetrics(font), QFontMetrics(title_font)
    for name, title in (("left", left_title), ("bottom", bottom_title)):
        axis = plot.getAxis(name)
        axis.setTickFont(font)
        axis.setTextPen(pg.mkPen(theme.text))
        axis.setPen(pg.mkPen(theme.text_muted))
        axis.labelStyle = {"color": theme.text}
        if isinstance(axis, LanguageAxis):
            axis.set_title(title, title_font)
    titled = title_metrics.height() + theme.px(8)
    plot.getAxis("left").setWidth(metrics.horizontalAdvance("−0 000") + theme.px(16)
                                  + (titled if left_title else 0))
    plot.getAxis("bottom").setHeight(theme.small + 24 + (titled if bottom_title else 0))
    return font
