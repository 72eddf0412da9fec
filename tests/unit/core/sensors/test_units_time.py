"""Normalisation (names, units, sentinels, ranges), timestamps and Lambert-93."""

from __future__ import annotations

import pytest

from kiosk.core.sensors import geo, units
from kiosk.core.sensors.timeparse import PARIS, Resolver, to_utc
from kiosk.core.sensors.units import Rejected


@pytest.mark.parametrize(("label", "quantity"), [
    ("03", "no2"), ("3", "no2"), (3, "no2"), ("08", "o3"), ("39", "pm25"), ("24", "pm10"),
    ("68", "pm1"), ("53", "pressure"), ("54", "temperature"), ("58", "humidity"),
    ("51", "wind_speed"), ("52", "wind_direction"), ("Dioxyde d'azote", "no2"),
    ("Particules fines PM2", "pm25"), ("Particules fines PM2,5", "pm25"), ("PM2.5", "pm25"),
    ("Ozone", "o3"), ("Nitrogen Dioxide", "no2"), ("P1", "pm10"), ("P2", "pm25"),
    ("P0", "pm1"), ("Air Pres.", "pressure"), ("Air Hum.", "humidity"),
    ("Température", "temperature"), ("relativehumidity", "humidity"), ("SDS_P2", "pm25"),
    ("BME280_pressure", "pressure"), ("PM10 (µg/m³)", "pm10"), ("NO2 [ug/m3]", "no2"),
    ("Humidité relative", "humidity"), ("Vitesse du vent", "wind_speed"),
])
def test_quantity_names_and_codes(label, quantity):
    assert units.quantity_of(label) == quantity


@pytest.mark.parametrize("label", ["NOx", "12", "01", "0N", "Oxydes d'azote", "P4", "noise_LAeq",
                                   "pressure_sealevel"])
def test_known_but_not_shown(label):
    assert units.quantity_of(label) is None
    assert units.is_other(label)


def test_openaq_ids_are_not_atmosud_codes():
    assert units.quantity_of("2", codes=False) is None


@pytest.mark.parametrize("value", [None, "", " ", "nan", "NaN", "null", "-", "n/a",
                                   float("nan"), float("inf")])
def test_missing(value):
    with pytest.raises(Rejected, match="missing"):
        units.number(value)


@pytest.mark.parametrize("value", [-999, "-999", "-999.0", -9999, "-99"])
def test_sentinels(value):
    with pytest.raises(Rejected, match="sentinel"):
        units.number(value)


def test_numbers():
    assert units.number("12,5") == 12.5
    assert units.number("1 012,5", decimal_comma=True) == 1012.5
    assert units.number(7) == 7.0
    with pytest.raises(Rejected, match="not a number"):
        units.number("12.5.1")
    for text in ("abc", "n/d", "N/D", "-", "NaN", "", "panne", "—"):
        with pytest.raises(Rejected, match="missing"):
            units.number(text)
    with pytest.raises(Rejected):
        units.number(True)


@pytest.mark.parametrize(("q", "v", "unit", "out"), [
    ("pressure", 101325.0, "Pa", 1013.25),
    ("pressure", 991.0, "Pa", 991.0),  # Microspot: "Pa" around 990 is a mislabelled hPa
    ("pressure", 1013.0, "hPa", 1013.0),
    ("pressure", 101.3, "kPa", 1013.0),
    ("pressure", 1013.0, "mbar", 1013.0),
    ("no2", 10.0, "ppb", 19.1253),
    ("no2", 0.01, "ppm", 19.1253),
    ("o3", 10.0, "ppb", 19.9535),
    ("pm25", 12.0, "µg/m3", 12.0), ("pm25", 12.0, "µg-m3", 12.0),
    ("pm25", 12.0, "ug.m-3", 12.0), ("pm25", 12.0, "", 12.0), ("pm10", 0.05, "mg/m3", 50.0),
    ("temperature", 50.0, "°F", 10.0), ("temperature", 283.15, "K", 10.0),
    ("wind_speed", 36.0, "km/h", 10.0), ("wind_direction", 270.0, "°", 270.0),
    ("humidity", 55.0, "%", 55.0),
])
def test_unit_normalisation(q, v, unit, out):
    assert units.normalise(q, v, unit) == pytest.approx(out, abs=1e-3)


@pytest.mark.parametrize(("q", "v", "unit"), [
    ("humidity", 100.5, "%"), ("temperature", 75.0, "°C"),
    ("pressure", 12.0, "hPa"), ("wind_direction", 400.0, "°"), ("pm10", 5000.0, ""),
])
def test_impossible_values(q, v, unit):
    with pytest.raises(Rejected, match="impossible"):
        units.normalise(q, v, unit)


def test_unknown_or_wrong_units():
    with pytest.raises(Rejected, match="unknown unit"):
        units.normalise("pm25", 1.0, "furlongs")
    with pytest.raises(Rejected, match="unit ppb for pm25"):
        units.normalise("pm25", 1.0, "ppb")


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-28T10:00:00Z", "2026-11-28T10:00:00+00:00"),
    ("2026-11-28T11:00:00+01:00", "2026-11-28T10:00:00+00:00"),
    ("2023-03-07T00:00:00-0500", "2023-03-07T05:00:00+00:00"),
    ("2026-11-28 10:00:00", "2026-11-28T10:00:00+00:00"),
    ("2026/11/28 10:00:00", "2026-11-28T10:00:00+00:00"),
    ("28/11/2026 10:00", "2026-11-28T10:00:00+00:00"),
    ("28/11/2026", "2026-11-28T00:00:00+00:00"),
    ("2026-11-28 24:00", "2026-11-29T00:00:00+00:00"),
    (1795860000, "2026-11-28T10:00:00+00:00"),
    (1795860000000, "2026-11-28T10:00:00+00:00"),
])
def test_time_forms(text, expected):
    assert to_utc(text).isoformat() == expected


def test_naive_times_take_the_declared_zone():
    assert to_utc("2026-07-01 12:00", PARIS).isoformat() == "2026-07-01T10:00:00+00:00"
    assert to_utc("2026-12-01 12:00", PARIS).isoformat() == "2026-12-01T11:00:00+00:00"
    # An offset always wins over the declared zone.
    assert to_utc("2026-07-01T12:00:00Z", PARIS).hour == 12


def test_dst_start_gap_and_end_repeat():
    with pytest.raises(Rejected, match="nonexistent"):
        to_utc("2026-03-29 02:30", PARIS)
    r = Resolver(PARIS)
    stamps = ["2026-10-25 01:30", "2026-10-25 02:30", "2026-10-25 02:30", "2026-10-25 03:30"]
    got = [r.resolve("s", s).strftime("%H:%M") for s in stamps]
    assert got == ["23:30", "00:30", "01:30", "02:30"]
    # Two series do not disturb each other.
    r2 = Resolver(PARIS)
    assert r2.resolve("a", "2026-10-25 02:30").hour == 0
    assert r2.resolve("b", "2026-10-25 02:30").hour == 0


def test_bad_times():
    for text in ("", "yesterday", "31/02/2026 10:00"):
        with pytest.raises(Rejected):
            to_utc(text)


def test_lambert93_round_trip_and_known_points():
    assert geo.lambert93_to_wgs84(700000, 6600000) == pytest.approx((46.5, 3.0), abs=1e-9)
    for lat, lon in ((43.2965, 5.3698), (43.6961, 7.2718), (43.1242, 5.9280)):
        x, y = geo.wgs84_to_lambert93(lat, lon)
        assert geo.looks_like_lambert93(x, y)
        assert geo.lambert93_to_wgs84(x, y) == pytest.approx((lat, lon), abs=1e-9)


@pytest.mark.parametrize("q", ["pm25", "pm10", "no2", "o3", "humidity"])
def test_negative_values_are_counted_apart(q):
    with pytest.raises(Rejected, match="negative value"):
        units.normalise(q, -0.5, "")


def test_negative_temperatures_are_values():
    assert units.normalise("temperature", -3.5, "°C") == -3.5
