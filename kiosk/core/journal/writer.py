"""The journal writer: one thread owns journal.db and commits queued events in batches.

The documented exception to "threads live in ui/tasks.py": a database writer must be a
single thread, and the GUI thread's cost per event must stay a dictionary check and a queue
put. `log()` validates the event against the allow-list (events.py) and enqueues it; the
thread takes everything waiting, inserts it in one transaction (WAL, synchronous=FULL) and
counts it as committed only once COMMIT returned. A `kill -9` therefore loses at most the
events still queued, never a committed one.

A write that fails (disk full, I/O error) keeps its batch in memory and retries with a
growing pause; `on_error` is told once per failure streak. Rows older than the retention are
purged at start and then once a day.
"""

from __future__ import annotations

import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.core import storage
from kiosk.core.journal.events import ROW_COLUMNS, make_row

log = logging.getLogger(__name__)

COMPONENT = "journal"
# Frozen text of each schema version; a new field of events.FIELDS needs a new step here
# (tests/unit/core/journal check that the table matches the allow-list).
MIGRATIONS = [
    """
    CREATE TABLE events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      time REAL NOT NULL,
      session TEXT,
      kind TEXT NOT NULL,
      territory TEXT NOT NULL,
      language TEXT NOT NULL,
      screen TEXT,
      item TEXT,
      module TEXT,
      page INTEGER,
      video TEXT,
      seconds REAL,
      completed INTEGER,
      question TEXT,
      correct INTEGER,
      answer INTEGER,
      from_language TEXT,
      site TEXT,
      quantity TEXT,
      feed TEXT
    );
    CREATE INDEX events_time ON events(time);
    CREATE INDEX events_kind ON events(kind, time);
    CREATE INDEX events_session ON events(session);
    """,
    "ALTER TABLE events ADD COLUMN target TEXT;",
]

_INSERT = (f"INSERT INTO events ({', '.join(ROW_COLUMNS)}) "
           f"VALUES ({', '.join('?' * len(ROW_COLUMNS))})")
_DAY = 86_400.0
_MAX_PENDING = 200_000  # rows kept in memory while the disk refuses them


class _Flush:
    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = threading.Event()


_STOP = object()
_JUMP = 2 * 86_400.0  # as clock.MAX_FORWARD_JUMP


def open_journal(path: Path) -> Any:
    """Open journal.db durably and bring its schema up to date (any thread; one owner)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Owner-only from the first byte (SQLite gives its -wal and -shm the file's mode).
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    storage.private(path)
    db = storage.connect(path, durable=True, check_same_thread=True)
    storage.migrate(db, COMPONENT, MIGRATIONS)
    storage.private(path)
    return db


def purge(db: Any, retention_days: int, now: float) -> int:
    """Delete events older than the retention; returns how many went."""
    cutoff = now - retention_days * _DAY
    with db.conn:
        cur = db.conn.execute("DELETE FROM events WHERE time < ?", [cutoff])
    return int(cur.rowcount)


class JournalWriter:
    """Queue events from any thread; one daemon thread commits them to journal.db.

    Args:
        path: the journal database file.
        retention_days: events older than this are purged (0 keeps everything).
        batch_max: most rows per transaction.
        on_commit: called on the writer thread with the total committed so far.
        on_error: called on the writer thread with a message when writing starts failing.
        clock: wall clock for event times and the retention.
        clock_ahead: seconds the clock stepped ahead without confirmation (ClockTrust.ahead_by);
            while it is over 0 the retention is held and reported, not obeyed.
    """

    def __init__(self, path: Path, *, retention_days: int = 400, batch_max: int = 2000,
                 on_commit: Callable[[int], None] | None = None,
                 on_error: Callable[[str], object] | None = None,
                 clock: Callable[[], float] = time.time,
                 clock_ahead: Callable[[], float] = lambda: 0.0) -> None:
        self.path = Path(path)
        self.retention_days = retention_days
        self.batch_max = batch_max
        self.on_commit = on_commit
        self.on_error = on_error
        self.clock = clock
        self.clock_ahead = clock_ahead  # ClockTrust.ahead_by: an unconfirmed step forward
        self.retention_held: str | None = None
        self._purge_mono = 0.0  # time.monotonic() of the last purge
        self.committed = 0
        self.last_error: str | None = None
        self.rejected = 0
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._closed = False
        self._last_purge = 0.0

    # --- any thread ------------------------------------------------------------------------
    def start(self) -> JournalWriter:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kiosk-journal", daemon=True)
            self._thread.start()
        return self

    def log(self, kind: str, fields: dict[str, Any] | None = None, *, session: str | None,
            territory: str, language: str, at: float | None = None) -> None:
        """Check and queue one event. Raises ValueError when it breaks the allow-list."""
        if self._closed:
            raise RuntimeError("the journal is closed")
        row = make_row(kind, fields or {}, time=self.clock() if at is None else at,
                       session=session, territory=territory, language=language)
        self._queue.put(row)

    @property
    def queued(self) -> int:
        return self._queue.qsize()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued before this call is committed (or timeout)."""
        if self._thread is None or not self._thread.is_alive():
            return self._queue.empty()
        marker = _Flush()
        self._queue.put(marker)
        return marker.done.wait(timeout)

    def wait_ready(self, timeout: float = 10.0) -> bool:
        return self._ready.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Commit what is queued and stop the thread."""
        if self._closed:
            return
        self._closed = True
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout)

    # --- the writer thread -------------------------------------------------------------------
    def _run(self) -> None:
        db = None
        pending: list[tuple[Any, ...]] = []
        markers: list[_Flush] = []
        pause = 0.5
        stop = False
        while True:
            if db is None:
                db = self._open()
                if db is None and not stop:
                    time.sleep(pause)
                    pause = min(pause * 2, 30.0)
            block = not pending and not stop
            try:
                item = self._queue.get(timeout=None if block and db is not None else pause)
            except queue.Empty:
                item = None
            while item is not None:
                if item is _STOP:
                    stop = True
                elif isinstance(item, _Flush):
                    markers.append(item)
                elif len(pending) < _MAX_PENDING:
                    pending.append(item)
                else:
                    self.rejected += 1
                if len(pending) >= self.batch_max:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    item = None
            if db is not None and pending:
                if self._write(db, pending):
                    pending = []
                    pause = 0.5
                else:
                    pause = min(pause * 2, 30.0)
                    if stop:
                        break  # closing while the disk refuses: nothing more to do
                    time.sleep(pause)
                    continue
            if not pending:
                for m in markers:
                    m.done.set()
                markers = []
            if db is not None:
                self._purge_if_due(db)
            if stop and (not pending or db is None):
                break
        for m in markers:
            m.done.set()
        if db is not None:
            db.conn.close()

    def _open(self) -> Any:
        try:
            db = open_journal(self.path)
        except (sqlite3.Error, OSError, storage.StorageError) as e:
            self._failed(f"cannot open {self.path.name}: {e}")
            return None
        self._ready.set()
        return db

    def _write(self, db: Any, rows: list[tuple[Any, ...]]) -> bool:
        try:
            conn = db.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(_INSERT, rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError) as e:
            self._failed(f"cannot write the journal: {e}")
            return False
        self.committed += len(rows)
        if self.last_error is not None:
            log.info("journal writes again")
            self.last_error = None
        if self.on_commit is not None:
            self.on_commit(self.committed)
        return True

    def _purge_if_due(self, db: Any) -> None:
        now = self.clock()
        if self.retention_days <= 0 or now - self._last_purge < _DAY:
            return
        ahead = self.clock_ahead()
        if self._last_purge and ahead <= 0:
            # Within this process, the wall clock may not run ahead of the monotonic one by
            # more than a bound between two purges either.
            ahead = (now - self._last_purge) - (time.monotonic() - self._purge_mono) - _JUMP
        if ahead > 0:
            # A clock stepped far ahead (not confirmed): obeying it would delete events the
            # retention has to keep. Reported, not obeyed; the purge waits for a good clock.
            self._held(f"retention not applied: the clock is {ahead / _DAY:.0f} days ahead "
                       "of the last time seen and nothing confirmed it")
            return
        self.retention_held = None
        self._last_purge = now
        self._purge_mono = time.monotonic()
        try:
            gone = purge(db, self.retention_days, now)
        except sqlite3.Error as e:
            self._failed(f"cannot purge old journal events: {e}")
            return
        if gone:
            log.info("journal: %d events older than %d days purged", gone, self.retention_days)

    def _held(self, message: str) -> None:
        if message != self.retention_held:
            log.warning("journal: %s", message)
            if self.on_error is not None:
                try:
                    self.on_error(message)
                except Exception:
                    log.exception("journal error listener failed")
        self.retention_held = message

    def _failed(self, message: str) -> None:
        first = self.last_error is None
        if message != self.last_error:
            log.error("%s", message)
        self.last_error = message
        if first and self.on_error is not None:
            try:
                self.on_error(message)
            except Exception:
                log.exception("journal error listener failed")
