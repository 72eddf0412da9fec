"""The live graph an exhibit module's `sensor` page embeds: one quantity, a site and its
reference, the same plot as the live-data screen.

`make_sensor_embed(ctx, page)` is called lazily by the exhibit screen; `page` has `quantity`
and optionally `site` (a sites.toml id; the nearest site when absent). Data is loaded through
ctx.tasks, never on the GUI thread; demonstration data is labelled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.i18n import N_, _
from kiosk.core.sensors import bands
from kiosk.core.sensors.model import UNITS
from kiosk.ui.context import UiContext
from kiosk.ui.widgets.touch import TouchButton

if TYPE_CHECKING:
    from kiosk.ui.widgets.plots import SeriesPlot


DAY = 86400
OPEN_RETRY_MS = 200
QUANTITY_LABELS = {
    "pm25": N_("Particules fines PM2,5"),
    "pm10": N_("Particules PM10"),
    "pm1": N_("Particules PM1"),
    "no2": N_("Dioxyde d'azote"),
    "o3": N_("Ozone"),
    "temperature": N_("Température"),
    "humidity": N_("Humidité"),
    "pressure": N_("Pression"),
}


def quantity_label(quantity: str) -> str:
    return _(QUANTITY_LABELS.get(quantity, quantity))


class GraphWindow:
    """The 24 h / 7 days choice over a site graph, shared by the live-data screen and the
    exhibits' sensor pages (which own `day_button`, `week_button` and `plot`)."""

    day_button: QAbstractButton
    week_button: QAbstractButton
    plot: SeriesPlot | None
    window_s: int

    def set_window(self, seconds: int) -> None:
        self.window_s = seconds
        self.day_button.setChecked(seconds == DAY)
        self.week_button.setChecked(seconds != DAY)
        if self.plot is not None:
            self.plot.show_last(seconds)


class SensorEmbed(GraphWindow, QWidget):
    def __init__(self, ctx: UiContext, quantity: str, site: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.quantity = quantity
        self.site_id = site
        self.window_s = DAY
        self.result = None
        t = ctx.theme
        self.setObjectName("sensor-embed")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(t.gap // 2)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        col.addWidget(self.caption)
        self.plot_box = QVBoxLayout()
        col.addLayout(self.plot_box, 1)
        row = QHBoxLayout()
        self.day_button = TouchButton(min_px=t.touch)
        self.week_button = TouchButton(min_px=t.touch)
        for b, seconds, name in ((self.day_button, DAY, "embed-24h"),
                                 (self.week_button, 7 * DAY, "embed-7d")):
            b.setObjectName(name)
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, s=seconds: self.set_window(s))
            row.addWidget(b)
        row.addStretch(1)
        col.addLayout(row)
        self.day_button.setChecked(True)
        self.plot = None
        self.retranslate()
        self.load()

    def load(self) -> None:
        service = self.ctx.sensors
        if service is None:
            self.caption.setText(_("Les données des capteurs ne sont pas disponibles pour le "
                                   "moment."))
            return
        self.caption.setText(_("Chargement des mesures…"))
        if not service.is_open:
            # The cache opens on the db worker within a second of start-up; a page shown
            # before asks again shortly (the timer dies with the page).
            QTimer.singleShot(OPEN_RETRY_MS, self, self.load)
            return
        self.ctx.tasks.run(service.series, self.site_id, self.quantity, pool="net",
                           on_done=self.show_result, on_error=self.on_error)

    def on_error(self, error: BaseException) -> None:
        self.ctx.problems.report("sensors", f"sensor page {self.quantity}",
                                 f"{type(error).__name__}: {error}")
        self.caption.setText(_("Les données des capteurs ne sont pas disponibles pour le "
                               "moment."))

    def show_result(self, result) -> None:
        self.result = result
        site, ref, s, r, _demo = result
        if site is None or s is None or s.empty:
            self.caption.setText(_("Pas encore de courbe pour ce site."))
            return
        from kiosk.ui.widgets.plots import Line, SeriesPlot

        t = self.ctx.theme
        if self.plot is None:
            self.plot = SeriesPlot(t)
            self.plot_box.addWidget(self.plot)
        lines = [Line(site.name, s.t, s.v, t.accent, "solid", s.period_seconds)]
        if s.raw is not None:
            lines.append(Line(_("brut"), s.t, s.raw, t.accent, "dot", s.period_seconds, 3))
        if r is not None and ref is not None and not r.empty:
            lines.append(Line(ref.name, r.t, r.v, t.text, "dash", r.period_seconds))
        table = bands.ATMO_2021 if self.quantity in bands.ATMO_2021.thresholds else None
        self.plot.set_lines(lines, bands=table, quantity=self.quantity)
        self.plot.show_last(self.window_s)
        self.ctx.record("sensor_view", site=site.id, quantity=self.quantity)
        self.retranslate()

    def retranslate(self) -> None:
        self.day_button.setText(_("24 h"))
        self.week_button.setText(_("7 jours"))
        if self.result is None or self.result[0] is None:
            return
        site, ref, s, _r, demo = self.result
        t = self.ctx.theme
        parts = [f"<span style='color:{t.accent}; font-weight:bold'>━━</span> {site.name}"]
        if s is not None and s.raw is not None:
            parts.append(f"<span style='color:{t.accent}'>┅┅</span> "
                         + _("{name} (brut)").format(name=site.name))
        if ref is not None:
            parts.append(f"<span style='color:{t.text}; font-weight:bold'>╍╍</span> "
                         + _("{name} (station de référence)").format(name=ref.name))
        heading = _("{quantity} ({unit}), moyennes horaires ; un trou = pas de mesure").format(
            quantity=quantity_label(self.quantity), unit=UNITS.get(self.quantity, ""))
        text = f"<b>{heading}</b><br>" + "&nbsp;&nbsp;&nbsp;".join(parts)
        if demo:
            text += "<br><b>" + _("données de démonstration") + "</b>"
        self.caption.setText(text)


def make_sensor_embed(ctx: UiContext, page) -> QWidget:
    """The widget of a `sensor` page (`page.quantity`, optional `page.site`)."""
    quantity = getattr(page, "quantity", None) or (
        page.get("quantity") if isinstance(page, dict) else None)
    site = getattr(page, "site", None) or (page.get("site") if isinstance(page, dict) else None)
    return SensorEmbed(ctx, quantity or "pm25", site or None)
