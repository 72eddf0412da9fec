"""French public holidays by rule, zone B school holidays as data."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.core.paths import app_root
from kiosk.core.sensors import calendar_fr

D = dt.date


@pytest.mark.parametrize(("year", "day"), [
    (2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2027, D(2027, 3, 28)),
    (2038, D(2038, 4, 25)), (2285, D(2285, 3, 22)),
])
def test_easter(year, day):
    assert calendar_fr.easter(year) == day


def test_public_holidays_2026():
    days = calendar_fr.public_holidays(2026)
    assert len(days) == 11
    assert D(2026, 4, 6) in days  # Easter Monday
    assert D(2026, 5, 14) in days  # Ascension
    assert D(2026, 5, 25) in days  # Whit Monday
    assert calendar_fr.is_public_holiday(D(2026, 7, 14))
    assert not calendar_fr.is_public_holiday(D(2026, 7, 15))


def test_shipped_zone_b_calendar():
    cal = calendar_fr.load_school_calendar(app_root() / "media" / "sites")
    assert cal.zone == "B"
    assert "data.education.gouv.fr" in cal.source
    assert cal.is_holiday(D(2026, 2, 14)) is True  # first day of winter holidays
    assert cal.is_holiday(D(2026, 3, 2)) is False  # classes resume (end is exclusive)
    assert cal.is_holiday(D(2026, 8, 15)) is True
    assert cal.is_holiday(D(2026, 11, 27)) is False
    assert cal.is_holiday(D(2030, 1, 1)) is None  # not covered: unknown, not "school time"


def test_bad_calendar_files_are_named(tmp_path):
    with pytest.raises(calendar_fr.CalendarError, match="cannot read"):
        calendar_fr.load_school_calendar(tmp_path)
    with pytest.raises(calendar_fr.CalendarError, match="missing zone"):
        calendar_fr.parse_school_calendar({})
    base = {"zone": "B", "source": "s", "covered_from": D(2025, 9, 1),
            "covered_until": D(2026, 8, 31)}
    with pytest.raises(calendar_fr.CalendarError, match=r"holiday\[0\]: end"):
        calendar_fr.parse_school_calendar(
            {**base, "holiday": [{"start": D(2026, 2, 1), "end": D(2026, 1, 1)}]})
    with pytest.raises(calendar_fr.CalendarError, match="expected a date"):
        calendar_fr.parse_school_calendar({**base, "covered_from": "2025-09-01"})
