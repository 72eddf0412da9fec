"""The episode rules file (`episodes.toml` in the sites content folder), read and checked.

The thresholds are data, never code: each one names its official source, listed in the
file's `[sources]` table. A rule that is not usable is refused with a message naming the
file and the entry; a heat rule marked `confirmed = false` is kept (so the health screen can
say it is not applied) but never evaluated.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RULES_FILE = "episodes.toml"
FORMAT = 1
POLLUTANTS = ("o3", "pm10", "no2")
AVERAGES = ("hour", "day")


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Source:
    title: str  # short, shown to visitors
    reference: str  # where to check it (text, addresses)


@dataclass(frozen=True)
class PollutantRule:
    quantity: str  # o3, pm10, no2
    module: str  # the exhibit module to put forward
    average: str  # "hour" (one hourly mean) or "day" (the mean of the last 24 hours)
    information: float  # µg/m³
    alert: float
    source: str  # a key of the file's [sources]
    alert_consecutive_hours: int = 1
    note: str = ""


@dataclass(frozen=True)
class HeatRule:
    departement: str
    name: str
    territories: tuple[str, ...]
    night_min: float  # °C, IBMn: mean of three daily minima
    day_max: float  # °C, IBMx: mean of three daily maxima
    module: str
    source: str
    confirmed: bool
    reference_station: str = ""


@dataclass(frozen=True)
class Rules:
    version: str
    max_age_hours: float
    min_hours_per_day: int
    pollutants: tuple[PollutantRule, ...]
    heat: tuple[HeatRule, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    path: str = ""

    def heat_for(self, territory: str) -> HeatRule | None:
        """The département's heat rule of a territory (confirmed or not), or None."""
        return next((h for h in self.heat if territory in h.territories), None)

    def unconfirmed(self) -> list[HeatRule]:
        return [h for h in self.heat if not h.confirmed]


def _number(entry: dict[str, Any], key: str, where: str, *, minimum: float = 0.0) -> float:
    v = entry.get(key)
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise RulesError(f"{where}: {key} must be a number")
    if v < minimum:
        raise RulesError(f"{where}: {key} {v} is below {minimum}")
    return float(v)


def _text(entry: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    v = entry.get(key, "" if not required else None)
    if not isinstance(v, str) or (required and not v):
        raise RulesError(f"{where}: {key} must be a non-empty string")
    return v


def _source(entry: dict[str, Any], where: str, sources: dict[str, Source]) -> str:
    key = _text(entry, "source", where)
    if key not in sources:
        raise RulesError(f"{where}: source {key!r} is not listed in [sources]")
    return key


def parse(data: dict[str, Any], where: str = RULES_FILE) -> Rules:
    if data.get("format") != FORMAT:
        raise RulesError(f"{where}: format must be {FORMAT}")
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, dict) or not raw_sources:
        raise RulesError(f"{where}: [sources] must name every official source")
    sources = {}
    for key, v in raw_sources.items():
        if not isinstance(v, dict):
            raise RulesError(f"{where}: sources.{key} must have a title and a reference")
        w = f"{where}: sources.{key}"
        sources[key] = Source(_text(v, "title", w), _text(v, "reference", w))
    pollutants = []
    seen: set[str] = set()
    for i, p in enumerate(data.get("pollutant", [])):
        w = f"{where}: pollutant[{i}]"
        q = _text(p, "quantity", w)
        if q not in POLLUTANTS:
            raise RulesError(f"{w}: quantity must be one of {', '.join(POLLUTANTS)}")
        if q in seen:
            raise RulesError(f"{w}: {q} is listed twice")
        seen.add(q)
        average = _text(p, "average", w)
        if average not in AVERAGES:
            raise RulesError(f"{w}: average must be one of {', '.join(AVERAGES)}")
        info, alert = _number(p, "information", w), _number(p, "alert", w)
        if alert < info:
            raise RulesError(f"{w}: alert {alert} is below information {info}")
        hours = p.get("alert_consecutive_hours", 1)
        if isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= 24:
            raise RulesError(f"{w}: alert_consecutive_hours must be a whole number of hours")
        pollutants.append(PollutantRule(q, _text(p, "module", w), average, info, alert,
                                        _source(p, w, sources), hours,
                                        _text(p, "note", w, required=False)))
    heat = []
    for i, h in enumerate(data.get("heat", [])):
        w = f"{where}: heat[{i}]"
        territories = h.get("territories")
        if not isinstance(territories, list) or not territories or not all(
                isinstance(t, str) for t in territories):
            raise RulesError(f"{w}: territories must list the kiosk's territories")
        confirmed = h.get("confirmed", False)
        if not isinstance(confirmed, bool):
            raise RulesError(f"{w}: confirmed must be true or false")
        rule = HeatRule(_text(h, "departement", w), _text(h, "name", w), tuple(territories),
                        _number(h, "night_min", w, minimum=-50),
                        _number(h, "day_max", w, minimum=-50), _text(h, "module", w),
                        _source(h, w, sources), confirmed,
                        _text(h, "reference_station", w, required=False))
        if confirmed and rule.day_max <= rule.night_min:
            raise RulesError(f"{w}: day_max must be above night_min")
        heat.append(rule)
    max_age = _number(data, "max_age_hours", where)
    if max_age <= 0:
        raise RulesError(f"{where}: max_age_hours must be above 0")
    min_hours = data.get("min_hours_per_day", 18)
    if isinstance(min_hours, bool) or not isinstance(min_hours, int) or not 1 <= min_hours <= 24:
        raise RulesError(f"{where}: min_hours_per_day must be 1 to 24")
    return Rules(_text(data, "version", where), max_age, min_hours, tuple(pollutants),
                 tuple(heat), sources, where)


def load(folder: Path | None, fallback: Path | None = None) -> Rules:
    """Read `episodes.toml` from a sites folder, else from `fallback` (the shipped one)."""
    candidates = [f for f in (folder, fallback) if f is not None]
    path = next((f / RULES_FILE for f in candidates if (f / RULES_FILE).exists()), None)
    if path is None:
        raise RulesError(f"no {RULES_FILE} in {', '.join(map(str, candidates)) or 'any folder'}")
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as e:
        raise RulesError(f"{path}: cannot read: {e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise RulesError(f"{path}: not valid TOML: {e}") from None
    return parse(data, str(path))
