"""CSV export of the journal: one row per event, with documented columns.

Columns, in order (CSV header line first, UTF-8, comma-separated, RFC 4180 quoting):

- `id`: the event's sequence number in this kiosk's journal
- `time`: when it happened, ISO 8601 UTC with milliseconds (`2026-11-28T10:00:00.000Z`)
- `session`: the random id of the visitor session (empty outside a visit)
- `kind`: one of events.KINDS (session_start, session_end, screen_view, page_view, video_play,
  quiz_answer, language_switch, qr_shown, sensor_view, trends_view, agenda_view, end_question,
  promotion_shown, promotion_followed)
- `territory`: AMP, NCA or TPM; `language`: fr, en, es, it or de (the interface language)
- then one column per field of events.FIELDS (screen, item, module, page, video, seconds,
  completed, question, correct, answer, from_language, site, quantity, feed, target), empty
  when the event does not carry it; yes/no fields are 1 or 0.

The file is written next to its destination and moved into place, so a stick pulled out
half-way leaves no truncated CSV behind; the journal itself is only read.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from kiosk.core.fileio import fsync_dir
from kiosk.core.journal.events import BASE_COLUMNS, FIELD_NAMES

COLUMNS = BASE_COLUMNS + FIELD_NAMES
DEFAULT_TZ = "Europe/Paris"


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read connection that never creates the file nor blocks the writer (WAL)."""
    if not path.exists():
        raise FileNotFoundError(f"no journal at {path}")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def day_start(day: dt.date, tz: str = DEFAULT_TZ) -> float:
    """UNIX time of local midnight starting `day` in the kiosk's zone."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(tz)).timestamp()


def iso_utc(t: float) -> str:
    stamp = dt.datetime.fromtimestamp(t, dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def write_csv(conn: sqlite3.Connection, out: TextIO, *, since: float | None = None,
              cancelled: Callable[[], bool] = lambda: False,
              progress: Callable[[int], None] | None = None) -> int:
    """Write the events (from `since`, a UNIX time) as CSV to an open text file."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    sql = f"SELECT {', '.join(COLUMNS)} FROM events"
    args: list[float] = []
    if since is not None:
        sql += " WHERE time >= ?"
        args.append(since)
    sql += " ORDER BY id"
    n = 0
    cur = conn.execute(sql, args)
    time_at = COLUMNS.index("time")
    while True:
        rows = cur.fetchmany(5000)
        if not rows:
            break
        for row in rows:
            values = ["" if v is None else v for v in row]
            values[time_at] = iso_utc(row[time_at])
            writer.writerow(values)
        n += len(rows)
        if progress is not None:
            progress(n)
        if cancelled():
            raise InterruptedError("export cancelled")
    return n


def export_csv(db_path: Path, out_path: Path, *, since: dt.date | None = None,
               tz: str = DEFAULT_TZ, cancelled: Callable[[], bool] = lambda: False,
               progress: Callable[[int], None] | None = None) -> int:
    """Export the journal to `out_path` atomically; returns the number of events written.

    Raises OSError when the destination fails (a pulled stick, a full disk): nothing is
    left half-written and the journal is untouched.
    """
    out_path = Path(out_path)
    start = day_start(since, tz) if since is not None else None
    conn = open_readonly(db_path)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".part", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            n = write_csv(conn, f, since=start, cancelled=cancelled, progress=progress)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out_path)
    except BaseException:
        try:
            Path(tmp).unlink(missing_ok=True)
        except OSError:
            pass  # the stick is gone: nothing more to clean
        raise
    finally:
        conn.close()
    fsync_dir(out_path.parent)
    return n
