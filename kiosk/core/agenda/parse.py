"""Read an iCalendar feed with the icalendar library, leniently, event by event.

What real feeds do and how it is met here: a UTF-8 (or UTF-16) byte-order mark and CRLF or LF
line ends are normalised before parsing; UTF-8 with a few invalid bytes is read as UTF-8 (the
bytes replaced) and a feed whose accents are single bytes as Windows-1252 (Outlook exports);
events outside a VCALENDAR wrapper are wrapped — both with a warning (`ParsedFeed.warnings`);
several VCALENDARs in one file are merged; folded lines, TZID names
(IANA, Windows, "globally unique" /vendor/ ids) and VTIMEZONEs are icalendar's business.
A feed that cannot be read at all raises FeedError naming the line; an event whose start,
end, rule or dates are broken is left out and counted (`ParsedFeed.skipped`).
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass, field

import icalendar
from icalendar.prop import vRecur

# Properties without which an event cannot be placed in time or named: an error in one of
# them (or a line icalendar could not split) leaves the event out.
KEY_PROPERTIES = {None, "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
                  "RECURRENCE-ID", "SUMMARY", "STATUS", "UID"}
MAX_REASON = 160
TOO_FREQUENT = {"SECONDLY", "MINUTELY"}
# BYHOUR × BYMINUTE × BYSECOND multiply: a DAILY rule listing 24 hours, 60 minutes and 60
# seconds is SECONDLY in all but name. More than this a day is no event calendar.
MAX_PER_DAY = 48


class FeedError(ValueError):
    """A feed that cannot be read at all; the message names the line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


@dataclass
class ParsedFeed:
    calendar: icalendar.Calendar
    events: int = 0
    skipped: list[str] = field(default_factory=list)  # one reason per event left out
    name: str = ""  # X-WR-CALNAME, when the feed names itself
    # What was read leniently (invalid UTF-8 bytes, events outside a VCALENDAR wrapper).
    warnings: list[str] = field(default_factory=list)


def read_text(data: bytes | str) -> tuple[str, list[str]]:
    """(text, warnings) of a feed: BOM removed, line ends as CRLF, read leniently.

    UTF-8 with a few invalid bytes (a truncated copy, one mangled accent) is read as UTF-8,
    each bad byte replaced, with a warning; a feed whose accents are all single bytes is a
    legacy code page (Windows-1252, Outlook exports). Events outside a VCALENDAR wrapper are
    wrapped, with a warning.
    """
    warnings_: list[str] = []
    if isinstance(data, bytes):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text, bad = _mostly_utf8(data)
                if bad:
                    warnings_.append(f"{bad} invalid UTF-8 byte(s) replaced (U+FFFD)")
    else:
        text = data
    text = text.lstrip("\ufeff")
    # icalendar unfolds "CRLF + space" and LF-only files alike; stray lone CRs (old Mac
    # exports) would end up inside values, so every line end becomes CRLF first.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = next((line.strip().upper() for line in text.split("\n") if line.strip()), "")
    if first.startswith("BEGIN:") and first != "BEGIN:VCALENDAR" and re.search(
            r"^BEGIN:VEVENT\s*$", text, re.IGNORECASE | re.MULTILINE):
        warnings_.append("events outside a VCALENDAR wrapper: read as one calendar")
        text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//kiosk//lenient//EN\n" + \
            text.rstrip("\n") + "\nEND:VCALENDAR\n"
    return text.replace("\n", "\r\n"), warnings_


_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
                         rb"[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> tuple[str, int]:
    """(text, bytes replaced): UTF-8 when its valid multi-byte characters outnumber the
    invalid bytes, else Windows-1252 (nothing replaced: every byte means something there)."""
    good = len(_UTF8_MULTI.findall(data))
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if good and bad <= good:
        return text.lstrip("\ufeff"), bad
    return data.decode("cp1252", errors="replace"), 0


def parse_feed(data: bytes | str) -> ParsedFeed:
    text, lenient = read_text(data)
    _check_structure(text)
    try:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as e:  # ValueError mostly; any other failure means unreadable too
        raise FeedError(_short(str(e) or type(e).__name__), _line_of(text, str(e))) from None
    del seen  # e.g. a guessed "globally unique" TZID: the guess is the best there is
    calendars = [c for c in calendars if c.name == "VCALENDAR"]
    if not calendars:
        raise FeedError("no VCALENDAR in this feed", 1)
    cal = calendars[0]
    for extra in calendars[1:]:
        for component in extra.subcomponents:
            cal.add_component(component)
    feed = ParsedFeed(cal, name=str(cal.get("X-WR-CALNAME", "") or ""), warnings=lenient)
    _screen_events(feed)
    return feed


def _screen_events(feed: ParsedFeed) -> None:
    """Drop broken events (counted), give every event a UID, split reused UIDs."""
    cal = feed.calendar
    kept = []
    masters: dict[str, str] = {}
    broken_uids: set[str] = set()
    for component in cal.subcomponents:
        if component.name != "VEVENT":
            kept.append(component)
            continue
        feed.events += 1
        reason = _broken_reason(component)
        if reason:
            feed.skipped.append(f"{_label(component)}: {reason}")
            if "RECURRENCE-ID" not in component and component.get("UID"):
                broken_uids.add(str(component["UID"]))
            continue
        if not str(component.get("UID", "")).strip():
            # A stable UID from the event's own content (never DTSTAMP, which feeds
            # rewrite on every download), so sorting and the cache stay deterministic.
            component["UID"] = "derived-" + content_hash(component)
        uid = str(component["UID"])
        if "RECURRENCE-ID" not in component:
            digest = content_hash(component)
            if uid in masters and masters[uid] != digest:
                # Two different events sharing one UID (hand-made feeds do it): keep both.
                component["UID"] = f"{uid}#{digest[:8]}"
            masters.setdefault(uid, digest)
        kept.append(component)
    # A series whose master is broken is left out whole: its overrides alone would show a
    # few stray dates of an event that otherwise vanished.
    final = []
    for component in kept:
        if (component.name == "VEVENT" and "RECURRENCE-ID" in component
                and str(component.get("UID")) in broken_uids):
            feed.skipped.append(f"{_label(component)}: its series is broken")
            continue
        final.append(component)
    cal.subcomponents = final


def _broken_reason(event: icalendar.Component) -> str | None:
    for name, message in getattr(event, "errors", []):
        if name in KEY_PROPERTIES:
            return _short(f"{name or 'a line'}: {message}")
    if "DTSTART" not in event:
        return "no DTSTART"
    rules = event.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        freq = [str(f).upper() for f in rule.get("FREQ", [])]
        if set(freq) & TOO_FREQUENT:
            # Thousands of occurrences a day would stall the sync and bury the agenda.
            return f"RRULE: FREQ={freq[0]} is too frequent for an event calendar"
        per_day = _per_day(rule, freq[0] if freq else "")
        if per_day > MAX_PER_DAY:
            return (f"RRULE: up to {per_day} occurrences a day (BYHOUR × BYMINUTE × BYSECOND)"
                    " is too frequent for an event calendar")
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        if name in event:
            try:
                event.decoded(name)
            except Exception as e:  # a value icalendar kept but cannot decode
                return _short(f"{name}: {e}")
    return None


def _per_day(rule: vRecur, freq: str) -> int:
    """An upper bound of the occurrences one day of `rule` can hold."""
    def count(key: str) -> int:
        values = rule.get(key)
        if not values:
            return 0
        return len({str(v) for v in values}) if isinstance(values, list) else 1

    try:
        interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
    except (TypeError, ValueError):
        interval = 1
    hours = count("BYHOUR") or (-(-24 // interval) if freq == "HOURLY" else 1)
    return hours * (count("BYMINUTE") or 1) * (count("BYSECOND") or 1)


def content_hash(event: icalendar.Component) -> str:
    parts = []
    for name, value in event.property_items(recursive=False, sorted=True):
        if name in ("DTSTAMP", "BEGIN", "END"):
            continue
        raw = value.to_ical() if hasattr(value, "to_ical") else value
        parts.append(f"{name}:{raw.decode('utf-8', 'replace') if isinstance(raw, bytes) else raw}")
    return hashlib.sha1("\n".join(sorted(parts)).encode()).hexdigest()[:16]


def _label(event: icalendar.Component) -> str:
    summary = str(event.get("SUMMARY", "") or "").strip()
    uid = str(event.get("UID", "") or "").strip()
    bits = [f"“{summary[:60]}”" if summary else "event"]
    if uid:
        bits.append(f"(UID {uid[:60]})")
    return " ".join(bits)


def _short(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= MAX_REASON else message[:MAX_REASON - 1] + "…"


_BEGIN_END = re.compile(r"^(BEGIN|END):([A-Za-z0-9-]+)\s*$", re.IGNORECASE)


def _check_structure(text: str) -> None:
    """Name the first line that makes the feed unreadable as a whole (nesting, not VCALENDAR)."""
    lines = text.split("\r\n")
    first = next(((i, line) for i, line in enumerate(lines, 1) if line.strip()), None)
    if first is None:
        raise FeedError("the feed is empty", 1)
    if first[1].strip().upper() != "BEGIN:VCALENDAR":
        raise FeedError(f"expected BEGIN:VCALENDAR, found {_short(first[1])[:60]!r}", first[0])
    stack: list[tuple[str, int]] = []
    for number, line in enumerate(lines, 1):
        m = _BEGIN_END.match(line)
        if not m:
            continue
        kind, name = m.group(1).upper(), m.group(2).upper()
        if kind == "BEGIN":
            stack.append((name, number))
        elif not stack or stack[-1][0] != name:
            opened = f" ({stack[-1][0]} opened on line {stack[-1][1]})" if stack else ""
            raise FeedError(f"END:{name} closes nothing{opened}", number)
        else:
            stack.pop()
    if stack:
        name, number = stack[-1]
        raise FeedError(f"BEGIN:{name} is never closed (the feed is cut short?)", number)


def _line_of(text: str, message: str) -> int | None:
    """The line an icalendar error quotes, when it quotes one."""
    for quoted in re.findall(r"'([^']{3,})'", message):
        for number, line in enumerate(text.split("\r\n"), 1):
            if quoted in line:
                return number
    return None
