"""Trends: heat island at 0 h and 12 h local, humidity after rain, kinds of day; DST days."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from kiosk.core.sensors import trends
from kiosk.core.sensors.series import PARIS, Series, from_points, local_hours, resample_hourly

UTC = dt.UTC


def hourly_series(start: dt.datetime, hours: int, fn, quantity="temperature") -> Series:
    """An hourly UTC series whose value is fn(local datetime)."""
    t = start.timestamp() + 3600 * np.arange(hours, dtype=np.float64)
    v = np.array([fn(dt.datetime.fromtimestamp(x, UTC).astimezone(PARIS)) for x in t])
    return Series(t, v, quantity)


@pytest.mark.parametrize(("utc", "local_day", "local_hour"), [
    # Spring forward, 29 March 2026: 01:00 UTC is 03:00 CEST (02:00 local never exists).
    (dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), dt.date(2026, 3, 29), 1),
    (dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC), dt.date(2026, 3, 29), 3),
    # Fall back, 25 October 2026: 02:00–03:00 local happens twice.
    (dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), dt.date(2026, 10, 25), 2),
    (dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC), dt.date(2026, 10, 25), 2),
    (dt.datetime(2026, 10, 24, 22, 0, tzinfo=UTC), dt.date(2026, 10, 25), 0),
    (dt.datetime(2026, 10, 25, 23, 0, tzinfo=UTC), dt.date(2026, 10, 26), 0),
])
def test_local_hours_across_dst(utc, local_day, local_hour):
    days, hours = local_hours(np.array([utc.timestamp()]))
    assert dt.date.fromordinal(int(days[0])) == local_day
    assert hours[0] == local_hour


def test_heat_island_picks_local_midnight_and_noon_in_both_offsets():
    # Site is 2 °C warmer than the reference at local midnight, 1 °C cooler at local noon,
    # identical otherwise: a wrong UTC offset would pick identical hours and find 0.
    start = dt.datetime(2026, 3, 1, tzinfo=UTC)
    hours = 24 * 184  # March → August, through the spring DST change
    ref = hourly_series(start, hours, lambda lt: 15.0)
    site = hourly_series(start, hours,
                         lambda lt: 17.0 if lt.hour == 0 else 14.0 if lt.hour == 12 else 15.0)
    got = trends.heat_island(site, ref)
    for season in ("spring", "summer"):
        assert got[(season, 0)].mean == pytest.approx(2.0)
        assert got[(season, 12)].mean == pytest.approx(-1.0)
    assert got[("spring", 0)].n == 92 - 1  # 1 March local midnight is 28 Feb 23:00 UTC
    assert got[("summer", 12)].n == 92
    assert dt.date(2026, 3, 29) in dict(got[("spring", 0)].days)


def test_heat_island_needs_both_site_and_reference():
    start = dt.datetime(2026, 6, 1, tzinfo=UTC)
    site = hourly_series(start, 48, lambda lt: 20.0)
    ref = hourly_series(start, 48, lambda lt: float("nan"))
    got = trends.heat_island(site, ref)
    assert got[("summer", 0)].n == 0
    assert got[("summer", 0)].mean is None


def test_daily_means_on_dst_days_use_23_and_25_hours():
    start = dt.datetime(2026, 10, 23, 22, tzinfo=UTC)  # local midnight, 24 October
    s = hourly_series(start, 24 * 4, lambda lt: 10.0 if lt.day == 25 else 0.0)
    means = trends.daily_means(s)
    assert means[dt.date(2026, 10, 25)] == pytest.approx(10.0)
    assert means[dt.date(2026, 10, 24)] == pytest.approx(0.0)
    spring = hourly_series(dt.datetime(2026, 3, 27, 23, tzinfo=UTC), 24 * 3,
                           lambda lt: float(lt.day))
    assert trends.daily_means(spring)[dt.date(2026, 3, 29)] == pytest.approx(29.0)


def test_weekdays_against_weekends_and_public_holidays():
    start = dt.datetime(2026, 4, 30, 22, tzinfo=UTC)  # local midnight, Friday 1 May
    s = hourly_series(start, 24 * 14, lambda lt: 10.0 if lt.weekday() >= 5 else 30.0,
                      quantity="no2")
    got = trends.weekdays_vs_weekends(s, lambda d: d == dt.date(2026, 5, 1))
    # 1 May (a public holiday) counts with the weekends, though its value is a weekday's.
    assert got.n_a == 9
    assert got.mean_a == pytest.approx(30.0)
    assert got.n_b == 5
    assert got.mean_b == pytest.approx((4 * 10 + 30) / 5)


def test_school_holidays_compare_working_days_and_skip_unknown_days():
    start = dt.datetime(2026, 2, 8, 23, tzinfo=UTC)  # Monday 9 February 2026, local midnight
    s = hourly_series(start, 24 * 28, lambda lt: 40.0 if lt.day < 14 and lt.month == 2
                      else 20.0, quantity="pm25")

    def school(day):
        if day >= dt.date(2026, 3, 2):
            return None  # beyond the calendar: unknown
        return dt.date(2026, 2, 14) <= day < dt.date(2026, 3, 2)

    got = trends.school_time_vs_holidays(s, lambda d: False, school)
    assert got.n_a == 5
    assert got.mean_a == pytest.approx(40.0)
    assert got.n_b == 10
    assert got.mean_b == pytest.approx(20.0)
    assert got.ratio == pytest.approx(0.5)


def test_humidity_after_wet_episodes():
    start = dt.datetime(2026, 4, 1, tzinfo=UTC)
    n = 24 * 10
    rh = np.full(n, 60.0)
    rh[50:54] = 95.0  # a 4-hour wet episode
    ref = Series(start.timestamp() + 3600 * np.arange(n, dtype=np.float64), rh, "humidity")
    site_v = rh.copy()
    site_v[54:78] += 6.0  # the park stays moister for a day
    site_v[100:110] = np.nan
    site = Series(ref.t.copy(), site_v, "humidity")
    after, other = trends.humidity_after_rain(site, ref)
    assert after.mean == pytest.approx(6.0)
    assert after.n == 24
    assert other.mean == pytest.approx(0.0)
    assert other.n == n - 4 - 24 - 10


def test_resample_hourly_keeps_gaps_and_raw():
    t0 = dt.datetime(2026, 5, 1, tzinfo=UTC)
    pts = [(t0 + dt.timedelta(minutes=10 * i), float(i), 2.0 * i) for i in range(6)]
    pts += [(t0 + dt.timedelta(hours=3, minutes=10 * i), 10.0, 20.0) for i in range(6)]
    s = resample_hourly(from_points(pts, period_seconds=600))
    assert len(s) == 4
    assert s.v[0] == pytest.approx(2.5)
    assert s.raw[0] == pytest.approx(5.0)
    assert np.isnan(s.v[1])
    assert np.isnan(s.v[2])
    assert s.v[3] == 10.0
