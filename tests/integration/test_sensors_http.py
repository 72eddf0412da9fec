"""Each provider's HTTP layer against a real server on 127.0.0.1: 200, 304, 429 with
Retry-After, 500, malformed JSON, a huge body and a slow body."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from kiosk.core import net
from kiosk.core.sensors.providers import atmosud, microspot, openaq, project, sensor_community
from kiosk.core.sensors.providers.http import Http, SourceError
from kiosk.core.sensors.tables import InputRejected
from tests.helpers.http_server import Reply

pytestmark = pytest.mark.integration

SINCE = dt.datetime(2026, 11, 28, 6, tzinfo=dt.UTC)
UNTIL = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)


def mesures(station: str, values: list[float], polluant: str = "39") -> bytes:
    return json.dumps({"mesures": [
        {"id_station": station, "nom_station": "Contes", "polluant_id": polluant,
         "date_debut": (SINCE + dt.timedelta(hours=i)).isoformat(), "valeur": v,
         "unite": "µg/m3", "validation": "non validée", "temporalite": "horaire"}
        for i, v in enumerate(values)]}).encode()


@pytest.fixture
def http():
    session = net.make_session()
    sleeps: list[float] = []
    h = Http(session, sleep=sleeps.append, timeout=(2.0, 2.0), deadline=5.0, backoff=0.01)
    h.sleeps = sleeps
    yield h
    session.close()


def query(seen) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(seen.path).query).items()}


def test_atmosud_reference_200(http_server, http):
    http_server.route("/observations/stations/mesures", body=mesures("FR24023", [10.0, 12.0]))
    (r,) = atmosud.fetch_api(http, "FR24023", ("pm25",), SINCE, UNTIL, base=http_server.url(""))
    assert [o.value for o in r.observations] == [10.0, 12.0]
    assert r.observations[0].period_seconds == 3600
    q = query(http_server.requests[-1])
    assert q["station_id"] == "FR24023"
    assert q["nom_polluant"] == "pm2.5"
    assert q["date_debut"] == "2026-11-28T06:00:00Z"


def test_atmosud_capteurs_site_uses_the_capteurs_endpoint(http_server, http):
    body = json.dumps([{"id_site": 77, "variable": "PM10", "time": "2026-11-28T07:00:00Z",
                        "valeur": None, "valeur_brute": 30.5, "unite": "µg/m3"}]).encode()
    http_server.route("/observations/capteurs/mesures", body=body)
    (r,) = atmosud.fetch_api(http, "77", ("pm10",), SINCE, UNTIL, base=http_server.url(""))
    (o,) = r.observations
    assert (o.value, o.quality) == (30.5, "uncorrected")
    assert query(http_server.requests[-1])["variable"] == "PM10"


def test_429_retry_after_is_honoured(http_server, http):
    http_server.route("/observations/stations/mesures", responses=[
        Reply(status=429, headers={"Retry-After": "2"}), Reply(body=mesures("FR1", []))])
    atmosud.fetch_api(http, "FR24023", ("no2",), SINCE, UNTIL, base=http_server.url(""))
    assert http_server.hits("/observations/stations/mesures") == 2
    assert http.sleeps == [pytest.approx(2.0, abs=0.01)]


def test_a_long_retry_after_never_passes_the_deadline(http_server, http):
    http_server.route("/observations/stations/mesures", responses=[
        Reply(status=429, headers={"Retry-After": "3600"}), Reply(body=mesures("FR1", []))])
    atmosud.fetch_api(http, "FR24023", ("no2",), SINCE, UNTIL, base=http_server.url(""))
    assert 0 < http.sleeps[0] <= 5.0


def test_500_is_a_source_error(http_server, http):
    http_server.route("/observations/stations/mesures", status=500, body=b"oops")
    with pytest.raises(SourceError, match="500"):
        atmosud.fetch_api(http, "FR24023", ("no2",), SINCE, UNTIL, base=http_server.url(""))


def test_malformed_json_is_rejected_with_a_reason(http_server, http):
    http_server.route("/observations/stations/mesures", body=b'{"mesures": [{"id_sta')
    with pytest.raises(InputRejected, match="invalid JSON"):
        atmosud.fetch_api(http, "FR24023", ("no2",), SINCE, UNTIL, base=http_server.url(""))


def test_huge_body_is_cut_at_the_cap(http_server, http):
    http.max_bytes = 64 * 1024
    http_server.route("/sites/s1/observations", body=b"[" + b" " * 300_000 + b"]")
    with pytest.raises(SourceError, match="cap"):
        project.fetch_site(http, http_server.url(""), "s1", None)


def test_slow_body_hits_the_deadline(http_server, http):
    http.deadline = 1.0
    http_server.route("/sites/s1/observations", body=b"x" * (16384 * 20), chunk_delay=0.3)
    with pytest.raises(SourceError, match="no complete answer"):
        project.fetch_site(http, http_server.url(""), "s1", None)


def test_cancel_stops_a_download(http_server, http):
    http.cancelled = lambda: True
    http_server.route("/sites/s1/observations", body=b"{}")
    with pytest.raises(net.Cancelled):
        project.fetch_site(http, http_server.url(""), "s1", None)


def test_project_feed_conditional_304(http_server, http):
    state: dict[str, tuple] = {}
    http.state_get = lambda url: state.get(url, (None, None))
    http.state_put = lambda url, e, lm: state.__setitem__(url, (e, lm))
    feed = json.dumps({"site": "s1", "observations": [
        {"time": "2026-11-28T10:00:00Z", "quantity": "pm25", "value": 3.5, "unit": "µg/m³",
         "quality": "corrected"}]}).encode()
    http_server.route("/sites/s1/observations", body=feed, etag='"v1"')
    (r,) = project.fetch_site(http, http_server.url(""), "s1", SINCE)
    assert r.observations[0].quality == "corrected"
    assert project.fetch_site(http, http_server.url(""), "s1", SINCE) == []
    assert http_server.requests[-1].headers["If-None-Match"] == '"v1"'
    assert query(http_server.requests[-1])["since"] == "2026-11-28T06:00:00Z"


def test_sensor_community_last_modified(http_server, http):
    state: dict[str, tuple] = {}
    http.state_get = lambda url: state.get(url, (None, None))
    http.state_put = lambda url, e, lm: state.__setitem__(url, (e, lm))
    body = json.dumps([{"timestamp": "2026-11-28 10:00:00", "location": {"id": 3121,
                        "indoor": 0}, "sensor": {"id": 5331}, "sensordatavalues": [
                            {"value": "12.5", "value_type": "P1"}]}]).encode()
    lm = "Sat, 28 Nov 2026 10:00:00 GMT"
    http_server.route("/airrohr/v1/sensor/5331/", body=body, last_modified=lm)
    (r,) = sensor_community.fetch_sensors(http, ["5331"], base=http_server.url(""))
    assert r.observations[0].station == "3121"
    assert sensor_community.fetch_sensors(http, ["5331"], base=http_server.url("")) == []
    assert http_server.requests[-1].headers["If-Modified-Since"] == lm


def test_openaq_key_sensors_then_hours(http_server, http):
    sensors = {"meta": {}, "results": [
        {"id": 71, "parameter": {"id": 7, "name": "no2", "units": "ppm"}},
        {"id": 72, "parameter": {"id": 2, "name": "pm25", "units": "µg/m³"}}]}
    hours = {"meta": {}, "results": [{"value": 0.02, "parameter": {"name": "no2",
             "units": "ppm"}, "period": {"interval": "01:00:00", "datetimeFrom": {
                 "utc": "2026-11-28T09:00:00Z"}}}]}
    http_server.route("/locations/4242/sensors", body=json.dumps(sensors).encode())
    http_server.route("/sensors/71/hours", body=json.dumps(hours).encode())
    (r,) = openaq.fetch_location(http, "4242", ("no2",), SINCE, UNTIL, key="k-123",
                        base=http_server.url(""))
    (o,) = r.observations
    assert (o.station, o.quantity, o.unit) == ("4242", "no2", "µg/m³")
    assert o.value == pytest.approx(38.25, abs=0.05)
    assert all(s.headers["X-API-Key"] == "k-123" for s in http_server.requests)
    assert http_server.hits("/sensors/72/hours") == 0
    with pytest.raises(SourceError, match="key"):
        openaq.fetch_location(http, "4242", (), SINCE, UNTIL, key="", base=http_server.url(""))


def test_microspot_post_with_bearer(http_server, http, shared_fixtures):
    body = (shared_fixtures / "atmosud/microspot_export_contes_PMo_2024-01-03_trimmed.json"
            ).read_bytes()
    http_server.route("/export-api/observations", body=body)
    (r,) = microspot.fetch_device(http, "1488", SINCE, UNTIL, key="secret",
                           url=http_server.url("/export-api/observations"))
    assert len(r.observations) == 144
    seen = http_server.requests[-1]
    assert seen.method == "POST"
    assert seen.headers["Authorization"] == "Bearer secret"
    sent = json.loads(seen.body)
    assert sent["devices"] == [1488]
    assert sent["dateRange"][0] == "2026-11-28T07:00:00+01:00"


# Every provider's HTTP layer meets the same failures. (path served, call)
PROVIDERS = {
    "atmosud": ("/observations/stations/mesures",
                lambda h, base: atmosud.fetch_api(h, "FR24023", ("no2",), SINCE, UNTIL, base=base)),
    "microspot": ("/export-api/observations",
                  lambda h, base: microspot.fetch_device(h, "1488", SINCE, UNTIL, key="k",
                                                  url=f"{base}/export-api/observations")),
    "sensor.community": ("/airrohr/v1/sensor/5331/",
                         lambda h, base: sensor_community.fetch_sensors(h, ["5331"], base=base)),
    "openaq": ("/locations/1/sensors",
               lambda h, base: openaq.fetch_location(h, "1", (), SINCE, UNTIL, key="k", base=base)),
    "project": ("/sites/s1/observations", lambda h, base: project.fetch_site(h, base, "s1", SINCE)),
}


@pytest.mark.parametrize("provider", list(PROVIDERS))
@pytest.mark.parametrize(("reply", "error", "match"), [
    (Reply(status=500), SourceError, "HTTP 500"),
    (Reply(status=404), SourceError, "HTTP 404"),
    (Reply(body=b'{"results": [{"broken'), InputRejected, "invalid JSON"),
    (Reply(body=b"[" + b" " * 200_000 + b"]"), SourceError, "cap"),
    (Reply(body=b"[" + b" " * 400_000 + b"]", chunk_delay=0.25), SourceError,
     "no complete answer"),
], ids=["500", "404", "malformed", "huge", "slow"])
def test_every_provider_meets_failures(http_server, http, provider, reply, error, match):
    http.max_bytes = 100_000 if match == "cap" else 10**7
    http.deadline = 0.5
    path, call = PROVIDERS[provider]
    http_server.route(path, responses=[reply])
    with pytest.raises(error, match=match):
        call(http, http_server.url(""))


@pytest.mark.parametrize("provider", list(PROVIDERS))
def test_every_provider_retries_after_429(http_server, http, provider):
    path, call = PROVIDERS[provider]
    http_server.route(path, responses=[Reply(status=429, headers={"Retry-After": "1"}),
                                       Reply(status=500)])
    with pytest.raises(SourceError, match="HTTP 500"):
        call(http, http_server.url(""))
    assert http_server.hits(path.split("?")[0]) == 2
    assert http.sleeps == [pytest.approx(1.0, abs=0.01)]


def test_one_byte_per_second_stops_at_the_deadline(http_server, http):
    # Before: each recv came within the read timeout and the deadline was only looked at
    # between 64 KiB chunks, so a 12-byte reply dripped for 12 s and passed.
    http.deadline = 2.0
    http_server.route("/sites/s1/observations", body=b"[" + b" " * 10 + b"]",
                      chunk_size=1, chunk_delay=1.0)
    with pytest.raises(SourceError, match="no complete answer within 2 s"):
        project.fetch_site(http, http_server.url(""), "s1", None)
