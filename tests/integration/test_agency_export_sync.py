"""A sensor read from an agency's harmonised open-data export (its `endpoint`), served from
127.0.0.1: fresh, six hours old, older than the retention, slow, failing and cut short."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kiosk.core import net
from kiosk.core.paths import Paths, app_root
from kiosk.core.sensors.cache import ObservationCache
from kiosk.core.sensors.sync import SensorSource, sync_sensors
from kiosk.core.settings import Settings

pytestmark = pytest.mark.integration

NOW = dt.datetime(2026, 11, 30, 12, 20, tzinfo=dt.UTC)
FAST = {"timeout": (2.0, 2.0), "deadline": 5.0, "backoff": 0.01, "retries": 1}
HEADER = ("nom_dept,nom_com,insee_com,nom_station,code_station,typologie,influence,nom_poll,"
          "id_poll_ue,valeur,unite,metrique,date_debut,date_fin,statut_valid,x_wgs84,y_wgs84")


def export_csv(newest_end: dt.datetime, hours: int = 3) -> bytes:
    """An export as the agencies publish it: two stations, NO2 and PM10, hour by hour, the
    last hour ending at `newest_end`; one negative value and one invalid row among them."""
    rows = [HEADER]
    for h in range(hours):
        end = newest_end - dt.timedelta(hours=hours - 1 - h)
        start = end - dt.timedelta(hours=1)
        stamp = (start.strftime("%Y/%m/%d %H:%M:%S+00"), end.strftime("%Y/%m/%d %H:%M:%S+00"))
        rows += [
            f"ALPES-MARITIMES,NICE,06088,Nice Pellos,FR24009,Urbaine,Trafic,NO2,8,{30 + h}.5,"
            f"ug.m-3,horaire,{stamp[0]},{stamp[1]},1,7.2559,43.7058",
            f"ALPES-MARITIMES,NICE,06088,Nice Pellos,FR24009,Urbaine,Trafic,PM10,5,"
            f"{-0.4 if h == 0 else 20 + h},µg/m3,horaire,{stamp[0]},{stamp[1]},"
            f"{-1 if h == 1 else 1},7.2559,43.7058",
            f"ALPES-MARITIMES,CONTES,06048,Contes 2,FR24023,Périurbaine,Industrielle,O3,7,"
            f"{50 + h},ug.m-3,horaire,{stamp[0]},{stamp[1]},1,7.3147,43.8122",
        ]
    return ("\n".join(rows) + "\n").encode()


def export_geojson(newest_end: dt.datetime) -> bytes:
    start = newest_end - dt.timedelta(hours=1)
    ms = lambda t: int(t.timestamp() * 1000)  # noqa: E731 - the agencies' epoch milliseconds
    return json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [7.2559, 43.7058]},
        "properties": {"nom_station": "Nice Pellos", "code_station": "FR24009",
                       "nom_poll": "NO2", "valeur": 33.5, "unite": "ug.m-3",
                       "date_debut": ms(start), "date_fin": ms(newest_end),
                       "statut_valid": 1}}]}).encode()


@pytest.fixture
def run(tmp_path, http_server):
    paths = Paths(data=tmp_path, shipped=app_root())
    session = net.make_session()

    def sync(path: str, now: dt.datetime = NOW, station: str = "FR24009"):
        source = SensorSource("atmosud", station, endpoint=http_server.url(path))
        report = sync_sensors(paths, Settings(), session, [source], now=now,
                              http_options=FAST)
        return report.statuses[0], paths

    yield sync
    session.close()


def latest(paths: Paths, quantity: str):
    with ObservationCache(paths.cache_db) as c:
        return c.latest("FR24009", quantity, provider="atmosud")


def test_a_fresh_export_stores_its_station_only_and_counts_what_it_drops(run, http_server):
    http_server.route("/export.csv", body=export_csv(NOW.replace(minute=0)))
    status, paths = run("/export.csv")
    assert status.ok, status.error
    # FR24009's rows: 3 NO2 and 3 PM10, of which one negative and one invalid.
    assert status.received == 6
    assert status.stored == 4
    assert status.dropped == {"negative": 1, "invalid": 1}
    no2 = latest(paths, "no2")
    assert (no2.value, no2.time) == (32.5, NOW.replace(minute=0) - dt.timedelta(hours=1))
    with ObservationCache(paths.cache_db) as c:
        assert c.latest("FR24023", "o3", provider="atmosud") is None


def test_the_geojson_form_of_the_same_export(run, http_server):
    http_server.route("/export.geojson", body=export_geojson(NOW.replace(minute=0)))
    status, paths = run("/export.geojson")
    assert (status.ok, status.stored) == (True, 1)
    assert latest(paths, "no2").value == 33.5


def test_six_hours_old_is_stored_with_its_own_time_never_now(run, http_server):
    end = NOW.replace(minute=0) - dt.timedelta(hours=6)
    http_server.route("/export.csv", body=export_csv(end))
    status, paths = run("/export.csv")
    assert status.ok
    assert status.stored == 4
    assert latest(paths, "no2").time == end - dt.timedelta(hours=1)
    assert status.data_time == (end - dt.timedelta(hours=1)).timestamp()


def test_an_export_older_than_the_retention_says_nothing_stored(run, http_server):
    http_server.route("/export.csv", body=export_csv(NOW - dt.timedelta(days=500)))
    status, _ = run("/export.csv")
    assert status.stored == 0
    assert status.dropped == {"too_old": 4, "negative": 1, "invalid": 1}
    assert status.detail.startswith("nothing stored")


def test_slow_failing_and_cut_exports_keep_the_last_good_values(run, http_server):
    http_server.route("/export.csv", body=export_csv(NOW.replace(minute=0)))
    status, paths = run("/export.csv")
    assert status.ok
    good = latest(paths, "no2")
    later = NOW + dt.timedelta(hours=1)
    # One byte a second: cut at the whole-request deadline.
    http_server.route("/export.csv", body=export_csv(later.replace(minute=0)), chunk_size=1,
                      chunk_delay=1.0)
    status, _ = run("/export.csv", now=later)
    assert not status.ok
    assert "within 5 s" in status.error
    # A server error, then a body cut in the middle of a row.
    http_server.route("/export.csv", status=503)
    status, _ = run("/export.csv", now=later)
    assert not status.ok
    assert "503" in status.error
    body = export_csv(later.replace(minute=0))
    http_server.route("/export.csv", body=body, truncate_at=len(body) // 2)
    status, _ = run("/export.csv", now=later)
    assert not status.ok
    assert latest(paths, "no2") == good
