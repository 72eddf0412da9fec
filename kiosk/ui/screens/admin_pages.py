"""Pages of the facilitator panel: territory and parking spot, journal, PIN change.

Each page reads and writes through the context: settings changes go through
ctx.update_settings (persisted, then every listener reconfigures live: nearest sites, agenda
feeds, trail information); disk and database work runs on ctx.tasks workers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import i18n, system
from kiosk.core.i18n import _
from kiosk.core.pin import hash_pin, valid_pin
from kiosk.core.settings import TERRITORIES, SettingsError
from kiosk.ui.context import UiContext
from kiosk.ui.widgets.layouts import clear_layout
from kiosk.ui.widgets.pin_pad import DECIMAL, ERASE, KeyPad, PinPad
from kiosk.ui.widgets.stats_plots import StatsPlots
from kiosk.ui.widgets.touch import TouchButton


def _title(text: str = "") -> QLabel:
    lbl = QLabel(text)
    lbl.setProperty("role", "title")
    return lbl


def _message(theme) -> QLabel:
    lbl = QLabel()
    lbl.setWordWrap(True)
    lbl.setMinimumHeight(theme.body * 2)
    return lbl


def _show(label: QLabel, text: str, theme, *, error: bool = False) -> None:
    label.setText(text)
    label.setStyleSheet(f"color: {theme.danger}; font-weight: bold;" if error else
                        f"color: {theme.ok}; font-weight: bold;")


# --- territory and parking spot ---------------------------------------------------------------
@dataclass(frozen=True)
class Stop:
    id: str
    name: str
    trail: str
    latitude: float
    longitude: float


def load_stops(ctx: UiContext) -> dict[str, list[Stop]]:
    """Trail stops per territory from the sites content (kiosk.core.territory, when that
    module is part of this build). Runs on a worker."""
    try:
        from kiosk.core import territory
    except ImportError:
        return {}
    catalog = territory.load(ctx.paths.content_dir("sites"))
    names = getattr(catalog, "trails", {})
    return {code: [Stop(s.id, s.name, names.get(s.trail, s.trail), s.latitude, s.longitude)
                   for s in catalog.trail_stops(code)] for code in TERRITORIES}


class TerritoryPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        t = ctx.theme
        col = QVBoxLayout(self)
        col.setSpacing(t.gap // 2)
        self.heading = _title()
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
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
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
        self.message = _message(t)
        col.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addWidget(self.message)
        self.stops: dict[str, list[Stop]] = {}
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
        self.ctx.tasks.run(load_stops, self.ctx, on_done=self._on_stops,
                           on_error=self._on_stops_error, key="admin-stops")

    def _on_stops(self, stops: dict[str, list[Stop]]) -> None:
        self.stops = stops
        self.stops_loaded = True
        self._fill_stops()

    def _on_stops_error(self, exc: BaseException) -> None:
        self.stops = {}
        self.stops_loaded = True
        self.ctx.problems.report("sites", "trail stops", str(exc))
        self._fill_stops()

    def _fill_stops(self) -> None:
        self.territory_buttons[self.territory].setChecked(True)
        clear_layout(self.stops_grid, self._forget_stop_button)
        self.stop_buttons = {}
        stops = self.stops.get(self.territory, [])
        if not stops:
            note = QLabel(_("Aucun arrêt de sentier connu pour ce territoire : entrez des "
                            "coordonnées."))
            note.setWordWrap(True)
            note.setProperty("role", "muted")
            self.stops_grid.addWidget(note, 0, 0)
            return
        for i, stop in enumerate(stops):
            b = TouchButton(f"{stop.name} · {stop.trail}", min_px=self.ctx.theme.touch)
            b.setStyleSheet(f"font-size: {self.ctx.theme.small}px; text-align: left;")
            b.setObjectName(f"stop-{stop.id}")
            b.setCheckable(True)
            b.setChecked(stop.id == self.stop_id)
            b.clicked.connect(lambda _=False, s=stop: self.pick_stop(s))
            self.stop_group.addButton(b)
            self.stop_buttons[stop.id] = b
            self.stops_grid.addWidget(b, i, 0)

    def _forget_stop_button(self, w: QWidget) -> None:
        if isinstance(w, TouchButton):
            self.stop_group.removeButton(w)

    def pick_territory(self, code: str) -> None:
        if code != self.territory:
            self.territory = code
            self.stop_id = ""
            self.use_default_spot()
        self._fill_stops()

    def pick_stop(self, stop: Stop) -> None:
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
            _show(self.message, _("Coordonnées illisibles : des nombres comme 43.29650 et "
                                  "5.36980."), self.ctx.theme, error=True)
            return
        s = self.ctx.settings
        kiosk = replace(s.kiosk, territory=self.territory, parking_stop=self.stop_id,
                        latitude=lat, longitude=lon)
        try:
            self.ctx.update_settings(replace(s, kiosk=kiosk))
        except (SettingsError, OSError) as e:
            _show(self.message, _("Non appliqué : {reason}").format(reason=e), self.ctx.theme,
                  error=True)
            return
        self._show_current()
        _show(self.message, _("Appliqué. Les sites proches, l'agenda et le sentier suivent "
                              "le nouveau lieu."), self.ctx.theme)


# --- journal: statistics, end question, USB export ----------------------------------------------
def load_stats(ctx: UiContext) -> dict[str, Any] | None:
    from kiosk.core.journal.stats import compute

    if ctx.journal is not None:
        ctx.journal.flush(timeout=5)
    if not ctx.paths.journal_db.exists():
        return None
    return compute(ctx.paths.journal_db)


def export_to(ctx: UiContext, volume: str) -> tuple[int, Path]:
    from kiosk.core.journal.export import export_csv

    if ctx.journal is not None:
        ctx.journal.flush(timeout=5)
    out = Path(volume) / f"journal-{dt.datetime.now():%Y%m%d-%H%M%S}.csv"
    return export_csv(ctx.paths.journal_db, out, cancelled=ctx.tasks.cancelled), out


def find_volumes(ctx: UiContext) -> list[system.Volume]:
    roots = ctx.settings.journal.usb_roots
    return system.usb_volumes([Path(r) for r in roots] if roots else None)


class JournalPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        t = ctx.theme
        col = QVBoxLayout(self)
        col.setSpacing(t.gap // 2)
        self.heading = _title()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        col.addWidget(self.heading)
        col.addWidget(self.summary)
        self.plots = StatsPlots(t)
        col.addWidget(self.plots, 1)
        self.question_button = TouchButton(min_px=t.touch)
        self.question_button.setObjectName("end-question-switch")
        self.question_button.setCheckable(True)
        self.question_button.clicked.connect(self.toggle_end_question)
        col.addWidget(self.question_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.usb_title = QLabel()
        self.usb_title.setStyleSheet("font-weight: bold;")
        self.usb_row = QHBoxLayout()
        self.usb_row.addWidget(self.usb_title)
        self.scan_button = TouchButton(min_px=t.touch)
        self.scan_button.setObjectName("usb-scan")
        self.scan_button.clicked.connect(self.scan)
        self.usb_row.addWidget(self.scan_button)
        self.volume_buttons: list[TouchButton] = []
        self.usb_row.addStretch(1)
        col.addLayout(self.usb_row)
        self.message = _message(t)
        col.addWidget(self.message)
        self.stats: dict[str, Any] | None = None
        self.volumes: list[system.Volume] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Journal des visites"))
        self.usb_title.setText(_("Exporter le journal sur une clé USB (CSV)"))
        self.scan_button.setText(_("Chercher les clés"))
        self.question_button.setChecked(self.ctx.settings.journal.end_question)
        self.question_button.setText(
            _("Question de fin de visite : activée") if self.ctx.settings.journal.end_question
            else _("Question de fin de visite : désactivée"))
        self._show_summary()
        self._show_volumes()
        self.plots.retranslate()

    def activate(self) -> None:
        self.message.setText("")
        self.retranslate()
        self.ctx.tasks.run(load_stats, self.ctx, on_done=self.show_stats,
                           on_error=self._on_stats_error, key="admin-stats", pool="db")
        self.scan()

    def show_stats(self, stats: dict[str, Any] | None) -> None:
        self.stats = stats
        self._show_summary()
        if stats is not None:
            self.plots.show_stats(stats)

    def _on_stats_error(self, exc: BaseException) -> None:
        self.ctx.problems.report("journal", "stats", str(exc))
        _show(self.message, _("Statistiques indisponibles : {reason}").format(reason=exc),
              self.ctx.theme, error=True)

    def _show_summary(self) -> None:
        s = self.stats
        if not s:
            self.summary.setText(_("Aucune visite enregistrée pour l'instant."))
            return
        median = s.get("median_session_seconds")
        rate = s["quiz"]["success_rate"]
        parts = [i18n.ngettext("{n} visite", "{n} visites", s["sessions"]).format(
                     n=s["sessions"]),
                 _("durée médiane {m}").format(
                     m=_("{n} s").format(n=round(median)) if median is not None else "—"),
                 _("quiz réussis {p}").format(
                     p=f"{round(rate * 100)} %" if rate is not None else "—")]
        self.summary.setText(" · ".join(parts))

    def toggle_end_question(self) -> None:
        s = self.ctx.settings
        new = replace(s, journal=replace(s.journal, end_question=not s.journal.end_question))
        try:
            self.ctx.update_settings(new)
        except (SettingsError, OSError) as e:
            _show(self.message, _("Non appliqué : {reason}").format(reason=e), self.ctx.theme,
                  error=True)
        self.retranslate()

    def scan(self) -> None:
        self.scan_button.setEnabled(False)
        self.ctx.tasks.run(find_volumes, self.ctx, on_done=self._on_volumes,
                           on_error=self._on_volumes_error, key="admin-usb")

    def _on_volumes(self, volumes: list[system.Volume]) -> None:
        self.scan_button.setEnabled(True)
        self.volumes = volumes
        self._show_volumes()

    def _on_volumes_error(self, exc: BaseException) -> None:
        self.scan_button.setEnabled(True)
        self.volumes = []
        self._show_volumes()

    def _show_volumes(self) -> None:
        for b in self.volume_buttons:
            self.usb_row.removeWidget(b)
            b.deleteLater()
        self.volume_buttons = []
        for i, v in enumerate(self.volumes):
            b = TouchButton(_("Exporter vers « {label} »").format(label=v.label),
                            min_px=self.ctx.theme.touch, role="primary")
            b.setObjectName(f"usb-export-{i}")
            b.clicked.connect(lambda _=False, vol=v: self.export(vol))
            self.usb_row.insertWidget(2 + i, b)
            self.volume_buttons.append(b)
        if not self.volumes and not self.message.text():
            self.message.setText(_("Aucune clé USB trouvée. Branchez une clé puis touchez "
                                   "« Chercher les clés »."))
            self.message.setStyleSheet("")

    def export(self, volume: system.Volume) -> None:
        for b in self.volume_buttons:
            b.setEnabled(False)
        self.message.setText(_("Export en cours…"))
        self.message.setStyleSheet("")
        self.ctx.tasks.run(export_to, self.ctx, volume.path, on_done=self._on_exported,
                           on_error=self._on_export_error, key="admin-export")

    def _on_exported(self, result: tuple[int, Path]) -> None:
        n, out = result
        for b in self.volume_buttons:
            b.setEnabled(True)
        _show(self.message, i18n.ngettext(
            "{n} événement exporté dans {file}. Vous pouvez retirer la clé.",
            "{n} événements exportés dans {file}. Vous pouvez retirer la clé.", n).format(
            n=n, file=out.name), self.ctx.theme)

    def _on_export_error(self, exc: BaseException) -> None:
        for b in self.volume_buttons:
            b.setEnabled(True)
        reason = getattr(exc, "strerror", None) or str(exc)
        _show(self.message, _("L'export a échoué (clé retirée ou pleine ?) : {reason}. "
                              "Rien n'est perdu : le journal reste sur le kiosque.").format(
            reason=reason), self.ctx.theme, error=True)
        self.scan()


# --- PIN change -----------------------------------------------------------------------------------
class PinPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        col = QVBoxLayout(self)
        self.heading = _title()
        col.addWidget(self.heading)
        self.pad = PinPad(ctx.theme)
        self.pad.setObjectName("new-pin")
        self.pad.submitted.connect(self.on_submitted)
        col.addWidget(self.pad, 1, Qt.AlignmentFlag.AlignHCenter)
        self._first: str | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Changer le code PIN"))
        self._prompt()

    def _prompt(self) -> None:
        self.pad.set_prompt(_("Confirmez le nouveau code") if self._first
                            else _("Nouveau code (4 à 8 chiffres)"))

    def restart(self) -> None:
        self._first = None
        self.pad.clear()
        self.pad.set_message("")
        self._prompt()

    def activate(self) -> None:
        self.restart()

    def on_submitted(self, code: str) -> None:
        if self._first is None:
            if not valid_pin(code):
                self.pad.set_message(_("Un code PIN a de 4 à 8 chiffres."), error=True)
                return
            self._first = code
            self.pad.set_message("")
            self._prompt()
            return
        first, self._first = self._first, None
        self._prompt()
        if code != first:
            self.pad.set_message(_("Les deux codes diffèrent : recommencez."), error=True)
            return
        self.pad.set_keys_enabled(False)
        self.pad.set_message(_("Enregistrement…"))
        self.ctx.tasks.run(hash_pin, code, on_done=self._on_hashed, on_error=self._on_error,
                           key="admin-pin")

    def _on_hashed(self, stored: str) -> None:
        self.pad.set_keys_enabled(True)
        s = self.ctx.settings
        try:
            self.ctx.update_settings(replace(s, admin=replace(s.admin, pin_hash=stored)))
        except (SettingsError, OSError) as e:
            self._on_error(e)
            return
        self.pad.set_message(_("Code PIN changé."))
        self.pad.message.setStyleSheet(f"color: {self.ctx.theme.ok}; font-weight: bold;")

    def _on_error(self, exc: BaseException) -> None:
        self.pad.set_keys_enabled(True)
        self.pad.set_message(_("Le code n'a pas été changé : {reason}").format(reason=exc),
                             error=True)
