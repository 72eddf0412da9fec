"""ATMO 2021 and EAQI band tables: thresholds at their edges, versions, legends."""

from __future__ import annotations

import math

import pytest

from kiosk.core.sensors import bands


@pytest.mark.parametrize(("quantity", "value", "label"), [
    ("pm25", 0, "bon"), ("pm25", 10, "bon"), ("pm25", 10.1, "moyen"), ("pm25", 25, "dégradé"),
    ("pm25", 50, "mauvais"), ("pm25", 75, "très mauvais"), ("pm25", 75.1, "extrêmement mauvais"),
    ("pm10", 40, "moyen"), ("pm10", 41, "dégradé"), ("pm10", 151, "extrêmement mauvais"),
    ("no2", 90, "moyen"), ("no2", 231, "très mauvais"), ("o3", 130, "dégradé"),
    ("o3", 381, "extrêmement mauvais"), ("so2", 350, "dégradé"), ("so2", 500.5, "très mauvais"),
])
def test_atmo_2021_thresholds(quantity, value, label):
    assert bands.ATMO_2021.level(quantity, value).label == label


@pytest.mark.parametrize(("quantity", "value", "rank"), [
    ("pm25", 5, 1), ("pm25", 5.1, 2), ("pm25", 16, 3), ("pm25", 141, 6),
    ("pm10", 45, 2), ("pm10", 120.5, 4), ("no2", 10, 1), ("no2", 26, 3), ("no2", 151, 6),
    ("o3", 100, 2), ("o3", 170, 5), ("so2", 126, 4),
])
def test_eaqi_2024_thresholds(quantity, value, rank):
    assert bands.EAQI_2024.level(quantity, value).rank == rank


def test_same_value_rates_differently_in_the_two_current_tables():
    # 12 µg/m³ of PM2.5 is "moyen" for ATMO 2021 but already level 2 of 6 in EAQI 2024 too;
    # 18 µg/m³ splits them: ATMO "moyen" (2), EAQI 2024 "modéré" (3).
    got = bands.rate("pm25", 18)
    assert got["atmo"].rank == 2
    assert got["eaqi"].rank == 3


def test_unrated_quantities_and_missing_values_get_no_level():
    assert bands.ATMO_2021.level("temperature", 20) is None
    assert bands.ATMO_2021.level("pm25", None) is None
    assert bands.ATMO_2021.level("pm25", math.nan) is None


def test_tables_are_versioned_with_sources_and_six_colours():
    assert bands.ATMO_2021.legend_title == "Indice ATMO 2021"
    assert {t.version for t in (bands.EAQI_2017, bands.EAQI_2024)} == {"2017", "2024"}
    for table in (bands.ATMO_2021, bands.EAQI_2017, bands.EAQI_2024):
        assert table.source
        assert len(table.levels) == 6
        assert all(len(b) == 5 and list(b) == sorted(b) for b in table.thresholds.values())
        assert all(lv.colour.startswith("#") and len(lv.colour) == 7 for lv in table.levels)
    assert "10 juillet 2020" in bands.ATMO_2021.source


def test_ranges_cover_zero_to_open_top():
    r = bands.ATMO_2021.ranges("no2")
    assert r[0][1:] == (0.0, 40)
    assert r[-1][1:] == (340, None)
    assert [lv.rank for lv, _lo, _hi in r] == [1, 2, 3, 4, 5, 6]
    assert bands.ATMO_2021.ranges("temperature") == [(bands.ATMO_2021.levels[0], 0.0, None)]
