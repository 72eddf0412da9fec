"""`kiosk record` against providers served on 127.0.0.1, then replayed in a rehearsal."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kiosk.core import net
from kiosk.core.paths import Paths, app_root
from kiosk.core.rehearsal import recording as rec_mod
from kiosk.core.rehearsal.record import Recorder, record
from kiosk.core.sensors.service import SensorsService
from kiosk.core.settings import Settings
from tests.helpers import recorded_days

pytestmark = pytest.mark.integration
END = dt.datetime(2027, 7, 15, 12, tzinfo=dt.UTC)


def serve_ozone_day(http_server) -> dict[str, bytes]:
    """Every AMP source answers with the payload of a July ozone afternoon."""
    bodies = {"atmosud": recorded_days.atmosud_payload(
        "FR03043", "Marseille Cinq-Avenues", ["o3", "no2", "pm10"], "ozone", END, 4)}
    http_server.route("/observations/stations/mesures", body=bodies["atmosud"])
    for site in ("amp-vieux-port", "amp-colline-puget", "amp-parc-longchamp", "amp-borely",
                 "amp-estaque", "amp-aix-jourdan"):
        body = recorded_days.project_payload(site, "ozone", END, 4)
        bodies[site] = body
        http_server.route(f"/feed/sites/{site}/observations", body=body)
    return bodies


def test_a_round_keeps_each_payload_as_returned_and_replays_into_an_episode(
        tmp_path, http_server):
    bodies = serve_ozone_day(http_server)
    paths = Paths(data=tmp_path / "kiosk", shipped=app_root()).ensure()
    settings = Settings()
    settings.sensors.providers.project.url = http_server.url("/feed")
    settings.sensors.providers.atmosud.url = http_server.url("")
    session = net.make_session()
    rounds = []
    recorder = Recorder(paths, settings, tmp_path / "rec", session)
    assert record(recorder, 0, 60, on_round=lambda n, r: rounds.append(r)) == 1
    session.close()
    assert rounds[0].errors == []
    rec = rec_mod.load(tmp_path / "rec")
    sensors = rec.of("sensors")
    assert {e.station for e in sensors} >= {"FR03043", "FR00008", "amp-vieux-port"}
    vieux_port = next(e for e in sensors if e.station == "amp-vieux-port")
    assert rec.body(vieux_port) == bodies["amp-vieux-port"]  # byte for byte
    assert vieux_port.url.startswith(http_server.url("/feed/sites/amp-vieux-port/"))
    # The shipped example agenda feeds of AMP are kept too.
    assert {e.source for e in rec.of("agenda")} == {"Maison de la nature en ville",
                                                    "Balades et ateliers"}
    assert json.loads((tmp_path / "rec" / "recording.json").read_text())["format"] == 1
    assert not paths.cache_db.exists()  # the kiosk's own cache is never touched
    # Replayed through the parsers at 14:30 in Marseille: the ozone episode shows.
    now = END.timestamp() + 1800
    service = SensorsService(Paths(data=tmp_path / "replay", shipped=app_root()).ensure(),
                             settings, clock=lambda: now)
    service.open()
    report = service.replay(rec)
    assert report.problems == []
    assert [e.kind for e in service.conditions().episodes] == ["o3"]


def test_a_broken_payload_is_reported_and_the_others_still_load(tmp_path):
    w = rec_mod.Writer(tmp_path / "rec")
    w.add("sensors", "project:amp-vieux-port", "x", b"{not json", "json")
    good = recorded_days.project_payload("amp-borely", "ordinary", END, 1)
    w.add("sensors", "project:amp-borely", "y", good, "json")
    service = SensorsService(Paths(data=tmp_path / "d", shipped=app_root()).ensure(),
                             Settings())
    service.open()
    report = service.replay(rec_mod.load(tmp_path / "rec"))
    assert [f for f, _m in report.problems] == ["sensors/0001.json"]
    assert report.payloads == 1
    assert report.observations == 24 * 4
