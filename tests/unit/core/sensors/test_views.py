"""The live and trends views assembled from the cache or the demo dataset (Qt-free)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.core.paths import app_root
from kiosk.core.sensors import territory, views
from kiosk.core.sensors.cache import ObservationCache
from kiosk.core.sensors.model import Observation
from kiosk.core.sensors.service import SensorsService
from kiosk.core.settings import TERRITORIES, default_settings

NOW = dt.datetime(2026, 7, 14, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def catalog():
    return territory.load(app_root() / "media" / "sites", TERRITORIES)


def o(provider, station, quantity, value, minutes_ago, **kw):
    return Observation(provider, station, quantity, value, kw.pop("unit", "µg/m³"),
                       NOW - dt.timedelta(minutes=minutes_ago), **kw)


def test_ages_come_from_observation_times_never_from_now(tmp_path, catalog):
    with ObservationCache(tmp_path / "cache.db") as cache:
        cache.insert([o("project", "amp-vieux-port", "pm25", 12.0, 100, raw=15.0,
                        quality="corrected", period_seconds=600)])
        cache.insert([o("project", "amp-colline-puget", "pm25", 9.0, 30, period_seconds=3600)])
        view = views.build_live(catalog, default_settings(), views.CacheData(cache),
                                NOW.timestamp())
    assert not view.demo
    by_site = {p.site.id: p for p in view.panels}
    # 100 minutes ago + a 10-minute period: 90 minutes old, past the 60-minute limit: the
    # Vieux-Port micro-sensor keeps its card, its value marked stale with its own age.
    port = by_site["amp-vieux-port"].readings["pm25"]
    assert port.stale(NOW.timestamp())
    assert port.age(NOW.timestamp()) == 90 * 60
    assert by_site["amp-vieux-port"].nearby.replaces is None
    puget = by_site["amp-colline-puget"].readings["pm25"]
    assert puget.time == (NOW - dt.timedelta(minutes=30)).timestamp() + 3600
    assert puget.age(NOW.timestamp()) == 0.0  # its hour is not over yet
    assert not puget.stale(NOW.timestamp())
    assert puget.source_class == "project"
    assert not puget.stale(NOW.timestamp() + 30 * 60 + 3599)
    assert puget.stale(NOW.timestamp() + 30 * 60 + 3601)


def test_demo_only_when_nothing_was_ever_stored(tmp_path):
    from kiosk.core.paths import Paths

    paths = Paths(data=tmp_path, shipped=app_root())
    service = SensorsService(paths, default_settings(), clock=NOW.timestamp)
    service.open()
    view = service.live()
    assert view.demo
    assert all(r.demo and not r.stale(NOW.timestamp() + 86400 * 30)
               for p in view.panels for r in p.readings.values())
    assert [p.site.id for p in view.panels] == [
        "amp-vieux-port", "amp-colline-puget", "amp-parc-longchamp"]
    trends = service.trends()
    assert trends.demo
    assert trends.heat[("summer", 0)].n > 0
    with ObservationCache(paths.cache_db) as cache:
        cache.insert([o("atmosud", "FR03043", "no2", 30.0, 20)])
    # A reference station with data: the micro-sensor sites around never had any, so they
    # (and only they) still show generated values.
    view = service.live()
    assert view.demo
    assert all(p.demo for p in view.panels)
    with ObservationCache(paths.cache_db) as cache:
        for site in ("amp-vieux-port", "amp-colline-puget", "amp-parc-longchamp"):
            cache.insert([o("project", site, "pm25", 8.0, 6 * 60)])
    view = service.live()
    assert not view.demo
    assert not any(r.demo for p in view.panels for r in p.readings.values())
    assert not service.trends().demo
    service.close()


def test_six_hours_old_data_is_shown_with_its_age_and_the_reference_fills_the_rest(tmp_path):
    from kiosk.core.paths import Paths

    paths = Paths(data=tmp_path, shipped=app_root())
    with ObservationCache(paths.cache_db) as cache:
        cache.insert([o("project", "amp-vieux-port", "pm25", 11.0, 6 * 60),
                      o("project", "amp-vieux-port", "temperature", 21.5, 6 * 60, unit="°C"),
                      o("atmosud", "FR00008", "pm25", 14.0, 30),
                      o("atmosud", "FR00008", "no2", 31.0, 30)])
    service = SensorsService(paths, default_settings(), clock=NOW.timestamp)
    service.open()
    view = service.live()
    panel = next(p for p in view.panels if p.site.id == "amp-vieux-port")
    assert not panel.demo
    assert panel.nearby.replaces is None
    pm25 = panel.readings["pm25"]
    assert pm25.value == 11.0  # its own value, six hours old, not the reference's 14
    assert pm25.age(NOW.timestamp()) == 6 * 3600
    assert pm25.stale(NOW.timestamp())
    assert not pm25.filled_from
    assert panel.filled == ["no2"]
    assert panel.readings["no2"].filled_from == "Marseille Place Verneuil"
    assert panel.readings["no2"].value == 31.0
    assert panel.graph_quantity == "pm25"  # a graph of its own quantity, with the reference
    service.close()


def test_a_real_site_is_never_shown_next_to_a_generated_reference(tmp_path):
    from kiosk.core.paths import Paths

    paths = Paths(data=tmp_path, shipped=app_root())
    with ObservationCache(paths.cache_db) as cache:
        cache.insert([o("project", "amp-vieux-port", "pm25", 11.0, 10)])
    service = SensorsService(paths, default_settings(), clock=NOW.timestamp)
    service.open()
    panel = next(p for p in service.live().panels if p.site.id == "amp-vieux-port")
    assert not panel.demo
    assert panel.reference is None
    assert panel.ref_readings == {}
    assert list(panel.readings) == ["pm25"]
    site, ref, s, r, demo = service.series("amp-vieux-port", "pm25", now=NOW.timestamp())
    assert not demo
    assert ref is None
    assert r is None
    service.close()


def test_sources_map_every_sensor_of_the_territory_once(tmp_path):
    from kiosk.core.paths import Paths

    service = SensorsService(Paths(data=tmp_path, shipped=app_root()), default_settings())
    sources = service.sources()
    keys = [(s.provider, s.station) for s in sources]
    assert len(keys) == len(set(keys))
    assert ("atmosud", "FR00008") in keys
    assert ("project", "amp-vieux-port") in keys
    assert not any(station.startswith("FR24") for _p, station in keys)  # NCA is elsewhere
    stops = service.trail_stops("TPM")
    assert [s.id for s in stops][:1] == ["tpm-liberte"]


def test_broken_sites_file_is_reported_not_fatal(tmp_path):
    from kiosk.core.paths import Paths

    installed = tmp_path / "content" / "sites" / "current"
    installed.mkdir(parents=True)
    (installed / "sites.toml").write_text("[[site]]\nid = 3\n", encoding="utf-8")
    service = SensorsService(Paths(data=tmp_path, shipped=app_root()), default_settings())
    service.reload_sites()
    assert service.catalog.sites == {}
    assert [item for item, _m in service.problems] == ["sites.toml"]
    (installed / "holidays.toml").write_text("zone = 'B'\n", encoding="utf-8")
    service.reload_sites()
    assert [item for item, _m in service.problems] == ["sites.toml", "holidays.toml"]


def test_a_view_before_the_open_fails_at_once_and_never_opens_cache_db_itself(tmp_path):
    from kiosk.core.paths import Paths
    from kiosk.core.sensors.service import CacheNotOpen

    service = SensorsService(Paths(data=tmp_path, shipped=app_root()), default_settings(),
                             clock=NOW.timestamp)
    assert not service.is_open
    # A worker waiting for another pool's open would hold its own pool meanwhile.
    with pytest.raises(CacheNotOpen, match="not open yet"):
        service.live()
    with pytest.raises(CacheNotOpen):
        service.sync()
    assert not (tmp_path / "cache.db").exists()
    service.open()
    assert service.is_open
    assert service.live().demo
    service.close()
