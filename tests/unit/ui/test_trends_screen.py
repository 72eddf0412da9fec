"""The trends screen: heat island, humidity after rain, weekdays, school holidays."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pytest

from kiosk.core import i18n
from kiosk.core.sensors.cache import ObservationCache
from kiosk.core.sensors.model import Observation
from kiosk.core.sensors.service import SensorsService

pytestmark = pytest.mark.gui


def open_trends(k, qtbot):
    w = k.window
    w.on_activity()
    w.go("trends")
    screen = w.screens["trends"]
    qtbot.waitUntil(lambda: screen.view is not None, timeout=20_000)
    return screen


NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC).timestamp()


def with_service(k, clock=time.time):
    service = SensorsService(k.core.paths, k.ctx.settings, clock=clock)
    service.open()
    k.ctx.sensors = service
    k.window.show()
    return service


def test_demo_year_fills_every_panel_and_says_it_is_a_demo(kiosk_factory, qtbot, tmp_path):
    k = kiosk_factory()
    with_service(k)
    seen = []
    k.ctx.add_recorder(lambda kind, data: seen.append((kind, data)))
    screen = open_trends(k, qtbot)
    assert screen.view.demo
    assert screen.demo_banner.isVisible()
    for panel in (screen.heat, screen.humidity, screen.week, screen.school):
        assert panel.chart is not None
        assert panel.chart.isVisible()
        assert panel.text.text()
    assert "Vieux-Port" in screen.heading.text()
    assert "data.education.gouv.fr" in screen.source.text()
    assert ("trends_view", {"site": "amp-vieux-port"}) in seen
    assert k.window.grab().save(str(tmp_path / "trends.png"))
    i18n.set_language("en")
    assert screen.week.title.text() == "Air quality: weekdays and weekends"
    assert "compared with the reference station" in screen.heading.text()


def test_stored_year_drives_the_heat_island(kiosk_factory, qtbot):
    k = kiosk_factory()
    # Summer nights 3 °C warmer at Vieux-Port than at Place Verneuil, days equal.
    end = NOW
    rows = []
    for h in range(24 * 200):
        t = dt.datetime.fromtimestamp(end - h * 3600, dt.UTC)
        local = t.astimezone(dt.timezone(dt.timedelta(hours=2)))
        base = 20 + 5 * np.sin(h / 24 * 2 * np.pi)
        warm = 3.0 if local.hour == 0 else 0.0
        rows.append(Observation("atmosud", "FR00008", "temperature", float(base), "°C", t))
        rows.append(Observation("project", "amp-vieux-port", "temperature", float(base + warm),
                                "°C", t))
    with ObservationCache(k.core.paths.cache_db) as cache:
        cache.insert(rows)
    with_service(k, clock=lambda: NOW)
    screen = open_trends(k, qtbot)
    assert not screen.view.demo
    assert not screen.demo_banner.isVisible()
    summer_night = screen.view.heat[("summer", 0)]
    assert summer_night.n == 92  # 200 days before 28 November reach into May
    assert summer_night.mean == pytest.approx(3.0, abs=0.01)
    assert screen.view.heat[("summer", 12)].mean == pytest.approx(0.0, abs=0.01)
    assert "+3,0 °C" in screen.heat.text.text()
    assert screen.humidity.text.text() == "Pas encore d'épisode de pluie mesuré."


def test_coming_back_to_the_same_figures_redraws_nothing(kiosk_factory, qtbot, monkeypatch):
    """The reload on entering lands right after the tap: the same figures are not redrawn
    (that put the charts' rebuild on the tap)."""
    k = kiosk_factory()
    with_service(k, clock=lambda: NOW)
    screen = open_trends(k, qtbot)
    drawn = []
    monkeypatch.setattr(screen, "render", lambda: drawn.append(1))
    w = k.window
    w.go("home")
    w.go("trends")
    first = screen.view
    qtbot.waitUntil(lambda: screen.view is not first, timeout=20_000)
    assert drawn == []


def test_a_comparison_that_lacks_data_says_which_instead_of_a_question_mark():
    from kiosk.core.sensors.trends import Comparison
    from kiosk.ui.screens.trends import missing_data

    i18n.set_language("fr")
    no_rest = Comparison("weekdays", 20.0, 12, "weekends", None, 0)
    assert missing_data(no_rest, "jours ouvrés", "week-ends") == "il manque des week-ends mesurés"
    no_work = Comparison("weekdays", None, 0, "weekends", 15.0, 4)
    assert missing_data(no_work, "jours ouvrés", "week-ends") == (
        "il manque des jours ouvrés mesurés")
    zero = Comparison("weekdays", 0.0, 3, "weekends", 15.0, 4)
    assert "nulle" in missing_data(zero, "jours ouvrés", "week-ends")
    assert missing_data(Comparison("a", 10.0, 3, "b", 12.0, 2), "x", "y") is None


def test_school_panel_names_the_missing_calendar(kiosk_factory, qtbot):
    # A week of NO₂ at the reference, all in days the school calendar does not cover.
    k = kiosk_factory()
    start = dt.datetime(2031, 3, 3, tzinfo=dt.UTC)
    rows = [Observation("atmosud", "FR00008", "no2", 20.0 + (h % 7), "µg/m³",
                        start + dt.timedelta(hours=h), "valid", None, 3600)
            for h in range(24 * 14)]
    with ObservationCache(k.core.paths.cache_db) as cache:
        cache.insert(rows)
    now = (start + dt.timedelta(days=14)).timestamp()
    with_service(k, clock=lambda: now)
    screen = open_trends(k, qtbot)
    text = screen.school.text.text()
    assert screen.view.air_quantity == "no2", screen.view.reference
    assert "?" not in text
    assert "calendrier des vacances scolaires ne couvre pas" in text
    assert "?" not in screen.week.text.text()
