"""An episode puts the right module forward: banner on attract and home, the explaining page,
the module first, the journal; a rehearsal at a simulated clock on a recording."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from tests.helpers.recorded_days import write_recording

pytestmark = pytest.mark.gui
UTC = dt.UTC


def rehearsal_kiosk(kiosk_factory, qtbot, tmp_path, profile, end, when, *, episode=True):
    rec = write_recording(tmp_path / f"rec-{profile}", end, profile)
    k = kiosk_factory(rehearse=when, recording=str(rec))
    seen: list[tuple[str, dict]] = []
    k.ctx.add_recorder(lambda kind, data: seen.append((kind, data)))
    k.window.show()
    k.start_services()
    watch = k.ctx.conditions
    qtbot.waitUntil(lambda: watch.current is not None and (
        watch.current.episode is not None or not episode) and k.ctx.sensors.has_data(),
        timeout=20000)
    if episode:
        qtbot.waitUntil(lambda: watch.current.episode is not None, timeout=20000)
    return k, seen


def test_ozone_afternoon_banner_page_module_first_and_journal(kiosk_factory, qtbot,
                                                              tmp_path):
    k, seen = rehearsal_kiosk(kiosk_factory, qtbot, tmp_path, "ozone",
                              dt.datetime(2027, 7, 15, 12, tzinfo=UTC), "2027-07-15T14:30")
    w = k.window
    attract = w.current_screen()
    assert w.current[0] == "attract"
    qtbot.waitUntil(lambda: attract.banner.isVisible(), timeout=20000)
    attract.enter(None)  # the caption in French again (it cycled while the data loaded)
    attract._cycle.stop()
    assert attract.banner.headline.text() == (
        "Épisode de pollution à l'ozone en cours près d'ici")
    assert "au-dessus du seuil d'information (180\u00a0µg/m³)" in attract.banner.detail.text()
    attract.advance()  # the caption turns to English: so does the banner
    assert attract.banner.headline.text() == "Ozone pollution episode in progress near here"
    assert ("promotion_shown", {"screen": "attract", "module": "air-quality",
                                "item": "o3"}) in seen
    # A visitor touches while the caption is French again: home leads with the banner, in
    # French (a touch opens home in the caption's language: tests/unit/ui/test_attract.py).
    attract.enter(None)
    w.go("wake")
    home = w.current_screen()
    assert w.current[0] == "home"
    assert home.banner.isVisible()
    assert home.banner.headline.text().startswith("Épisode de pollution à l'ozone")
    assert ("promotion_shown", {"screen": "home", "module": "air-quality",
                                "item": "o3"}) in seen
    qtbot.mouseClick(home.banner.button, Qt.MouseButton.LeftButton)
    assert ("promotion_followed", {"screen": "home", "module": "air-quality",
                                   "item": "o3"}) in seen
    page = w.current_screen()
    assert w.current[0] == "episode"
    assert page.heading.text() == "Épisode de pollution à l'ozone en cours près d'ici"
    assert "Code de l'environnement, article R221-1" in page.source.text()
    assert page.graph is not None
    assert (page.graph.quantity, page.graph.site_id) == ("o3", "amp-cinq-avenues")
    qtbot.mouseClick(page.module_button, Qt.MouseButton.LeftButton)
    assert w.current == ("exhibit", "air-quality")
    w.go("exhibits")
    qtbot.waitUntil(lambda: bool(w.current_screen().cards), timeout=20000)
    cards = w.current_screen().cards
    assert next(iter(cards)) == "air-quality"
    qtbot.mouseClick(cards["air-quality"], Qt.MouseButton.LeftButton)
    assert w.current[0] == "episode"  # the promoted module opens on the episode's page
    w.back()
    qtbot.mouseClick(w.current_screen().cards["heat-island"], Qt.MouseButton.LeftButton)
    assert w.current == ("exhibit", "heat-island")
    # "Répétition" on every screen, and the kiosk's own data untouched.
    assert k.rehearsal_badge.isVisible()
    assert k.rehearsal_badge.text().startswith("Répétition — ")
    assert k.core.paths.data.name == "rehearsal"
    assert not (k.core.paths.data.parent / "cache.db").exists()


def test_heat_wave_night_puts_heat_island_first(kiosk_factory, qtbot, tmp_path):
    k, seen = rehearsal_kiosk(kiosk_factory, qtbot, tmp_path, "heat",
                              dt.datetime(2027, 7, 21, 0, tzinfo=UTC), "2027-07-21T02:20")
    c = k.ctx.conditions.current
    assert (c.episode.kind, c.module_first) == ("heat", "heat-island")
    w = k.window
    qtbot.waitUntil(lambda: w.current_screen().banner.isVisible(), timeout=20000)
    assert w.current_screen().banner.headline.text() == (
        "Épisode de canicule en cours près d'ici")
    w.go("wake")
    qtbot.mouseClick(w.current_screen().banner.button, Qt.MouseButton.LeftButton)
    assert w.current[0] == "episode"
    assert w.current_screen().graph.quantity == "temperature"
    assert ("promotion_followed", {"screen": "home", "module": "heat-island",
                                   "item": "heat"}) in seen


def test_an_ordinary_summer_day_shows_only_the_season_on_home(kiosk_factory, qtbot,
                                                              tmp_path):
    k, seen = rehearsal_kiosk(kiosk_factory, qtbot, tmp_path, "ordinary",
                              dt.datetime(2027, 7, 15, 12, tzinfo=UTC), "2027-07-15T14:30",
                              episode=False)
    w = k.window
    assert k.ctx.conditions.current.episodes == ()
    assert not w.current_screen().banner.isVisible()  # attract: nothing to announce
    w.go("wake")
    home = w.current_screen()
    assert home.banner.isVisible()
    assert home.banner.headline.text().startswith("À découvrir en ce moment : ")
    assert not home.banner.detail.isVisible()
    qtbot.mouseClick(home.banner.button, Qt.MouseButton.LeftButton)
    assert w.current == ("exhibit", "heat-island")
    assert ("promotion_followed", {"screen": "home", "module": "heat-island",
                                   "item": "season"}) in seen


def test_a_kiosk_serving_visitors_on_demonstration_data_announces_nothing(kiosk, qtbot):
    kiosk.start_services()
    watch = kiosk.ctx.conditions
    qtbot.waitUntil(lambda: watch.current is not None, timeout=20000)
    assert not kiosk.ctx.sensors.has_data()
    assert watch.current.episodes == ()
    assert not hasattr(kiosk, "rehearsal_badge")
