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


def _cache_with_data(path):
    from kiosk.core.sensors.cache import ObservationCache
    ObservationCache(path).close()
    db = storage.connect(path)
    db.execute("CREATE TABLE keep (x)")
    db.execute("INSERT INTO keep VALUES ('precious')")
    db.conn.close()


def _kept(path):
    import sqlite3
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)  # works on a read-only disk
    try:
        return conn.execute("SELECT x FROM keep").fetchall()
    finally:
        conn.close()


def test_a_full_disk_is_reported_and_the_cache_kept(small_disk):
    # Before: SQLITE_FULL was taken for corruption: the healthy file was moved aside and an
    # empty one put in its place.
    path = small_disk.path / "cache.db"
    _cache_with_data(path)
    small_disk.fill()
    with pytest.raises(storage.DiskError, match="the disk is full"):
        storage.open_rebuildable(path)
    small_disk.free()
    assert not [p for p in small_disk.path.iterdir() if ".corrupt-" in p.name]
    assert _kept(path) == [("precious",)]


def test_a_read_only_disk_is_reported_and_the_cache_kept(small_disk):
    path = small_disk.path / "cache.db"
    _cache_with_data(path)
    small_disk.read_only()
    # Reading a WAL file on a read-only disk fails (no -shm can be made): it says why.
    with pytest.raises(storage.DiskError, match="read-only"):
        storage.open_rebuildable(path)
    assert not [p for p in small_disk.path.iterdir() if ".corrupt-" in p.name]
    assert _kept(path) == [("precious",)]


def test_the_sensor_sync_reports_a_full_disk(small_disk):
    from kiosk.core.paths import Paths, app_root
    from kiosk.core.sensors.sync import sync_sensors
    from kiosk.core.settings import Settings
    paths = Paths(data=small_disk.path, shipped=app_root())
    _cache_with_data(paths.cache_db)
    small_disk.fill()
    report = sync_sensors(paths, Settings(), None, [], check_integrity=True)
    small_disk.free()
    assert not report.ok
    assert "the disk is full" in report.statuses[0].error
    assert _kept(paths.cache_db) == [("precious",)]


def test_two_rebuilds_in_one_second_keep_both_corrupt_copies(tmp_path):
    path = tmp_path / "cache.db"
    for _ in range(2):
        path.write_bytes(b"this is not a database" * 100)
        storage.open_rebuildable(path).conn.close()
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name and
             not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 2


def test_journal_and_settings_are_owner_only(tmp_path):
    import os
    import stat

    from kiosk.core import settings as settings_mod
    from kiosk.core.journal.writer import open_journal
    old = os.umask(0o022)
    try:
        db = open_journal(tmp_path / "journal.db")
        db.conn.close()
        settings_file = tmp_path / "settings.toml"
        settings_file.write_text("[kiosk]\n")
        settings_file.chmod(0o644)  # copied in by an operator
        settings_mod.load(settings_file)
    finally:
        os.umask(old)
    for p in (tmp_path / "journal.db", settings_file):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    for side in tmp_path.glob("journal.db-*"):
        assert stat.S_IMODE(side.stat().st_mode) == 0o600, side


def test_the_agenda_sync_reports_a_read_only_disk(small_disk):
    from kiosk.core.agenda.sync import sync_agenda
    from kiosk.core.paths import Paths, app_root
    from kiosk.core.settings import Settings
    paths = Paths(data=small_disk.path, shipped=app_root())
    _cache_with_data(paths.cache_db)
    small_disk.read_only()
    report = sync_agenda(paths, Settings(), None)
    assert not report.ok
    assert "read-only" in report.statuses[0].error
    assert _kept(paths.cache_db) == [("precious",)]
