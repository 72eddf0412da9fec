"""`kiosk sensors parse`: the DESIGN.md contract (JSON lines, stderr counts, exit codes)."""

from __future__ import annotations

import json

import pytest

from kiosk.cli import main
from kiosk.core.sensors.model import QUALITIES, QUANTITIES, UNITS
from tests.conftest import TEST_DATA

REAL = [
    ("atmosud", "atmosud/atmosud_alpes-maritimes_daily_7days.csv", 146),
    ("atmosud", "atmosud/atmosud_station_FR00019_quarter_hourly_wide_trimmed.csv", 850),
    ("atmosud", "atmosud/api_observations_stations_metadata_FR00008_doc_example.json", 0),
    ("atmosud", "geodair/lcsqa_FR_E2_2021-10-22_excerpt_metz.csv", 0),
    ("microspot", "atmosud/microspot_export_contes_PMo_2024-01-03_trimmed.json", 144),
    ("project", "other_reference/aberdeen_council_wellington-road-2_hourly.csv", 144),
    ("sensor.community", "sensor_community/archive_2018-07-08_bme280_sensor_15093.csv", 1722),
    ("sensor.community", "sensor_community/static_v1_data_json_upstream_2019-04-25.json", 10),
    ("openaq", "openaq/v3_sensors_3_measurements_2023-03-07.json", 48),
    ("openaq", "openaq/v3_sensor_hours_1hour_aggregate.json", 2),
]


@pytest.mark.parametrize(("provider", "name", "count"), REAL,
                         ids=[r[1].split("/")[-1] for r in REAL])
def test_real_files_print_valid_lines(shared_fixtures, capsys, provider, name, count):
    assert main(["sensors", "parse", "--provider", provider, str(shared_fixtures / name)]) == 0
    out, err = capsys.readouterr()
    lines = [json.loads(x) for x in out.splitlines()]
    assert len(lines) == count
    for line in lines:
        assert list(line) == ["provider", "station", "quantity", "value", "unit", "time",
                              "quality"]
        assert line["provider"] == provider
        assert line["quantity"] in QUANTITIES
        assert line["unit"] == UNITS[line["quantity"]]
        assert line["quality"] in QUALITIES
        assert isinstance(line["value"], float)
        assert line["time"].endswith("Z")
        assert len(line["time"]) == 20
    assert f"{count} observation" in err
    keys = [(x["station"], x["quantity"], x["time"]) for x in lines]
    assert keys == sorted(keys)


def test_skips_are_counted_on_stderr(capsys):
    path = TEST_DATA / "sensors" / "atmosud_export_semicolon_bom.csv"
    assert main(["sensors", "parse", "--provider", "atmosud", str(path)]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2
    assert "skipped 1: sentinel" in err
    assert "skipped 2: missing" in err
    assert "-999" not in out
    assert "NaN" not in out


def test_tz_option_and_hour_ending(capsys):
    path = TEST_DATA / "sensors" / "project_local_dst_end.csv"
    assert main(["sensors", "parse", "--provider", "project", "--tz", "Europe/Paris",
                 "--station", "s1", str(path)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert {x["station"] for x in lines} == {"s1"}
    assert lines[0]["time"] == "2026-10-24T23:00:00Z"
    assert main(["sensors", "parse", "--provider", "project", "--hour-ending",
                 str(path)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines[0]["time"] == "2026-03-29T01:30:00Z"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--provider", "atmosud", "/nonexistent/file.csv"], 3, "cannot read"),
    (["--provider", "openaq", "BAD_JSON"], 3, "invalid JSON"),
    (["--provider", "project", "NO_COLUMNS"], 3, "no measurement column"),
    (["--provider", "project", "--tz", "Mars/Olympus", "NO_COLUMNS"], 2, "time zone"),
])
def test_rejections_and_usage(tmp_path, capsys, args, code, message):
    (tmp_path / "bad.json").write_text('{"results": [', encoding="utf-8")
    (tmp_path / "cols.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    args = [a.replace("BAD_JSON", str(tmp_path / "bad.json"))
            .replace("NO_COLUMNS", str(tmp_path / "cols.csv")) for a in args]
    assert main(["sensors", "parse", *args]) == code
    assert message in capsys.readouterr().err


def test_unknown_provider_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["sensors", "parse", "--provider", "purpleair", "x.csv"])
    assert e.value.code == 2


def test_sources_lists_every_configured_source_with_its_outcome(tmp_path, capsys):
    # A fresh kiosk: every sensor of the shipped sites.toml, nothing attempted yet.
    assert main(["sensors", "sources", "--all", "--data-dir", str(tmp_path)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    by = {x["source"]: x for x in lines}
    assert len(by) == len(lines) > 20
    ref = by["sensors:atmosud:FR03043"]
    assert ref["url"] == ("https://api.atmosud.org/observations/stations/mesures"
                          "?station_id=FR03043")
    assert ref["sites"] == ["amp-cinq-avenues"]
    assert ref["last_attempt"] is None
    assert ref["received"] is None
    assert by["sensors:project:amp-vieux-port"]["not_configured"] == (
        "no URL configured (settings: sensors.providers.project.url)")
    assert "api_key" in by["sensors:microspot:1488"]["not_configured"]
    # The kiosk's territory only, by default.
    assert main(["sensors", "sources", "--data-dir", str(tmp_path)]) == 0
    amp = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert {x["source"] for x in amp} < set(by)
    assert "sensors:atmosud:FR24036" not in {x["source"] for x in amp}


def test_sources_shows_what_the_last_sync_did(tmp_path, capsys):
    from kiosk.core.health.problems import SourceStatus
    from kiosk.core.sensors.cache import ObservationCache

    (tmp_path / "settings.toml").write_text(
        '[sensors.providers.project]\nurl = "http://127.0.0.1:9/feed"\n')
    with ObservationCache(tmp_path / "cache.db") as c:
        c.record_status(SourceStatus("sensors:project:amp-vieux-port", False, 1_800_000_000.0,
                                     error="unreachable", last_failure=1_800_000_000.0,
                                     failure="unreachable"))
        c.record_status(SourceStatus("sensors:project:amp-vieux-port", True, 1_800_000_600.0,
                                     1_800_000_601.0, 1_800_000_000.0, "…", received=144,
                                     stored=0, dropped={"too_old": 144}))
    assert main(["sensors", "sources", "--data-dir", str(tmp_path)]) == 0
    lines = {x["source"]: x for x in map(json.loads, capsys.readouterr().out.splitlines())}
    got = lines["sensors:project:amp-vieux-port"]
    assert got["url"] == "http://127.0.0.1:9/feed/sites/amp-vieux-port/observations"
    assert got["not_configured"] is None
    assert (got["received"], got["stored"], got["dropped"]) == (144, 0, {"too_old": 144})
    assert got["last_attempt"] == "2027-01-15T08:10:00Z"
    assert got["last_failure"] == "2027-01-15T08:00:00Z"
    assert got["failure"] == "unreachable"
    assert got["error"] is None
