"""Charts a lay visitor reads (issue 13, item 5): numbers and days in the visitor's language,
hour ticks on a day and one tick per day on a week, units on the axes, legends beside the
plot, zoom buttons in words, a layout that stays put when another site is chosen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from kiosk.core import i18n
from kiosk.core.sensors.series import PARIS
from tests.unit.ui.test_sensors_screen import history, live_kiosk, obs, open_sensors  # noqa: F401
from tests.unit.ui.test_trends_screen import open_trends, with_service

pytestmark = pytest.mark.gui
HOUR, DAY = 3600, 86400


def test_value_ticks_use_the_visitors_decimal_mark(qtbot):
    from kiosk.ui.widgets.axes import NumberAxis

    axis = NumberAxis(orientation="left")
    i18n.set_language("fr")
    assert axis.tickStrings([10.0, 12.5, 15.0], 1, 2.5) == ["10,0", "12,5", "15,0"]
    assert axis.tickStrings([0, 20, 40], 1, 20) == ["0", "20", "40"]
    i18n.set_language("de")
    assert axis.tickStrings([-0.4, 0.2], 1, 0.2) == ["-0,4", "0,2"]
    i18n.set_language("en")
    assert axis.tickStrings([12.5], 1, 0.5) == ["12.5"]


def ticks_of(axis, lo: float, hi: float, width: int) -> tuple[list[float], list[str]]:
    (spacing, values), = axis.tickValues(lo, hi, width)
    return values, axis.tickStrings(values, 1, spacing)


def test_a_day_has_hour_ticks_every_3_or_6_hours_on_a_24_hour_clock(qtbot):
    from kiosk.ui.widgets.axes import LocalTimeAxis

    axis = LocalTimeAxis(orientation="bottom")
    end = dt.datetime(2026, 12, 3, 14, 20, tzinfo=PARIS).timestamp()
    i18n.set_language("en")
    for width, step in ((900, 3), (250, 6)):
        values, labels = ticks_of(axis, end - DAY, end, width)
        hours = [dt.datetime.fromtimestamp(v, PARIS).hour for v in values]
        assert all(h % step == 0 for h in hours), hours
        assert len(values) == 24 // step
        assert "18:00" in labels  # a 24-hour clock in English too, never "6:00 PM"
        assert "3 Thu" in labels  # midnight says which day begins
    # Paris time on the day clocks go back (a day of 25 hours): 13:00 the day before.
    dst = dt.datetime(2026, 10, 25, 12, tzinfo=PARIS).timestamp()
    values, labels = ticks_of(axis, dst - DAY, dst, 900)
    assert [dt.datetime.fromtimestamp(v, PARIS).hour for v in values] == [15, 18, 21, 0, 3,
                                                                           6, 9, 12]
    assert values[4] - values[3] == 4 * HOUR  # midnight to 03:00 across the extra hour


def test_a_week_has_one_tick_per_day_with_its_name(qtbot):
    from kiosk.ui.widgets.axes import LocalTimeAxis

    axis = LocalTimeAxis(orientation="bottom")
    end = dt.datetime(2026, 12, 3, 9, 0, tzinfo=PARIS).timestamp()
    i18n.set_language("de")
    values, labels = ticks_of(axis, end - 7 * DAY, end, 900)
    assert len(values) == 7
    assert labels[0].startswith("Do.")
    assert labels[-1].startswith("Mi.")
    assert {dt.datetime.fromtimestamp(v, PARIS).hour for v in values} == {12}  # mid-day
    # Narrow: still seven days, the weekday alone.
    values, labels = ticks_of(axis, end - 7 * DAY, end, 280)
    assert len(values) == 7
    assert [label[:2] for label in labels] == ["Do", "Fr", "Sa", "So", "Mo", "Di", "Mi"]
    assert not any(c.isdigit() for label in labels for c in label)
    i18n.set_language("fr")
    assert ticks_of(axis, end - 7 * DAY, end, 280)[1][0] == "jeu."


def week_of_history():
    """A week and a day of hourly values: Vieux-Port fresh, Colline Puget silent for 6 h,
    their reference and Longchamp's."""
    hours = 24 * 8
    return [*history("project", "amp-vieux-port", "pm25", 12, 40 * 60, hours=hours,
                     raw=18.0, quality="corrected"),
            obs("project", "amp-vieux-port", "temperature", 14.2, 40 * 60, unit="°C"),
            *history("project", "amp-colline-puget", "pm25", 9, 6 * 3600, hours=hours),
            *history("atmosud", "FR00008", "pm25", 8, 5 * 3600, hours=hours),
            *history("project", "amp-parc-longchamp", "pm25", 22, 20 * 60, hours=hours),
            *history("atmosud", "FR03043", "pm25", 19, 50 * 60, hours=hours)]


def screen_ticks(screen) -> list[str]:
    """The time labels pyqtgraph draws (it drops those that would run off the axis)."""
    from PySide6.QtGui import QImage, QPainter

    axis = screen.plot.plot.getAxis("bottom")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in texts]


def test_the_live_graph_reads_in_words_and_stays_put(live_kiosk, qtbot):  # noqa: F811
    k = live_kiosk(rows=week_of_history())
    screen = open_sensors(k, qtbot)
    plot = screen.plot
    qtbot.waitUntil(plot.isVisible)  # shown by its layout, on the next turn of the loop
    qtbot.wait(50)
    assert plot.plot.getAxis("left").title() == "PM2,5 (µg/m³)"
    assert plot.plot.getAxis("bottom").title() == "heure (heure de Paris)"
    # Every 3 or 6 hours: 4 to 8 in a day, one fewer when the first falls so near the left
    # edge that pyqtgraph drops its label (at 17:22 the 18:00 of the day before).
    ticks = screen_ticks(screen)
    assert 3 <= len(ticks) <= 8, ticks
    hours = [int(t[:2]) for t in ticks if t[:2].isdigit() and t[2:] == ":00"]
    assert hours
    assert all(h % 3 == 0 for h in hours), ticks
    # The band legend beside the plot: both indices, each band's name and range.
    legend = screen.graph.bands
    assert legend.isVisible()
    text = legend.text()
    for words in ("Indice ATMO 2021", "Indice européen 2024", "bon</b> 0–10",
                  "extrêmement mauvais</b> &gt; 75", "modéré</b> 15–50"):
        assert words in text
    assert legend.geometry().left() >= plot.mapTo(screen.graph, QPoint(plot.width(), 0)).x()
    assert abs(legend.geometry().top() - plot.mapTo(screen.graph, QPoint(0, 0)).y()) < 5
    assert screen.zoom_in.text() == "+ zoom avant"
    assert screen.zoom_out.text() == "− zoom arrière"
    assert screen.week_button.text() == "toute la semaine"
    for b in (screen.zoom_in, screen.zoom_out, screen.week_button, screen.day_button):
        assert b.height() >= k.ctx.theme.touch
        assert b.width() >= k.ctx.theme.touch

    def places():
        return [w.geometry().getRect() for w in (
            plot, legend, screen.graph_title, screen.graph_status, screen.legend,
            screen.zoom_in, screen.week_button, screen.why_button, screen.graph)]

    before = places()
    qtbot.mouseClick(screen.cards[1], Qt.MouseButton.LeftButton)  # stale, no raw curve
    qtbot.wait(50)
    assert screen.plot.lines[0].label == "Jardin de la colline Puget"
    assert "il y a 5 heures" in screen.graph_status.text()
    assert places() == before
    qtbot.mouseClick(screen.cards[2], Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert places() == before
    # A week: seven ticks, one a day, named.
    qtbot.mouseClick(screen.week_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert plot.plot.getAxis("bottom").title() == "jour"
    labels = screen_ticks(screen)
    assert len(labels) == 7
    names = {i18n.format_skeleton(dt.date(2024, 1, d), "EEE") for d in range(1, 8)}
    assert all(any(label.startswith(n) for n in names) for label in labels), labels
    i18n.set_language("de")
    assert plot.plot.getAxis("left").title() == "PM2,5 (µg/m³)"
    assert plot.plot.getAxis("bottom").title() == "Tag"
    assert any(label.startswith("Mo") for label in screen_ticks(screen))
    assert screen.zoom_in.text() == "+ vergrößern"
    assert "Europäischer Index 2024" in legend.text()


def test_trend_bars_say_their_unit_and_what_their_colours_mean(kiosk_factory, qtbot):
    k = kiosk_factory()
    with_service(k)
    screen = open_trends(k, qtbot)
    heat = screen.heat.chart
    assert heat.y_label.text() == "écart (°C)"
    assert "plus&nbsp;chaud&nbsp;que&nbsp;la&nbsp;référence" in heat.legend.text()
    assert heat.legend.isVisible()
    t = k.ctx.theme
    assert t.danger in heat.legend.text()  # the swatch has the colour of the warm bars
    week = screen.week.chart
    assert week.y_label.text() == "NO₂ (µg/m³)"
    assert "jours&nbsp;ouvrés" in week.legend.text()
    assert "week-end" in week.legend.text()
    assert [label for _x, label in week.plot.getAxis("bottom")._tickLevels[0]][:2] == [
        "lun.", "mar."]
    humidity = screen.humidity.chart
    assert humidity.y_label.text() == "écart (points de %)"
    left = humidity.plot.getAxis("left")
    assert all("." not in s for s in left.tickStrings([-0.4, 0.2], 1, 0.2))
    i18n.set_language("de")
    assert [label[:2] for _x, label in week.plot.getAxis("bottom")._tickLevels[0]][:2] == [
        "Mo", "Di"]
    assert "Wochenende" in week.legend.text()
    assert heat.y_label.text() == "Abweichung (°C)"


def test_with_large_text_the_legend_goes_under_the_buttons(live_kiosk, qtbot):  # noqa: F811
    # No room beside the plot: the band legend under the buttons, the column scrolls, no
    # button squeezed below its text.
    k = live_kiosk(settings={"display": {"large_text": True}})
    screen = open_sensors(k, qtbot)
    qtbot.waitUntil(screen.plot.isVisible)
    qtbot.wait(50)
    g = screen.graph
    assert g.stacked
    assert g.bands.mapTo(g, QPoint(0, 0)).y() > g.zoom_in.mapTo(g, QPoint(0, 0)).y()
    assert screen.plot.height() >= k.ctx.theme.px(360)
    for b in (g.day_button, g.week_button, g.zoom_in, g.zoom_out):
        assert b.width() >= b.fontMetrics().horizontalAdvance(b.text())
