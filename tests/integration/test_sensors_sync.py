"""sync_sensors against a local server: incremental fetch, failures isolated, data kept."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from kiosk.core import net
from kiosk.core.paths import Paths, app_root
from kiosk.core.sensors.cache import ObservationCache
from kiosk.core.sensors.sync import SensorSource, sync_sensors
from kiosk.core.settings import Settings
from tests.helpers.http_server import Reply

pytestmark = pytest.mark.integration

NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)
FAST = {"timeout": (2.0, 2.0), "deadline": 5.0, "backoff": 0.01, "retries": 1}


def mesures(station: str, start: dt.datetime, values: list[float]) -> bytes:
    return json.dumps({"mesures": [
        {"id_station": station, "polluant_id": "39", "unite": "µg/m3",
         "date_debut": (start + dt.timedelta(hours=i)).isoformat(), "valeur": v,
         "temporalite": "horaire"} for i, v in enumerate(values)]}).encode()


def feed(site: str, start: dt.datetime, values: list[float]) -> bytes:
    return json.dumps({"site": site, "observations": [
        {"time": (start + dt.timedelta(hours=i)).isoformat(), "quantity": "pm25",
         "value": v, "unit": "µg/m³", "quality": "corrected"}
        for i, v in enumerate(values)]}).encode()


@pytest.fixture
def env(tmp_path, http_server):
    paths = Paths(data=tmp_path, shipped=app_root())
    settings = Settings()
    settings.sensors.providers.project.url = http_server.url("/feed")
    settings.sensors.providers.atmosud.url = http_server.url("")
    session = net.make_session()
    progress: list[tuple[int, int]] = []

    def run(sources, now=NOW):
        return sync_sensors(paths, settings, session, sources, now=now, http_options=FAST,
                            progress=lambda d, t: progress.append((d, t)))

    yield paths, run, progress
    session.close()


def test_first_sync_backfills_then_fetches_since_the_last_time(env, http_server):
    paths, run, progress = env
    start = NOW - dt.timedelta(hours=5)
    http_server.route("/observations/stations/mesures",
                      body=mesures("FR24023", start, [1.0, 2.0, 3.0]))
    report = run([SensorSource("atmosud", "FR24023", ("pm25",))])
    assert report.ok
    assert report.changed
    assert progress[-1] == (1, 1)
    first = parse_qs(urlsplit(http_server.requests[-1].path).query)
    assert first["date_debut"] == ["2026-11-21T12:00:00Z"]  # seven days back
    with ObservationCache(paths.cache_db) as c:
        assert c.latest("FR24023", "pm25", provider="atmosud").value == 3.0
    report = run([SensorSource("atmosud", "FR24023", ("pm25",))])
    assert not report.changed
    second = parse_qs(urlsplit(http_server.requests[-1].path).query)
    last = start + dt.timedelta(hours=2)
    assert second["date_debut"] == [(last - dt.timedelta(hours=3)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")]


def test_one_failing_source_never_stops_the_others(env, http_server):
    paths, run, _ = env
    http_server.route("/observations/stations/mesures", status=500)
    http_server.route("/feed/sites/demo-1/observations",
                      body=feed("demo-1", NOW - dt.timedelta(hours=2), [5.0, 6.0]))
    report = run([SensorSource("atmosud", "FR24023"), SensorSource("project", "demo-1"),
                  SensorSource("openaq", "4242"), SensorSource("nobody", "x")])
    by = {s.source: s for s in report.statuses}
    assert not by["sensors:atmosud:FR24023"].ok
    assert "500" in by["sensors:atmosud:FR24023"].error
    assert by["sensors:project:demo-1"].ok
    assert "key" in by["sensors:openaq:4242"].error
    assert "unknown provider" in by["sensors:nobody:x"].error
    with ObservationCache(paths.cache_db) as c:
        assert c.latest("demo-1", "pm25").value == 6.0
        assert {s.source for s in c.statuses()} == set(by)


def test_a_dripping_source_is_cut_at_its_deadline_and_the_others_go_on(env, http_server):
    _paths, run, _ = env  # FAST: a 5 s deadline per request
    http_server.route("/observations/stations/mesures",
                      body=mesures("FR24023", NOW, [1.0]), chunk_size=1, chunk_delay=1.0)
    http_server.route("/feed/sites/demo-1/observations",
                      body=feed("demo-1", NOW - dt.timedelta(hours=2), [5.0, 6.0]))
    report = run([SensorSource("atmosud", "FR24023", ("pm25",)),
                  SensorSource("project", "demo-1")])
    by = {s.source: s for s in report.statuses}
    assert "no complete answer within 5 s" in by["sensors:atmosud:FR24023"].error
    assert by["sensors:project:demo-1"].ok


def test_a_nesting_bomb_reply_never_skips_the_healthy_sources(env, http_server):
    # Before: a RecursionError left sync_sensors and every later source was skipped.
    _paths, run, _ = env
    http_server.route("/observations/stations/mesures", body=b"[" * 200_000 + b"]" * 200_000)
    http_server.route("/feed/sites/demo-1/observations",
                      body=feed("demo-1", NOW - dt.timedelta(hours=2), [5.0, 6.0]))
    report = run([SensorSource("atmosud", "FR24023", ("pm25",)),
                  SensorSource("project", "demo-1")])
    by = {s.source: s for s in report.statuses}
    assert "nested deeper than 64" in by["sensors:atmosud:FR24023"].error
    assert by["sensors:project:demo-1"].ok


def test_a_bug_in_one_source_is_reported_and_the_others_go_on(env, http_server, monkeypatch):
    from kiosk.core.sensors import providers

    def broken(*a, **k):
        raise KeyError("a shape nobody foresaw")
    monkeypatch.setitem(providers.REGISTRY, "atmosud",
                        dataclasses.replace(providers.REGISTRY["atmosud"], fetch=broken))
    _paths, run, _ = env
    http_server.route("/feed/sites/demo-1/observations",
                      body=feed("demo-1", NOW - dt.timedelta(hours=2), [5.0, 6.0]))
    report = run([SensorSource("atmosud", "FR24023"), SensorSource("project", "demo-1")])
    by = {s.source: s for s in report.statuses}
    assert "KeyError" in by["sensors:atmosud:FR24023"].error
    assert by["sensors:project:demo-1"].ok


def test_last_good_data_survives_network_loss_and_restart(env, http_server):
    paths, run, _ = env
    http_server.route("/feed/sites/demo-1/observations",
                      body=feed("demo-1", NOW - dt.timedelta(hours=1), [7.5]))
    ok = run([SensorSource("project", "demo-1")])
    data_time = ok.statuses[0].data_time
    http_server.route("/feed/sites/demo-1/observations", body=b'{"site": "demo-1", "obs')
    bad = run([SensorSource("project", "demo-1")])
    assert not bad.ok
    assert "unreadable answer" in bad.statuses[0].error
    http_server.close()  # the network is gone
    gone = run([SensorSource("project", "demo-1")])
    assert not gone.ok
    with ObservationCache(paths.cache_db) as c:  # a restart: a new handle on the file
        assert c.latest("demo-1", "pm25").value == 7.5
        (status,) = c.statuses()
        assert not status.ok
        assert status.data_time == data_time
        assert status.last_success == ok.statuses[0].last_success


def test_429_then_success_inside_a_sync(env, http_server):
    _, run, _ = env
    http_server.route("/observations/stations/mesures", responses=[
        Reply(status=429, headers={"Retry-After": "0"}),
        Reply(body=mesures("FR24023", NOW - dt.timedelta(hours=1), [4.0]))])
    report = run([SensorSource("atmosud", "FR24023", ("pm25",))])
    assert report.ok
    assert http_server.hits("/observations/stations/mesures") == 2


def test_quantities_filter_and_station_rekeying(env, http_server):
    paths, run, _ = env
    body = json.dumps([{"timestamp": "2026-11-28 11:00:00", "location": {"id": 3121},
                        "sensor": {"id": 5331}, "sensordatavalues": [
                            {"value": "12.5", "value_type": "P1"},
                            {"value": "7.5", "value_type": "P2"}]}]).encode()
    http_server.route("/airrohr/v1/sensor/5331/", body=body)
    settings = Settings()
    settings.sensors.providers.sensor_community.url = http_server.url("")
    report = sync_sensors(paths, settings, net.make_session(),
                          [SensorSource("sensor.community", "sc-3121", ("pm25",), ("5331",))],
                          now=NOW, http_options=FAST)
    assert report.ok
    with ObservationCache(paths.cache_db) as c:
        assert c.quantities("sc-3121") == ["pm25"]
        assert c.latest("sc-3121", "pm25").value == 7.5


def test_retention_purges_old_observations(env, http_server):
    paths, run, _ = env
    old = NOW - dt.timedelta(days=500)
    http_server.route("/feed/sites/demo-1/observations", body=feed("demo-1", old, [1.0]))
    run([SensorSource("project", "demo-1")])
    with ObservationCache(paths.cache_db) as c:
        assert c.count() == 0


def test_cancel_between_sources(env, http_server, tmp_path):
    paths, _, _ = env
    http_server.route("/feed/sites/a/observations", body=feed("a", NOW, [1.0]))
    settings = dataclasses.replace(Settings())
    settings.sensors.providers.project.url = http_server.url("/feed")
    report = sync_sensors(paths, settings, net.make_session(),
                          [SensorSource("project", "a"), SensorSource("project", "b")],
                          now=NOW, cancelled=lambda: True, http_options=FAST)
    assert report.statuses == []
    assert http_server.requests == []


def test_a_cache_broken_since_the_last_check_is_rebuilt(env, http_server):
    paths, run, _ = env
    http_server.route("/feed/sites/demo-1/observations",
                      body=feed("demo-1", NOW - dt.timedelta(hours=1), [2.5]))
    assert run([SensorSource("project", "demo-1")]).ok
    paths.cache_db.write_bytes(b"garbage" * 1000)
    for suffix in ("-wal", "-shm"):
        paths.cache_db.with_name(paths.cache_db.name + suffix).unlink(missing_ok=True)
    assert run([SensorSource("project", "demo-1")]).ok  # the second sync skips the check
    with ObservationCache(paths.cache_db) as c:
        assert c.latest("demo-1", "pm25").value == 2.5


def test_openaq_pages_through_hours(tmp_path, http_server):
    from urllib.parse import parse_qs, urlsplit

    start = NOW - dt.timedelta(hours=1001)

    def page(first: int, n: int) -> bytes:
        return json.dumps({"meta": {"found": ">1000"}, "results": [
            {"value": 5.0, "parameter": {"name": "pm25", "units": "µg/m³"},
             "period": {"interval": "01:00:00", "datetimeFrom": {
                 "utc": (start + dt.timedelta(hours=first + i)).isoformat()}}}
            for i in range(n)]}).encode()

    http_server.route("/locations/9/sensors", body=json.dumps({"results": [
        {"id": 90, "parameter": {"name": "pm25", "units": "µg/m³"}}]}).encode())
    http_server.route("/sensors/90/hours", responses=[Reply(body=page(0, 1000)),
                                                      Reply(body=page(1000, 1))])
    settings = Settings()
    settings.sensors.providers.openaq.api_key = "k"
    settings.sensors.providers.openaq.url = http_server.url("")
    session = net.make_session()
    report = sync_sensors(Paths(data=tmp_path, shipped=app_root()), settings, session,
                          [SensorSource("openaq", "9", ("pm25",))], now=NOW, http_options=FAST,
                          backfill=dt.timedelta(days=60))
    session.close()
    assert report.ok
    pages = [parse_qs(urlsplit(r.path).query)["page"] for r in http_server.requests
             if r.path.startswith("/sensors/90/hours")]
    assert pages == [["1"], ["2"]]
    with ObservationCache(tmp_path / "cache.db") as c:
        assert c.count() == 1001


# --- reports that tell the truth, sources from data ------------------------------------------

def test_a_feed_older_than_the_retention_reports_nothing_stored(env, http_server):
    # Before: "ok, 144 new", then the purge kept nothing.
    paths, run, _ = env
    old = NOW - dt.timedelta(days=500)
    http_server.route("/feed/sites/demo-1/observations", body=feed("demo-1", old, [1.0] * 144))
    (status,) = run([SensorSource("project", "demo-1")]).statuses
    assert status.ok  # it answered
    assert (status.received, status.stored, status.dropped) == (144, 0, {"too_old": 144})
    assert status.detail.startswith("nothing stored: 144 received, 0 stored, 144 dropped")
    assert "144 older than the retention" in status.detail
    with ObservationCache(paths.cache_db) as c:
        assert c.count() == 0
        kept = c.status("sensors:project:demo-1")
        assert (kept.received, kept.stored, kept.dropped) == (144, 0, {"too_old": 144})


def test_received_stored_dropped_add_up_with_reasons(env, http_server):
    paths, run, _ = env
    rows = [{"time": (NOW - dt.timedelta(hours=h)).isoformat(), "quantity": q, "value": v,
             "unit": "µg/m³"} for h, q, v in (
        (1, "pm25", 5.0), (2, "pm25", 6.0), (3, "pm25", -999), (4, "pm10", 9.0),
        (5, "radon", 1.0))]
    http_server.route("/feed/sites/demo-1/observations",
                      body=json.dumps({"site": "demo-1", "observations": rows}).encode())
    (status,) = run([SensorSource("project", "demo-1", ("pm25",))]).statuses
    assert status.received == 5
    assert status.stored == 2
    assert status.dropped == {"sentinel": 1, "not_wanted": 1, "unknown_quantity": 1}
    assert status.detail.startswith("5 received, 2 stored, 3 dropped (")
    again = run([SensorSource("project", "demo-1", ("pm25",))]).statuses[0]
    assert again.stored == 0
    assert again.dropped == {"duplicate": 2, "sentinel": 1, "not_wanted": 1,
                             "unknown_quantity": 1}
    assert again.received == again.stored + sum(again.dropped.values())
    assert again.detail.startswith("nothing stored: 5 received, 0 stored, 5 dropped (")


def test_urls_and_keys_come_from_settings_and_a_sensor_may_name_its_own(tmp_path, http_server):
    settings = Settings()
    settings.sensors.providers.openaq.url = http_server.url("/mirror/v3")
    settings.sensors.providers.openaq.api_key = "secret-1"
    http_server.route("/mirror/v3/locations/9/sensors", body=b'{"results": []}')
    http_server.route("/own/v3/locations/8/sensors", body=b'{"results": []}')
    report = sync_sensors(Paths(data=tmp_path, shipped=app_root()), settings,
                          net.make_session(),
                          [SensorSource("openaq", "9"),
                           SensorSource("openaq", "8", endpoint=http_server.url("/own/v3")),
                           SensorSource("microspot", "1488")], now=NOW, http_options=FAST)
    by = {s.source: s for s in report.statuses}
    assert by["sensors:openaq:9"].ok
    assert by["sensors:openaq:8"].ok
    assert [r.headers["X-API-Key"] for r in http_server.requests] == ["secret-1", "secret-1"]
    assert by["sensors:openaq:8"].url == http_server.url("/own/v3/locations/8/sensors")
    assert "sensors.providers.microspot.api_key" in by["sensors:microspot:1488"].error
    assert by["sensors:microspot:1488"].url.startswith("https://spot.atmo-france.org/")


def test_the_last_failure_and_its_reason_survive_a_later_success(env, http_server):
    paths, run, _ = env
    http_server.route("/feed/sites/demo-1/observations", status=404)
    assert not run([SensorSource("project", "demo-1")]).ok
    http_server.route("/feed/sites/demo-1/observations",
                      body=feed("demo-1", NOW - dt.timedelta(hours=1), [3.0]))
    run([SensorSource("project", "demo-1")])
    with ObservationCache(paths.cache_db) as c:
        s = c.status("sensors:project:demo-1")
    assert s.ok
    assert s.error is None
    assert "404" in s.failure
    assert s.last_failure is not None
    assert s.last_success >= s.last_failure


def test_a_sync_writing_from_its_net_worker_and_the_db_worker_writing_meet_no_lock(
        env, http_server):
    # The documented exception to "the db worker writes cache.db": a sync stores its rows
    # from its own connection. Meanwhile the service's connection (the db worker's) keeps
    # writing and reading: neither may fail on the other's lock.
    import threading

    from kiosk.core.health.problems import SourceStatus

    paths, run, _ = env
    sites = [f"demo-{n}" for n in range(4)]
    for site in sites:
        http_server.route(f"/feed/sites/{site}/observations", body=feed(
            site, NOW - dt.timedelta(days=7), [float(i % 50) for i in range(168)]))
    errors: list[BaseException] = []
    done = threading.Event()
    service_cache = ObservationCache(paths.cache_db)

    writes = [0]

    def db_worker():
        n = 0
        while not done.is_set():
            try:
                service_cache.record_status(SourceStatus(f"other:{n % 3}", ok=True))
                service_cache.latest("demo-0", "pm25")
            except BaseException as e:  # any failure is the finding
                errors.append(e)
                return
            n += 1
            writes[0] = n

    worker = threading.Thread(target=db_worker)
    worker.start()
    try:
        reports = [run([SensorSource("project", site) for site in sites]) for _ in range(3)]
    finally:
        done.set()
        worker.join(10)
    service_cache.close()
    assert errors == []
    assert writes[0] > 10  # the two really met
    assert all(r.ok for r in reports), [s.error for r in reports for s in r.statuses]
    with ObservationCache(paths.cache_db) as c:
        assert all(c.latest(site, "pm25") is not None for site in sites)
