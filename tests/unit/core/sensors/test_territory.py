"""Sites, trail stops, great-circle distances, compass directions and the nearest sites."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from kiosk.core import i18n
from kiosk.core.paths import app_root
from kiosk.core.sensors import territory
from kiosk.core.settings import TERRITORIES

SHIPPED = app_root() / "media" / "sites"


def site(id, kind="demo", lat=43.30, lon=5.37, reference=None, territory_code="AMP"):
    return {"id": id, "territory": territory_code, "name": id.title(), "kind": kind,
            "latitude": lat, "longitude": lon,
            **({"reference": reference} if reference else {}),
            "sensors": [{"provider": "project" if kind == "demo" else "atmosud",
                         "station": id}]}


def catalog(*sites):
    return territory.parse({"site": list(sites)}, "test", TERRITORIES)


def test_distance_matches_known_values():
    # One degree of latitude on the mean sphere is 111.195 km.
    assert territory.distance_m(43.0, 5.0, 44.0, 5.0) == pytest.approx(111_195, rel=1e-4)
    # Marseille Vieux-Port to Nice Place Masséna, about 158 km as the crow flies.
    d = territory.distance_m(43.2951, 5.3745, 43.6972, 7.2703)
    assert 155_000 < d < 160_000
    assert territory.distance_m(43.3, 5.4, 43.3, 5.4) == 0


@pytest.mark.parametrize(("dlat", "dlon", "point"), [
    (0.01, 0, "nord"), (0.01, 0.014, "nord-est"), (0, 0.01, "est"), (-0.01, 0.014, "sud-est"),
    (-0.01, 0, "sud"), (-0.01, -0.014, "sud-ouest"), (0, -0.01, "ouest"),
    (0.01, -0.014, "nord-ouest"),
])
def test_bearing_names_eight_compass_points(dlat, dlon, point):
    b = territory.bearing_deg(43.3, 5.4, 43.3 + dlat, 5.4 + dlon)
    assert territory.compass_point(b) == point


def test_compass_boundaries_wrap_around_north():
    assert territory.compass_point(359) == "nord"
    assert territory.compass_point(22.4) == "nord"
    assert territory.compass_point(22.6) == "nord-est"
    assert territory.compass_point(337.6) == "nord"
    assert territory.compass_point(-10) == "nord"


def test_describe_in_each_language():
    cat = catalog(site("parc-x", lat=43.3065, lon=5.3776))
    (near,) = cat.nearest("AMP", 43.30, 5.37, 3)
    assert near.describe() == "Parc-X — 950 m, nord-est"
    i18n.set_language("en")
    assert near.describe() == "Parc-X — 950 m, northeast"
    i18n.set_language("de")
    assert "Nordost" in near.describe()


def test_format_distance_rounds_metres_then_kilometres():
    assert territory.format_distance(847) == "850 m"
    assert territory.format_distance(3) == "10 m"
    assert territory.format_distance(1260) == "1,3 km"
    i18n.set_language("en")
    assert territory.format_distance(12_340) == "12.3 km"


def test_nearest_orders_by_distance_and_limits_to_n():
    cat = catalog(
        site("far", lat=43.40), site("near", lat=43.301), site("mid", lat=43.32),
        site("other", lat=43.3005, territory_code="NCA"), site("ref", kind="reference"))
    got = cat.nearest("AMP", 43.30, 5.37, 2)
    assert [n.site.id for n in got] == ["near", "mid"]
    assert got[0].distance_m == pytest.approx(111.2, abs=0.5)
    assert got[0].replaces is None


def test_stale_micro_sensor_gives_way_to_its_reference_once():
    cat = catalog(
        site("ref-a", kind="reference", lat=43.35), site("ref-b", kind="reference", lat=43.5),
        site("a1", lat=43.301, reference="ref-a"), site("a2", lat=43.302, reference="ref-a"),
        site("b1", lat=43.303, reference="ref-b"))
    stale = {"a1", "a2"}
    got = cat.nearest("AMP", 43.30, 5.37, 3, is_stale=lambda s: s.id in stale)
    assert [n.site.id for n in got] == ["ref-a", "b1", "ref-b"]
    assert got[0].replaces.id == "a1"
    assert got[0].distance_m == pytest.approx(territory.distance_m(43.30, 5.37, 43.35, 5.37))
    assert got[2].replaces is None  # filled with the next nearest station


def test_stale_site_without_pairing_falls_back_to_nearest_reference():
    cat = catalog(site("r-near", kind="reference", lat=43.31),
                  site("r-far", kind="reference", lat=43.6), site("lonely", lat=43.30))
    (got, *_rest) = cat.nearest("AMP", 43.30, 5.37, 1, is_stale=lambda s: True)
    assert got.site.id == "r-near"
    assert got.replaces.id == "lonely"


def test_parse_rejects_bad_entries_naming_them():
    with pytest.raises(territory.SitesError, match="site 'x'.*kind"):
        catalog({**site("x"), "kind": "weird"})
    with pytest.raises(territory.SitesError, match="site 'x'.*latitude"):
        catalog({**site("x"), "latitude": 123.0})
    with pytest.raises(territory.SitesError, match="unknown territory"):
        catalog(site("x", territory_code="PAR"))
    with pytest.raises(territory.SitesError, match="reference 'nope'"):
        catalog(site("x", reference="nope"))
    with pytest.raises(territory.SitesError, match="duplicate"):
        catalog(site("x"), site("x"))


def test_load_reports_missing_and_broken_files(tmp_path):
    with pytest.raises(territory.SitesError, match="cannot read"):
        territory.load(tmp_path)
    (tmp_path / "sites.toml").write_text("site = [", encoding="utf-8")
    with pytest.raises(territory.SitesError, match="not valid TOML"):
        territory.load(tmp_path)


def test_shipped_sites_cover_every_territory_with_trails_and_stations():
    cat = territory.load(SHIPPED, TERRITORIES)
    for code, t in TERRITORIES.items():
        sites = cat.in_territory(code)
        assert any(s.is_reference for s in sites), code
        assert sum(not s.is_reference for s in sites) >= 3, code
        assert cat.trail_stops(code), code
        near = cat.nearest(code, t.latitude, t.longitude, 3)
        assert len(near) == 3
        assert all(n.distance_m < 10_000 for n in near), code
        for s in sites:
            # Every site lies within ~40 km of its territory's default parking spot.
            assert territory.distance_m(t.latitude, t.longitude, s.latitude,
                                        s.longitude) < 40_000, s.id
            if not s.is_reference:
                assert cat.reference_of(s) is not None, s.id
    codes = {ref.station for _s, ref in cat.sensors() if ref.provider == "atmosud"}
    assert {"FR00008", "FR03043", "FR24023", "FR24036", "FR24035", "FR03068"} <= codes
    assert all(ref.confirmed for _s, ref in cat.sensors() if ref.provider == "atmosud")


def test_parking_point_prefers_the_chosen_stop():
    cat = territory.load(SHIPPED, TERRITORIES)
    stop = cat.trail_stops("NCA")[0]
    k = SimpleNamespace(parking_stop=stop.id, latitude=1.0, longitude=2.0)
    assert territory.parking_point(cat, k) == (stop.latitude, stop.longitude)
    k = SimpleNamespace(parking_stop="", latitude=1.0, longitude=2.0)
    assert territory.parking_point(cat, k) == (1.0, 2.0)
    k = SimpleNamespace(parking_stop="gone", latitude=1.0, longitude=2.0)
    assert territory.parking_point(cat, k) == (1.0, 2.0)


def test_haversine_is_symmetric_and_small_distances_are_planar():
    a, b = (43.2965, 5.3698), (43.2975, 5.3708)
    d = territory.distance_m(*a, *b)
    assert d == pytest.approx(territory.distance_m(*b, *a))
    planar = math.hypot(0.001 * 111_195, 0.001 * 111_195 * math.cos(math.radians(43.297)))
    assert d == pytest.approx(planar, rel=1e-3)


@pytest.mark.parametrize("name", ["stale_reference_minutes", "stale_project_minutes",
                                  "stale_community_minutes", "nearest_count"])
def test_sensor_limits_must_be_positive(name):
    from kiosk.core import settings

    with pytest.raises(settings.SettingsError, match=f"sensors.{name}: must be at least 1"):
        settings.from_dict({"sensors": {name: 0}})
    assert getattr(settings.from_dict({"sensors": {name: 5}}).sensors, name) == 5


def test_a_sensor_names_its_own_endpoint_and_sensor_ids():
    cat = catalog({**site("sc"), "sensors": [
        {"provider": "sensor.community", "station": "3121", "sensor_ids": ["5331", 5332]},
        {"provider": "atmosud", "station": "FR03043",
         "endpoint": "https://open-data.example/mesures.geojson"}]})
    sc, agency = cat.sites["sc"].sensors
    assert sc.sensor_ids == ("5331", "5332")
    assert sc.endpoint == ""
    assert agency.endpoint == "https://open-data.example/mesures.geojson"
    with pytest.raises(territory.SitesError, match=r"sensors\[0\]: endpoint must be an http"):
        catalog({**site("x"), "sensors": [{"provider": "project", "station": "x",
                                           "endpoint": "file:///etc/passwd"}]})
    with pytest.raises(territory.SitesError, match="sensor_ids must be a list"):
        catalog({**site("x"), "sensors": [{"provider": "project", "station": "x",
                                           "sensor_ids": "5331"}]})
