"""Every parser against every relevant real payload of ../shared/fixtures/real."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.core.sensors import providers
from kiosk.core.sensors.model import QUALITIES, QUANTITIES, UNITS

# (provider, file, observations expected, skipped reasons expected)
CASES = [
    ("atmosud", "atmosud/api_observations_stations_metadata_FR00008_doc_example.json", 0, {}),
    ("atmosud", "atmosud/atmosud_alpes-maritimes_daily_7days.csv", 146,
     {"unsupported quantity": 42}),
    ("atmosud", "atmosud/atmosud_station_FR00019_quarter_hourly_wide_trimmed.csv", 850,
     {"missing": 14, "unsupported quantity": 855}),
    ("microspot", "atmosud/microspot_export_contes_PMo_2024-01-03_trimmed.json", 144,
     {"sentinel": 6}),
    ("atmosud", "atmosud/microspot_physicals_iso_codes.csv", 0,
     {"code table row, not an observation": 248}),
    ("atmosud", "geodair/lcsqa_FR_E2_2021-10-22_excerpt_metz.csv", 0,
     {"unsupported quantity": 7}),
    ("project", "other_reference/aberdeen_council_wellington-road-2_hourly.csv", 144, {}),
    ("sensor.community", "sensor_community/archive_2017-10-29_dht22_sensor_5332.csv", 1168, {}),
    ("sensor.community", "sensor_community/archive_2017-10-29_sds011_sensor_5331.csv", 1166,
     {}),
    ("sensor.community", "sensor_community/archive_2018-07-08_bme280_sensor_15093.csv", 1722,
     {}),
    ("sensor.community", "sensor_community/static_v1_data_json_upstream_2019-04-25.json", 10,
     {}),
    ("openaq", "openaq/v3_locations_1_latest.json", 0,
     {"latest value of a sensor whose parameter is unknown": 1}),
    ("openaq", "openaq/v3_locations_3_sensors.json", 1, {}),
    ("openaq", "openaq/v3_locations_page1.json", 0, {}),
    ("openaq", "openaq/v3_sensor_hours_1hour_aggregate.json", 2, {}),
    ("openaq", "openaq/v3_sensors_3_measurements_2023-03-07.json", 48, {}),
    ("openaq", "openaq/v3_sensors_5.json", 1, {}),
]


def _valid(o) -> None:
    assert o.quantity in QUANTITIES
    assert o.unit == UNITS[o.quantity]
    assert o.quality in QUALITIES
    assert isinstance(o.value, float)
    assert o.time.utcoffset() == dt.timedelta(0)
    assert o.station
    line = o.to_json()
    assert set(line) == {"provider", "station", "quantity", "value", "unit", "time", "quality"}
    assert line["time"].endswith("Z")


@pytest.mark.parametrize(("provider", "name", "count", "skipped"), CASES,
                         ids=[c[1].split("/")[-1] for c in CASES])
def test_real_payload(shared_fixtures, provider, name, count, skipped):
    path = shared_fixtures / name
    result = providers.parse(provider, path.read_bytes(), station=path.stem)
    assert len(result.observations) == count
    assert result.skipped == skipped
    for o in result.observations:
        _valid(o)
        assert o.provider == provider
    keys = [(o.station, o.quantity, o.time) for o in result.observations]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def parse(shared_fixtures, provider, name):
    path = shared_fixtures / name
    return providers.parse(provider, path.read_bytes(), station=path.stem)


def test_atmosud_daily_export_french_labels_lambert93(shared_fixtures):
    r = parse(shared_fixtures, "atmosud", "atmosud/atmosud_alpes-maritimes_daily_7days.csv")
    assert {o.quantity for o in r.observations} == {"no2", "o3", "pm10", "pm25"}
    first = r.observations[0]
    assert (first.station, first.quantity, first.value) == ("AEROPORT NICE", "no2", 24.2)
    assert first.time == dt.datetime(2019, 10, 14, tzinfo=dt.UTC)
    antibes = next(s for s in r.stations if s.id == "ANTIBES JEAN MOULIN")
    assert antibes.latitude == pytest.approx(43.60, abs=0.02)
    assert antibes.longitude == pytest.approx(7.09, abs=0.02)


def test_atmosud_wide_codes_with_leading_zeros(shared_fixtures):
    r = parse(shared_fixtures, "atmosud",
              "atmosud/atmosud_station_FR00019_quarter_hourly_wide_trimmed.csv")
    assert {o.station for o in r.observations} == {"FR00019"}
    by_q = {q: [o for o in r.observations if o.quantity == q] for q in ("no2", "pm10", "pm25")}
    assert by_q["no2"][0].value == 54.4
    assert by_q["no2"][0].time == dt.datetime(2021, 6, 14, 15, 30, tzinfo=dt.UTC)
    assert by_q["pm25"][0].value == 18.3
    assert len(by_q["no2"]) == 288
    assert len(by_q["pm10"]) == len(by_q["pm25"]) == 281


def test_microspot_pressure_labelled_pa_is_hpa_and_offsets(shared_fixtures):
    r = parse(shared_fixtures, "microspot",
              "atmosud/microspot_export_contes_PMo_2024-01-03_trimmed.json")
    pressures = [o for o in r.observations if o.quantity == "pressure"]
    assert pressures
    assert all(900 < o.value < 1100 and o.unit == "hPa" for o in pressures)
    assert min(o.time for o in r.observations) == dt.datetime(2024, 1, 3, 12, tzinfo=dt.UTC)
    assert {o.quality for o in r.observations} == {"uncorrected"}
    (station,) = r.stations
    assert (station.id, station.paired_reference) == ("1488", "FR24023")
    assert station.latitude == pytest.approx(43.7888, abs=1e-3)


def test_sensor_community_pa_to_hpa_and_location_ids(shared_fixtures):
    r = parse(shared_fixtures, "sensor.community",
              "sensor_community/archive_2018-07-08_bme280_sensor_15093.csv")
    p = [o for o in r.observations if o.quantity == "pressure"]
    assert p[0].value == pytest.approx(1025.0641)
    assert {o.station for o in r.observations} == {"7647"}
    j = parse(shared_fixtures, "sensor.community",
              "sensor_community/static_v1_data_json_upstream_2019-04-25.json")
    assert {o.station for o in j.observations} == {"1071", "28"}
    pm25 = [o for o in j.observations if o.quantity == "pm25"]
    assert pm25[0].value == 16.23
    assert pm25[0].time == dt.datetime(2019, 4, 25, 1, 51, 12, tzinfo=dt.UTC)


def test_sensor_community_archive_on_dst_day_is_utc(shared_fixtures):
    r = parse(shared_fixtures, "sensor.community",
              "sensor_community/archive_2017-10-29_sds011_sensor_5331.csv")
    times = [o.time for o in r.observations if o.quantity == "pm10"]
    assert times == sorted(times)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert max(gaps) < dt.timedelta(minutes=30)  # no phantom hour around 01:00 UTC


def test_openaq_measurement_period_start_and_sensor_latest(shared_fixtures):
    r = parse(shared_fixtures, "openaq", "openaq/v3_sensors_3_measurements_2023-03-07.json")
    assert r.observations[0].time == dt.datetime(2023, 3, 7, 5, 0, tzinfo=dt.UTC)
    assert r.observations[0].period_seconds == 1800
    s = parse(shared_fixtures, "openaq", "openaq/v3_locations_3_sensors.json")
    (o,) = s.observations
    # `latest.datetime` ends the sensor's one-hour interval.
    assert o.time == dt.datetime(2023, 4, 1, 3, 30, tzinfo=dt.UTC)


def test_openaq_latest_joins_a_sensors_list(shared_fixtures):
    from kiosk.core.sensors.providers import openaq

    params = openaq.sensors_of((shared_fixtures / "openaq/v3_locations_page1.json")
                               .read_bytes().replace(b'"sensors"', b'"_sensors"'))
    assert params == {}  # a locations list is not a sensors list
    latest = (shared_fixtures / "openaq/v3_locations_1_latest.json").read_bytes()
    r = openaq.parse(latest, sensor_params={"1": ("pm25", "µg/m³")})
    (o,) = r.observations
    assert (o.station, o.quantity, o.value) == ("1", "pm25", 8.15)
    assert o.time == dt.datetime(2025, 7, 9, 0, 30, tzinfo=dt.UTC)


def test_aberdeen_reference_export_as_project(shared_fixtures):
    r = parse(shared_fixtures, "project",
              "other_reference/aberdeen_council_wellington-road-2_hourly.csv")
    assert {o.quantity for o in r.observations} == {"no2", "pm10", "pm25"}
    no2 = [o for o in r.observations if o.quantity == "no2"]
    assert no2[0].time == dt.datetime(2019, 6, 2, 1, tzinfo=dt.UTC)
    assert no2[0].value == 31.0
    ending = providers.parse(
        "project", (shared_fixtures / "other_reference/aberdeen_council_wellington-road-2_hourly"
                    ".csv").read_bytes(), station="abdn", hour_ending=True)
    assert min(o.time for o in ending.observations) == dt.datetime(2019, 6, 2, tzinfo=dt.UTC)
