"""SQLite files of the kiosk (sqlite-utils), in WAL mode, with per-component migrations.

Two files: `journal.db` is precious (visitor events; never deleted, opened with
synchronous=FULL so a power cut loses nothing committed) and `cache.db` is rebuildable
(observations, agenda, sync state; moved aside and recreated when corrupt).

Corrupt means what SQLite says is corrupt: PRAGMA integrity_check not "ok", or the error
codes SQLITE_CORRUPT / SQLITE_NOTADB. A full, read-only or failing disk (SQLITE_FULL,
SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR…) is a DiskError naming the cause, and the
file is kept as it is: moving a healthy cache aside for an empty one loses the data for
nothing and cannot even succeed on a full disk.

Several core components share a file, so schema versions are kept per component in a
`schema_migrations` table rather than in the single PRAGMA user_version.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

log = logging.getLogger(__name__)

# A migration step is SQL text or a callable taking the database.
Step = str | Callable[[sqlite_utils.Database], None]


class StorageError(RuntimeError):
    pass


class DiskError(StorageError):
    """The disk is full, read-only or failing; nothing was moved or deleted."""


def is_corrupt(e: BaseException) -> bool:
    name = getattr(e, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def describe(e: BaseException, where: Path | None = None) -> str:
    """Plain words for a storage failure: what the health screen shows.

    SQLite often says only "disk I/O error" (its -shm cannot grow on a full disk): the
    filesystem of `where` is asked then whether it is full or read-only.
    """
    name = getattr(e, "sqlite_errorname", "") or ""
    code = getattr(e, "errno", None)
    if where is not None and not name.startswith("SQLITE_FULL"):
        try:
            fs = os.statvfs(where if where.is_dir() else where.parent)
        except OSError:
            fs = None
        if fs is not None and fs.f_flag & os.ST_RDONLY:
            return "the disk is read-only or not writable"
        if fs is not None and fs.f_bavail * fs.f_frsize < 256 * 1024:
            return "the disk is full"
    if name.startswith("SQLITE_FULL") or code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")) \
            or code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "the disk is read-only or not writable"
    if name.startswith("SQLITE_IOERR") or code == errno.EIO:
        return "the disk failed to read or write (I/O error)"
    return str(e)


def private(path: Path) -> None:
    """Owner-only permissions (0600) for `path` and its SQLite side files, when present."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if p.stat().st_mode & 0o077:
                p.chmod(0o600)
        except OSError:
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
    """PRAGMA integrity_check; False only for corruption. Busy or disk errors raise."""
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as e:
        if is_corrupt(e):
            return False
        raise
    return [r[0] for r in rows] == ["ok"]


def _aside_name(path: Path) -> Path:
    """A name no earlier corrupt copy holds (two rebuilds in one second keep both)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    n = 0
    while True:
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{os.getpid()}"
                                   + (f"-{n}" if n else ""))
        if not any(Path(f"{candidate}{s}").exists() for s in ("", "-wal", "-shm")):
            return candidate
        n += 1


def open_rebuildable(path: Path, **kwargs: Any) -> sqlite_utils.Database:
    """Open a cache file; when it is corrupt, move it aside and start an empty one.

    A file that is only busy (another connection writing) raises instead: it is not thrown
    away for being popular.
    """
    try:
        db = connect(path, **kwargs)
        try:
            ok = integrity_ok(db)
        except BaseException:
            db.conn.close()
            raise
        if ok:
            return db
        db.conn.close()
    except sqlite3.DatabaseError as e:
        if _is_busy(e):
            raise
        if not is_corrupt(e):
            raise DiskError(f"{path.name}: {describe(e, path)}; the file is kept") from e
    except OSError as e:  # the folder cannot be created (read-only, full)
        raise DiskError(f"{path.name}: {describe(e, path)}; the file is kept") from e
    broken = _aside_name(path)
    log.error("%s is corrupt (integrity_check): moved to %s and rebuilt", path, broken.name)
    try:
        for suffix in ("", "-wal", "-shm"):
            p = Path(f"{path}{suffix}")
            if p.exists():
                p.replace(Path(f"{broken}{suffix}"))
        return connect(path, **kwargs)
    except (OSError, sqlite3.DatabaseError) as e:
        raise DiskError(f"{path.name}: {describe(e, path)}") from e
