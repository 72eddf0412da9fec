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


def test_public_holidays_come_from_the_holidays_package_for_years_ahead():
    for year in range(2024, 2036):
        days = calendar_fr.public_holidays(year)
        assert len(days) == 11, year
        assert calendar_fr.easter(year) + dt.timedelta(days=1) in days
    assert calendar_fr.public_holidays(2028)[D(2028, 5, 25)] == "Ascension"


@pytest.mark.parametrize(("zone", "winter_2026"), [("A", D(2026, 2, 7)), ("B", D(2026, 2, 14)),
                                                   ("C", D(2026, 2, 21))])
def test_all_three_zones_through_2027_2028(zone, winter_2026):
    cal = calendar_fr.load_school_calendar(app_root() / "media" / "sites", zone)
    assert cal.zone == zone
    assert cal.covered_until >= D(2028, 7, 1)  # the 2027-2028 school year at least
    assert cal.is_holiday(winter_2026) is True
    assert cal.is_holiday(winter_2026 - dt.timedelta(days=1)) is False
    assert cal.is_holiday(D(2027, 12, 24)) is None  # Christmas 2027: not confirmed, unknown
    for p in cal.unconfirmed:
        assert p.note  # says what could not be confirmed


def test_zone_b_2026_2027_as_published():
    cal = calendar_fr.load_school_calendar(app_root() / "media" / "sites")
    assert cal.is_holiday(D(2027, 2, 20)) is True
    assert cal.is_holiday(D(2027, 3, 8)) is False
    assert cal.is_holiday(D(2027, 4, 17)) is True
    assert cal.is_holiday(D(2027, 5, 3)) is None  # the week before an unconfirmed bridge
    assert cal.is_holiday(D(2027, 1, 4)) is False


def test_an_unconfirmed_period_and_its_surrounding_weeks_are_unknown():
    base = {"zone": "B", "source": "s", "covered_from": D(2025, 9, 1),
            "covered_until": D(2026, 8, 31),
            "holiday": [{"name": "x", "start": D(2026, 2, 14), "end": D(2026, 3, 2),
                         "zones": ["B"], "confirmed": False, "note": "one copy"},
                        {"name": "y", "start": D(2026, 4, 11), "end": D(2026, 4, 27),
                         "zones": ["A"]}]}
    cal = calendar_fr.parse_school_calendar(base)
    assert cal.is_holiday(D(2026, 2, 8)) is None
    assert cal.is_holiday(D(2026, 3, 8)) is None
    assert cal.is_holiday(D(2026, 3, 9)) is False
    assert cal.is_holiday(D(2026, 4, 15)) is False  # zone A's period is not zone B's
    with pytest.raises(calendar_fr.CalendarError, match="zones"):
        calendar_fr.parse_school_calendar({**base, "holiday": [
            {"start": D(2026, 2, 1), "end": D(2026, 2, 9), "zones": ["D"]}]})


def test_tables_ending_within_60_days_are_named():
    cal = calendar_fr.load_school_calendar(app_root() / "media" / "sites")
    assert calendar_fr.ending_tables(cal, D(2026, 12, 3)) == []
    (name, end, left), = calendar_fr.ending_tables(cal, cal.covered_until - dt.timedelta(59))
    assert (name, end, left) == ("holidays.toml (zone B)", cal.covered_until, 59)
    assert calendar_fr.ending_tables(cal, cal.covered_until + dt.timedelta(3))[0][2] == -3
    assert calendar_fr.ending_tables(None, D(2026, 12, 3)) == []
