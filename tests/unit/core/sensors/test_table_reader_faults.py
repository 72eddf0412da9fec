"""Table readers that survive real files (item 3 of issue 12): each class of fault, in
general — an unquoted delimiter in any text or number cell, hours counted 1–24, the usual
spellings of a missing value, values beyond the sensor's measuring range."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kiosk.core.sensors import providers, report
from kiosk.core.sensors.providers.rows import fit_row
from tests.conftest import TEST_DATA

DATA = TEST_DATA / "sensors"
T0 = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)


def values(result):
    return [(o.station, o.quantity, o.value, o.time) for o in result.observations]


def test_unquoted_commas_in_labels_names_and_numbers_shift_and_drop_nothing():
    r = providers.parse("atmosud", (DATA / "agency_export_unquoted_delimiters.csv").read_bytes())
    assert values(r) == [
        ("FR24023", "no2", 12.5, T0),
        ("FR24023", "pm25", 9.8, T0),  # "Particules fines PM2,5"
        # "Nice, Promenade des Anglais" and "33,4" in one row; hour 24 ends the day.
        ("FR24024", "no2", 33.4, T0 + dt.timedelta(hours=23)),
        ("FR24024", "pm10", 21.0, T0)]
    # n/d, "-", NaN and an empty cell are missing values, counted, never zero.
    assert r.skipped == {"missing": 4}
    assert {s.id: s.name for s in r.stations} == {"FR24023": "CONTES 2",
                                                 "FR24024": "Nice, Promenade des Anglais"}


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_any_delimiter_inside_any_text_column(delimiter):
    d = delimiter
    head = d.join(["date", "station", "nom", "polluant", "valeur", "unite"])
    rows = [d.join(["2026-11-30T07:00:00Z", "S1", f"Parc{d} nord", "NO2", "10", "µg/m3"]),
            d.join(["2026-11-30T07:00:00Z", "S1", "Parc nord", f"PM10{d} moyenne", "11",
                    "µg/m3"]),
            d.join(["2026-11-30T07:00:00Z", "S1", "Parc nord", "O3", "12", "µg/m3"])]
    r = providers.parse("atmosud", ("\n".join([head, *rows]) + "\n").encode())
    assert [(o.quantity, o.value) for o in r.observations] == [
        ("no2", 10.0), ("o3", 12.0), ("pm10", 11.0)]


def test_trailing_fields_without_a_header_are_not_joined():
    score_calls = []

    def score(row):
        score_calls.append(row)
        return 0

    row = ("a", "b", "", "")
    assert fit_row(row, 2, ",", score) is row
    assert not score_calls


def test_a_join_that_reads_no_better_keeps_the_row():
    row = ("1", "2", "3")
    assert fit_row(row, 2, ",", lambda r: 1) is row


def test_hours_1_to_24_in_an_hour_column_far_down_the_file():
    lines = ["date;heure;station;NO2"]
    for day in range(1, 20):  # 19 days: the first 24 is row 24, the file 456 rows long
        lines += [f"{day:02d}/11/2026;{h};S;{h}" for h in range(1, 25)]
    r = providers.parse("atmosud", ("\n".join(lines) + "\n").encode())
    first, last = r.observations[0], r.observations[-1]
    assert (first.time, first.value) == (dt.datetime(2026, 11, 1, tzinfo=dt.UTC), 1.0)
    assert (last.time, last.value) == (dt.datetime(2026, 11, 19, 23, tzinfo=dt.UTC), 24.0)
    assert len(r.observations) == 19 * 24


@pytest.mark.parametrize("cell", ["n/d", "N/D", "-", "NaN", "nan", "", "—", "panne"])
def test_missing_spellings_in_a_wide_table_keep_the_other_values(cell):
    data = f"date,PM10,NO2\n2026-11-30T07:00:00Z,{cell},20\n".encode()
    r = providers.parse("atmosud", data, station="S")
    assert [(o.quantity, o.value) for o in r.observations] == [("no2", 20.0)]
    assert r.skipped == {"missing": 1}


def _sc(value: str) -> bytes:
    return json.dumps([{"id": 1, "timestamp": "2026-11-30 07:00:00",
                        "location": {"id": 5, "latitude": "43.3", "longitude": "5.4",
                                     "indoor": 0},
                        "sensor": {"id": 9, "sensor_type": {"name": "SDS011"}},
                        "sensordatavalues": [{"value": value, "value_type": "P1"},
                                             {"value": "12.0", "value_type": "P2"}]}]).encode()


@pytest.mark.parametrize("value", ["1000.0", "1250.5", "1400"])
def test_optical_pm_beyond_its_measuring_range_is_flagged_not_shown(value):
    r = providers.parse("sensor.community", _sc(value))
    assert [(o.quantity, o.value) for o in r.observations] == [("pm25", 12.0)]
    assert r.skipped == {"outside the sensor's measuring range": 1}
    assert report.dropped_by_reason(r.skipped) == {"out_of_range": 1}


def test_a_reference_analyser_is_not_held_to_the_optical_range():
    data = b"date,code_station,polluant,valeur,unite\n2026-11-30T07:00:00Z,FR1,PM10,1200,ug.m-3\n"
    r = providers.parse("atmosud", data)
    assert [o.value for o in r.observations] == [1200.0]


def test_capteurs_micro_sensors_are_held_to_it():
    data = json.dumps([{"id_site": 1021, "variable": "PM10", "time": "2026-11-30T07:00:00Z",
                        "valeur": None, "valeur_brute": 1500.0, "unite": "µg/m3"}]).encode()
    r = providers.parse("atmosud", data)
    assert r.observations == []
    assert r.skipped == {"outside the sensor's measuring range": 1}
