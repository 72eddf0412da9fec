"""The yearly trends the kiosk explains, computed from stored series (Qt-free, numpy lazily).

* Urban heat island: for each day, the site's temperature at 0 h and at 12 h local time minus
  the reference's at the same hours (hourly means of that local hour), in spring (March–May)
  and summer (June–August). A positive difference at night is the heat island; a negative one
  at noon in a park is its cool island.
* Humidity after rain: the site-minus-reference humidity during the 24 h after a wet episode
  (the reference's relative humidity ≥ 90 % for at least two consecutive hours: there is no
  rain gauge among the sensors, so saturated air stands in for rain) versus all other hours.
* Air quality by kind of day: daily means on weekdays versus weekends and public holidays, and
  on working days in school holidays versus school time.

Daily means need at least 18 hourly values of the local day (a DST day has 23 or 25 hours).
Calendars are passed in as callables, so this module does not depend on where they come from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.core.sensors.series import PARIS, Series, hourly

SEASONS = {"spring": (3, 4, 5), "summer": (6, 7, 8)}
MIN_HOURS_PER_DAY = 18


@dataclass
class Difference:
    """Mean of site − reference over `n` days (or hours), with the daily values for a graph."""

    mean: float | None
    n: int
    days: list[tuple[dt.date, float]] = field(default_factory=list)


@dataclass
class Comparison:
    """Mean of a quantity in two groups of days."""

    label_a: str
    mean_a: float | None
    n_a: int
    label_b: str
    mean_b: float | None
    n_b: int
    unknown: int = 0  # measured days left out: the calendar does not say what they were

    @property
    def ratio(self) -> float | None:
        if self.mean_a in (None, 0) or self.mean_b is None:
            return None
        return self.mean_b / self.mean_a


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def heat_island(site: Series, reference: Series, *, hours: tuple[int, ...] = (0, 12),
                tz: dt.tzinfo = PARIS) -> dict[tuple[str, int], Difference]:
    """(season, local hour) → daily site − reference temperature differences."""
    hs, hr = hourly(site, tz), hourly(reference, tz)
    out: dict[tuple[str, int], Difference] = {}
    for season, months in SEASONS.items():
        for hour in hours:
            days = []
            for (ordinal, h), value in sorted(hs.items()):
                if h != hour:
                    continue
                day = dt.date.fromordinal(ordinal)
                ref = hr.get((ordinal, h))
                if day.month in months and ref is not None:
                    days.append((day, value - ref))
            out[(season, hour)] = Difference(_mean([d for _, d in days]), len(days), days)
    return out


def humidity_after_rain(site: Series, reference: Series, *, threshold: float = 90.0,
                        min_hours: int = 2, after_hours: int = 24,
                        tz: dt.tzinfo = PARIS) -> tuple[Difference, Difference]:
    """(after wet episodes, other hours) site − reference relative humidity, per hour."""
    import numpy as np

    from kiosk.core.sensors.series import resample_hourly

    s, r = resample_hourly(site), resample_hourly(reference)
    if s.empty or r.empty:
        return Difference(None, 0), Difference(None, 0)
    start = max(s.t[0], r.t[0])
    stop = min(s.t[-1], r.t[-1]) + 3600
    if stop <= start:
        return Difference(None, 0), Difference(None, 0)
    sv = s.window(start, stop).v
    rv = r.window(start, stop).v
    wet = rv >= threshold
    after = np.zeros(len(rv), dtype=bool)
    run = 0
    for i, w in enumerate(wet):
        if w:
            run += 1
            continue
        if run >= min_hours:
            after[i:i + after_hours] = True
        run = 0
    diff = sv - rv
    valid = ~np.isnan(diff) & ~wet
    a = diff[valid & after]
    b = diff[valid & ~after]
    return (Difference(float(a.mean()) if len(a) else None, int(len(a))),
            Difference(float(b.mean()) if len(b) else None, int(len(b))))


def daily_means(series: Series, tz: dt.tzinfo = PARIS) -> dict[dt.date, float]:
    """Local-day means of the hourly means, for days with enough hours."""
    by_day: dict[int, list[float]] = {}
    for (ordinal, _h), value in hourly(series, tz).items():
        by_day.setdefault(ordinal, []).append(value)
    return {dt.date.fromordinal(o): sum(vs) / len(vs) for o, vs in by_day.items()
            if len(vs) >= MIN_HOURS_PER_DAY}


def weekdays_vs_weekends(series: Series, is_public_holiday: Callable[[dt.date], bool], *,
                         tz: dt.tzinfo = PARIS) -> Comparison:
    """Working days (Mon–Fri, not public holidays) versus weekends and public holidays."""
    work, rest = [], []
    for day, value in daily_means(series, tz).items():
        if day.weekday() >= 5 or is_public_holiday(day):
            rest.append(value)
        else:
            work.append(value)
    return Comparison("weekdays", _mean(work), len(work), "weekends", _mean(rest), len(rest))


def school_time_vs_holidays(series: Series, is_public_holiday: Callable[[dt.date], bool],
                            school_holiday: Callable[[dt.date], bool | None], *,
                            tz: dt.tzinfo = PARIS) -> Comparison:
    """Working days in school time versus working days in school holidays.

    Only Monday–Friday outside public holidays count, so the weekend effect does not leak in;
    days the school calendar does not cover are left out.
    """
    term: list[float] = []
    holidays: list[float] = []
    unknown = 0
    for day, value in daily_means(series, tz).items():
        if day.weekday() >= 5 or is_public_holiday(day):
            continue
        state = school_holiday(day)
        if state is None:
            unknown += 1
            continue
        (holidays if state else term).append(value)
    return Comparison("school time", _mean(term), len(term), "school holidays",
                      _mean(holidays), len(holidays), unknown)
