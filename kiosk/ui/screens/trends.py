"""Yearly trends: the urban heat island, humidity after rain, air quality by kind of day.

Computed off the GUI thread by `ctx.sensors.trends` (kiosk.core.sensors.trends) from a year
of stored data, or from the demonstration dataset, which the screen then labels as such.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import N_, _, format_date, format_number, format_skeleton
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.scrolling import touch_scroll

if TYPE_CHECKING:
    from kiosk.ui.widgets.plots import BarChart


AIR_LABELS = {"no2": N_("dioxyde d'azote (NO₂)"), "pm25": N_("particules fines (PM2,5)"),
              "pm10": N_("particules (PM10)")}
AIR_SHORT = {"no2": "NO₂", "pm25": N_("PM2,5"), "pm10": "PM10"}
A_MONDAY = dt.date(2024, 1, 1)


def weekdays() -> list[str]:
    """Monday to Sunday, abbreviated as the visitor's language does (CLDR, through Babel)."""
    return [format_skeleton(A_MONDAY + dt.timedelta(days=k), "EEE") for k in range(7)]


def air_title(quantity: str | None) -> str:
    return _("{quantity} ({unit})").format(
        quantity=_(AIR_SHORT.get(quantity or "", quantity or "")), unit="µg/m³")


def signed(value: float, digits: int = 1) -> str:
    text = format_number(abs(value), digits)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def percent_change(a: float | None, b: float | None) -> str | None:
    if a in (None, 0) or b is None:
        return None
    return signed((b - a) / a * 100, 0)


def missing_data(comparison, working: str, other: str) -> str | None:
    """What a comparison lacks to give a percentage, said in words; None when it has it."""
    if comparison.mean_a is None or not comparison.n_a:
        return _("il manque des {days} mesurés").format(days=working)
    if comparison.mean_b is None or not comparison.n_b:
        return _("il manque des {days} mesurés").format(days=other)
    if comparison.mean_a == 0:
        return _("la moyenne des {days} est nulle : pas de pourcentage").format(days=working)
    return None


class TrendPanel(QFrame):
    """A titled card: a chart and the sentence that says what it shows."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        t = ctx.theme
        self.setProperty("role", "card")
        col = QVBoxLayout(self)
        col.setContentsMargins(t.gap // 2, t.gap // 2, t.gap // 2, t.gap // 2)
        col.setSpacing(6)
        self.title = QLabel()
        self.title.setStyleSheet(f"font-size: {t.body + 4}px; font-weight: bold;")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.chart_box = QVBoxLayout()
        col.addWidget(self.title)
        col.addLayout(self.chart_box, 1)
        col.addWidget(self.text)
        self.chart: BarChart | None = None

    def bars(self, labels: list[str], values: list[float | None], colours: list[str],
             y_title, legend: list[tuple[str, str]]) -> None:
        from kiosk.ui.widgets.plots import BarChart

        if self.chart is None:
            self.chart = BarChart(self.ctx.theme)
            # The chart takes the room left by the texts, never asks for more than its
            # minimum (its size hint): with large text the page scrolls instead of squeezing.
            self.chart.setSizePolicy(QSizePolicy.Policy.Expanding,
                                     QSizePolicy.Policy.Expanding)
            self.chart_box.addWidget(self.chart)
            self.chart_box.addWidget(self.chart.legend)
        self.chart.set_bars(labels, values, colours, y_title=y_title, legend=legend)
        self.chart.show()

    def no_chart(self) -> None:
        if self.chart is not None:
            self.chart.hide()
            self.chart.legend.hide()


class TrendsScreen(Screen):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        self.view = None
        col = QVBoxLayout(self)
        col.setContentsMargins(t.margin, t.gap, t.margin, t.gap)
        col.setSpacing(t.gap // 2)
        # Portrait: the banner under the station's name, both across the whole width.
        head = QVBoxLayout() if t.portrait else QHBoxLayout()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.demo_banner = QLabel()
        self.demo_banner.setObjectName("demo-banner")
        self.demo_banner.setStyleSheet(f"QLabel#demo-banner {{ background: {t.warning};"
                                       f" color: {t.primary_text}; padding: 6px 16px;"
                                       f" border-radius: 8px; font-weight: bold; }}")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.hide()
        head.addWidget(self.heading, 1)
        head.addWidget(self.demo_banner)
        col.addLayout(head)
        self.message = QLabel()
        self.message.setProperty("role", "title")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.addWidget(self.message)
        # Two by two; with large text one panel per row, and the page scrolls by dragging.
        holder = QWidget()
        holder.setObjectName("trends-body")
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(t.gap)
        self.heat, self.humidity, self.week, self.school = (TrendPanel(ctx) for _ in range(4))
        per_row = 1 if t.body > 30 else 2
        for i, panel in enumerate((self.heat, self.humidity, self.week, self.school)):
            grid.addWidget(panel, i // per_row, i % per_row)
            if per_row == 1:
                panel.setMinimumHeight(t.px(480))
        self.source = QLabel()
        self.source.setWordWrap(True)
        grid.addWidget(self.source, 4, 0, 1, per_row)
        self.scroll_area = touch_scroll(holder, "trends-scroll")
        col.addWidget(self.scroll_area, 1)
        self._listening = False
        self.retranslate()

    def title(self) -> str:
        return _("Tendances")

    def dispose(self) -> None:
        if self._listening and self.ctx.sensors is not None:
            self.ctx.sensors.remove_listener(self.refresh)
            self._listening = False

    def enter(self, arg: str | None) -> None:
        service = self.ctx.sensors
        if service is None:
            self.message.setText(_("Les tendances ne sont pas disponibles pour le moment."))
            self.message.show()
            return
        if not self._listening:
            service.add_listener(self.refresh)
            self._listening = True
        self.load()

    def refresh(self) -> None:
        service = self.ctx.sensors
        if service is None or not self.isVisible():
            return
        self.load()

    def load(self) -> None:
        service = self.ctx.sensors
        if service is None:
            return
        if self.view is None:
            self.message.setText(_("Calcul des tendances de l'année…"))
            self.message.show()
        if not service.is_open:  # its opening's notify_changed refreshes us
            return
        self.ctx.tasks.run(service.trends, pool="net", key="sensors-trends",
                           on_done=self.show_view, on_error=self.on_error)

    def on_error(self, error: BaseException) -> None:
        self.ctx.problems.report("sensors", "trends", f"{type(error).__name__}: {error}")
        if self.view is None:
            self.message.setText(_("Les tendances ne sont pas disponibles pour le moment."))

    def show_view(self, view) -> None:
        first = self.view is None or (self.view.site and view.site
                                      and self.view.site.id != view.site.id)
        if not first and _same(self.view, view):
            # Re-entering the screen, nothing new since it was drawn: keep what is painted.
            # Redrawing here landed on the visitor's tap (the load returns that fast).
            self.view = view
            return
        self.view = view
        self.message.setVisible(view.site is None)
        if view.site is None:
            self.message.setText(_("Pas encore assez de mesures pour une tendance."))
        self.redraw()
        if first and view.site is not None:
            self.ctx.record("trends_view", site=view.site.id)

    def redraw(self) -> None:
        v = self.view
        if v is None:
            return
        t = self.ctx.theme
        self.demo_banner.setVisible(v.demo)
        site = v.site.name if v.site else ""
        ref = v.reference.name if v.reference else ""
        if v.site is not None:
            self.heading.setText(_("{site} comparé à la station de référence {reference}")
                                 .format(site=site, reference=ref))
        # Heat island: four bars, site minus reference at 0 h and 12 h in spring and summer.
        self.heat.title.setText(_("Îlot de chaleur : écart de température avec la référence"))
        keys = [("spring", 0), ("spring", 12), ("summer", 0), ("summer", 12)]
        labels = [_("printemps 0 h"), _("printemps 12 h"), _("été 0 h"), _("été 12 h")]
        diffs = [v.heat.get(k) for k in keys]
        if v.heat and any(d is not None and d.mean is not None for d in diffs):
            values = [d.mean if d is not None else None for d in diffs]
            self.heat.bars(labels, values, [t.danger if (x or 0) > 0 else t.accent
                                            for x in values],
                           lambda: _("écart ({unit})").format(unit="°C"),
                           [(t.danger, _("plus chaud que la référence")),
                            (t.accent, _("plus frais que la référence"))])
            night = v.heat.get(("summer", 0))
            noon = v.heat.get(("summer", 12))
            parts = []
            if night is not None and night.mean is not None:
                parts.append(_("En été à minuit, {site} a {diff} °C par rapport à la "
                               "référence ({n} nuits).").format(
                    site=site, diff=signed(night.mean), n=night.n))
            if noon is not None and noon.mean is not None:
                parts.append(_("À midi : {diff} °C.").format(diff=signed(noon.mean)))
            self.heat.text.setText(" ".join(parts))
        else:
            self.heat.no_chart()
            self.heat.text.setText(_("Pas encore de températures pour ce site."))
        # Humidity after rain.
        self.humidity.title.setText(_("Humidité après la pluie"))
        if v.humidity is not None and v.humidity[0].mean is not None:
            after, other = v.humidity
            self.humidity.bars([_("24 h après la pluie"), _("autres heures")],
                               [after.mean, other.mean], [t.accent, t.text_muted],
                               lambda: _("écart (points de %)"),
                               [(t.accent, _("dans les 24 h après une pluie")),
                                (t.text_muted, _("le reste du temps"))])
            self.humidity.text.setText(_(
                "Écart d'humidité avec la référence : {after} points dans les 24 h après une "
                "pluie, {other} le reste du temps. (Pluie : air saturé, plus de 90 %, au moins "
                "deux heures à la référence.)").format(
                after=signed(after.mean), other=signed(other.mean or 0.0)))
        else:
            self.humidity.no_chart()
            self.humidity.text.setText(_("Pas encore d'épisode de pluie mesuré."))
        # Air quality by day of the week.
        q = _(AIR_LABELS.get(v.air_quantity or "", v.air_quantity or ""))
        self.week.title.setText(_("Qualité de l'air : semaine et week-end"))
        if v.week is not None and v.by_weekday:
            colours = [t.accent] * 5 + [t.ok] * 2
            quantity = v.air_quantity
            self.week.bars(weekdays(), v.by_weekday, colours, lambda: air_title(quantity),
                           [(t.accent, _("jours ouvrés")), (t.ok, _("week-end"))])
            change = percent_change(v.week.mean_a, v.week.mean_b)
            lack = missing_data(v.week, _("jours ouvrés"), _("week-ends ou jours fériés"))
            self.week.text.setText(_(
                "Moyenne journalière de {quantity} (µg/m³) : {change} % le week-end et les "
                "jours fériés par rapport aux jours ouvrés.").format(quantity=q, change=change)
                if lack is None else _("Moyenne journalière de {quantity} : pas encore de "
                                       "comparaison, {missing}.").format(quantity=q,
                                                                         missing=lack))
        else:
            self.week.no_chart()
            self.week.text.setText(_("Pas encore assez de jours mesurés."))
        self.school.title.setText(_("Vacances scolaires et périodes de classe"))
        lack = (missing_data(v.school, _("jours de classe"), _("jours de vacances scolaires"))
                if v.school is not None else None)
        if v.school is not None and lack is None:
            self.school.bars([_("période de classe"), _("vacances scolaires")],
                             [v.school.mean_a, v.school.mean_b], [t.accent, t.ok],
                             lambda q=v.air_quantity: air_title(q),
                             [(t.accent, _("jours de classe")),
                              (t.ok, _("jours de vacances scolaires"))])
            change = percent_change(v.school.mean_a, v.school.mean_b)
            self.school.text.setText(_(
                "Jours ouvrés seulement : {quantity} {change} % pendant les vacances "
                "scolaires (zone B).").format(quantity=q, change=change))
        else:
            self.school.no_chart()
            if v.air_quantity is not None and (v.school is None or v.school.unknown):
                lack = _("le calendrier des vacances scolaires ne couvre pas ces jours")
            self.school.text.setText(
                _("Pas encore de comparaison : {missing}.").format(missing=lack) if lack
                else _("Pas encore de jours de vacances scolaires mesurés."))
        if v.first_day is not None and v.last_day is not None:
            self.source.setText(_(
                "Du {first} au {last}. Jours fériés : Code du travail ; vacances : {source}.")
                .format(first=format_date(v.first_day, "long"),
                        last=format_date(v.last_day, "long"), source=v.school_source))

    def retranslate(self) -> None:
        self.demo_banner.setText(_("Données de démonstration : des valeurs générées, pas "
                                   "des mesures"))
        if self.view is None:
            self.heading.setText(_("Une année de mesures près d'ici"))
        else:
            self.redraw()


def _same(a, b) -> bool:
    """Two trends views with the same figures (dataclasses of numbers and dates)."""
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # something array-like inside: count it as changed
        return False
