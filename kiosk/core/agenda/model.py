"""What the agenda deals in: feed sources and expanded occurrences (plain data, no I/O)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

# The territories are all in metropolitan France: the agenda is shown in Paris time.
AGENDA_TZ = "Europe/Paris"


def zone(name: str | None = None) -> ZoneInfo:
    return ZoneInfo(name or AGENDA_TZ)


@dataclass(frozen=True)
class FeedSource:
    """One feed to show: from the settings, a bundle's feeds.toml or an ICS file of a bundle."""

    name: str
    url: str  # http(s)://, webcal://, file:// or a path (relative to the agenda content dir)
    territory: str = "AMP"
    colour: str = "#2e7d32"
    example: bool = False

    @property
    def id(self) -> str:
        """Stable across restarts: the cache keys raw feeds and occurrences by it."""
        return hashlib.sha1(f"{self.territory}\n{self.url}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an event, in the agenda's zone.

    Timed occurrences carry aware datetimes; all-day ones carry dates with `end` exclusive
    (RFC 5545), so a one-day event ends on the next day.
    """

    uid: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    all_day: bool
    summary: str = ""
    location: str = ""
    description: str = ""
    url: str = ""
    feed_id: str = ""
    # The language of summary and description (the feed's own words), and the feed's other
    # languages: ((language, summary, description), …); see agenda.languages.
    language: str = "fr"
    translations: tuple[tuple[str, str, str], ...] = ()

    def in_language(self, lang: str) -> tuple[str, str, str]:
        """(summary, description, their language) for a visitor reading `lang`: the feed's
        words in `lang` where it has them, its own words otherwise."""
        for other, summary, description in self.translations:
            if other == lang and summary:
                return summary, description or self.description, lang
        return self.summary, self.description, self.language

    def start_instant(self, tz: dt.tzinfo) -> dt.datetime:
        return as_instant(self.start, tz)

    def end_instant(self, tz: dt.tzinfo) -> dt.datetime:
        return as_instant(self.end, tz)

    def sort_key(self, tz: dt.tzinfo) -> tuple[dt.datetime, str, dt.datetime, str]:
        return (self.start_instant(tz), self.uid, self.end_instant(tz), self.summary)

    def to_json(self) -> dict[str, Any]:
        """The `kiosk agenda expand` contract: uid, start, end, all_day, summary, location."""
        return {
            "uid": self.uid,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "all_day": self.all_day,
            "summary": self.summary,
            "location": self.location,
        }


def as_instant(value: dt.date | dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """A date becomes its midnight in `tz`; a naive datetime is read in `tz`."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=tz)
    return dt.datetime.combine(value, dt.time(), tzinfo=tz)
