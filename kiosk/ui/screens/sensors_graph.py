"""The graph side of the live-data screen (kiosk/ui/screens/sensors.py): a site's curve and
its reference's, what the lines and the coloured background mean beside the plot, and the
range and zoom buttons in words.

Every part has a size set from the fonts, not from the data: choosing another site changes
texts and curves, never where the plot sits or how big it is.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.i18n import _, format_number
from kiosk.core.sensors import bands
from kiosk.core.sensors.model import UNITS
from kiosk.ui.context import UiContext
from kiosk.ui.screens.sensors_parts import SHORT_LABELS
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.freshness import age_text
from kiosk.ui.widgets.scrolling import touch_scroll
from kiosk.ui.widgets.sensor_embed import quantity_label
from kiosk.ui.widgets.touch import TouchButton

if TYPE_CHECKING:  # pyqtgraph loads with the first graph, not with this module
    from kiosk.ui.widgets.plots import SeriesPlot


def span_text(lower: float, upper: float | None) -> str:
    """A band's range in figures only ("10–20", "> 75"): the same in every language."""
    if upper is None:
        return "> " + format_number(lower, 0)
    return f"{format_number(lower, 0)}–{format_number(upper, 0)}"


def font_px(theme: Theme, px: int, bold: bool = False) -> QFont:
    font = QFont(theme.font_family)
    font.setPixelSize(px)
    font.setBold(bold)
    return font


class BandLegend(QLabel):
    """Beside the plot: each coloured band of its background (ATMO 2021) with its name and
    range, then the European index's bands (the same colours, its own thresholds), which the
    tiles' "UE : …" names. A quantity with no index says so. Its size is the largest any
    quantity needs in this language, so it never moves the plot."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("band-legend")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setStyleSheet(f"QLabel#band-legend {{ font-size: {theme.small}px; }}")
        self.quantity = "pm25"

    def html_for(self, quantity: str) -> str:
        t = self.theme
        if len(bands.ATMO_2021.ranges(quantity)) <= 1:
            return html.escape(_("{quantity} : pas de barème de qualité de l'air, pas de "
                                 "couleur de fond.").format(quantity=quantity_label(quantity)))
        side = t.px(30)
        heading = html.escape(_("Couleurs du fond"))
        out = [f"<b>{heading}</b> ({UNITS.get(quantity, '')})"]
        for table, name in ((bands.ATMO_2021, _(bands.ATMO_2021.name)),
                            (bands.EAQI_2024, _("Indice européen"))):
            out.append(f"<br>{html.escape(name)} {table.version}")
            out.append("<table cellspacing='0' cellpadding='1'>")
            for level, lo, hi in table.ranges(quantity):
                out.append(f"<tr><td width='{side}' style='background:{level.colour}'>"
                           f"&nbsp;</td><td>&nbsp;<b>{html.escape(_(level.label))}</b> "
                           f"{html.escape(span_text(lo, hi))}</td></tr>")
            out.append("</table>")
        return "".join(out)

    def show_for(self, quantity: str) -> None:
        self.quantity = quantity
        self.setText(self.html_for(quantity))

    def retranslate(self) -> None:
        """Size for the widest and tallest legend of any quantity in this language."""
        doc = QTextDocument()
        doc.setDefaultFont(font_px(self.theme, self.theme.small))
        doc.setDocumentMargin(0)
        width = 0.0
        for q in bands.RATED:
            doc.setHtml(self.html_for(q))
            width = max(width, doc.idealWidth())
        width += self.theme.px(8)
        doc.setTextWidth(width)
        height = 0.0
        for q in (*bands.RATED, "temperature"):
            doc.setHtml(self.html_for(q))
            height = max(height, doc.size().height())
        self.setFixedSize(round(width), round(height) + self.theme.px(8))
        self.show_for(self.quantity)


class GraphPanel(QWidget):
    """Title, age, line legend, plot with its band legend, range and zoom buttons, "why".

    With large text there is no room for the legend beside the plot: it goes under the
    buttons, and the panel scrolls by dragging (a drag on the plot still pans the plot)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        t = ctx.theme
        self.plot: SeriesPlot | None = None
        self.stacked = t.body > 30
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        if self.stacked:
            holder = QWidget()
            holder.setObjectName("graph-body")
            col.addWidget(touch_scroll(holder, "graph-scroll"))
            col = QVBoxLayout(holder)
            col.setContentsMargins(0, 0, t.gap // 2, 0)
        col.setSpacing(t.gap // 2)
        self.title = QLabel()
        self.title.setObjectName("graph-title")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setFixedHeight(2 * QFontMetrics(font_px(t, t.body, True)).lineSpacing() + 4)
        self.status = QLabel()
        self.status.setObjectName("graph-status")
        self.status.setProperty("role", "muted")
        small = QFontMetrics(font_px(t, t.small)).lineSpacing()
        self.status.setFixedHeight(small + 4)
        self.lines = QLabel()
        self.lines.setObjectName("graph-lines")
        self.lines.setTextFormat(Qt.TextFormat.RichText)
        self.lines.setStyleSheet(f"QLabel#graph-lines {{ font-size: {t.small}px; }}")
        self.lines.setFixedHeight(3 * small + 4)
        self.lines.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.why_button = TouchButton(min_px=t.touch, role="primary")
        self.why_button.setObjectName("why")
        top = QHBoxLayout()
        top.setSpacing(t.gap // 2)
        top.addWidget(self.title, 1)
        top.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignTop)
        col.addLayout(top)
        for w in (self.status, self.lines):
            col.addWidget(w)
        row = QHBoxLayout()
        row.setSpacing(t.gap // 2)
        left = QVBoxLayout()
        left.setSpacing(t.gap // 2)
        self.plot_box = QVBoxLayout()
        left.addLayout(self.plot_box, 1)
        row.addLayout(left, 1)
        self.bands = BandLegend(t)
        if not self.stacked:
            right = QVBoxLayout()
            right.addWidget(self.bands)
            right.addStretch(1)
            row.addLayout(right)
        col.addLayout(row, 1)
        controls = QGridLayout()
        controls.setSpacing(t.gap // 3)
        self.day_button = TouchButton(min_px=t.touch)
        self.week_button = TouchButton(min_px=t.touch)
        self.zoom_out = TouchButton(min_px=t.touch)
        self.zoom_in = TouchButton(min_px=t.touch)
        for i, (name, b) in enumerate((("range-24h", self.day_button),
                                       ("range-7d", self.week_button),
                                       ("zoom-out", self.zoom_out), ("zoom-in", self.zoom_in))):
            b.setObjectName(name)
            controls.addWidget(b, i // 2, i % 2)
        for b in (self.day_button, self.week_button):
            b.setCheckable(True)
        self.day_button.setChecked(True)
        self.zoom_in.clicked.connect(lambda: self.plot and self.plot.zoom(0.5))
        self.zoom_out.clicked.connect(lambda: self.plot and self.plot.zoom(2.0))
        left.addLayout(controls)
        if self.stacked:
            col.addWidget(self.bands)
        self.retranslate()

    def retranslate(self) -> None:
        self.day_button.setText(_("24 h"))
        self.week_button.setText(_("toute la semaine"))
        self.zoom_in.setText("+ " + _("zoom avant"))
        self.zoom_out.setText("− " + _("zoom arrière"))
        self.why_button.setText(_("Pourquoi cette couleur ?"))
        self.bands.retranslate()

    def no_graph(self) -> None:
        self.title.setText(_("Pas encore de courbe pour ce site."))
        self.status.setText("")
        self.lines.setText("")

    def draw(self, panel, now: float, window_s: int) -> None:
        """The graph of `panel` (a live view's site panel) over the last `window_s`."""
        from kiosk.ui.widgets.plots import Line, SeriesPlot

        t = self.ctx.theme
        q = panel.graph_quantity
        if self.plot is None:
            self.plot = SeriesPlot(t)
            if self.stacked:  # in a scrolling column the plot has its own height
                self.plot.setMinimumHeight(t.px(360))
            self.plot_box.addWidget(self.plot)
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
        unit = next(iter(x.unit for x in panel.readings.values() if x.quantity == q),
                    UNITS.get(q, ""))
        self.plot.set_lines(lines, bands=table, quantity=q, y_title=lambda: _(
            "{quantity} ({unit})").format(quantity=_(SHORT_LABELS.get(q, q)), unit=unit))
        self.plot.show_last(window_s)
        self.bands.show_for(q)
        self.lines.setText("<br>".join(
            f"<span style='color:{c}; font-weight:bold'>{mark}</span> {html.escape(label)}"
            for c, mark, label in legend))
        self.title.setText(_("{quantity}, moyennes horaires").format(
            quantity=quantity_label(q)))
        newest = panel.readings.get(q)
        status = [_("un trou = pas de mesure")]
        if panel.demo:
            status.insert(0, _("données de démonstration"))
        elif newest is not None:
            # The graph, like each tile, says how old its newest measurement is.
            status.insert(0, _("dernière mesure : {ago}").format(
                ago=age_text(newest.age(now), newest.time)))
        self.status.setText(" · ".join(status))

