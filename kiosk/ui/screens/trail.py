"""The trail: the territory's trail as a schematic map (kiosk.ui.widgets.trail_map), "vous
êtes ici" at the parking spot, the demonstration sites on or near it with their distance and
direction, and a QR code to the trail's official page.

The view is computed by kiosk.core.sensors.trail off the GUI thread (the sites file may have
to be read). A territory or parking spot change reaches the sensors service, whose listeners
(this screen among them) are told: the map is drawn again for the new territory.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.i18n import _
from kiosk.core.sensors import trail as trail_core
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.sections import SECTIONS
from kiosk.ui.widgets.layouts import clear_layout
from kiosk.ui.widgets.qr import QrCode
from kiosk.ui.widgets.scrolling import touch_scroll_column
from kiosk.ui.widgets.touch import TouchButton
from kiosk.ui.widgets.trail_map import TrailMap


class SiteRow(QWidget):
    """One site of the list: its number on the map, its name, how far and which way."""

    def __init__(self, number: int, site: trail_core.TrailSite, ctx: UiContext) -> None:
        super().__init__()
        t = ctx.theme
        self.site = site
        self.setObjectName(f"trail-site-{site.site.id}")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(t.gap // 2)
        side = max(t.px(44), round(t.small * 1.8))
        self.number = QLabel(str(number))
        self.number.setObjectName("trail-site-number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setFixedSize(side, side)
        self.number.setStyleSheet(
            f"background: {t.accent}; color: {t.primary_text}; border-radius: {side // 2}px;"
            f" font-size: {t.small}px; font-weight: bold;")
        row.addWidget(self.number, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(0)
        self.name = QLabel(site.site.name)
        self.name.setWordWrap(True)
        self.name.setStyleSheet("font-weight: bold;")
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setProperty("role", "muted")
        text.addWidget(self.name)
        text.addWidget(self.where)
        row.addLayout(text, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.where.setText(self.site.where())


class TrailScreen(Screen):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        self.view: trail_core.TrailView | None = None
        self._listening = False
        self._qr_recorded = False  # once per showing of the screen, for the visit journal
        col = QVBoxLayout(self)
        col.setContentsMargins(t.margin, t.gap, t.margin, t.gap)
        col.setSpacing(t.gap // 2)
        head = QHBoxLayout() if not t.narrow else QVBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("trail-name")
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        head.addWidget(self.heading, 1)
        views = QHBoxLayout()
        views.setSpacing(t.gap // 2)
        self.whole = TouchButton(min_px=t.touch)
        self.whole.setObjectName("trail-whole")
        self.near = TouchButton(min_px=t.touch)
        self.near.setObjectName("trail-around")
        for b, around in ((self.whole, False), (self.near, True)):
            b.setCheckable(True)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.clicked.connect(lambda _=False, a=around: self.show_around(a))
            views.addWidget(b)
        self.whole.setChecked(True)
        head.addLayout(views)
        col.addLayout(head)
        self.message = QLabel()
        self.message.setObjectName("trail-message")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "title")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.hide()
        col.addWidget(self.message)
        # Portrait: the list under the map rather than beside it.
        body = QVBoxLayout() if t.portrait else QHBoxLayout()
        body.setSpacing(t.gap)
        col.addLayout(body, 1)
        self.map = TrailMap(t)
        body.addWidget(self.map, 3)
        side = QVBoxLayout()
        side.setSpacing(t.gap // 2)
        body.addLayout(side, 2)
        self.here = QLabel()
        self.here.setObjectName("trail-here")
        self.here.setWordWrap(True)
        self.here.setStyleSheet(f"font-weight: bold; color: {t.danger};")
        self.sites_title = QLabel()
        self.sites_title.setWordWrap(True)
        self.sites_title.setProperty("role", "muted")
        side.addWidget(self.here)
        side.addWidget(self.sites_title)
        self.scroll_area, self.list = touch_scroll_column("trail-sites", t.gap // 2)
        side.addWidget(self.scroll_area, 1)
        self.rows: list[SiteRow] = []
        qr_row = QHBoxLayout()
        qr_row.setSpacing(t.gap // 2)
        self.qr = QrCode(side=t.px(200 if t.portrait else 230))
        self.qr.setObjectName("trail-qr")
        self.qr_caption = QLabel()
        self.qr_caption.setObjectName("trail-qr-caption")
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setProperty("role", "muted")
        qr_row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        qr_row.addWidget(self.qr_caption, 1)
        side.addLayout(qr_row)
        self.retranslate()

    # --- life cycle -------------------------------------------------------------------------
    def title(self) -> str:
        return _(SECTIONS["trail"].title)

    def enter(self, arg: str | None) -> None:
        """`trail:around` opens on the parking spot's surroundings, `trail:whole` (or plain
        `trail` on a first visit) on the whole trail."""
        if arg in ("around", "whole"):
            self.show_around(arg == "around")
        service = self.ctx.sensors
        if service is None:
            self.show_message(_("Le plan du sentier n'est pas disponible pour le moment."))
            return
        if not self._listening:
            service.add_listener(self.refresh)
            self._listening = True
        self.load()

    def leave(self) -> None:
        self._qr_recorded = False

    def dispose(self) -> None:
        if self._listening and self.ctx.sensors is not None:
            self.ctx.sensors.remove_listener(self.refresh)
            self._listening = False

    def reset(self) -> None:
        self.show_around(False)

    def refresh(self) -> None:
        """New sites or a new parking spot: a new view (only while shown; `enter` loads)."""
        if self.ctx.sensors is not None and self.isVisible():
            self.load()

    def load(self) -> None:
        service = self.ctx.sensors
        if service is None:
            return
        kiosk = self.ctx.settings.kiosk
        self.ctx.tasks.run(lambda: trail_core.build(service.catalog, kiosk), pool="net",
                           key="trail-view", on_done=self.show_view, on_error=self.on_error)

    def on_error(self, error: BaseException) -> None:
        self.ctx.problems.report("trail", "trail view", f"{type(error).__name__}: {error}")
        self.show_message(_("Le plan du sentier n'est pas disponible pour le moment."))

    # --- rendering --------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def show_around(self, around: bool) -> None:
        self.whole.setChecked(not around)
        self.near.setChecked(around)
        self.map.set_view(self.view, around)

    def show_view(self, view: trail_core.TrailView | None) -> None:
        if view is None:
            territory = self.ctx.settings.kiosk.territory
            # On the health page and in the log: the sites file lacks this territory's trail.
            self.ctx.problems.report("trail", "sites.toml",
                                     f"no [[trail]] with stages for territory {territory}")
            self.view = None
            self.map.set_view(None)
            clear_layout(self.list)
            self.rows = []
            self.show_message(_("Aucun sentier n'est décrit pour ce territoire."))
            self.retranslate()
            return
        self.message.hide()
        if self.view is not None and self.view.key == view.key:
            self._record_qr()
            return  # nothing moved: the cached picture stays
        self.view = view
        clear_layout(self.list)
        self.rows = [SiteRow(i, s, self.ctx) for i, s in enumerate(view.sites, start=1)]
        for row in self.rows:
            self.list.addWidget(row)
        self.list.addStretch(1)
        url = view.trail.url
        self.qr.setVisible(bool(url))
        if url:
            self.qr.set_data(url)
        self.map.set_view(view)
        self.retranslate()
        self._record_qr()

    def _record_qr(self) -> None:
        url = self.view.trail.url if self.view is not None else ""
        if self.view is not None and url and self.isVisible() and not self._qr_recorded:
            self._qr_recorded = True
            self.ctx.record("qr_shown", screen="trail", item=self.view.trail.id, target=url)

    def retranslate(self) -> None:
        self.whole.setText(_("Tout le sentier"))
        self.near.setText(_("Autour de vous"))
        view = self.view
        self.heading.setText(view.trail.name if view else _(SECTIONS["trail"].title))
        if view is None:
            for w in (self.here, self.sites_title, self.qr_caption):
                w.setText("")
            self.map.setAccessibleName("")
            self.map.setAccessibleDescription("")
            self.qr.hide()
            return
        self.here.setText(view.here_text())
        # What the picture shows, for read-aloud (it reads painted widgets by these).
        self.map.setAccessibleName(_("Plan du sentier {name}").format(name=view.trail.name))
        self.map.setAccessibleDescription(_("Étapes : {stages}").format(
            stages=", ".join(s.name for s in view.trail.stages)))
        self.sites_title.setText(
            _("Les sites de mesure sur le sentier, depuis ici :") if view.sites
            else _("Aucun site de mesure de démonstration sur ce sentier."))
        for row in self.rows:
            row.retranslate()
        if view.trail.url:
            self.qr_caption.setText(_("Scannez pour ouvrir la page officielle du sentier : "
                                      "{site}").format(site=urlsplit(view.trail.url).hostname))
        else:
            self.qr_caption.setText(_("Ce sentier n'a pas de page officielle en ligne : pas de "
                                      "QR code à scanner."))
        self.map.update()
