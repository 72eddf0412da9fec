"""Parsers against the project's own small fixtures (tests/data/sensors): the odd cases."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.core.sensors import providers
from kiosk.core.sensors.providers import openaq
from kiosk.core.sensors.tables import InputRejected
from kiosk.core.sensors.timeparse import PARIS
from tests.conftest import TEST_DATA

DATA = TEST_DATA / "sensors"
T10 = dt.datetime(2026, 11, 28, 10, tzinfo=dt.UTC)


def parse(provider, name, **kw):
    path = DATA / name
    return providers.parse(provider, path.read_bytes(), station=kw.pop("station", path.stem),
                           **kw)


def values(result):
    return [(o.station, o.quantity, o.value, o.time, o.quality) for o in result.observations]


def test_atmosud_semicolon_bom_decimal_comma_french_labels():
    r = parse("atmosud", "atmosud_export_semicolon_bom.csv")
    assert values(r) == [
        ("FR24023", "no2", 12.5, T10, "unvalidated"),
        ("FR24023", "no2", 14.0, T10 + dt.timedelta(hours=1), "unvalidated")]
    assert r.skipped == {"sentinel": 1, "missing": 2, "unsupported quantity": 1,
                         "negative value": 1}
    (s,) = r.stations
    assert (s.name, round(s.latitude, 1), round(s.longitude, 1)) == ("CONTES 2", 43.8, 7.4)


def test_atmosud_api_mesures_codes_units_validation():
    r = parse("atmosud", "atmosud_mesures.json")
    assert values(r) == [
        ("FR03043", "no2", 40.2, T10, "unvalidated"),
        ("FR03043", "pm25", 21.4, T10 - dt.timedelta(hours=1), "valid")]
    assert r.skipped == {"missing": 1}


def test_atmosud_capteurs_corrected_then_raw_fallback():
    r = parse("atmosud", "atmosud_capteurs_mesures.json")
    assert values(r) == [
        ("1021", "pm25", 11.2, T10 - dt.timedelta(hours=1), "corrected"),
        ("1021", "pm25", 18.0, T10, "uncorrected"),
        ("1021", "pressure", 1012.3, T10, "corrected")]
    assert r.observations[0].raw == 15.0


def test_atmosud_capteurs_sites_name_the_paired_reference():
    r = parse("atmosud", "atmosud_capteurs_sites.json")
    assert r.observations == []
    (s,) = r.stations
    assert (s.id, s.paired_reference, s.latitude) == ("1021", "FR24036", 43.7016)


def test_e2_national_file_as_atmosud():
    r = parse("atmosud", "e2_atmosud_excerpt.csv")
    t9 = T10 - dt.timedelta(hours=1)
    assert values(r) == [("FR03043", "no2", 31.2, t9, "valid"),
                         ("FR03043", "o3", 80.0, t9, "valid"),
                         ("FR03043", "pm25", 9.8, t9, "valid")]
    assert r.observations[0].raw == 31.25
    assert r.skipped == {"missing": 1}


def test_device_csv_with_more_fields_than_header():
    r = parse("sensor.community", "madavi_device_extra_fields.csv",
              station="data-esp8266-1234567-2026-11-28")
    assert {o.station for o in r.observations} == {"esp8266-1234567"}
    by = {(o.quantity, o.time.minute): o.value for o in r.observations}
    assert by[("pm10", 0)] == 12.3
    assert by[("pressure", 2)] == pytest.approx(1012.105)
    assert ("humidity", 2) not in by  # 101.5 % is impossible
    assert ("pm10", 2) not in by  # negative
    assert r.skipped["impossible humidity"] == 1


def test_sensor_community_live_indoor_and_saturation():
    r = parse("sensor.community", "sc_live_indoor.json")
    assert {o.station for o in r.observations} == {"555"}
    qs = {o.quantity: o.value for o in r.observations}
    assert qs == {"pressure": pytest.approx(1013.255), "temperature": 14.2, "humidity": 62.0,
                  "pm25": 4.5, "pm1": 3.0}
    assert r.skipped == {"indoor sensor": 2, "unsupported quantity": 1, "sentinel": 1}


def test_openaq_ppm_and_ppb_to_micrograms_and_negative_values():
    r = parse("openaq", "openaq_ppm_measurements.json")
    qs = {o.quantity: o.value for o in r.observations}
    assert qs["no2"] == pytest.approx(0.021 * 1000 * 46.0055 / 24.055, rel=1e-4)
    assert qs["o3"] == pytest.approx(30 * 47.9982 / 24.055, rel=1e-4)
    assert qs["humidity"] == 55.0
    assert r.skipped == {"negative value": 1, "missing": 1}


def test_openaq_latest_without_the_sensor_is_counted():
    payload = (b'{"results": [{"sensorsId": 9, "value": 3,'
               b' "datetime": {"utc": "2026-01-01T01:00:00Z"}}]}')
    assert openaq.parse(payload).skipped == {
        "latest value of a sensor whose parameter is unknown": 1}


@pytest.mark.parametrize("name", ["project_feed.json", "project_feed.csv"])
def test_project_feed_json_and_csv(name):
    r = parse("project", name, station="amp-longchamp-demo")
    assert values(r) == [
        ("amp-longchamp-demo", "pm25", 12.5, T10, "corrected"),
        ("amp-longchamp-demo", "pressure", 1013.1, T10, "unvalidated"),
        ("amp-longchamp-demo", "temperature", 13.1, T10 - dt.timedelta(hours=1), "valid")]
    assert r.skipped == {"flagged invalid": 1, "impossible humidity": 1, "missing": 1}


def test_naive_local_times_across_both_dst_changes():
    r = parse("project", "project_local_dst_end.csv", zone=PARIS)
    no2 = [(o.time, o.value) for o in r.observations if o.quantity == "no2"]
    # Spring: 02:30 local on 29 March does not exist.
    assert r.skipped == {"nonexistent local time": 3}
    # Autumn: 01:00 CEST, 02:00 CEST, 02:00 CET, 03:00 CET — four distinct hours.
    assert no2 == [(dt.datetime(2026, 10, 24, 23, tzinfo=dt.UTC), 10.0),
                   (dt.datetime(2026, 10, 25, 0, tzinfo=dt.UTC), 11.0),
                   (dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC), 12.0),
                   (dt.datetime(2026, 10, 25, 2, tzinfo=dt.UTC), 13.0)]


def test_same_file_in_utc_keeps_the_wall_clock():
    r = parse("project", "project_local_dst_end.csv")
    times = sorted({o.time for o in r.observations})
    assert times[0] == dt.datetime(2026, 3, 29, 2, 30, tzinfo=dt.UTC)
    assert r.skipped == {"duplicate": 3}


@pytest.mark.parametrize(("provider", "data", "reason"), [
    ("atmosud", b"", "empty"),
    ("atmosud", b"\xef\xbb\xbf  \n", "empty"),
    ("atmosud", b"just one column\n1\n", "fewer than two columns"),
    ("project", b"a;b;c\n1;2;3\n", "no measurement column"),
    ("project", b"station;PM10\nx;3\n", "no time column"),
    ("openaq", b"a,b\n1,2\n", "no measurement column"),
    ("openaq", b'{"meta": {}}', "results"),
    ("microspot", b'[{"id": 1}]', "Microspot"),
    ("sensor.community", b'{"x": 1}', "sensor.community"),
    ("atmosud", b'{"nothing": true}', "AtmoSud"),
    ("project", b'{"broken": ', "invalid JSON"),
])
def test_unreadable_payloads_are_rejected_with_a_reason(provider, data, reason):
    with pytest.raises(InputRejected, match=reason):
        providers.parse(provider, data)


def test_empty_answers_are_not_errors():
    assert providers.parse("atmosud", b'{"mesures": []}').observations == []
    assert providers.parse("sensor.community", b"[]").observations == []
    assert providers.parse("project", b'{"site": "s", "observations": []}').observations == []


def test_utf16_and_cp1252_exports():
    text = "date;PM10;Température\n28/11/2026 10:00;12,5;8,1\n"
    for data in (text.encode("utf-16"), text.encode("cp1252")):
        r = providers.parse("atmosud", data, station="FR99999")
        assert {(o.quantity, o.value) for o in r.observations} == {
            ("pm10", 12.5), ("temperature", 8.1)}


def test_end_only_time_column_is_moved_to_the_period_start():
    data = b"date_fin,station,no2\n2026-11-28 11:00,S,5\n2026-11-28 12:00,S,6\n"
    r = providers.parse("project", data)
    assert [o.time for o in r.observations] == [T10, T10 + dt.timedelta(hours=1)]


def test_24_00_ends_the_day():
    data = b"DateTime;PM10\n2026-11-28 23:00;5\n2026-11-28 24:00;6\n"
    r = providers.parse("project", data, station="s", hour_ending=True)
    assert [o.time for o in r.observations] == [
        dt.datetime(2026, 11, 28, 22, tzinfo=dt.UTC), dt.datetime(2026, 11, 28, 23, tzinfo=dt.UTC)]


def test_excel_sep_line_and_title_lines_before_the_header():
    data = (b"sep=;\nExport AtmoSud - station Contes\n\n"
            b"station;date;heure;polluant;valeur\n"
            b"FR24023;28/11/2026;10:00;PM10;21,5\nFR24023;28/11/2026;11;PM10;22\n")
    r = providers.parse("atmosud", data)
    assert [(o.station, o.time, o.value) for o in r.observations] == [
        ("FR24023", T10, 21.5), ("FR24023", T10 + dt.timedelta(hours=1), 22.0)]


def test_unnamed_time_column_is_found_by_its_content():
    data = b",PM2.5,NO2\n2026-11-28 10:00:00,4.5,20\n2026-11-28 11:00:00,5.5,21\n"
    r = providers.parse("project", data, station="s")
    assert {(o.quantity, o.time, o.value) for o in r.observations} == {
        ("pm25", T10, 4.5), ("pm25", T10 + dt.timedelta(hours=1), 5.5),
        ("no2", T10, 20.0), ("no2", T10 + dt.timedelta(hours=1), 21.0)}


def test_pollutant_names_win_over_ambiguous_codes():
    data = (b"date_debut,id_station,code_polluant,nom_polluant,valeur\n"
            b"2026-11-28T10:00:00Z,FR1,8,NO2,30\n")
    (o,) = providers.parse("atmosud", data).observations
    assert o.quantity == "no2"


def test_microspot_corrected_value_when_present():
    data = (b'[{"id": 7, "datastreams": [{"location": {"name": "Nice FR24036"}, '
            b'"observations": [{"isoCode": "39", "valueRaw": 20.0, "valueCorrected": 14.5, '
            b'"unit": "\xc2\xb5g/m3", "statusCode": "A", "happenedAt": '
            b'"2026-11-28T11:00:00+01:00"}]}]}]')
    r = providers.parse("microspot", data)
    (o,) = r.observations
    assert (o.value, o.raw, o.quality, o.time) == (14.5, 20.0, "corrected", T10)
    assert r.stations[0].paired_reference == "FR24036"


def test_openaq_v2_measurements():
    data = (b'{"results": [{"locationId": 8, "parameter": "no2", "value": 10, "unit": "ppb",'
            b' "date": {"utc": "2026-11-28T10:00:00+00:00"}}]}')
    (o,) = providers.parse("openaq", data).observations
    assert (o.station, o.quantity, o.time) == ("8", "no2", T10)
    assert o.value == pytest.approx(19.13, abs=0.01)


def test_wide_columns_that_name_their_station():
    data = ("Date de début;FR03043 - Marseille Longchamp - NO2 (µg/m³);"
            "FR03043 - Marseille Longchamp - PM10 (µg/m³);Nice Arson - Ozone;Nice Arson - NOx\n"
            "28/11/2026 10:00;31,5;20;60;44\n").encode()
    r = providers.parse("atmosud", data, station="export")
    assert sorted((o.station, o.quantity, o.value) for o in r.observations) == [
        ("FR03043", "no2", 31.5), ("FR03043", "pm10", 20.0), ("Nice Arson", "o3", 60.0)]
    assert r.skipped == {"unsupported quantity": 1}
    names = {s.id: s.name for s in r.stations}
    assert names["FR03043"] == "Marseille Longchamp"


def test_records_of_unexpected_shapes_are_skipped_not_fatal():
    data = (b'[{"id": 1, "datastreams": [{"location": {"position": 5}, "observations": ['
            b'{"isoCode": "39", "valueRaw": 5, "unit": "ug/m3", "happenedAt": 1e300},'
            b'{"isoCode": ["39"], "valueRaw": {"v": 1}, "happenedAt": "2026-11-28T10:00:00Z"},'
            b'7,'
            b'{"isoCode": "39", "valueRaw": 6, "unit": "ug/m3",'
            b' "happenedAt": "2026-11-28T10:00:00Z"}]}]}]')
    r = providers.parse("microspot", data)
    assert [(o.quantity, o.value) for o in r.observations] == [("pm25", 6.0)]
    assert r.skipped["malformed record"] == 1
    assert r.skipped["bad time"] == 1
    sc = providers.parse("sensor.community", b'[{"location": 3, "sensordatavalues": 4,'
                                              b' "timestamp": []}, {"sensordatavalues": []}]')
    assert sc.observations == []


def test_rows_only_gives_the_same_data_as_tuples():
    from kiosk.core.sensors.providers.builder import rows_only

    path = DATA / "project_feed.json"
    full = providers.parse("project", path.read_bytes())
    with rows_only():
        compact = providers.parse("project", path.read_bytes())
    assert compact.observations == []
    assert compact.skipped == full.skipped
    assert compact.rows == [(o.station, o.quantity, o.time, o.value, o.quality, o.raw,
                             o.period_seconds) for o in full.observations]
    assert providers.parse("project", path.read_bytes()).rows is None  # only inside


@pytest.mark.parametrize(("header", "hour"), [
    ("date (heure locale)", 9), ("Date (UTC)", 10), ("horodatage TU", 10),
    ("date", 10),  # nothing said: the provider's declared zone (UTC for atmosud)
])
def test_a_time_column_that_names_its_zone(header, hour):
    data = f"{header};station;PM10\n28/11/2026 10:00;FR1;12\n".encode()
    (o,) = providers.parse("atmosud", data).observations
    assert o.time.hour == hour
    # A zone declared by the caller (--tz) wins over the file's own words.
    (o,) = providers.parse("atmosud", data, zone=dt.UTC).observations
    assert o.time.hour == 10


def test_hours_counted_1_to_24_end_their_period():
    data = (b"Date;Heure;Station;NO2\n28/11/2026;1;FR1;10\n28/11/2026;2;FR1;11\n"
            b"28/11/2026;24;FR1;12\n")
    r = providers.parse("atmosud", data)
    day = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    assert [(o.time, o.value) for o in r.observations] == [
        (day, 10.0), (day + dt.timedelta(hours=1), 11.0), (day + dt.timedelta(hours=23), 12.0)]
    plain = providers.parse("atmosud", b"Date;Heure;Station;NO2\n28/11/2026;01:00;FR1;10\n")
    assert plain.observations[0].time == day + dt.timedelta(hours=1)  # no 24:00: starts


def test_openaq_archive_csv():
    data = (b'"location_id","sensors_id","location","datetime","lat","lon","parameter",'
            b'"units","value"\n'
            b'"2178","3917","Nice","2026-11-28T11:00:00+01:00","43.7","7.28","pm25",'
            b'"\xc2\xb5g/m\xc2\xb3","8.4"\n'
            b'"2178","3918","Nice","2026-11-28T11:00:00+01:00","43.7","7.28","no2","ppb","10"\n')
    r = providers.parse("openaq", data)
    assert [(o.station, o.quantity, o.time) for o in r.observations] == [
        ("2178", "no2", T10), ("2178", "pm25", T10)]
    assert r.observations[0].value == pytest.approx(19.13, abs=0.01)
