"""Live data: the nearest sites, their values coloured by the air-quality indices, and a graph
of each site against its reference station.

Data comes from `ctx.sensors` (kiosk.core.sensors.service) through ctx.tasks, never on the GUI
thread. Every value carries its own age (from the stored observation time) and source class;
generated demonstration data is labelled as such everywhere it appears.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from kiosk.core.i18n import _
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.sensors_graph import GraphPanel
from kiosk.ui.screens.sensors_parts import Explainer, SiteCard
from kiosk.ui.widgets.freshness import FreshnessBadge
from kiosk.ui.widgets.scrolling import touch_scroll_column
from kiosk.ui.widgets.sensor_embed import DAY, GraphWindow


class SensorsScreen(GraphWindow, Screen):
    _graph_for: int | None = None  # the site whose graph is drawn
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
        # Portrait: the graph under the cards rather than beside them.
        body = QVBoxLayout() if t.portrait else QHBoxLayout()
        body.setSpacing(t.gap)
        col.addLayout(body, 1)
        # The cards fill their column; with large text they may not fit, so the column
        # scrolls, by dragging as on a phone.
        self.scroll_area, self.cards_row = touch_scroll_column("sensor-cards", t.gap // 2)
        self.cards: list[SiteCard] = []
        # Landscape: three fifths of the width for the graph and its legends, the tiles two
        # by two in the cards.
        body.addWidget(self.scroll_area, 3 if t.portrait else 2)
        # The graph area: the plot (created on first data), its legends and controls.
        self.graph = GraphPanel(ctx)
        body.addWidget(self.graph, 2 if t.portrait else 3)
        g = self.graph
        self.day_button, self.week_button = g.day_button, g.week_button
        self.zoom_in, self.zoom_out, self.why_button = g.zoom_in, g.zoom_out, g.why_button
        self.graph_title, self.graph_status, self.legend = g.title, g.status, g.lines
        self.day_button.clicked.connect(lambda: self.set_window(DAY))
        self.week_button.clicked.connect(lambda: self.set_window(7 * DAY))
        self.why_button.clicked.connect(self.on_why)
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

    def dispose(self) -> None:
        if self._listening and self.ctx.sensors is not None:
            self.ctx.sensors.remove_listener(self.refresh)
            self._listening = False

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
        if service is None:
            return
        if self.view is None:
            self.show_message(_("Chargement des mesures…"))
        if not service.is_open:  # its opening's notify_changed refreshes us
            return
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
        if (self.view is not None and len(self.cards) >= len(view.panels)
                and view_key(self.view) == view_key(view)):
            # Re-entering the screen, nothing new since it was drawn: only the ages move.
            # Redrawing the cards and the graph here landed on the visitor's tap.
            self.view = view
            self.render_ages()
            if self._graph_for != self.selected:  # reset() went back to the first site
                self.render_graph()
            else:
                self._record_view()
            return
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
        newest = max((p.newest for p in view.panels if not p.demo and p.newest is not None),
                     default=None)
        # The connection badge speaks for the real data on screen, if any is.
        all_demo = all(p.demo for p in view.panels) if view.panels else view.demo
        self.connection.update_state(newest, now, online=online, demo=all_demo)
        self.connection.setVisible(not all_demo)

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
        self._graph_for = self.selected
        if panel.graph_quantity is None or panel.site_series is None:
            self.graph.no_graph()
            return
        self.graph.draw(panel, max(self.now(), view.now), self.window_s)
        self.plot = self.graph.plot
        self._record_view()

    def _record_view(self) -> None:
        view = self.view
        if view is None or not view.panels:
            return
        panel = view.panels[self.selected]
        q = panel.graph_quantity
        if q is not None and panel.site_series is not None and self._recorded != (
                panel.site.id, q):
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

    def resizeEvent(self, event) -> None:
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
        self.graph.retranslate()
        if self.explainer.isVisible():
            self.explainer.retranslate()
        if self.view is not None:
            self.render_ages()
            self.render_graph()


def _series_key(s) -> tuple | None:
    if s is None:
        return None
    ends = (s.t[:1], s.t[-1:], s.v[-1:]) + ((s.raw[-1:],) if s.raw is not None else ())
    return (len(s.t), s.quantity, s.period_seconds, *(a.tobytes() for a in ends))


def view_key(view) -> tuple:
    """What the screen draws of a live view (readings, series ends), without the arrays."""
    return (view.territory, view.demo, tuple(
        (p.site.id, p.demo, p.graph_quantity, tuple(sorted(p.readings.items())),
         tuple(sorted(p.ref_readings.items())), p.reference.id if p.reference else None,
         _series_key(p.site_series), _series_key(p.ref_series))
        for p in view.panels))
