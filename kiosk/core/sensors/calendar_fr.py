"""French public holidays (the `holidays` package) and school holidays of one zone (data).

Public holidays: Code du travail, article L3133-1, as the `holidays` package lists them for
metropolitan France outside Alsace-Moselle (whose extra days do not apply in Provence):
1 January, Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 July, 15 August,
1 November, 11 November, 25 December.

School holidays: `holidays.toml` in the sites content folder, the Ministry's calendar for the
zones A, B and C (each period names its zones), with the period the file covers; a day
outside it is "unknown", never assumed to be a school day. A period marked `confirmed =
false` (its dates could not be checked against the official source) makes its days and the
week on each side unknown too: the trends leave them out rather than guess.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core import nesting

HOLIDAYS_FILE = "holidays.toml"
ZONES = ("A", "B", "C")
# Around an unconfirmed period the true one may start or end a week apart.
UNCERTAIN_MARGIN = dt.timedelta(days=7)
# The health screen warns this long before a shipped table ends.
WARN_BEFORE = dt.timedelta(days=60)


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (dateutil's computus, the one the `holidays` package uses)."""
    from dateutil.easter import easter as _easter

    return _easter(year)


@functools.lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    """The eleven public holidays of metropolitan France (outside Alsace-Moselle)."""
    # Imported here: the package takes ~0.2 s to import, and this module is imported on the
    # GUI thread at start-up while holidays are only asked for by the trends, in a worker.
    from holidays.countries.france import France

    # holidays ships py.typed, but France.__init__(*args, **kwargs) carries no annotation.
    return dict(France(years=year, language="fr").items())  # type: ignore[no-untyped-call]


def is_public_holiday(day: dt.date) -> bool:
    return day in public_holidays(day.year)


class CalendarError(ValueError):
    """A holidays file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Period:
    name: str
    start: dt.date  # first day without class
    end: dt.date  # the day classes resume (exclusive)
    confirmed: bool = True
    note: str = ""


@dataclass
class SchoolCalendar:
    zone: str
    source: str
    covered_from: dt.date
    covered_until: dt.date
    periods: list[Period] = field(default_factory=list)

    def covers(self, day: dt.date) -> bool:
        return self.covered_from <= day <= self.covered_until

    def is_holiday(self, day: dt.date) -> bool | None:
        """True in school holidays, False in school time, None when the file does not say
        (outside its coverage, or near a period whose dates are not confirmed)."""
        if not self.covers(day):
            return None
        for p in self.periods:
            if not p.confirmed and p.start - UNCERTAIN_MARGIN <= day < p.end + UNCERTAIN_MARGIN:
                return None
        return any(p.start <= day < p.end for p in self.periods)

    @property
    def unconfirmed(self) -> list[Period]:
        return [p for p in self.periods if not p.confirmed]


def ending_tables(school: SchoolCalendar | None, today: dt.date
                  ) -> list[tuple[str, dt.date, int]]:
    """The shipped tables that end within WARN_BEFORE (or have ended): (name, last day
    covered, days left, negative once past). The school calendar is the one with an end; the
    public holidays come from the `holidays` package, which has none."""
    if school is None:
        return []
    left = (school.covered_until - today).days
    if left > WARN_BEFORE.days:
        return []
    return [(f"holidays.toml (zone {school.zone})", school.covered_until, left)]


def _date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise CalendarError(f"{where}: expected a date (YYYY-MM-DD)")
    return value


def parse_school_calendar(data: dict[str, Any], source: str = HOLIDAYS_FILE, zone: str | None = None
                          ) -> SchoolCalendar:
    """The calendar of `zone` (default: the file's own `zone`); periods without `zones` are
    the file's zone's."""
    try:
        zone = zone or str(data["zone"])
        cal = SchoolCalendar(
            zone=zone, source=str(data["source"]),
            covered_from=_date(data["covered_from"], f"{source}: covered_from"),
            covered_until=_date(data["covered_until"], f"{source}: covered_until"))
    except KeyError as e:
        raise CalendarError(f"{source}: missing {e.args[0]}") from None
    for i, h in enumerate(data.get("holiday", [])):
        where = f"{source}: holiday[{i}]"
        start, end = _date(h.get("start"), f"{where}.start"), _date(h.get("end"), f"{where}.end")
        if end <= start:
            raise CalendarError(f"{where}: end must be after start")
        zones = h.get("zones", [data.get("zone")])
        if not isinstance(zones, list) or not set(zones) <= set(ZONES):
            raise CalendarError(f"{where}.zones: expected a list of A, B, C")
        if zone not in zones:
            continue
        confirmed = h.get("confirmed", True)
        if not isinstance(confirmed, bool):
            raise CalendarError(f"{where}.confirmed: expected true or false")
        cal.periods.append(Period(str(h.get("name", "")), start, end, confirmed,
                                  str(h.get("note", ""))))
    cal.periods.sort(key=lambda p: p.start)
    return cal


def load_school_calendar(folder: Path | None, zone: str | None = None) -> SchoolCalendar:
    if folder is None:
        raise CalendarError("no sites folder")
    path = folder / HOLIDAYS_FILE
    try:
        data = nesting.loads_toml(path.read_bytes().decode("utf-8-sig"))
    except OSError as e:
        raise CalendarError(f"{path}: cannot read: {e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise CalendarError(f"{path}: not valid TOML: {e}") from None
    return parse_school_calendar(data, str(path), zone)
