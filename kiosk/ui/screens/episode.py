"""The page that explains the episode in progress, with the live graph of what is measured.

Reached from the banner of attract or home (kiosk.ui.widgets.episode_banner); it leads on to
the matching exhibit module. When the episode has ended by the time the visitor arrives, it
says so and still offers the module.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from kiosk.core.exhibits import Exhibition
from kiosk.core.i18n import N_, _, current_language, format_relative
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.episode_banner import HEADLINES, HEAT_DETAIL, LEVELS, figure
from kiosk.ui.widgets.touch import TouchButton

if TYPE_CHECKING:
    from kiosk.ui.widgets.sensor_embed import SensorEmbed


EXPLANATIONS = {
    "o3": N_("L'ozone n'est pas rejeté directement : il se forme en été, quand le soleil fait "
             "réagir entre eux les gaz des moteurs, des industries et des solvants. Il culmine "
             "l'après-midi et irrite les yeux et les poumons. Pendant l'épisode, évitez les "
             "efforts physiques intenses aux heures chaudes."),
    "pm10": N_("Les particules viennent du chauffage au bois, du trafic, des chantiers et des "
               "brûlages. Par temps calme et froid, elles restent près du sol et "
               "s'accumulent. Pendant l'épisode, limitez les efforts intenses et ne brûlez pas "
               "de déchets verts."),
    "no2": N_("Le dioxyde d'azote vient surtout du trafic routier. Il irrite les voies "
              "respiratoires. Pendant l'épisode, préférez les rues calmes et les parcs aux "
              "grands axes, et la marche, le vélo ou les transports en commun à la voiture."),
    "heat": N_("Pendant une canicule, la ville ne se rafraîchit pas la nuit : le béton et "
               "l'asphalte rendent la chaleur du jour, c'est l'îlot de chaleur urbain. Les "
               "parcs, les arbres et l'eau rafraîchissent. Buvez de l'eau, cherchez l'ombre et "
               "prenez des nouvelles des personnes fragiles."),
}


class EpisodeScreen(Screen):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        col = QVBoxLayout(self)
        col.setContentsMargins(t.margin, t.gap, t.margin, t.margin)
        col.setSpacing(t.gap)
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.figure = QLabel()
        self.figure.setObjectName("episode-figure")
        self.figure.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.source = QLabel()
        self.source.setProperty("role", "muted")
        self.source.setWordWrap(True)
        for w in (self.heading, self.figure, self.text, self.source):
            col.addWidget(w)
        self.graph_box = QVBoxLayout()
        col.addLayout(self.graph_box, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.module_button = TouchButton(min_px=t.touch)
        self.module_button.setObjectName("episode-module")
        self.module_button.clicked.connect(self._open_module)
        row.addWidget(self.module_button)
        col.addLayout(row)
        self.graph: SensorEmbed | None = None
        self._graph_key: tuple | None = None
        self.episode = None
        self.module_id = ""
        watch = ctx.conditions
        if watch is not None:
            watch.changed.connect(self._on_changed)

    def title(self) -> str:
        return _("Épisode en cours")

    def enter(self, arg: str | None) -> None:
        self._fill()

    def _on_changed(self) -> None:
        if self.isVisible():
            self._fill()

    def _fill(self) -> None:
        watch = self.ctx.conditions
        c = watch.current if watch is not None else None
        self.episode = c.episode if c is not None else None
        e = self.episode
        if c is None or e is None:
            self.heading.setText(_("L'épisode est terminé"))
            self.figure.setText(_("Les dernières mesures près d'ici sont repassées sous les "
                                  "seuils."))
            self.text.setText("")
            self.source.setText("")
            self.module_id = (c.module_first if c is not None else None) or "air-quality"
        else:
            self.module_id = e.module
            self.heading.setText(_(HEADLINES[e.kind]))
            if e.kind == "heat":
                detail = _(HEAT_DETAIL).format(
                    site=e.site_name, night=figure(e.value, e.unit),
                    day=figure(e.day_value or 0.0, e.unit),
                    night_threshold=figure(e.threshold, e.unit),
                    day_threshold=figure(e.day_threshold or 0.0, e.unit))
            else:
                detail = _(LEVELS[e.level]).format(value=figure(e.value, e.unit),
                                                    site=e.site_name,
                                                    threshold=figure(e.threshold, e.unit))
            age = dt.timedelta(seconds=max(0.0, c.now - e.measured_at))
            self.figure.setText(f"<b>{detail}</b> — " + _("mesuré {ago}").format(
                ago=format_relative(age)))
            self.text.setText(_(EXPLANATIONS[e.kind]))
            rules = self.ctx.sensors.episode_rules if self.ctx.sensors is not None else None
            source = rules.sources.get(e.source) if rules is not None else None
            self.source.setText(_("Seuil fixé par : {source}").format(
                source=source.title if source is not None else e.source))
            self._show_graph(e.quantity, e.site_id)
        self.module_button.setText(_("Découvrir le module : {module}").format(
            module=self._module_title()))

    def _show_graph(self, quantity: str, site_id: str) -> None:
        key = (quantity, site_id, current_language())
        if key == self._graph_key:
            return
        from kiosk.ui.widgets.sensor_embed import SensorEmbed

        if self.graph is not None:
            self.graph.deleteLater()
        self.graph = SensorEmbed(self.ctx, quantity, site_id)
        self.graph_box.addWidget(self.graph)
        self._graph_key = key

    def _module_title(self) -> str:
        ex = self.ctx.exhibits.content if self.ctx.exhibits is not None else None
        module = ex.module(self.module_id) if isinstance(ex, Exhibition) else None
        return module.title.get(current_language()) if module else self.module_id

    def _open_module(self) -> None:
        self.go.emit(f"exhibit:{self.module_id}")

    def retranslate(self) -> None:
        if self.isVisible():
            self._fill()

    def reset(self) -> None:
        if self.graph is not None:
            self.graph.deleteLater()
            self.graph = None
            self._graph_key = None
