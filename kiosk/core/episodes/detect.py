"""Pollution and heat episodes computed from the nearest measurements, by the rules file.

Plain functions on plain data (no cache, no Qt): the sensors service hands over, for each of
the nearest sites and their reference stations, the observations of the last days; this
module keeps the valid or corrected ones that ended before `now`, makes hourly means, and
compares them with the thresholds of `rules.Rules`:

- a pollutant with `average = "hour"` is in episode when its newest hourly mean reaches the
  threshold (the alert may need several hours in a row);
- `average = "day"`: the mean of the hourly means of the last 24 hours (at least
  `min_hours_per_day` of them);
- heat: over the last three 24-hour periods, the mean of the three minima reaches the
  département's `night_min` and the mean of the three maxima its `day_max`.

Every rule needs its newest hour to have ended at most `max_age_hours` before `now`, so data
four hours old announces nothing. Generated demonstration data announces nothing either,
unless the kiosk rehearses (`rehearsal=True`). `now` may be a simulated clock: values after it
do not exist yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from kiosk.core.episodes.rules import HeatRule, PollutantRule, Rules

TRUSTED = ("valid", "corrected")
HOUR = 3600.0
DAY = 86400.0
LEVELS = ("alert", "information")  # most severe first
UNITS = {"o3": "µg/m³", "pm10": "µg/m³", "no2": "µg/m³", "heat": "°C"}


class Sample(NamedTuple):
    """One stored observation as the detector needs it (a tuple: days of 10-minute data
    are made into thousands of these every few minutes)."""

    time: float  # UTC epoch seconds, start of the averaging period
    value: float
    quality: str = "valid"
    period_s: float | None = None  # None: an hourly value


@dataclass
class StationData:
    """What one site or reference station measured lately, per quantity."""

    site_id: str
    name: str
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    demo: bool = False  # generated demonstration data


@dataclass(frozen=True)
class Episode:
    kind: str  # "o3", "pm10", "no2" or "heat"
    level: str  # "information" or "alert"
    module: str  # the exhibit module to put forward
    value: float  # the figure compared with the threshold (for heat: the night mean)
    threshold: float
    site_id: str
    site_name: str
    measured_at: float  # end of the newest hour used (UTC epoch seconds)
    source: str  # the key of the rules file's [sources]
    average: str = "hour"
    # Heat: the mean of the three maxima and its threshold.
    day_value: float | None = None
    day_threshold: float | None = None
    demo: bool = False

    @property
    def unit(self) -> str:
        return UNITS[self.kind]

    @property
    def quantity(self) -> str:
        """The sensor quantity to graph beside the explanation."""
        return "temperature" if self.kind == "heat" else self.kind


def hourly(samples: Iterable[Sample], now: float) -> list[tuple[float, float]]:
    """(hour start, mean) of the trusted samples that ended by `now`, oldest first."""
    buckets: dict[float, list[float]] = {}
    for s in samples:
        if s.quality not in TRUSTED:
            continue
        if s.time + (s.period_s or HOUR) > now:
            continue  # not over yet, or (on a simulated clock) still in the future
        buckets.setdefault(s.time // HOUR * HOUR, []).append(s.value)
    return sorted((h, sum(v) / len(v)) for h, v in buckets.items())


def _fresh(hours: list[tuple[float, float]], now: float, rules: Rules) -> bool:
    return bool(hours) and now - (hours[-1][0] + HOUR) <= rules.max_age_hours * HOUR


def _window(hours: list[tuple[float, float]], end: float, span: float) -> list[float]:
    return [v for h, v in hours if end - span <= h < end]


def _pollutant(rule: PollutantRule, station: StationData, rules: Rules, now: float
               ) -> Episode | None:
    hours = hourly(station.samples.get(rule.quantity, ()), now)
    if not _fresh(hours, now, rules):
        return None
    newest_end = hours[-1][0] + HOUR
    if rule.average == "day":
        day = _window(hours, newest_end, DAY)
        if len(day) < rules.min_hours_per_day:
            return None
        value = sum(day) / len(day)
        level = ("alert" if value >= rule.alert else
                 "information" if value >= rule.information else None)
    else:
        value = hours[-1][1]
        n = rule.alert_consecutive_hours
        last = _window(hours, newest_end, n * HOUR)
        in_row = len(last) == n and all(v >= rule.alert for v in last)
        level = ("alert" if in_row else
                 "information" if value >= rule.information else None)
    if level is None:
        return None
    return Episode(rule.quantity, level, rule.module, value,
                   rule.alert if level == "alert" else rule.information,
                   station.site_id, station.name, newest_end, rule.source, rule.average,
                   demo=station.demo)


def _heat(rule: HeatRule, station: StationData, rules: Rules, now: float) -> Episode | None:
    hours = hourly(station.samples.get("temperature", ()), now)
    if not _fresh(hours, now, rules):
        return None
    end = hours[-1][0] + HOUR
    minima, maxima = [], []
    for k in range(3):
        values = _window(hours, end - k * DAY, DAY)
        if len(values) < rules.min_hours_per_day:
            return None
        minima.append(min(values))
        maxima.append(max(values))
    night, day = sum(minima) / 3, sum(maxima) / 3
    if night < rule.night_min or day < rule.day_max:
        return None
    return Episode("heat", "alert", rule.module, night, rule.night_min, station.site_id,
                   station.name, end, rule.source, "3 days", day, rule.day_max,
                   demo=station.demo)


def _rank(e: Episode) -> tuple[int, float]:
    return LEVELS.index(e.level), -(e.value / e.threshold if e.threshold else 0.0)


def detect(rules: Rules, territory: str, stations: Iterable[StationData], now: float, *,
           rehearsal: bool = False) -> list[Episode]:
    """The episodes in progress near the kiosk, one per kind, most severe first.

    For each kind the station furthest above its threshold is kept (an alert beats an
    information level). Demonstration data counts only when `rehearsal` is set.
    """
    stations = [s for s in stations if rehearsal or not s.demo]
    heat_rule = rules.heat_for(territory)
    best: dict[str, Episode] = {}
    for station in stations:
        found = [_pollutant(r, station, rules, now) for r in rules.pollutants]
        if heat_rule is not None and heat_rule.confirmed:
            found.append(_heat(heat_rule, station, rules, now))
        for e in found:
            if e is not None and (e.kind not in best or _rank(e) < _rank(best[e.kind])):
                best[e.kind] = e
    return sorted(best.values(), key=_rank)
