"""French public holidays (computed) and school holidays of one zone (read as data).

Public holidays: Code du travail, article L3133-1 — 1 January, Easter Monday, 1 May, 8 May,
Ascension Thursday, Whit Monday, 14 July, 15 August, 1 November, 11 November, 25 December.
(Alsace-Moselle's extra days do not apply in Provence.) Easter is the Gregorian computus.

School holidays: `holidays.toml` in the sites content folder, copied from the Ministry's
calendar (data.education.gouv.fr, dataset fr-en-calendrier-scolaire), with the period it
covers; a day outside that period is "unknown", never assumed to be a school day.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core import nesting

HOLIDAYS_FILE = "holidays.toml"


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def public_holidays(year: int) -> dict[dt.date, str]:
    """The eleven public holidays of metropolitan France (outside Alsace-Moselle)."""
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Jour de l'an",
        e + dt.timedelta(days=1): "Lundi de Pâques",
        dt.date(year, 5, 1): "Fête du Travail",
        dt.date(year, 5, 8): "Victoire 1945",
        e + dt.timedelta(days=39): "Ascension",
        e + dt.timedelta(days=50): "Lundi de Pentecôte",
        dt.date(year, 7, 14): "Fête nationale",
        dt.date(year, 8, 15): "Assomption",
        dt.date(year, 11, 1): "Toussaint",
        dt.date(year, 11, 11): "Armistice 1918",
        dt.date(year, 12, 25): "Noël",
    }


def is_public_holiday(day: dt.date) -> bool:
    return day in public_holidays(day.year)


class CalendarError(ValueError):
    """A holidays file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Period:
    name: str
    start: dt.date  # first day without class
    end: dt.date  # the day classes resume (exclusive)


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
        """True in school holidays, False in school time, None when the file does not say."""
        if not self.covers(day):
            return None
        return any(p.start <= day < p.end for p in self.periods)


def _date(value, where: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise CalendarError(f"{where}: expected a date (YYYY-MM-DD)")
    return value


def parse_school_calendar(data: dict, source: str = HOLIDAYS_FILE) -> SchoolCalendar:
    try:
        cal = SchoolCalendar(
            zone=str(data["zone"]), source=str(data["source"]),
            covered_from=_date(data["covered_from"], f"{source}: covered_from"),
            covered_until=_date(data["covered_until"], f"{source}: covered_until"))
    except KeyError as e:
        raise CalendarError(f"{source}: missing {e.args[0]}") from None
    for i, h in enumerate(data.get("holiday", [])):
        where = f"{source}: holiday[{i}]"
        start, end = _date(h.get("start"), f"{where}.start"), _date(h.get("end"), f"{where}.end")
        if end <= start:
            raise CalendarError(f"{where}: end must be after start")
        cal.periods.append(Period(str(h.get("name", "")), start, end))
    cal.periods.sort(key=lambda p: p.start)
    return cal


def load_school_calendar(folder: Path | None) -> SchoolCalendar:
    if folder is None:
        raise CalendarError("no sites folder")
    path = folder / HOLIDAYS_FILE
    try:
        data = nesting.loads_toml(path.read_bytes().decode("utf-8-sig"))
    except OSError as e:
        raise CalendarError(f"{path}: cannot read: {e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise CalendarError(f"{path}: not valid TOML: {e}") from None
    return parse_school_calendar(data, str(path))
