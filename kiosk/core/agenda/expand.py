"""Occurrences of a parsed feed in a window, by recurring-ical-events, in one zone.

The library does the recurrence work (RRULE with UNTIL or COUNT, RDATE, EXDATE in UTC or in
a zone, RECURRENCE-ID overrides including RANGE=THISANDFUTURE and overrides without their
master). Around it, this module decides what the kiosk shows:
- floating times are read in the feed's X-WR-TIMEZONE when it names a zone (IANA or Windows),
  else in the agenda's zone; a TZID nobody knows is read the same way;
- STATUS:CANCELLED occurrences are absent;
- an all-day event without an end lasts one day (RFC 5545); ends stay exclusive;
- a series the library cannot expand is left out and counted; the other series stay;
- the work is bounded whatever the rule: at most MAX_OCCURRENCES occurrences and
  MAX_EXPAND_SECONDS per feed (series are expanded lazily, one occurrence at a time); a feed
  that reaches a bound gets `Expansion.bounded` (the sync reports it and keeps the feed's last
  good events). parse.py refuses rules denser than MAX_PER_DAY a day before this runs, and
  bounds.py keeps the library's walk between two occurrences near the window.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events
import x_wr_timezone

from kiosk.core.agenda import languages
from kiosk.core.agenda.bounds import tame
from kiosk.core.agenda.model import Occurrence, as_instant
from kiosk.core.agenda.parse import ParsedFeed, _label, _short

log = logging.getLogger(__name__)

ONE_DAY = dt.timedelta(days=1)
MAX_OCCURRENCES = 20_000  # per feed and window: a busy city agenda has a few thousand
MAX_EXPAND_SECONDS = 10.0  # per feed


@dataclass
class Expansion:
    occurrences: list[Occurrence] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # series left out, with the reason
    bounded: str = ""  # why the expansion stopped early ("" when it went to the end)


def resolve_zone(name: str | dt.tzinfo | None) -> dt.tzinfo | None:
    """An IANA zone for a name: IANA, Windows ("Romance Standard Time") or /vendor/ ids."""
    if name is None or isinstance(name, dt.tzinfo):
        return name
    name = str(name).strip()
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    from icalendar.timezone import tzp

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tzp.timezone(name)


def expand(feed: ParsedFeed, start: dt.date, days: int, tz: str | dt.tzinfo, *,
           feed_id: str = "") -> Expansion:
    """Occurrences overlapping [start, start + days) in `tz`, sorted by start then uid."""
    zone = resolve_zone(tz)
    if zone is None:
        raise ValueError(f"unknown time zone {tz!r}")
    window_start = dt.datetime.combine(start, dt.time(), tzinfo=zone)
    window_end = dt.datetime.combine(start + dt.timedelta(days=days), dt.time(), tzinfo=zone)
    cal = _with_floating_zone(feed.calendar, zone)
    result = Expansion()
    # A day of margin each side: the library's window and ours agree on instants, not on
    # how all-day or floating events sit in a zone; the exact overlap test is ours below.
    lo, hi = window_start - ONE_DAY, window_end + ONE_DAY
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        components = _bounded(cal, lo, hi, zone, result)
    seen: set[tuple[str, dt.date, dt.date]] = set()
    for component in components:
        try:
            occ = _occurrence(component, zone, feed_id)
        except Exception as e:  # an occurrence the library built but we cannot place
            result.skipped.append(f"{_label(component)}: {_short(f'{type(e).__name__}: {e}')}")
            continue
        if occ is None:
            continue
        if not _overlaps(occ, window_start, window_end, zone):
            continue
        key = (occ.uid, occ.start, occ.end)
        if key in seen:
            continue
        seen.add(key)
        result.occurrences.append(occ)
    result.occurrences.sort(key=lambda o: o.sort_key(zone))
    return result


def _with_floating_zone(cal: icalendar.Calendar, zone: dt.tzinfo) -> icalendar.Calendar:
    """A copy with floating times pinned to a zone, ready for the library.

    Floating times take the feed's X-WR-TIMEZONE when it names a zone, else `zone`. When the
    feed declares X-WR-TIMEZONE, UTC times of recurring series move into it first (Google's
    meaning: a weekly 10:00 stays at 10:00 across DST changes). One-off UTC times are exact
    instants and stay as they are, which also keeps the second 02:30 of an October night
    apart from the first (the library drops `fold` when it copies zoned times).
    """
    declared = None
    if "X-WR-TIMEZONE" in cal:
        declared = resolve_zone(str(cal.get("X-WR-TIMEZONE") or ""))
        if not isinstance(declared, ZoneInfo):
            declared = None  # unknown or built from a VTIMEZONE: floating reads in `zone`
    recurring = {str(c.get("UID")) for c in cal.walk("VEVENT") if "RRULE" in c or "RDATE" in c}
    walker = _ZoneWalker(declared or zone, recurring if declared else set())
    copy: icalendar.Calendar = walker.walk(cal)
    if copy is cal:
        copy = cal.copy()
        copy.subcomponents = list(cal.subcomponents)
    copy.pop("X-WR-TIMEZONE", None)  # done here; the library must not convert again
    return copy


# x-wr-timezone ships no type information: its walker is Any to mypy.
class _ZoneWalker(x_wr_timezone.UTCChangingWalker):  # type: ignore[misc]
    """x-wr-timezone's walker, limited to floating times and to the series in `utc_uids`."""

    def __init__(self, zone: dt.tzinfo, utc_uids: set[str]) -> None:
        super().__init__(zone)
        self.utc_uids = utc_uids
        self._move_utc = False

    def walk_event(self, event: icalendar.Event) -> icalendar.Event:
        self._move_utc = str(event.get("UID")) in self.utc_uids
        walked: icalendar.Event = super().walk_event(event)
        return walked

    def walk_value_datetime(self, value: dt.datetime) -> dt.datetime:
        if self.is_UTC(value) and not self._move_utc:
            return value
        walked: dt.datetime = super().walk_value_datetime(value)
        return walked


def _too_long() -> str:
    return f"expansion took over {MAX_EXPAND_SECONDS:g} s: stopped"


def _bounded(cal: icalendar.Calendar, lo: dt.datetime, hi: dt.datetime, zone: dt.tzinfo,
             result: Expansion) -> list[icalendar.Component]:
    """The components of every series in [lo, hi], stopping at the feed's bounds."""
    stop_at = time.monotonic() + MAX_EXPAND_SECONDS
    cal, late = tame(cal, lo, hi, zone, result.skipped, stop_at)
    if late:
        result.bounded = _too_long()
        return []
    masters = {str(e.get("UID")): e for e in reversed(cal.subcomponents)
               if e.name == "VEVENT" and "RECURRENCE-ID" not in e}
    out: list[icalendar.Component] = []
    for query in _queries(cal, result.skipped):
        for series in query.series:
            if time.monotonic() > stop_at:  # a series can walk long without one occurrence
                result.bounded = _too_long()
                return out
            mine: list[icalendar.Component] = []
            try:
                for occurrence in series.between(lo, hi):
                    mine.append(occurrence.as_component(query.keep_recurrence_attributes))
                    if len(out) + len(mine) >= MAX_OCCURRENCES:
                        result.bounded = (f"more than {MAX_OCCURRENCES} occurrences in the "
                                          "window: expansion stopped")
                    elif time.monotonic() > stop_at:
                        result.bounded = _too_long()
                    if result.bounded:
                        return out + mine
            except Exception as e:  # one series the library cannot expand: the others stay
                uid = str(getattr(series, "uid", ""))
                name = _label(masters[uid]) if uid in masters else f"UID {uid[:60]}"
                result.skipped.append(f"{name}: {_short(f'{type(e).__name__}: {e}')}")
                continue
            out.extend(mine)
    return out


def _queries(cal: icalendar.Calendar, skipped: list[str]
             ) -> Iterable[recurring_ical_events.CalendarQuery]:
    """One query for the feed, or (when collecting its series fails) one per UID."""
    try:
        whole = recurring_ical_events.of(cal)
    except Exception as e:  # one bad series: collect series by series to isolate it
        log.info("expanding series one by one after %s: %s", type(e).__name__, e)
    else:
        yield whole
        return
    groups: dict[str, list[icalendar.Component]] = defaultdict(list)
    others = []
    for component in cal.subcomponents:
        if component.name == "VEVENT":
            groups[str(component.get("UID"))].append(component)
        else:
            others.append(component)
    for events in groups.values():
        sub = cal.copy()
        sub.subcomponents = others + events
        try:
            yield recurring_ical_events.of(sub)
        except Exception as e:
            master = next((e for e in events if "RECURRENCE-ID" not in e), events[0])
            skipped.append(f"{_label(master)}: {_short(f'{type(e).__name__}: {e}')}")


def _date_of(c: icalendar.Component, name: str) -> dt.date:
    """DTSTART or DTEND: a date or a date-time (anything else leaves the occurrence out)."""
    value = getattr(c[name], "dt", None)
    if not isinstance(value, dt.date):
        raise TypeError(f"{name} is neither a date nor a date-time")
    return value


def _occurrence(c: icalendar.Component, zone: dt.tzinfo, feed_id: str) -> Occurrence | None:
    if str(c.get("STATUS", "")).strip().upper() == "CANCELLED":
        return None
    start = _date_of(c, "DTSTART")
    end = _date_of(c, "DTEND") if "DTEND" in c else None
    all_day = not isinstance(start, dt.datetime)
    if not isinstance(start, dt.datetime):
        if isinstance(end, dt.datetime):
            end = end.date()
        if end is None or end <= start:
            end = start + ONE_DAY
    else:
        start = _in_zone(start, zone)
        end = _in_zone(end, zone) if isinstance(end, dt.datetime) else start
        if end < start:
            start, end = end, start
    summary, description, language, translations = languages.translations(c)
    return Occurrence(
        uid=str(c.get("UID", "")),
        start=start,
        end=end,
        all_day=all_day,
        summary=summary,
        location=_text(c, "LOCATION"),
        description=description,
        url=_text(c, "URL"),
        feed_id=feed_id,
        language=language,
        translations=translations,
    )


def _in_zone(value: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The instant in `zone`. Going through UTC resolves wall times that do not exist (02:30
    on the last Sunday of March is 03:30, RFC 5545 §3.3.5) or exist twice (the first)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(dt.UTC).astimezone(zone)


def _text(c: icalendar.Component, name: str) -> str:
    value = c.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def _overlaps(occ: Occurrence, lo: dt.datetime, hi: dt.datetime, zone: dt.tzinfo) -> bool:
    start, end = as_instant(occ.start, zone), as_instant(occ.end, zone)
    if start == end:  # an instant event belongs to the window it starts in
        return lo <= start < hi
    return start < hi and end > lo
