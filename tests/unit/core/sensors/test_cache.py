"""ObservationCache: upserts, incremental bookkeeping, hourly means, retention, restarts."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.core.health.problems import SourceStatus
from kiosk.core.sensors.cache import ObservationCache
from kiosk.core.sensors.model import Observation, Station

T0 = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


def obs(minutes: int, value: float, *, station="FR24023", quantity="pm10", provider="atmosud",
        raw=None, quality="valid") -> Observation:
    return Observation(provider, station, quantity, value, "µg/m³",
                       T0 + dt.timedelta(minutes=minutes), quality, raw, 900)


@pytest.fixture
def cache(tmp_path):
    c = ObservationCache(tmp_path / "cache.db")
    yield c
    c.close()


def test_insert_is_an_upsert_counting_only_changes(cache):
    assert cache.insert([obs(0, 10.0), obs(15, 12.0)]) == 2
    assert cache.insert([obs(0, 10.0), obs(15, 12.0)]) == 0
    assert cache.insert([obs(15, 13.5), obs(30, 9.0)]) == 2
    assert cache.count() == 3
    assert [o.value for o in cache.since("FR24023", "pm10", T0)] == [10.0, 13.5, 9.0]


def test_latest_and_last_time(cache):
    assert cache.latest("FR24023", "pm10") is None
    assert cache.last_time("atmosud", "FR24023") is None
    cache.insert([obs(0, 1.0), obs(45, 2.0), obs(30, 5.0, quantity="pm25")])
    latest = cache.latest("FR24023", "pm10")
    assert latest.value == 2.0
    assert latest.time == T0 + dt.timedelta(minutes=45)
    assert latest.time.tzinfo is not None
    assert cache.last_time("atmosud", "FR24023") == T0 + dt.timedelta(minutes=45)
    assert cache.last_time("atmosud", "FR24023", "pm25") == T0 + dt.timedelta(minutes=30)
    assert cache.last_time("openaq", "FR24023") is None
    assert cache.quantities("FR24023") == ["pm10", "pm25"]


def test_provider_filter_separates_same_station_ids(cache):
    cache.insert([obs(0, 1.0), obs(0, 7.0, provider="microspot")])
    assert cache.latest("FR24023", "pm10", provider="microspot").value == 7.0
    assert cache.latest("FR24023", "pm10", provider="atmosud").value == 1.0


def test_hourly_means_keep_gaps_and_raw(cache):
    cache.insert([obs(0, 10.0, raw=20.0), obs(15, 20.0, raw=30.0), obs(45, 30.0, raw=None),
                  obs(180, 5.0)])
    points = cache.hourly("FR24023", "pm10", T0, T0 + dt.timedelta(hours=4))
    assert [p.time for p in points] == [T0, T0 + dt.timedelta(hours=3)]
    assert points[0].value == pytest.approx(20.0)
    assert points[0].raw == pytest.approx(25.0)
    assert points[0].count == 3
    assert points[1].raw is None


def test_hourly_wind_direction_is_a_vector_mean(cache):
    cache.insert([obs(0, 350.0, quantity="wind_direction"),
                  obs(30, 10.0, quantity="wind_direction")])
    (p,) = cache.hourly("FR24023", "wind_direction", T0, T0 + dt.timedelta(hours=1))
    assert min(p.value, 360 - p.value) == pytest.approx(0.0, abs=1e-6)


def test_series_for_plots(cache):
    cache.insert([obs(0, 1.0), obs(15, 2.0), obs(120, 3.0)])
    xs, ys = cache.series("FR24023", "pm10", T0, T0 + dt.timedelta(hours=1))
    assert xs == [T0.timestamp(), T0.timestamp() + 900]
    assert ys == [1.0, 2.0]


def test_purge_keeps_recent(cache):
    cache.insert([obs(0, 1.0), obs(60 * 24 * 10, 2.0)])
    cache.save_fetch_state("http://x/new", '"a"', None)
    cache.save_fetch_state("http://x/old", '"b"', None)
    cache.db.execute("UPDATE sensor_fetch_state SET updated_at = 0 WHERE url = 'http://x/old'")
    assert cache.purge(5, now=T0 + dt.timedelta(days=11)) == 1
    assert [o.value for o in cache.since("FR24023", "pm10", T0)] == [2.0]
    assert cache.fetch_state("http://x/new") == ('"a"', None)
    assert cache.fetch_state("http://x/old") == (None, None)


def test_naive_times_are_refused(cache):
    bad = Observation("atmosud", "X", "pm10", 1.0, "µg/m³", dt.datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="naive"):
        cache.insert([bad])


def test_data_survives_a_restart(tmp_path):
    with ObservationCache(tmp_path / "cache.db") as c:
        c.insert([obs(0, 4.0)])
        c.upsert_stations([Station("atmosud", "FR24023", "Contes", 43.8, 7.3)])
        c.save_fetch_state("http://x/y", '"e1"', "Sat, 28 Nov 2026 10:00:00 GMT")
        c.record_status(SourceStatus("sensors:atmosud:FR24023", True, 1.0, 1.0, 2.0, "ok"))
    with ObservationCache(tmp_path / "cache.db") as c:
        assert c.latest("FR24023", "pm10").value == 4.0
        assert c.station("atmosud", "FR24023").name == "Contes"
        assert c.fetch_state("http://x/y") == ('"e1"', "Sat, 28 Nov 2026 10:00:00 GMT")
        assert c.fetch_state("http://other") == (None, None)
        c.record_status(SourceStatus("sensors:atmosud:FR24023", False, 5.0, None, None, "",
                                     "HTTP 500"))
        (s,) = c.statuses()
        assert not s.ok
        assert s.last_success == 1.0
        assert s.data_time == 2.0
        assert s.error == "HTTP 500"


def test_a_corrupt_file_is_rebuilt(tmp_path):
    path = tmp_path / "cache.db"
    path.write_bytes(b"this is not a database" * 100)
    with ObservationCache(path) as c:
        assert c.count() == 0
        c.insert([obs(0, 1.0)])
        assert c.count() == 1


def test_stations_upsert_keeps_known_coordinates(cache):
    cache.upsert_stations([Station("microspot", "1488", "Contes", 43.79, 7.33,
                                   "project", "FR24023")])
    cache.upsert_stations([Station("microspot", "1488", "Contes FR24023")])
    s = cache.station("microspot", "1488")
    assert (s.name, s.latitude, s.paired_reference) == ("Contes FR24023", 43.79, "FR24023")
    assert [x.id for x in cache.stations("microspot")] == ["1488"]


def test_hourly_over_the_autumn_dst_day_has_25_local_hours(cache):
    # 25 October 2026 in Paris lasts 25 hours: stored in UTC, every one of them is kept.
    start = dt.datetime(2026, 10, 24, 22, tzinfo=dt.UTC)  # local midnight (CEST)
    end = dt.datetime(2026, 10, 25, 23, tzinfo=dt.UTC)  # next local midnight (CET)
    cache.insert([Observation("atmosud", "FR1", "no2", float(h), "µg/m³",
                              start + dt.timedelta(hours=h)) for h in range(25)])
    points = cache.hourly("FR1", "no2", start, end)
    assert len(points) == 25
    assert [p.value for p in points] == [float(h) for h in range(25)]
