"""Facilitator panel page: the territory and the parking spot (a trail stop, or coordinates).

Applied live through ctx.update_settings: nearest sites, agenda feeds and trail information
follow the new place. The trail stops are read from the sites content on a worker.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import _
from kiosk.core.sensors import territory
from kiosk.core.sensors.territory import SiteCatalog, TrailStop
from kiosk.core.settings import TERRITORIES, SettingsError
from kiosk.ui.context import UiContext
from kiosk.ui.screens.admin_pages.parts import message_label, not_saved, page_title, show_message
from kiosk.ui.staff_words import english
from kiosk.ui.widgets.layouts import clear_layout
from kiosk.ui.widgets.pin_pad import DECIMAL, ERASE, KeyPad
from kiosk.ui.widgets.scrolling import touch_scroll
from kiosk.ui.widgets.touch import TouchButton


def load_catalog(ctx: UiContext) -> SiteCatalog:
    """The sites content's trails and their stops (runs on a worker)."""
    return territory.load(ctx.paths.content_dir("sites"))


class TerritoryPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        t = ctx.theme
        col = QVBoxLayout(self)
        col.setSpacing(t.gap // 2)
        self.heading = page_title()
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setProperty("role", "muted")
        col.addWidget(self.heading)
        col.addWidget(self.current)
        row = QHBoxLayout()
        self.territory_group = QButtonGroup(self)
        self.territory_buttons: dict[str, TouchButton] = {}
        for code, terr in TERRITORIES.items():
            b = TouchButton(f"{code}\n{terr.name}", min_px=t.touch)
            b.setStyleSheet(f"font-size: {t.small}px; padding: 6px;")
            b.setObjectName(f"territory-{code}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, c=code: self.pick_territory(c))
            self.territory_group.addButton(b)
            self.territory_buttons[code] = b
            row.addWidget(b)
        col.addLayout(row)
        self.spot_title = QLabel()
        self.spot_title.setStyleSheet("font-weight: bold;")
        col.addWidget(self.spot_title)
        body = QHBoxLayout()
        left = QVBoxLayout()
        scroll = touch_scroll()
        self.stops_box = QWidget()
        self.stops_grid = QGridLayout(self.stops_box)
        self.stops_grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(self.stops_box)
        left.addWidget(scroll, 1)
        coords = QGridLayout()
        self.lat_label, self.lon_label = QLabel(), QLabel()
        self.lat_edit, self.lon_edit = QLineEdit(), QLineEdit()
        for i, (lbl, edit, name) in enumerate(((self.lat_label, self.lat_edit, "latitude"),
                                               (self.lon_label, self.lon_edit, "longitude"))):
            edit.setObjectName(name)
            edit.setMinimumHeight(t.touch)
            edit.setStyleSheet(f"font-size: {t.body}px;")
            edit.textEdited.connect(self._on_coords_typed)
            coords.addWidget(lbl, i, 0)
            coords.addWidget(edit, i, 1)
        self.default_button = TouchButton(min_px=t.touch)
        self.default_button.setObjectName("default-spot")
        self.default_button.clicked.connect(self.use_default_spot)
        coords.addWidget(self.default_button, 2, 0, 1, 2)
        left.addLayout(coords)
        body.addLayout(left, 1)
        self.keypad = KeyPad(t, DECIMAL)
        self.keypad.pressed.connect(self._on_key)
        body.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignTop)
        col.addLayout(body, 1)
        self.apply_button = TouchButton(min_px=t.touch, role="primary")
        self.apply_button.setObjectName("apply-territory")
        self.apply_button.clicked.connect(self.apply)
        self.message = message_label(t)
        col.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addWidget(self.message)
        self.catalog = SiteCatalog()
        self.stops_loaded = False
        self.stop_buttons: dict[str, TouchButton] = {}
        self.stop_group = QButtonGroup(self)
        self.territory = ctx.settings.kiosk.territory
        self.stop_id = ctx.settings.kiosk.parking_stop
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Territoire et point de stationnement"))
        self.spot_title.setText(_("Point de stationnement : un arrêt du sentier, ou des "
                                  "coordonnées"))
        self.lat_label.setText(_("Latitude"))
        self.lon_label.setText(_("Longitude"))
        self.default_button.setText(_("Point par défaut du territoire"))
        self.apply_button.setText(_("Appliquer"))
        self.keypad.retranslate()
        self._show_current()

    def _show_current(self) -> None:
        k = self.ctx.settings.kiosk
        spot = k.parking_stop or f"{k.latitude:.5f}, {k.longitude:.5f}"
        self.current.setText(_("En service : {territory} — {spot}").format(
            territory=TERRITORIES[k.territory].name, spot=spot))

    def activate(self) -> None:
        k = self.ctx.settings.kiosk
        self.territory, self.stop_id = k.territory, k.parking_stop
        self.lat_edit.setText(f"{k.latitude:.5f}")
        self.lon_edit.setText(f"{k.longitude:.5f}")
        self.message.setText("")
        self._show_current()
        self.stops_loaded = False
        self._fill_stops()
        self.ctx.tasks.run(load_catalog, self.ctx, on_done=self._on_stops,
                           on_error=self._on_stops_error, key="admin-stops")

    def _on_stops(self, catalog: SiteCatalog) -> None:
        self.catalog = catalog
        self.stops_loaded = True
        self._fill_stops()

    def _on_stops_error(self, exc: BaseException) -> None:
        self.catalog = SiteCatalog()
        self.stops_loaded = True
        self.ctx.problems.report("sites", "trail stops", str(exc))
        self._fill_stops()

    def _fill_stops(self) -> None:
        self.territory_buttons[self.territory].setChecked(True)
        clear_layout(self.stops_grid, self._forget_stop_button)
        self.stop_buttons = {}
        stops = self.catalog.trail_stops(self.territory)
        if not stops:
            note = QLabel(_("Aucun arrêt de sentier connu pour ce territoire : entrez des "
                            "coordonnées."))
            note.setWordWrap(True)
            note.setProperty("role", "muted")
            self.stops_grid.addWidget(note, 0, 0)
            return
        for i, stop in enumerate(stops):
            trail = self.catalog.trails.get(stop.trail)
            b = TouchButton(f"{stop.name} · {trail.name if trail else stop.trail}",
                            min_px=self.ctx.theme.touch)
            b.setStyleSheet(f"font-size: {self.ctx.theme.small}px; text-align: left;")
            b.setObjectName(f"stop-{stop.id}")
            b.setCheckable(True)
            b.setChecked(stop.id == self.stop_id)
            b.clicked.connect(lambda _=False, s=stop: self.pick_stop(s))
            self.stop_group.addButton(b)
            self.stop_buttons[stop.id] = b
            self.stops_grid.addWidget(b, i, 0)

    def pick_territory(self, code: str) -> None:
        if code != self.territory:
            self.territory = code
            self.stop_id = ""
            self.use_default_spot()
        self._fill_stops()

    def _forget_stop_button(self, w: QWidget) -> None:
        if isinstance(w, TouchButton):
            self.stop_group.removeButton(w)

    def pick_stop(self, stop: TrailStop) -> None:
        self.stop_id = stop.id
        self.lat_edit.setText(f"{stop.latitude:.5f}")
        self.lon_edit.setText(f"{stop.longitude:.5f}")

    def use_default_spot(self) -> None:
        terr = TERRITORIES[self.territory]
        self.stop_id = ""
        self.lat_edit.setText(f"{terr.latitude:.5f}")
        self.lon_edit.setText(f"{terr.longitude:.5f}")
        self._uncheck_stops()

    def _uncheck_stops(self) -> None:
        self.stop_group.setExclusive(False)
        for b in self.stop_buttons.values():
            b.setChecked(False)
        self.stop_group.setExclusive(True)

    def _on_coords_typed(self, _text: str = "") -> None:
        self.stop_id = ""
        self._uncheck_stops()

    def _on_key(self, key: str) -> None:
        focus = QApplication.focusWidget()
        edit = focus if focus in (self.lat_edit, self.lon_edit) else self.lat_edit
        if key == ERASE:
            edit.backspace()
        else:
            edit.insert(key)
        self._on_coords_typed()

    def apply(self) -> None:
        try:
            lat, lon = float(self.lat_edit.text()), float(self.lon_edit.text())
        except ValueError:
            show_message(self.message, _("Coordonnées illisibles : des nombres comme 43.29650 "
                                         "et 5.36980."), self.ctx.theme, error=True)
            return
        s = self.ctx.settings
        kiosk = replace(s.kiosk, territory=self.territory, parking_stop=self.stop_id,
                        latitude=lat, longitude=lon)
        try:
            self.ctx.update_settings(replace(s, kiosk=kiosk),
                                     on_not_saved=not_saved(self.message, self.ctx.theme))
        except SettingsError as e:
            show_message(self.message, _("Non appliqué : {reason}").format(reason=english(str(e))),
                         self.ctx.theme, error=True)
            return
        self._show_current()
        show_message(self.message, _("Appliqué. Les sites proches, l'agenda et le sentier "
                                     "suivent le nouveau lieu."), self.ctx.theme)

