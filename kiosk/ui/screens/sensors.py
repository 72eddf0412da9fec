"""Live data: the nearest sites, their values coloured by the air-quality indices, and a graph
of each site against its reference station.

Data comes from `ctx.sensors` (kiosk.core.sensors.service) through ctx.tasks, never on the GUI
thread. Every value carries its own age (from the stored observation time) and source class;
generated demonstration data is labelled as such everywhere it appears.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import N_, _, format_number
from kiosk.core.sensors import bands
from kiosk.core.sensors.territory import format_distance
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.freshness import FreshnessBadge, SourceBadge
from kiosk.ui.widgets.sensor_embed import DAY, GraphWindow, quantity_label
from kiosk.ui.widgets.touch import TouchButton

SHORT_LABELS = {"pm25": N_("PM2,5"), "pm10": "PM10", "pm1": "PM1", "no2": "NO₂", "o3": "O₃",
                "temperature": N_("Température"), "humidity": N_("Humidité")}
DIGITS = {"temperature": 1}
MAX_TILES = 4


def value_text(quantity: str, value: float, unit: str) -> str:
    return _("{value} {unit}").format(value=format_number(value, DIGITS.get(quantity, 0)),
                                      unit=unit)


class ValueTile(QFrame):
    """One value: the quantity, the number, its levels in both indices, raw vs corrected and
    its freshness. The left edge takes the ATMO colour (grey when stale)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("value-tile")
        t = ctx.theme
        col = QVBoxLayout(self)
        col.setContentsMargins(t.gap // 2 + 12, 4, 4, 4)
        col.setSpacing(0)
        self.name = QLabel()
        self.value = QLabel()
        self.value.setStyleSheet(f"font-size: {t.body + 8}px; font-weight: bold;")
        self.levels = QLabel()
        self.freshness = FreshnessBadge(t)
        fresh_row = QHBoxLayout()
        fresh_row.setContentsMargins(0, 4, 0, 0)
        fresh_row.addWidget(self.freshness)
        fresh_row.addStretch(1)
        for w in (self.name, self.value, self.levels):
            col.addWidget(w)
        col.addLayout(fresh_row)
        col.addStretch(1)
        self.reading = None

    def show_reading(self, reading, now: float, online: bool | None) -> None:
        self.reading = reading
        t = self.ctx.theme
        stale = reading.stale(now)
        name = _(SHORT_LABELS.get(reading.quantity, reading.quantity))
        if reading.raw is not None and reading.quality == "corrected":
            name = _("{name} · brut {raw}").format(
                name=name, raw=format_number(reading.raw, DIGITS.get(reading.quantity, 0)))
        elif reading.quality == "uncorrected":
            name = _("{name} · brut, non corrigé").format(name=name)
        elif reading.quality == "unvalidated":
            name = _("{name} · non validé").format(name=name)
        if reading.filled_from:
            name = _("{name} · station de réf.").format(name=name)
        self.name.setText(name)
        self.value.setText(value_text(reading.quantity, reading.value, reading.unit))
        levels = bands.rate(reading.quantity, reading.value)
        atmo, eaqi = levels.get("atmo"), levels.get("eaqi")
        if atmo is not None and eaqi is not None:
            self.levels.setText(_("ATMO : {atmo}\nUE : {eaqi}").format(
                atmo=_(atmo.label), eaqi=_(eaqi.label)))
            self.levels.show()
        else:
            self.levels.hide()
        edge = t.stale if stale or atmo is None else atmo.colour
        self.setStyleSheet(
            f"QFrame#value-tile {{ background: {t.surface_alt}; border-radius: 10px;"
            f" border-left: 14px solid {edge}; }}"
            + (f" QFrame#value-tile QLabel {{ color: {t.stale}; }}" if stale else ""))
        self.freshness.update_state(reading.time, now, limit_s=reading.limit_s, online=online,
                                    demo=reading.demo)


class SiteCard(QFrame):
    """A nearest site: name, distance and direction, source class, up to four values.

    Signals:
        clicked(): a tap selects this site for the graph.
    """

    clicked = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setProperty("role", "card")
        self.setObjectName("site-card")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(ctx.theme.touch)
        t = ctx.theme
        col = QVBoxLayout(self)
        col.setContentsMargins(t.gap // 2, t.gap // 2, t.gap // 2, t.gap // 2)
        col.setSpacing(6)
        self.name = QLabel()
        self.name.setStyleSheet(f"font-size: {t.body + 4}px; font-weight: bold;")
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {t.warning};")
        self.source = SourceBadge(t)
        # Large text: name, then distance and badge on a second row, tiles two by two.
        roomy = t.body > 30
        head = QHBoxLayout()
        head.setSpacing(t.gap // 2)
        head.addWidget(self.name)
        if roomy:
            self.name.setWordWrap(True)
            col.addLayout(head)
            head = QHBoxLayout()
        head.addWidget(self.where, 1)
        head.addWidget(self.source)
        col.addLayout(head)
        col.addWidget(self.note)
        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        col.addLayout(self.grid, 1)
        self.tiles = [ValueTile(ctx) for _ in range(MAX_TILES)]
        per_row = 2 if roomy else MAX_TILES
        for i, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, i // per_row, i % per_row)
        for i in range(per_row):
            self.grid.setColumnStretch(i, 1)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        col.addWidget(self.empty)
        self.panel = None

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().mouseReleaseEvent(event)
        if self.rect().contains(event.position().toPoint()):
            self.clicked.emit()

    def set_selected(self, selected: bool) -> None:
        t = self.ctx.theme
        border = f"4px solid {t.accent}" if selected else "4px solid transparent"
        self.setStyleSheet(f"QFrame#site-card {{ border: {border}; }}")

    def show_panel(self, panel, now: float, online: bool | None) -> None:
        self.panel = panel
        site = panel.site
        self.name.setText(site.name)
        self.where.setText(_("{distance}, {direction}").format(
            distance=format_distance(panel.nearby.distance_m),
            direction=_(panel.nearby.direction)))
        self.setAccessibleName(panel.nearby.describe())
        self.source.set_source(site.source_class)
        if panel.nearby.replaces is not None:
            self.note.setText(_("Le micro-capteur « {name} » ne transmet plus : voici la "
                                "station de référence la plus proche.").format(
                name=panel.nearby.replaces.name))
            self.note.show()
        elif panel.filled:
            # The reference fills only what the site does not measure: say which and whose.
            self.note.setText(_("{quantities} : mesuré par la station de référence "
                                "« {name} », pas par ce site.").format(
                quantities=", ".join(_(SHORT_LABELS.get(q, q)) for q in panel.filled),
                name=panel.readings[panel.filled[0]].filled_from))
            self.note.show()
        else:
            self.note.hide()
        readings = list(panel.readings.values())[:MAX_TILES]
        for tile, reading in zip(self.tiles, readings + [None] * MAX_TILES, strict=False):
            if reading is None:
                tile.hide()
            else:
                tile.show_reading(reading, now, online)
                tile.show()
        self.empty.setVisible(not readings)
        self.empty.setText(_("Aucune mesure reçue de ce site pour le moment."))


class Explainer(QFrame):
    """"Pourquoi cette couleur ?": both index tables for a quantity, with versions and
    sources, and what raw and corrected mean."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        t = ctx.theme
        self.setObjectName("explainer")
        self.setStyleSheet(f"QFrame#explainer {{ background: {t.surface}; border: 4px solid "
                           f"{t.accent}; border-radius: {t.radius}px; }}")
        col = QVBoxLayout(self)
        col.setContentsMargins(t.gap, t.gap, t.gap, t.gap)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.close_button = TouchButton(min_px=t.touch, role="primary")
        self.close_button.setObjectName("explainer-close")
        self.close_button.clicked.connect(self.hide)
        col.addWidget(self.title)
        col.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.close_button)
        col.addLayout(row)
        self.quantity = "pm25"
        self.site, self.reading = "", None
        self.hide()

    def show_for(self, quantity: str, site: str = "", reading=None) -> None:
        self.quantity = quantity
        self.site, self.reading = site, reading
        self.retranslate()
        self.show()
        self.raise_()

    def retranslate(self) -> None:
        q = self.quantity
        self.title.setText(_("Pourquoi cette couleur ?"))
        self.close_button.setText(_("Fermer"))
        parts = [_("La couleur d'une valeur vient de deux barèmes officiels. Ils sont "
                   "calculés sur une journée ou une heure : appliqués à la dernière mesure, "
                   "ils donnent une indication, pas l'indice officiel du jour.")]
        for table in bands.CURRENT:
            rows = table.ranges(q)
            if len(rows) <= 1:
                continue
            cells = []
            for level, lower, upper in rows:
                span = (_("{lo} à {hi}").format(lo=format_number(lower, 0),
                                                hi=format_number(upper, 0))
                        if upper is not None else _("plus de {lo}").format(
                            lo=format_number(lower, 0)))
                ink = "#ffffff" if level.rank >= 5 else "#000000"  # dark cells, light text
                cells.append(f"<td style='background:{level.colour}; padding:4px 10px;"
                             f" color:{ink}'>{_(level.label)}<br>{span}</td>")
            source = _("Source : {source}").format(source=table.source)
            parts.append(f"<b>{_(table.name)} {table.version}</b> — "
                         f"{_(table.averaging.get(q, ''))} (µg/m³)"
                         f"<table cellspacing='4'><tr>{''.join(cells)}</tr></table>"
                         f"<i>{source}</i>")
        if len(parts) == 1:
            parts.append(_("Cette grandeur n'a pas de barème de qualité de l'air : elle est "
                           "montrée sans couleur."))
        r = self.reading
        levels = bands.rate(q, r.value) if r is not None else {}
        if r is not None and levels.get("atmo") is not None and levels.get("eaqi") is not None:
            parts.insert(1, "<b>" + _("{site} : {value}, soit « {atmo} » pour l'indice ATMO et "
                                      "« {eaqi} » pour l'indice européen.").format(
                site=self.site, value=value_text(q, r.value, r.unit),
                atmo=_(levels["atmo"].label), eaqi=_(levels["eaqi"].label)) + "</b>")
        parts.append(_("Les micro-capteurs comptent les particules avec un laser ; l'air "
                       "humide les fait surestimer. Leur valeur « corrigée » est recalée sur "
                       "la station de référence voisine ; la valeur « brute » est ce que le "
                       "capteur a mesuré."))
        self.text.setText("<p>" + "</p><p>".join(parts) + "</p>")


class SensorsScreen(GraphWindow, Screen):
    REFRESH_AGES_MS = 60_000

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        self.view = None
        self.selected = 0
        self.window_s = DAY
        self.plot = None
        col = QVBoxLayout(self)
        col.setContentsMargins(t.margin, t.gap, t.margin, t.gap)
        col.setSpacing(t.gap // 2)
        head = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold;")
        self.connection = FreshnessBadge(t)
        self.connection.setObjectName("connection")
        self.demo_banner = QLabel()
        self.demo_banner.setObjectName("demo-banner")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.setStyleSheet(f"QLabel#demo-banner {{ background: {t.warning};"
                                       f" color: {t.primary_text}; padding: 6px 16px;"
                                       f" border-radius: 8px; font-weight: bold; }}")
        self.demo_banner.hide()
        head.addWidget(self.heading)
        head.addWidget(self.demo_banner, 1)
        head.addStretch(0)
        head.addWidget(self.connection)
        col.addLayout(head)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("role", "title")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.addWidget(self.message)
        body = QHBoxLayout()
        body.setSpacing(t.gap)
        col.addLayout(body, 1)
        # The cards fill their column; with large text they may not fit, so the column
        # scrolls, by dragging as on a phone.
        self.scroll = QScrollArea()
        self.scroll.setObjectName("sensor-cards")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setStyleSheet("QScrollArea#sensor-cards, QWidget#sensor-cards-body"
                                  " { background: transparent; }")
        QScroller.grabGesture(self.scroll.viewport(),
                              QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        holder = QWidget()
        holder.setObjectName("sensor-cards-body")
        self.cards_row = QVBoxLayout(holder)
        self.cards_row.setContentsMargins(0, 0, 0, 0)
        self.cards_row.setSpacing(t.gap // 2)
        self.scroll.setWidget(holder)
        self.cards: list[SiteCard] = []
        body.addWidget(self.scroll, 3)
        # The graph area: the plot (created on first data) above its controls.
        right = QVBoxLayout()
        body.addLayout(right, 2)
        controls = QHBoxLayout()
        controls.setSpacing(8)
        self.day_button = TouchButton(min_px=t.touch)
        self.week_button = TouchButton(min_px=t.touch)
        self.zoom_in = TouchButton("+", min_px=t.touch)
        self.zoom_out = TouchButton("−", min_px=t.touch)
        self.why_button = TouchButton(min_px=t.touch, role="primary")
        for name, b in (("range-24h", self.day_button), ("range-7d", self.week_button),
                        ("zoom-in", self.zoom_in), ("zoom-out", self.zoom_out),
                        ("why", self.why_button)):
            b.setObjectName(name)
        for b in (self.day_button, self.week_button):
            b.setCheckable(True)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for b in (self.zoom_in, self.zoom_out):
            b.setFixedWidth(t.touch)
        self.day_button.setChecked(True)
        self.day_button.clicked.connect(lambda: self.set_window(DAY))
        self.week_button.clicked.connect(lambda: self.set_window(7 * DAY))
        self.zoom_in.clicked.connect(lambda: self.plot and self.plot.zoom(0.5))
        self.zoom_out.clicked.connect(lambda: self.plot and self.plot.zoom(2.0))
        self.why_button.clicked.connect(self.on_why)
        for w in (self.day_button, self.week_button, self.zoom_out, self.zoom_in):
            controls.addWidget(w)
        self.graph_title = QLabel()
        self.graph_title.setWordWrap(True)
        self.graph_title.setStyleSheet("font-weight: bold;")
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        right.addWidget(self.graph_title)
        right.addWidget(self.legend)
        self.plot_box = QVBoxLayout()
        right.addLayout(self.plot_box, 1)
        right.addLayout(controls)
        right.addWidget(self.why_button)
        self.explainer = Explainer(ctx, self)
        self.ages_timer = QTimer(self)
        self.ages_timer.setObjectName("sensor-ages")
        self.ages_timer.setInterval(self.REFRESH_AGES_MS)
        self.ages_timer.timeout.connect(self.render_ages)
        self._listening = False
        self._recorded: tuple[str, str] | None = None
        self.retranslate()

    # --- life cycle -------------------------------------------------------------------------
    def title(self) -> str:
        return _("Données en direct")

    def enter(self, arg: str | None) -> None:
        service = self.ctx.sensors
        if service is None:
            self.show_message(_("Les données des capteurs ne sont pas disponibles pour le "
                                "moment."))
            return
        if not self._listening:
            service.add_listener(self.refresh)
            self._listening = True
        self.load()
        self.ages_timer.start()

    def leave(self) -> None:
        self.ages_timer.stop()
        self.explainer.hide()
        self._recorded = None

    def reset(self) -> None:
        self.selected = 0
        self.set_window(DAY)
        self.explainer.hide()

    def refresh(self) -> None:
        """Ask the service for a new view, off the GUI thread (only while shown: `enter`
        refreshes anyway)."""
        service = self.ctx.sensors
        if service is None or not self.isVisible():
            return
        self.load()

    def load(self) -> None:
        service = self.ctx.sensors
        if self.view is None:
            self.show_message(_("Chargement des mesures…"))
        self.ctx.tasks.run(service.live, pool="net", key="sensors-live",
                           on_done=self.show_view, on_error=self.on_error)

    def on_error(self, error: BaseException) -> None:
        self.ctx.problems.report("sensors", "live view", f"{type(error).__name__}: {error}")
        if self.view is None:
            self.show_message(_("Les données des capteurs ne sont pas disponibles pour le "
                                "moment."))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # --- rendering --------------------------------------------------------------------------
    def show_view(self, view) -> None:
        self.view = view
        self.message.setVisible(not view.panels)
        if not view.panels:
            self.message.setText(_("Aucun site de mesure n'est connu sur ce territoire."))
        while len(self.cards) < len(view.panels):
            card = SiteCard(self.ctx)
            index = len(self.cards)
            card.clicked.connect(lambda i=index: self.select(i))
            self.cards.append(card)
            self.cards_row.addWidget(card, 1)
        for i, card in enumerate(self.cards):
            card.setVisible(i < len(view.panels))
        self.selected = min(self.selected, max(0, len(view.panels) - 1))
        self.render_ages()
        self.render_graph()

    def now(self) -> float:
        """The kiosk's trusted clock (never behind the last time seen) when there is one."""
        clock = self.ctx.clock
        return clock.now() if clock is not None else time.time()

    def render_ages(self) -> None:
        view = self.view
        if view is None:
            return
        now = max(self.now(), view.now)
        online = None if view.demo or self.ctx.sensors is None else self.ctx.sensors.online
        for card, panel in zip(self.cards, view.panels, strict=False):
            card.show_panel(panel, now, online)
            card.set_selected(card is self.cards[self.selected])
        self.demo_banner.setVisible(view.demo)
        newest = view.newest
        self.connection.update_state(newest, now, online=online, demo=view.demo)
        self.connection.setVisible(not view.demo)

    def select(self, index: int) -> None:
        if self.view is None or index >= len(self.view.panels):
            return
        self.selected = index
        for i, card in enumerate(self.cards):
            card.set_selected(i == index)
        self.render_graph()

    def render_graph(self) -> None:
        view = self.view
        if view is None or not view.panels:
            return
        panel = view.panels[self.selected]
        q = panel.graph_quantity
        if q is None or panel.site_series is None:
            self.graph_title.setText(_("Pas encore de courbe pour ce site."))
            self.legend.setText("")
            return
        from kiosk.ui.widgets.plots import Line, SeriesPlot

        if self.plot is None:
            self.plot = SeriesPlot(self.ctx.theme)
            self.plot_box.addWidget(self.plot)
        t = self.ctx.theme
        s, r = panel.site_series, panel.ref_series
        lines = [Line(panel.site.name, s.t, s.v, t.accent, "solid", s.period_seconds)]
        legend = [(t.accent, "━━", panel.site.name + (
            " (" + _("corrigé") + ")" if s.raw is not None else ""))]
        if s.raw is not None:
            lines.append(Line(_("brut"), s.t, s.raw, t.accent, "dot", s.period_seconds, 3))
            legend.append((t.accent, "┅┅", _("{name} (brut)").format(name=panel.site.name)))
        if r is not None and panel.reference is not None:
            lines.append(Line(panel.reference.name, r.t, r.v, t.text, "dash", r.period_seconds))
            legend.append((t.text, "╍╍", _("{name} (station de référence)").format(
                name=panel.reference.name)))
        table = bands.ATMO_2021 if q in bands.ATMO_2021.thresholds else None
        self.plot.set_lines(lines, bands=table, quantity=q)
        self.plot.show_last(self.window_s)
        if table is not None:
            swatch = "".join(f"<span style='color:{lv.colour}'>█</span>" for lv in table.levels)
            legend.append(("", swatch, _("fond : {index} {version}").format(
                index=_(table.name), version=table.version)))
        self.legend.setText("&nbsp;&nbsp;&nbsp;".join(
            (f"<span style='color:{c}; font-weight:bold'>{mark}</span> {label}" if c
             else f"{mark} {label}") for c, mark, label in legend))
        unit = next(iter(r.unit for r in panel.readings.values() if r.quantity == q), "")
        self.graph_title.setText(_("{quantity} ({unit}), moyennes horaires ; un trou = "
                                   "pas de mesure").format(quantity=quantity_label(q),
                                                           unit=unit))
        if view.demo:
            self.graph_title.setText(self.graph_title.text() + " — "
                                     + _("données de démonstration"))
        if self._recorded != (panel.site.id, q):
            self._recorded = (panel.site.id, q)
            self.ctx.record("sensor_view", site=panel.site.id, quantity=q)

    def on_why(self) -> None:
        q, site, reading = "pm25", "", None
        if self.view is not None and self.view.panels:
            panel = self.view.panels[self.selected]
            q = panel.graph_quantity or q
            site, reading = panel.site.name, panel.readings.get(q)
        margin = self.ctx.theme.margin
        self.explainer.setGeometry(self.rect().adjusted(margin * 2, margin, -margin * 2,
                                                        -margin))
        self.explainer.show_for(q, site, reading)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.explainer.isVisible():
            margin = self.ctx.theme.margin
            self.explainer.setGeometry(self.rect().adjusted(margin * 2, margin, -margin * 2,
                                                            -margin))

    def retranslate(self) -> None:
        territory = self.ctx.settings.territory.name
        self.heading.setText(_("Près d'ici — {territory}").format(territory=territory))
        self.demo_banner.setText(_("Données de démonstration : des valeurs générées, pas "
                                   "des mesures"))
        self.day_button.setText(_("24 h"))
        self.week_button.setText(_("7 jours"))
        self.why_button.setText(_("Pourquoi cette couleur ?"))
        self.zoom_in.setAccessibleName(_("Zoomer"))
        self.zoom_out.setAccessibleName(_("Dézoomer"))
        if self.explainer.isVisible():
            self.explainer.retranslate()
        if self.view is not None:
            self.render_ages()
            self.render_graph()
