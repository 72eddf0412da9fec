"""The regional agencies' harmonised open-data format (one row per station, pollutant, hour),
as CSV and GeoJSON, read by the AtmoSud provider (item 2 of issue 12)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from kiosk.core.sensors import providers
from kiosk.core.sensors.providers import atmosud
from tests.conftest import TEST_DATA

DATA = TEST_DATA / "sensors"
T7 = dt.datetime(2026, 11, 30, 7, tzinfo=dt.UTC)
T8 = T7 + dt.timedelta(hours=1)


def values(result):
    return [(o.station, o.quantity, o.value, o.time, o.quality) for o in result.observations]


def test_csv_units_validation_status_negative_and_other_pollutants():
    r = providers.parse("atmosud", (DATA / "agency_harmonised_hourly.csv").read_bytes())
    assert values(r) == [
        ("FR24009", "no2", 38.2, T7, "valid"),        # statut_valid 1, "ug.m-3"
        ("FR24009", "no2", 41.0, T8, "unvalidated"),  # statut_valid 0: not validated yet
        ("FR24009", "pm10", 22.6, T7, "valid"),       # "µg/m3"
        ("FR24009", "pm25", 12.1, T7, "valid"),       # "microg/m3"
        ("FR24023", "o3", 51.5, T8, "unvalidated")]
    # -0.8 µg/m³ of ozone is skipped and counted apart; NOx and SO2 are not shown.
    assert r.skipped == {"missing": 1, "negative value": 1, "unsupported quantity": 2}
    by_id = {s.id: s for s in r.stations}
    assert by_id["FR24009"].name == "Nice Pellos"
    assert (round(by_id["FR24009"].latitude, 3), round(by_id["FR24009"].longitude, 3)) == (
        43.706, 7.256)


def test_geojson_epoch_milliseconds_and_geometry():
    r = providers.parse("atmosud", (DATA / "agency_harmonised_hourly.geojson").read_bytes())
    assert values(r) == [
        ("FR03043", "no2", 27.4, T7, "valid"),
        ("FR03043", "no2", 31.9, T8, "unvalidated"),
        ("FR03043", "pm25", 8.7, T7, "valid"),
        ("FR03080", "no2", 19.0, T7, "valid")]
    assert r.skipped == {"missing": 1, "negative value": 1}
    assert {s.id for s in r.stations} == {"FR03043", "FR03080"}
    assert all(s.latitude and 43 < s.latitude < 44 for s in r.stations)


def _csv(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_truncated_column_names_and_eu_codes_without_a_name_column():
    # Shapefile-born exports cut names to ten letters (nom_pll, cd_sttn, dat_dbt, sttt_vl);
    # some carry only the European pollutant code, whose 8 is NO2 (AtmoSud's "08" is O3).
    data = _csv("cd_sttn,nm_sttn,id_pll,valeur,unite,dat_dbt,date_fn,sttt_vl,x_l93,y_l93",
                "FR09015,Les Couronneries,8,4,ug.m-3,2026-11-30 07:00:00,2026-11-30 08:00:00,1,"
                "497791.0,6613035.2",
                "FR09015,Les Couronneries,7,55,ug.m-3,2026-11-30 07:00:00,2026-11-30 08:00:00,1,"
                "497791.0,6613035.2")
    r = providers.parse("atmosud", data)
    assert values(r) == [("FR09015", "no2", 4.0, T7, "valid"),
                         ("FR09015", "o3", 55.0, T7, "valid")]
    (s,) = r.stations
    assert 46 < s.latitude < 47  # Lambert-93 converted
    assert 0 < s.longitude < 1


def test_opendatasoft_records_are_read_as_their_fields():
    records = [{"datasetid": "mesures", "recordid": "a1",
                "fields": {"code_station": "FR24009", "nom_station": "Nice Pellos",
                           "nom_poll": "NO2", "valeur": 12, "unite": "ug.m-3",
                           "date_debut": "2026-11-30T07:00:00+00:00", "statut_valid": 1},
                "geometry": {"type": "Point", "coordinates": [7.2559, 43.7058]}}]
    r = providers.parse("atmosud", json.dumps(records).encode())
    assert values(r) == [("FR24009", "no2", 12.0, T7, "valid")]


def test_fetch_of_an_export_keeps_the_sensors_station_only():
    r = providers.parse("atmosud", (DATA / "agency_harmonised_hourly.csv").read_bytes())
    only = atmosud.only_station(r, "FR24023")
    assert {o.station for o in only.observations} == {"FR24023"}


@pytest.mark.parametrize("name", ["agency_harmonised_hourly.csv",
                                  "agency_harmonised_hourly.geojson"])
def test_cli_parse_reads_both_forms(name):
    out = subprocess.run([sys.executable, "-m", "kiosk", "sensors", "parse", "--provider",
                          "atmosud", str(DATA / name)], capture_output=True, text=True,
                         check=True)
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert lines
    assert all(x["unit"] == "µg/m³" for x in lines)
    assert "skipped 1: negative value" in out.stderr
