"""Journal statistics as three bar charts: visits per day, top modules, languages.

pyqtgraph is imported when the charts are first drawn (the facilitator opened the journal
page), never at start-up. Input is the dict of core.journal.stats.compute().
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.i18n import LANGUAGE_NAMES, _
from kiosk.ui.theme import Theme

DAYS_SHOWN = 30


def last_days(visits: list[dict[str, Any]], today: dt.date, days: int = DAYS_SHOWN
              ) -> list[tuple[dt.date, int]]:
    """Visits of each of the last `days` days, zero-filled, oldest first."""
    by_day = {v["day"]: v["visits"] for v in visits}
    out = []
    for k in range(days - 1, -1, -1):
        d = today - dt.timedelta(days=k)
        out.append((d, int(by_day.get(d.isoformat(), 0))))
    return out


class StatsPlots(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(theme.gap)
        self.titles = [QLabel(), QLabel(), QLabel()]
        self.boxes: list[QVBoxLayout] = []
        for i, title in enumerate(self.titles):
            title.setProperty("role", "muted")
            box = QVBoxLayout()
            box.addWidget(title)
            self.boxes.append(box)
            self.grid.addLayout(box, 0 if i == 0 else 1, 0 if i < 2 else 1, 1, 2 if i == 0 else 1)
        self.grid.setRowStretch(0, 1)
        self.grid.setRowStretch(1, 1)
        self.plots: list[Any] = []
        self.stats: dict[str, Any] | None = None
        self.today = dt.date.today()
        self.retranslate()

    def retranslate(self) -> None:
        self.titles[0].setText(_("Visites par jour ({n} derniers jours)").format(n=DAYS_SHOWN))
        self.titles[1].setText(_("Modules les plus ouverts (visites)"))
        self.titles[2].setText(_("Langues (visites)"))
        if self.stats is not None:
            self.show_stats(self.stats, self.today)

    def _ensure_plots(self) -> None:
        if self.plots:
            return
        import pyqtgraph as pg
        from PySide6.QtGui import QFont

        t = self.theme
        font = QFont(t.font_family)
        font.setPixelSize(max(12, round(t.small * 0.75)))
        for i, box in enumerate(self.boxes):
            w = pg.PlotWidget(background=t.surface)
            w.setMinimumHeight(t.px(180 if i == 0 else 220))
            w.setMouseEnabled(x=False, y=False)
            w.hideButtons()
            w.setMenuEnabled(False)
            for axis in ("left", "bottom"):
                ax = w.getAxis(axis)
                ax.setTextPen(t.text)
                ax.setPen(t.text_muted)
                ax.setStyle(tickFont=font)
            box.addWidget(w, 1)
            self.plots.append(w)

    def show_stats(self, stats: dict[str, Any], today: dt.date | None = None) -> None:
        import pyqtgraph as pg

        self.stats = stats
        self.today = today or dt.date.today()
        self._ensure_plots()
        t = self.theme
        days = last_days(stats.get("visits_per_day", []), self.today)
        modules = stats.get("top_modules", [])[:6]
        languages = stats.get("languages", [])
        series = [
            ([d.strftime("%d/%m") for d, _n in days], [n for _d, n in days], t.primary),
            ([m["module"] for m in modules], [m["sessions"] for m in modules], t.accent),
            ([LANGUAGE_NAMES.get(lang["language"], lang["language"]) for lang in languages],
             [lang["sessions"] for lang in languages], t.primary),
        ]
        for i, (plot, (labels, values, colour)) in enumerate(zip(self.plots, series,
                                                                 strict=True)):
            plot.clear()
            xs = list(range(len(values)))
            if values:
                plot.addItem(pg.BarGraphItem(x=xs, height=values, width=0.7, brush=colour,
                                             pen=pg.mkPen(None)))
            step = 5 if i == 0 else 1
            ticks = [(x, lbl) for x, lbl in zip(xs, labels, strict=True)
                     if i != 0 or (len(xs) - 1 - x) % step == 0]
            plot.getAxis("bottom").setTicks([ticks])
            plot.setYRange(0, max([*values, 1]) * 1.1, padding=0)
            plot.setXRange(-0.6, max(len(values), 1) - 0.4, padding=0)
