"""The agenda's part of cache.db: each feed's raw bytes and sync state, and its occurrences.

The raw feed is kept so that, after a reboot with no network, the agenda is expanded again
for the current window from what was last downloaded. A feed's new bytes and its occurrences
become visible together in one transaction; a failed sync only records the failure and
never erases the last good data.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from kiosk.core import storage
from kiosk.core.agenda.model import FeedSource, Occurrence

MIGRATIONS = [
    """
    CREATE TABLE agenda_feeds (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        territory TEXT NOT NULL,
        colour TEXT NOT NULL,
        example INTEGER NOT NULL DEFAULT 0,
        etag TEXT,
        last_modified TEXT,
        raw BLOB,
        last_attempt REAL,
        last_success REAL,
        error TEXT,
        events INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        expanded_start TEXT,
        expanded_days INTEGER
    );
    CREATE TABLE agenda_occurrences (
        feed_id TEXT NOT NULL,
        uid TEXT NOT NULL,
        start TEXT NOT NULL,
        "end" TEXT NOT NULL,
        start_ts REAL NOT NULL,
        end_ts REAL NOT NULL,
        all_day INTEGER NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (feed_id, uid, start)
    );
    CREATE INDEX agenda_occurrences_start ON agenda_occurrences (start_ts);
    """,
    # What the last stored feed needed leniency for (parse.read_text), one per line.
    "ALTER TABLE agenda_feeds ADD COLUMN warnings TEXT NOT NULL DEFAULT '';",
    # The language of an occurrence's words and the feed's other languages (JSON).
    "ALTER TABLE agenda_occurrences ADD COLUMN language TEXT NOT NULL DEFAULT 'fr';"
    " ALTER TABLE agenda_occurrences ADD COLUMN translations TEXT NOT NULL DEFAULT '[]';",
]


@dataclass
class FeedState:
    id: str
    name: str
    url: str
    territory: str
    colour: str
    example: bool
    etag: str | None
    last_modified: str | None
    raw: bytes | None
    last_attempt: float | None
    last_success: float | None
    error: str | None
    events: int
    skipped: int
    expanded_start: str | None
    expanded_days: int | None
    warnings: str = ""


class AgendaStore:
    """Blocking access to the agenda tables; one instance per thread or behind a lock."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        storage.migrate(db, "agenda", MIGRATIONS)

    @classmethod
    def open(cls, path: Path, **kwargs: Any) -> AgendaStore:
        return cls(storage.open_rebuildable(path, **kwargs))

    def close(self) -> None:
        self.db.conn.close()

    def feed_state(self, feed_id: str) -> FeedState | None:
        row = self.db.execute("SELECT * FROM agenda_feeds WHERE id = ?", [feed_id]).fetchone()
        if row is None:
            return None
        cols = [d[0] for d in self.db.execute("SELECT * FROM agenda_feeds LIMIT 0").description]
        data = dict(zip(cols, row, strict=True))
        data["example"] = bool(data["example"])
        return FeedState(**data)

    def _upsert_source(self, feed: FeedSource) -> None:
        self.db.conn.execute(
            "INSERT INTO agenda_feeds (id, name, url, territory, colour, example)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
            " url = excluded.url, territory = excluded.territory, colour = excluded.colour,"
            " example = excluded.example",
            [feed.id, feed.name, feed.url, feed.territory, feed.colour, int(feed.example)])

    def record_failure(self, feed: FeedSource, error: str, when: float | None = None) -> None:
        with self.db.conn:
            self.db.conn.execute("BEGIN IMMEDIATE")
            self._upsert_source(feed)
            self.db.conn.execute(
                "UPDATE agenda_feeds SET last_attempt = ?, error = ? WHERE id = ?",
                [when or time.time(), error, feed.id])

    def record_unchanged(self, feed: FeedSource, etag: str | None, last_modified: str | None,
                         when: float | None = None) -> None:
        """The source answered "not modified": the data held is current as of now."""
        when = when or time.time()
        with self.db.conn:
            self.db.conn.execute("BEGIN IMMEDIATE")
            self._upsert_source(feed)
            self.db.conn.execute(
                "UPDATE agenda_feeds SET last_attempt = ?, last_success = ?, error = NULL,"
                " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified)"
                " WHERE id = ?", [when, when, etag, last_modified, feed.id])

    def store_feed(self, feed: FeedSource, *, raw: bytes, etag: str | None,
                   last_modified: str | None, events: int, skipped: int,
                   occurrences: list[Occurrence], start: dt.date, days: int,
                   when: float | None = None, fetched: bool = True,
                   warnings: list[str] | None = None) -> None:
        """New bytes (or a new window) and their occurrences, visible together."""
        when = when or time.time()
        rows = [_row(feed.id, o) for o in occurrences]
        with self.db.conn:
            self.db.conn.execute("BEGIN IMMEDIATE")
            self._upsert_source(feed)
            if fetched:
                self.db.conn.execute(
                    "UPDATE agenda_feeds SET raw = ?, etag = ?, last_modified = ?,"
                    " last_attempt = ?, last_success = ?, error = NULL WHERE id = ?",
                    [raw, etag, last_modified, when, when, feed.id])
            self.db.conn.execute(
                "UPDATE agenda_feeds SET events = ?, skipped = ?, expanded_start = ?,"
                " expanded_days = ?, warnings = ? WHERE id = ?",
                [events, skipped, start.isoformat(), days, "\n".join(warnings or ()),
                 feed.id])
            self.db.conn.execute("DELETE FROM agenda_occurrences WHERE feed_id = ?", [feed.id])
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO agenda_occurrences (feed_id, uid, start, \"end\","
                " start_ts, end_ts, all_day, summary, location, description, url, language,"
                " translations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def occurrences(self, feed_ids: list[str], lo: dt.datetime, hi: dt.datetime
                    ) -> list[Occurrence]:
        """Stored occurrences of these feeds overlapping [lo, hi), in storage order."""
        if not feed_ids:
            return []
        marks = ", ".join("?" for _ in feed_ids)
        cur = self.db.execute(
            f"SELECT feed_id, uid, start, \"end\", all_day, summary, location, description, url,"
            f" language, translations FROM agenda_occurrences WHERE feed_id IN ({marks})"
            f" AND start_ts < ? AND (end_ts > ? OR (end_ts = start_ts AND start_ts >= ?))"
            f" ORDER BY start_ts, uid",
            [*feed_ids, hi.timestamp(), lo.timestamp(), lo.timestamp()])
        out = []
        for (feed_id, uid, start, end, all_day, summary, location, description, url, language,
             translations) in cur:
            parse = dt.date.fromisoformat if all_day else dt.datetime.fromisoformat
            out.append(Occurrence(uid=uid, start=parse(start), end=parse(end),
                                  all_day=bool(all_day), summary=summary, location=location,
                                  description=description, url=url, feed_id=feed_id,
                                  language=language, translations=tuple(
                                      tuple(t) for t in json.loads(translations or "[]"))))
        return out


def _row(feed_id: str, o: Occurrence) -> list[str | float | int]:
    from kiosk.core.agenda.model import zone

    tz = zone()
    return [feed_id, o.uid, o.start.isoformat(), o.end.isoformat(),
            o.start_instant(tz).timestamp(), o.end_instant(tz).timestamp(), int(o.all_day),
            o.summary, o.location, o.description, o.url, o.language,
            json.dumps(o.translations, ensure_ascii=False)]
