"""Series rewritten so the rule library's walk stays near the window, whatever the rule.

dateutil walks a rule period by period from DTSTART and only hands back occurrences: a rule
that never matches (30 February) walks to the year 9999, an hourly rule from the year 1 walks
17 million hours, and no bound can be checked in between. Before the library sees a series:
- an open-ended HOURLY, DAILY or WEEKLY series starting long before the window starts a whole
  number of its steps later, still before the window (same grid, same occurrences in it);
- every rule gets an UNTIL no later than the window's end (a COUNT becomes the UNTIL of its
  last occurrence, found by the same library, so the set is unchanged);
- a series that would still walk more than MAX_PERIODS periods is left out and named;
- so is a rule no date can satisfy (BYMONTHDAY=30 in BYMONTH=2), found on the days of one
  leap and one common year, which hold every month, day of the month and day of the year.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time

import icalendar
from dateutil.rrule import rrulestr
from icalendar.prop import vRecur

from kiosk.core.agenda.model import as_instant
from kiosk.core.agenda.parse import _label

MAX_PERIODS = 100_000  # per rule: about half a second of dateutil for an hourly rule
UNITS = {"HOURLY": dt.timedelta(hours=1), "DAILY": dt.timedelta(days=1),
         "WEEKLY": dt.timedelta(weeks=1), "MONTHLY": dt.timedelta(days=28),
         "YEARLY": dt.timedelta(days=365)}
MOVABLE = {"HOURLY", "DAILY", "WEEKLY"}


def tame(cal: icalendar.Calendar, lo: dt.datetime, hi: dt.datetime, zone: dt.tzinfo,
         skipped: list[str], stop_at: float) -> tuple[icalendar.Calendar, str]:
    """A copy of `cal` whose series walk at most MAX_PERIODS periods each; and why the
    rewriting stopped early ("" when it did not: past `stop_at`, later series are left out)."""
    out = cal.copy()
    out.subcomponents = []
    for component in cal.subcomponents:
        if component.name != "VEVENT" or "RRULE" not in component:
            out.subcomponents.append(component)
            continue
        if time.monotonic() > stop_at:
            return out, "took too long"
        tamed: icalendar.Component | str
        try:
            tamed = _tamed(component, lo, hi, zone)
        except Exception:  # left as it is: the library reports what it cannot expand
            tamed = component
        if isinstance(tamed, str):
            skipped.append(f"{_label(component)}: {tamed}")
        else:
            out.subcomponents.append(tamed)
    return out, ""


def _tamed(event: icalendar.Component, lo: dt.datetime, hi: dt.datetime,
           zone: dt.tzinfo) -> icalendar.Component | str:
    raw = event.get("RRULE")
    rules = [vRecur(dict(r)) for r in (raw if isinstance(raw, list) else [raw])]
    start: dt.date = event.decoded("DTSTART")
    duration = _duration(event, start)
    new = event.copy()
    counted = any("COUNT" in r for r in rules)
    freq = _freq(rules[0])
    if len(rules) == 1 and not counted and freq in MOVABLE and (
            freq != "HOURLY" or isinstance(start, dt.datetime)):
        step = UNITS[freq] * _interval(rules[0])
        steps = (lo - duration - as_instant(start, zone)) // step - 1
        if steps > 0:
            start = _shift(new, start, steps * step)
    cap = _until_value(start, hi)
    for rule in rules:
        if _below_one(rule):
            return "RRULE: an INTERVAL below 1 never moves on (dateutil would loop for ever)"
        if _no_day_matches(rule):
            return ("RRULE: no date has this BYMONTH, BYMONTHDAY and BYYEARDAY (a 30 February): "
                    "it never occurs (dateutil would walk to the year 9999 looking)")
        unit = UNITS.get(_freq(rule))
        if unit is None:
            return event  # the library names what it cannot read
        walk = (hi - as_instant(start, zone)) / (unit * _interval(rule))
        if walk > MAX_PERIODS:
            return (f"RRULE: {int(walk)} steps to walk (at most {MAX_PERIODS}): starts too far "
                    "before the window")
        until = rule.get("UNTIL")
        cap_here = until[0] if until and as_instant(until[0], zone) <= hi else cap
        if "COUNT" in rule:
            cap_here = _last_of_count(rule, start, cap_here)
            rule.pop("COUNT")
        rule["UNTIL"] = [cap_here]
    new["RRULE"] = rules if isinstance(raw, list) else rules[0]
    return new


def _freq(rule: vRecur) -> str:
    return str((rule.get("FREQ") or [""])[0]).upper()


def _below_one(rule: vRecur) -> bool:
    try:
        return int((rule.get("INTERVAL") or [1])[0]) < 1
    except (TypeError, ValueError):
        return False


def _ints(rule: vRecur, key: str) -> set[int] | None:
    values = rule.get(key)
    if not values:
        return None
    try:
        return {int(v) for v in values}
    except (TypeError, ValueError):
        return None


# A leap year and a common one hold every (month, day, day of the year) a rule can name.
_DAYS = [dt.date(year, 1, 1) + dt.timedelta(days=k) for year in (2024, 2025)
         for k in range(366 if year == 2024 else 365)]


def _no_day_matches(rule: vRecur) -> bool:
    """True when the rule's month, day-of-month and day-of-year parts exclude every date."""
    months, monthdays, yeardays = (_ints(rule, k) for k in ("BYMONTH", "BYMONTHDAY", "BYYEARDAY"))
    if monthdays is None and yeardays is None:
        return False
    for day in _DAYS:
        if months is not None and day.month not in months:
            continue
        if monthdays is not None:
            length = (dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
                      - dt.timedelta(days=1)).day
            if day.day not in monthdays and day.day - length - 1 not in monthdays:
                continue
        if yeardays is not None:
            ordinal = day.timetuple().tm_yday
            total = 366 if day.year == 2024 else 365
            if ordinal not in yeardays and ordinal - total - 1 not in yeardays:
                continue
        return False
    return True


def _interval(rule: vRecur) -> int:
    try:
        return max(1, int((rule.get("INTERVAL") or [1])[0]))
    except (TypeError, ValueError):
        return 1


def _duration(event: icalendar.Component, start: dt.date) -> dt.timedelta:
    try:
        if "DTEND" in event:
            between: dt.timedelta = abs(event.decoded("DTEND") - start)
            return between
        if "DURATION" in event:
            duration: dt.timedelta = abs(event.decoded("DURATION"))
            return duration
    except (TypeError, ValueError):
        pass
    return dt.timedelta(0)


def _shift(event: icalendar.Component, start: dt.date, delta: dt.timedelta) -> dt.date:
    """DTSTART (and DTEND) `delta` later in wall time, as dateutil steps."""
    for name in ("DTSTART", "DTEND"):
        if name in event:
            value = event.decoded(name) + delta
            event.pop(name)
            event.add(name, value)
    return start + delta


def _until_value(start: dt.date, hi: dt.datetime) -> dt.date:
    """The window's end in the form RFC 5545 wants with this DTSTART."""
    if not isinstance(start, dt.datetime):
        return (hi + dt.timedelta(days=1)).date()
    if start.tzinfo is None:
        return hi.replace(tzinfo=None)
    return hi.astimezone(dt.UTC)


def _last_of_count(rule: vRecur, start: dt.date, cap: dt.date) -> dt.date:
    """The UNTIL equal to the rule's COUNT within the window: its last occurrence up to
    `cap` (walked by dateutil, as the library would, but stopping at `cap`)."""
    count = int(rule["COUNT"][0])
    open_rule = vRecur({k: v for k, v in rule.items() if k not in ("COUNT", "UNTIL")})
    open_rule["UNTIL"] = [cap]
    begin = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    # icalendar's vRecur.to_ical carries no annotation (the package ships py.typed).
    text = open_rule.to_ical().decode()  # type: ignore[no-untyped-call]
    walked = list(itertools.islice(rrulestr(text, dtstart=begin), max(count, 0)))
    if len(walked) < count or not walked:
        return cap
    last = walked[-1]
    if not isinstance(start, dt.datetime):
        return last.date()
    return last.astimezone(dt.UTC) if last.tzinfo else last
