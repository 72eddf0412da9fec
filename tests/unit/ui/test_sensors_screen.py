"""The live-data screen: nearest sites, stale and fresh values, demo data, offline, graph."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from PySide6.QtCore import QPoint, Qt

from kiosk.core import i18n
from kiosk.core.sensors.cache import ObservationCache
from kiosk.core.sensors.model import Observation
from tests.helpers.kiosk import with_sensors

pytestmark = pytest.mark.gui
UTC = dt.UTC
FR_BANNER = "Données de démonstration : des valeurs générées, pas des mesures"


def obs(provider, station, quantity, value, ago_s, *, raw=None, quality="valid", unit="µg/m³",
        period=3600):
    t = dt.datetime.fromtimestamp((time.time() - ago_s) // 600 * 600, UTC)
    return Observation(provider, station, quantity, value, unit, t, quality, raw, period)


def history(provider, station, quantity, base, newest_ago_s, hours=30, **kw):
    return [obs(provider, station, quantity, base + (h % 5), newest_ago_s + h * 3600, **kw)
            for h in range(hours)]


def fill(paths, rows):
    with ObservationCache(paths.cache_db) as cache:
        cache.insert(rows)


@pytest.fixture
def live_kiosk(kiosk_factory, qtbot):
    """A kiosk whose cache holds: Vieux-Port fresh (project), colline Puget silent for 6 h
    (its reference, Place Verneuil, 5 h old, also measures NO₂), Longchamp fresh."""

    def make(rows=None, settings=None):
        k = kiosk_factory(settings)
        if rows is None:
            rows = [
                *history("project", "amp-vieux-port", "pm25", 12, 40 * 60, raw=18.0,
                         quality="corrected", period=600),
                obs("project", "amp-vieux-port", "temperature", 14.2, 40 * 60, unit="°C",
                    period=600),
                *history("project", "amp-colline-puget", "pm25", 9, 6 * 3600),
                *history("atmosud", "FR00008", "pm25", 8, 5 * 3600),
                *history("atmosud", "FR00008", "no2", 30, 5 * 3600),
                *history("project", "amp-parc-longchamp", "pm25", 22, 20 * 60, period=600),
                *history("atmosud", "FR03043", "pm25", 19, 50 * 60),
            ]
        fill(k.core.paths, rows)
        with_sensors(k)
        k.window.show()
        return k

    return make


def open_sensors(k, qtbot, *, graph=True):
    w = k.window
    w.on_activity()
    w.go("sensors")
    screen = w.screens["sensors"]
    qtbot.waitUntil(lambda: screen.view is not None, timeout=10_000)
    if graph:
        qtbot.waitUntil(lambda: screen.plot is not None, timeout=5_000)
    return screen


def test_fresh_and_stale_values_each_with_its_age_and_the_reference_filling_in(
        live_kiosk, qtbot, tmp_path):
    # Before: a site silent for 6 h gave its card to its reference station.
    k = live_kiosk()
    screen = open_sensors(k, qtbot)
    cards = [c for c in screen.cards if c.isVisible()]
    assert [c.name.text() for c in cards] == [
        "Vieux-Port, ombrière", "Jardin de la colline Puget", "Parc Longchamp"]
    fresh = cards[0].tiles[0]
    assert fresh.freshness.state == "fresh"
    # 30-40 min old (times fall on 10-minute slots, minus its 10-minute period); Babel
    # says "40 minutes" for 39.6.
    assert re.match(r"il y a (3\d|40) min", fresh.freshness.text()), fresh.freshness.text()
    assert fresh.freshness.text().endswith("minutes")
    assert "brut 18" in fresh.name.text()
    assert fresh.levels.text().startswith("ATMO : moyen")
    stale_card = cards[1]
    assert stale_card.source.text() == "micro-capteur du projet"
    stale = stale_card.tiles[0]
    assert stale.reading.quantity == "pm25"
    assert stale.freshness.state == "stale"
    # Its own value, with its own age: started 6 h ago, its hour ended 5 h ago.
    assert stale.freshness.text() == "ancienne : il y a 5 heures"
    # NO₂ is measured by the reference only: it fills in, and the card says so.
    assert stale_card.note.isVisible()
    assert stale_card.note.text() == ("NO₂ : mesuré par la station de référence « Marseille "
                                      "Place Verneuil », pas par ce site.")
    no2 = stale_card.tiles[1]
    assert no2.reading.filled_from == "Marseille Place Verneuil"
    assert "station de réf." in no2.name.text()
    assert not screen.demo_banner.isVisible()
    # The screenshot: the stale tile's edge is grey, the fresh one has its ATMO colour.
    t = k.ctx.theme

    def edge(tile):
        screen.scroll_area.ensureWidgetVisible(tile)  # the cards scroll; bring the tile in view
        qtbot.wait(50)
        image = k.window.grab().toImage()
        assert image.save(str(tmp_path / "sensors-stale-fresh.png"))
        p = tile.mapTo(k.window, QPoint(5, tile.height() // 2))
        return image.pixelColor(p).name()

    assert edge(stale) == t.stale
    assert edge(fresh) == "#50ccaa"  # ATMO 2021 "moyen"


def test_graph_shows_site_raw_and_reference_with_gaps(live_kiosk, qtbot):
    import numpy as np

    k = live_kiosk()
    screen = open_sensors(k, qtbot)
    plot = screen.plot
    assert [line.label for line in plot.lines] == [
        "Vieux-Port, ombrière", "brut", "Marseille Place Verneuil"]
    site = plot.lines[0]
    assert np.isnan(site.v).any()  # hours without a stored value stay gaps
    assert "Place Verneuil (station de référence)" in screen.legend.text()
    assert screen.day_button.isChecked()
    qtbot.mouseClick(screen.week_button, Qt.MouseButton.LeftButton)
    (x0, x1), _ = plot.vb.viewRange()
    assert x1 - x0 > 2 * 86400
    qtbot.mouseClick(screen.cards[2], Qt.MouseButton.LeftButton)
    assert screen.selected == 2
    assert plot.lines[0].label == "Parc Longchamp"


def test_demonstration_data_when_nothing_was_ever_received(live_kiosk, qtbot):
    k = live_kiosk(rows=[])
    screen = open_sensors(k, qtbot)
    assert screen.view.demo
    assert screen.demo_banner.isVisible()
    assert screen.demo_banner.text() == FR_BANNER
    assert "démonstration" in screen.graph_status.text()
    tiles = [t for c in screen.cards for t in c.tiles if t.reading is not None]
    assert tiles
    assert all(t.freshness.state == "demo" for t in tiles)
    for lang in ("en", "es", "it", "de"):
        i18n.set_language(lang)
        screen.retranslate()
        assert screen.demo_banner.text() not in ("", FR_BANNER)
        assert i18n.gettext_in(lang, "démo") != "démo"


def test_failed_sync_marks_values_offline_with_their_age(live_kiosk, qtbot):
    k = live_kiosk()
    screen = open_sensors(k, qtbot)
    k.ctx.sensors.online = False
    screen.render_ages()
    tile = screen.cards[0].tiles[0]
    assert tile.freshness.state == "offline"
    assert tile.freshness.text().startswith("hors ligne · il y a")
    assert screen.connection.state == "offline"


def test_explainer_cites_both_versioned_tables(live_kiosk, qtbot):
    k = live_kiosk()
    screen = open_sensors(k, qtbot)
    qtbot.mouseClick(screen.why_button, Qt.MouseButton.LeftButton)
    assert screen.explainer.isVisible()
    text = screen.explainer.text.text()
    assert "Indice ATMO 2021" in text
    assert "2024" in text
    assert "10 juillet 2020" in text
    assert "brute" in text
    qtbot.mouseClick(screen.explainer.close_button, Qt.MouseButton.LeftButton)
    assert not screen.explainer.isVisible()


def test_territory_switch_recomputes_the_nearest_sites_live(live_kiosk, qtbot):
    from dataclasses import replace

    from kiosk.core.settings import TERRITORIES

    rows = history("atmosud", "FR24036", "no2", 20, 30 * 60)
    k = live_kiosk(rows=rows)
    screen = open_sensors(k, qtbot, graph=False)
    # AMP's sites never received a measurement: generated values, labelled.
    assert screen.view.demo
    assert screen.demo_banner.isVisible()
    nca = TERRITORIES["NCA"]
    new = replace(k.ctx.settings, kiosk=replace(k.ctx.settings.kiosk, territory="NCA",
                                                latitude=nca.latitude, longitude=nca.longitude))
    k.ctx.update_settings(new)
    k.ctx.sensors.set_settings(new)
    k.ctx.sensors.notify_changed()
    qtbot.waitUntil(lambda: screen.view.territory == "NCA", timeout=10_000)
    names = [c.name.text() for c in screen.cards if c.isVisible()]
    assert "Promenade du Paillon" in names
    paillon = next(p for p in screen.view.panels if p.site.id == "nca-paillon")
    # The micro-sensor never transmitted: its values are generated, its reference's are real.
    assert paillon.demo
    assert not paillon.ref_readings["no2"].demo


def test_records_the_site_and_quantity_viewed(live_kiosk, qtbot):
    k = live_kiosk()
    seen = []
    k.ctx.add_recorder(lambda kind, data: seen.append((kind, data)))
    open_sensors(k, qtbot)
    assert ("sensor_view", {"site": "amp-vieux-port", "quantity": "pm25"}) in seen


def test_touch_targets(live_kiosk, qtbot):
    k = live_kiosk()
    screen = open_sensors(k, qtbot)
    for b in (screen.day_button, screen.week_button, screen.zoom_in, screen.zoom_out,
              screen.why_button):
        assert b.width() >= 60, b.objectName()
        assert b.height() >= 60, b.objectName()
    for card in screen.cards:
        assert card.height() >= 60


def test_a_value_older_than_a_day_says_its_date_and_stays_on_screen(live_kiosk, qtbot):
    three_days = 3 * 86400
    k = live_kiosk(rows=[obs("project", "amp-vieux-port", "pm25", 7.0, three_days)])
    screen = open_sensors(k, qtbot, graph=False)
    tile = screen.cards[0].tiles[0]
    assert tile.reading.value == 7.0
    assert tile.freshness.state == "old"
    when = dt.datetime.fromtimestamp(tile.reading.time, UTC).astimezone()
    assert tile.freshness.text() == "ancienne : " + i18n.format_datetime(when, "short")
    assert "il y a" not in tile.freshness.text()


def test_coming_back_to_unchanged_data_redraws_nothing_but_the_ages(live_kiosk, qtbot,
                                                                    monkeypatch):
    """The reload on entering lands right after the tap: when nothing is new it must not
    redraw the cards and the graph (that put 30-60 ms on the tap), but a visit that ended
    on another site gets the first site's graph back and a new visit is still recorded."""
    k = live_kiosk()
    seen = []
    k.ctx.add_recorder(lambda kind, data: seen.append((kind, data)))
    screen = open_sensors(k, qtbot)
    qtbot.mouseClick(screen.cards[2], Qt.MouseButton.LeftButton)
    drawn = []
    monkeypatch.setattr(screen.plot, "set_lines",
                        lambda lines, **kw: drawn.append(lines[0].label))
    w = k.window
    w.go("home")
    w.go("sensors")
    first = screen.view
    qtbot.waitUntil(lambda: screen.view is not first, timeout=10_000)
    assert drawn == []  # same data, same site: nothing redrawn
    assert screen.selected == 2
    w.end_session()  # the reset goes back to the first site
    seen.clear()
    w.on_activity()
    w.go("sensors")
    second = screen.view
    qtbot.waitUntil(lambda: screen.view is not second, timeout=10_000)
    assert drawn == ["Vieux-Port, ombrière"]
    assert screen.selected == 0
    assert ("sensor_view", {"site": "amp-vieux-port", "quantity": "pm25"}) in seen


def test_the_graph_says_the_age_of_its_newest_measurement(live_kiosk, qtbot):
    k = live_kiosk()
    screen = open_sensors(k, qtbot)
    assert re.search(r"dernière mesure : il y a (3\d|40) min", screen.graph_status.text())
    assert "démonstration" not in screen.graph_status.text()
    qtbot.mouseClick(screen.cards[1], Qt.MouseButton.LeftButton)  # the site silent for 6 h
    assert screen.graph_status.text().startswith("dernière mesure : il y a 5 heures")


def test_a_site_with_real_data_next_to_one_that_never_had_any(live_kiosk, qtbot):
    # Only Vieux-Port ever transmitted: the other cards are generated, and say so; the real
    # card and its graph carry no demonstration label.
    k = live_kiosk(rows=history("project", "amp-vieux-port", "pm25", 12, 6 * 3600))
    screen = open_sensors(k, qtbot)
    real, *others = screen.view.panels
    assert not real.demo
    assert all(p.demo for p in others)
    assert screen.demo_banner.isVisible()  # a generated value is on screen
    assert screen.cards[0].tiles[0].freshness.state == "stale"
    assert "démonstration" not in screen.graph_status.text()
    assert screen.connection.isVisible()
    qtbot.mouseClick(screen.cards[1], Qt.MouseButton.LeftButton)
    assert "démonstration" in screen.graph_status.text()
