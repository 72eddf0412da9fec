"""The pieces of the live-data screen (kiosk/ui/screens/sensors.py): a value tile coloured by
its air-quality band, a site's card (values, age, source class, distance), and the explainer
of the indices and of low-cost sensors.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import N_, _, format_number
from kiosk.core.sensors import bands
from kiosk.core.sensors.territory import format_distance
from kiosk.ui.context import UiContext
from kiosk.ui.widgets.freshness import FreshnessBadge, SourceBadge
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
        # A landscape window (the cards leave most of it to the graph): the same.
        roomy = t.body > 30 or not t.portrait
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

    def mouseReleaseEvent(self, event) -> None:
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
