"""Timestamps of every provider to aware UTC datetimes.

Stamps with an offset (`Z`, `+01:00`, `-0500`) are exact. A naive stamp gets the zone its
provider declares (never a guess). Local wall-clock times are resolved across DST: in the
repeated hour of October the `Resolver` keeps a series going forward (the second 02:30 is the
later one), and a time that does not exist (the skipped hour of March) is rejected.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from kiosk.core.sensors.units import Rejected, fold

UTC = dt.UTC
PARIS = ZoneInfo("Europe/Paris")

_DAY_FIRST = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$")
_YEAR_FIRST_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T](.*))?$")
# "24:00" is the midnight that ends a day (hour-ending stamps: 01:00 … 24:00).
_HOUR_24 = re.compile(r"([ T])24([:h])00(:00)?(?=$|[zZ+-])")


def ends_a_day(text: str) -> bool:
    return bool(_HOUR_24.search(str(text)))


def parse_naive_or_aware(value: object) -> dt.datetime:
    """A datetime from the forms the providers write; naive when the text has no offset."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000.0 if abs(value) > 1e11 else float(value)
        return dt.datetime.fromtimestamp(seconds, UTC)
    text = str(value).strip()
    if not text:
        raise Rejected("no time")
    if text.isdigit() and len(text) >= 9:
        return parse_naive_or_aware(int(text))
    m = _HOUR_24.search(text)
    if m:
        zero = f"{m.group(1)}00{m.group(2)}00{m.group(3) or ''}"
        return parse_naive_or_aware(text[:m.start()] + zero + text[m.end():]) + dt.timedelta(
            days=1)
    m = _DAY_FIRST.match(text)
    if m:
        d, mo, y, h, mi, s = m.groups()
        try:
            return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        except ValueError:
            raise Rejected("bad time") from None
    m = _YEAR_FIRST_SLASH.match(text)
    if m:
        y, mo, d, rest = m.groups()
        text = f"{y}-{int(mo):02d}-{int(d):02d}" + (f"T{rest}" if rest else "")
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    text = re.sub(r" ?UTC$", "+00:00", text)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise Rejected("bad time") from None


def localize(naive: dt.datetime, zone: dt.tzinfo, after: dt.datetime | None = None
             ) -> dt.datetime:
    """The UTC instant of a wall-clock time in `zone`.

    Args:
        naive: the wall-clock time.
        zone: the provider's declared zone.
        after: the previous instant of the same series, to pick the second of two
            repeated local times (DST end) when the series would otherwise go backwards.
    """
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    # A wall-clock time that exists survives the round trip; one in the hour skipped when
    # DST starts does not.
    if first.astimezone(zone).replace(tzinfo=None) != naive:
        raise Rejected("nonexistent local time")
    if first == second:
        return first
    early, late = min(first, second), max(first, second)
    if after is not None and early <= after < late:
        return late
    return early


def to_utc(value: object, zone: dt.tzinfo = UTC, after: dt.datetime | None = None
           ) -> dt.datetime:
    """An aware UTC datetime; naive stamps are read in the declared `zone`."""
    if isinstance(value, bool | dict | list):
        raise Rejected("bad time")
    try:
        t = parse_naive_or_aware(value)
        if t.tzinfo is None:
            t = localize(t, zone, after)
        t = t.astimezone(UTC)
    except (OverflowError, OSError, ValueError) as e:
        if isinstance(e, Rejected):
            raise
        raise Rejected("bad time") from None
    if not 1970 <= t.year <= 2200:
        raise Rejected("bad time")
    return t


class Resolver:
    """Reads the stamps of several series in file order, resolving repeated local hours.

    One instance per file: `resolve(series_key, value)` remembers each series' last instant.
    """

    def __init__(self, zone: dt.tzinfo = UTC) -> None:
        self.zone = zone
        self._last: dict[object, dt.datetime] = {}

    def resolve(self, key: object, value: object) -> dt.datetime:
        t = to_utc(value, self.zone, self._last.get(key))
        self._last[key] = t
        return t


def zone(name: str | None) -> dt.tzinfo:
    """A zone from its IANA name ("UTC" or empty → UTC); raises ValueError when unknown."""
    if not name or name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as e:
        raise ValueError(f"unknown time zone {name!r}") from e


def iso_z(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_UTC_WORDS = re.compile(r"\b(utc|tu|gmt|z|temps universel)\b")
_LOCAL_WORDS = re.compile(r"\b(heure locale|locale|local|local time|heure legale|paris|"
                          r"europe/paris|cet|cest)\b")


def zone_named_by(header: str) -> dt.tzinfo | None:
    """The zone a time column's name declares: "date (UTC)", "heure TU" or "date (heure
    locale)" (local to France: Europe/Paris); None when it says nothing."""
    key = fold(header)
    if _UTC_WORDS.search(key):
        return UTC
    if _LOCAL_WORDS.search(key):
        return PARIS
    return None
