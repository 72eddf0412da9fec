"""The trail screen: each territory's trail, "vous êtes ici" at the parking spot, the sites with
distance and direction, the QR code of the official page, a cached picture, a live territory
switch, and its tile on home."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor

from kiosk.core import i18n
from tests.helpers.kiosk import with_sensors

pytestmark = pytest.mark.gui

STOPS = {"AMP": "amp-vieux-port", "TPM": "tpm-liberte", "NCA": "nca-massena"}


@pytest.fixture
def trail_kiosk(kiosk_factory):
    def make(territory: str = "AMP", stop: str | None = None):
        k = kiosk_factory({"kiosk": {"territory": territory,
                                     "parking_stop": STOPS[territory] if stop is None
                                     else stop}})
        with_sensors(k)
        k.window.show()
        return k

    return make


def open_trail(k, qtbot, arg: str = ""):
    w = k.window
    w.on_activity()
    w.go("trail" + (f":{arg}" if arg else ""))
    screen = w.screens["trail"]
    qtbot.waitUntil(lambda: screen.view is not None, timeout=10_000)
    qtbot.waitUntil(lambda: screen.map.fit is not None, timeout=5_000)
    # Rows added to a shown list are shown by the next turn of the event loop.
    qtbot.waitUntil(lambda: all(r.isVisible() for r in screen.rows), timeout=5_000)
    return screen


def colour_at_here(screen) -> QColor:
    """The picture's colour inside the red pin, beside its white centre."""
    x, y = screen.map.fit.to_px(*screen.view.here)
    image = screen.map.grab().toImage()
    dpr = image.devicePixelRatio()
    return image.pixelColor(round((x + screen.map.marker_px * 0.6) * dpr), round(y * dpr))


@pytest.mark.parametrize(("territory", "trail_name", "place", "sites"), [
    ("AMP", "GR 2013", "Marseille, Vieux-Port",
     ["Vieux-Port, ombrière", "Jardin de la colline Puget", "Parc Longchamp"]),
    ("TPM", "Sentier urbain de Toulon", "Toulon, place de la Liberté",
     ["Jardin Alexandre-Ier", "Quai Cronstadt", "Jardins du Mourillon"]),
    ("NCA", "Boucles nature de Nice", "Nice, place Masséna",
     ["Promenade du Paillon", "Colline du Château", "Jardin Alsace-Lorraine", "Parc Phoenix"]),
])
def test_each_territory_shows_its_trail_stops_and_you_are_here(trail_kiosk, qtbot, territory,
                                                               trail_name, place, sites):
    k = trail_kiosk(territory)
    screen = open_trail(k, qtbot)
    assert screen.heading.text() == trail_name
    assert screen.here.text() == f"Vous êtes ici : {place}"
    names = [row.name.text() for row in screen.rows]
    assert names[:len(sites)] == sites or set(sites) <= set(names)
    for row in screen.rows:
        assert row.isVisible()
        # "390 m au sud-est", "1,2 km au nord-est", "ici même"
        assert row.where.text() == row.site.where()
        assert row.where.text().endswith(("nord", "est", "sud", "ouest", "ici même"))
    # The picture: the parking spot's red pin where the projection puts it, and stage names.
    assert colour_at_here(screen) == QColor(k.ctx.theme.danger)
    assert len(screen.map.placed_stages) >= 3
    assert set(screen.map.placed_stages) <= {s.name for s in screen.view.trail.stages}
    # Read aloud: the picture says what it is and its stages in order.
    from kiosk.ui.accessibility.reader import readable

    spoken = [text for _w, text in readable(screen)]
    stages = ", ".join(s.name for s in screen.view.trail.stages)
    assert f"Plan du sentier {trail_name}. Étapes : {stages}" in spoken
    assert f"Vous êtes ici : {place}" in spoken


def test_distances_and_directions_follow_the_language(trail_kiosk, qtbot):
    k = trail_kiosk("NCA")
    screen = open_trail(k, qtbot)
    row = next(r for r in screen.rows if r.site.site.id == "nca-paillon")
    assert row.where.text() == "500 m au nord-est"
    renders = screen.map.renders
    k.window.set_language("en")
    try:
        assert row.where.text() == "500 m north-east"
        assert screen.here.text() == "You are here: Nice, place Masséna"
        screen.map.grab()
        assert screen.map.renders == renders + 1  # "You are here" is painted in English
    finally:
        k.window.set_language("fr")


def test_qr_code_to_the_official_page_when_the_trail_has_one(trail_kiosk, qtbot):
    k = trail_kiosk("AMP")
    screen = open_trail(k, qtbot)
    assert screen.qr.isVisible()
    assert screen.qr.data() == "https://www.gr2013.fr/"
    assert screen.qr_caption.text().endswith("www.gr2013.fr")


def test_the_qr_code_shown_goes_in_the_visit_journal_once_per_showing(trail_kiosk, qtbot):
    import sqlite3

    k = trail_kiosk("AMP")
    k._services_started = True
    k._start_journal()  # the journal's part of start_services(), without the network
    screen = open_trail(k, qtbot)
    k.ctx.sensors.notify_changed()  # a sync with nothing new: the same QR code, no new event
    qtbot.waitUntil(lambda: k.tasks.in_flight == 0, timeout=5_000)
    assert screen.qr.isVisible()
    k.window.end_session()  # the events of a visit are written when it ends
    assert k.journal.flush()
    conn = sqlite3.connect(k.ctx.paths.journal_db)
    try:
        rows = conn.execute("SELECT screen, item, target FROM events WHERE kind = 'qr_shown'"
                            ).fetchall()
    finally:
        conn.close()
    assert rows == [("trail", "gr2013", "https://www.gr2013.fr/")]


def test_no_qr_code_and_a_reason_when_the_trail_has_no_page(trail_kiosk, qtbot):
    k = trail_kiosk("TPM")
    screen = open_trail(k, qtbot)
    assert not screen.qr.isVisible()
    assert screen.qr_caption.isVisible()
    assert "pas de page officielle" in screen.qr_caption.text()


def test_switching_territory_redraws_the_map(trail_kiosk, qtbot):
    k = trail_kiosk("AMP")
    screen = open_trail(k, qtbot)
    assert screen.view.trail.id == "gr2013"
    screen.map.grab()
    before = screen.map.renders
    kiosk = replace(k.ctx.settings.kiosk, territory="NCA", parking_stop="nca-chateau")
    new = replace(k.ctx.settings, kiosk=kiosk)
    k.ctx.update_settings(new)
    k.ctx.sensors.set_settings(new)
    k.ctx.sensors.notify_changed()
    qtbot.waitUntil(lambda: screen.view.trail.id == "nice-nature", timeout=10_000)
    assert screen.here.text() == "Vous êtes ici : Nice, colline du Château"
    assert "Promenade du Paillon" in [r.name.text() for r in screen.rows]
    assert "Parc Longchamp" not in [r.name.text() for r in screen.rows]
    screen.map.grab()
    assert screen.map.renders == before + 1
    assert colour_at_here(screen) == QColor(k.ctx.theme.danger)
    assert screen.qr.data().startswith("https://explorenicecotedazur.com/")


def test_the_picture_is_painted_once_per_size_and_view(trail_kiosk, qtbot):
    k = trail_kiosk("AMP")
    screen = open_trail(k, qtbot)
    screen.map.grab()
    n = screen.map.renders
    for _ in range(3):
        screen.map.grab()
    assert screen.map.renders == n  # repaints copy the cached picture
    # The same view again (a re-entry, a sync with nothing new) keeps the picture.
    screen.show_view(screen.view)
    screen.map.grab()
    assert screen.map.renders == n
    screen.map.resize(screen.map.width() - 40, screen.map.height())
    screen.map.grab()
    assert screen.map.renders == n + 1
    screen.show_around(True)
    assert screen.near.isChecked()
    assert not screen.whole.isChecked()
    screen.map.grab()
    assert screen.map.renders == n + 2


def test_around_you_zooms_on_the_parking_spot(trail_kiosk, qtbot):
    k = trail_kiosk("AMP")
    screen = open_trail(k, qtbot)
    whole = screen.map.fit.metres_per_px
    screen.show_around(True)
    screen.map.grab()
    assert screen.map.fit.metres_per_px < whole / 5
    assert colour_at_here(screen) == QColor(k.ctx.theme.danger)
    # A new visit starts on the whole trail again.
    screen.reset()
    assert screen.whole.isChecked()
    screen = open_trail(k, qtbot, "around")
    assert screen.near.isChecked()


def test_typed_coordinates_say_how_far_the_nearest_stage_is(trail_kiosk, qtbot):
    k = trail_kiosk("AMP", stop="")
    screen = open_trail(k, qtbot)
    # The territory's default spot, 410 m from the Vieux-Port stage.
    assert screen.here.text() == "Vous êtes ici, à 410 m de : Marseille, Vieux-Port"


def test_a_territory_without_trail_says_so(trail_kiosk, qtbot):
    k = trail_kiosk("AMP")
    screen = open_trail(k, qtbot)
    screen.show_view(None)
    assert screen.message.isVisible()
    assert screen.message.text() == "Aucun sentier n'est décrit pour ce territoire."
    assert not screen.qr.isVisible()
    assert screen.rows == []
    assert any((p.source, p.item) == ("trail", "sites.toml") for p in k.ctx.problems.latest())


def test_home_has_a_trail_tile_that_opens_the_screen(trail_kiosk, qtbot):
    k = trail_kiosk("AMP")
    w = k.window
    w.on_activity()
    w.go("home")
    tile = w.screens["home"].tiles["trail"]
    assert tile.isVisible()
    assert tile.accessibleName() == "Le sentier"
    tile.click()
    assert w.current_screen() is w.screens["trail"]
    assert i18n.current_language() == "fr"


def test_sites_too_close_to_tell_apart_share_one_disc():
    from kiosk.ui.widgets.trail_map import number_runs

    assert number_runs([3, 1, 2]) == "1–3"
    assert number_runs([1, 2]) == "1, 2"
    assert number_runs([1, 2, 3, 5]) == "1–3, 5"
    assert number_runs([4]) == "4"
