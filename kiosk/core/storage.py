"""SQLite files of the kiosk (sqlite-utils), in WAL mode, with per-component migrations.

Two files: `journal.db` is precious (visitor events; never deleted, opened with
synchronous=FULL so a power cut loses nothing committed) and `cache.db` is rebuildable
(observations, agenda, sync state; moved aside and recreated when corrupt).

Several core components share a file, so schema versions are kept per component in a
`schema_migrations` table rather than in the single PRAGMA user_version.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import sqlite_utils

log = logging.getLogger(__name__)

# A migration step is SQL text or a callable taking the database.
Step = str | Callable[[sqlite_utils.Database], None]


class StorageError(RuntimeError):
    pass


def connect(path: Path, *, durable: bool = False, check_same_thread: bool = True,
            timeout_s: float = 10.0) -> sqlite_utils.Database:
    """Open a SQLite file in WAL mode. `durable` syncs every commit (for the journal)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=timeout_s, check_same_thread=check_same_thread,
                           isolation_level=None)
    _retry_busy(lambda: conn.execute("PRAGMA journal_mode=WAL"), timeout_s)
    conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
    return sqlite_utils.Database(conn)


def _retry_busy(fn: Callable[[], object], timeout_s: float) -> None:
    """Switching a fresh file to WAL answers "locked" at once, without SQLite's busy
    handler, while another connection creates it: wait the way busy_timeout would."""
    deadline = time.monotonic() + timeout_s
    delay = 0.005
    while True:
        try:
            fn()
            return
        except sqlite3.OperationalError as e:
            if not _is_busy(e) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def migrate(db: sqlite_utils.Database, component: str, steps: Sequence[Step]) -> int:
    """Apply the steps of `component` not applied yet, each in its own transaction."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " component TEXT PRIMARY KEY, version INTEGER NOT NULL, applied_at REAL NOT NULL)"
    )
    version = _version(db, component)
    if version > len(steps):
        raise StorageError(
            f"{component}: database schema {version} is newer than this app's {len(steps)}"
        )
    for number in range(version + 1, len(steps) + 1):
        step = steps[number - 1]
        with db.conn:
            db.conn.execute("BEGIN IMMEDIATE")
            # Another connection (another thread or process) may have migrated meanwhile:
            # decide again under the write lock.
            if _version(db, component) >= number:
                continue
            if isinstance(step, str):
                for statement in _split(step):
                    db.conn.execute(statement)
            else:
                step(db)
            db.conn.execute(
                "INSERT INTO schema_migrations (component, version, applied_at) VALUES (?, ?, ?)"
                " ON CONFLICT(component) DO UPDATE SET version = excluded.version,"
                " applied_at = excluded.applied_at",
                [component, number, time.time()],
            )
        log.info("migrated %s to schema %d", component, number)
    return len(steps)


def _version(db: sqlite_utils.Database, component: str) -> int:
    row = db.execute(
        "SELECT version FROM schema_migrations WHERE component = ?", [component]
    ).fetchone()
    return row[0] if row else 0


def _split(script: str) -> list[str]:
    """Statements of a script; sqlite3 tells where one ends (a trigger body holds ';')."""
    statements, buf = [], ""
    for ch in script:
        buf += ch
        if ch == ";" and sqlite3.complete_statement(buf):
            statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements


def _is_busy(e: sqlite3.DatabaseError) -> bool:
    """"database is locked" / "busy" say another connection is writing, not corruption."""
    text = str(e).lower()
    return isinstance(e, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def integrity_ok(db: sqlite_utils.Database) -> bool:
    try:
        return db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError as e:
        if _is_busy(e):
            raise
        return False


def open_rebuildable(path: Path, **kwargs) -> sqlite_utils.Database:
    """Open a cache file; when it is corrupt, move it aside and start an empty one.

    A file that is only busy (another connection writing) raises instead: it is not thrown
    away for being popular.
    """
    try:
        db = connect(path, **kwargs)
        if integrity_ok(db):
            return db
        db.conn.close()
    except sqlite3.DatabaseError as e:
        if _is_busy(e):
            raise
    broken = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
    log.error("%s is corrupt: moved to %s and rebuilt", path, broken.name)
    for suffix in ("", "-wal", "-shm"):
        p = Path(f"{path}{suffix}")
        if p.exists():
            p.replace(Path(f"{broken}{suffix}"))
    return connect(path, **kwargs)
