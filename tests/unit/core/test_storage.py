"""SQLite storage: WAL, per-component migrations, corrupt caches rebuilt."""

from __future__ import annotations

import pytest

from kiosk.core import storage


def test_wal_and_durability_modes(tmp_path):
    db = storage.connect(tmp_path / "j.db", durable=True)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    cache = storage.connect(tmp_path / "c.db")
    assert cache.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_migrations_apply_once_per_component(tmp_path):
    path = tmp_path / "c.db"
    steps_a = ["CREATE TABLE a (x INTEGER);", "ALTER TABLE a ADD COLUMN y TEXT;"]
    steps_b = [lambda db: db["b"].create({"id": int}, pk="id")]
    db = storage.connect(path)
    assert storage.migrate(db, "a", steps_a) == 2
    assert storage.migrate(db, "b", steps_b) == 1
    db.conn.close()
    db = storage.connect(path)
    assert storage.migrate(db, "a", steps_a) == 2  # nothing re-run: no duplicate column error
    assert db["a"].columns_dict == {"x": int, "y": str}
    assert storage.migrate(db, "a", [*steps_a, "CREATE INDEX ax ON a (x);"]) == 3
    rows = dict(db.execute("SELECT component, version FROM schema_migrations").fetchall())
    assert rows == {"a": 3, "b": 1}


def test_a_failing_step_rolls_back_and_keeps_the_version(tmp_path):
    db = storage.connect(tmp_path / "c.db")
    storage.migrate(db, "a", ["CREATE TABLE a (x INTEGER);"])
    with pytest.raises(Exception, match="no such table"):
        storage.migrate(db, "a", ["CREATE TABLE a (x INTEGER);",
                                  "CREATE TABLE z (q); INSERT INTO nope VALUES (1);"])
    assert "z" not in db.table_names()
    assert db.execute("SELECT version FROM schema_migrations").fetchone()[0] == 1


def test_newer_database_than_app_is_refused(tmp_path):
    db = storage.connect(tmp_path / "c.db")
    storage.migrate(db, "a", ["CREATE TABLE a (x);", "CREATE TABLE b (x);"])
    with pytest.raises(storage.StorageError, match="newer"):
        storage.migrate(db, "a", ["CREATE TABLE a (x);"])


def test_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path, caplog):
    path = tmp_path / "cache.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4096)
    db = storage.open_rebuildable(path)
    storage.migrate(db, "a", ["CREATE TABLE a (x);"])
    db["a"].insert({"x": 1})
    assert db["a"].count == 1
    assert any(p.name.startswith("cache.db.corrupt-") for p in tmp_path.iterdir())
    assert "corrupt" in caplog.text


def test_a_busy_cache_is_not_mistaken_for_a_corrupt_one(tmp_path):
    import sqlite3

    path = tmp_path / "cache.db"
    db = storage.open_rebuildable(path)
    storage.migrate(db, "a", ["CREATE TABLE a (x);"])
    db["a"].insert({"x": 1})
    db.conn.close()
    locker = sqlite3.connect(path, isolation_level=None, timeout=0)
    locker.execute("PRAGMA locking_mode=EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        storage.open_rebuildable(path, timeout_s=0.1)
    locker.rollback()
    locker.close()
    assert not any(p.name.startswith("cache.db.corrupt-") for p in tmp_path.iterdir())
    assert storage.open_rebuildable(path)["a"].count == 1


def test_concurrent_first_opens_migrate_once(tmp_path):
    """Two threads opening a fresh cache at once: one creates the tables, the other waits."""
    import threading

    path = tmp_path / "cache.db"
    steps = ["CREATE TABLE feeds (id TEXT PRIMARY KEY);",
             "CREATE TABLE occ (feed TEXT, n INTEGER);"]
    errors, barrier = [], threading.Barrier(4)

    def open_and_migrate():
        try:
            db = storage.connect(path)
            barrier.wait()
            storage.migrate(db, "agenda", steps)
            db.conn.close()
        except Exception as e:  # collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=open_and_migrate) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db = storage.connect(path)
    assert db.execute("SELECT version FROM schema_migrations").fetchone()[0] == 2


def test_switching_a_fresh_file_to_wal_waits_for_its_creator(tmp_path):
    """SQLite answers "locked" at once, busy timeout or not, when WAL is asked for while
    another connection is still creating the file (the agenda's first sync met it)."""
    import sqlite3
    import threading
    import time

    path = tmp_path / "cache.db"
    creator = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    creator.execute("BEGIN IMMEDIATE")
    creator.execute("CREATE TABLE f (id TEXT)")
    threading.Timer(0.3, lambda: creator.execute("COMMIT")).start()
    start = time.monotonic()
    db = storage.connect(path, timeout_s=5)
    assert time.monotonic() - start >= 0.25
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert "f" in db.table_names()
    creator.close()
