"""The journal writer: batches, flush, close, retention, schema, failures."""

from __future__ import annotations

import sqlite3
import time

import pytest

from kiosk.core import storage
from kiosk.core.journal import events
from kiosk.core.journal.writer import JournalWriter

WHERE = dict(territory="NCA", language="en")


def _rows(path, sql="SELECT kind, item FROM events ORDER BY id"):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_events_are_committed_in_order_and_survive_close(tmp_path):
    path = tmp_path / "journal.db"
    w = JournalWriter(path).start()
    for i in range(3000):
        w.log("qr_shown", {"item": f"e{i}"}, session="abcdef0123456789", **WHERE)
    assert w.flush()
    assert w.committed == 3000
    w.close()
    rows = _rows(path)
    assert [r[1] for r in rows] == [f"e{i}" for i in range(3000)]
    db = storage.connect(path)
    assert storage.integrity_ok(db)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.conn.close()


def test_the_table_matches_the_allow_list(tmp_path):
    path = tmp_path / "journal.db"
    w = JournalWriter(path).start()
    assert w.wait_ready()
    w.close()
    cols = [r[1] for r in _rows(path, "PRAGMA table_info(events)")]
    assert tuple(cols) == ("id", *events.ROW_COLUMNS)


def test_a_refused_event_never_reaches_the_queue(tmp_path):
    w = JournalWriter(tmp_path / "journal.db").start()
    with pytest.raises(ValueError):
        w.log("quiz_answer", {"module": "two words"}, session=None, **WHERE)
    assert w.queued == 0
    w.close()


def test_retention_purges_old_events_at_start(tmp_path):
    path = tmp_path / "journal.db"
    day = 86_400.0
    now = 1_790_000_000.0
    w = JournalWriter(path, clock=lambda: now, retention_days=400).start()
    w.log("session_start", session=None, at=now - 401 * day, **WHERE)
    w.log("session_start", session=None, at=now - 399 * day, **WHERE)
    w.close()
    # A new start (the next boot) purges what is older than the retention.
    w = JournalWriter(path, clock=lambda: now, retention_days=400).start()
    assert w.flush()
    w.close()
    times = [t for (t,) in _rows(path, "SELECT time FROM events")]
    assert times == [now - 399 * day]


def test_an_unwritable_journal_reports_and_keeps_the_events(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    errors = []
    w = JournalWriter(blocker / "journal.db", on_error=errors.append).start()
    w.log("session_start", session=None, **WHERE)
    deadline = time.monotonic() + 20
    while not errors and time.monotonic() < deadline:
        time.sleep(0.01)
    assert errors
    assert not w.flush(timeout=0.5)
    assert "journal.db" in errors[0]
    assert w.committed == 0
    w.close(timeout=2)


def test_log_after_close_is_an_error(tmp_path):
    w = JournalWriter(tmp_path / "j.db").start()
    w.close()
    with pytest.raises(RuntimeError):
        w.log("session_start", session=None, **WHERE)


def test_a_clock_two_years_ahead_never_purges_the_journal(tmp_path):
    # Before: the first purge after the jump deleted every event (all "older than 400 days").
    from kiosk.core.health.clock import ClockTrust
    path = tmp_path / "journal.db"
    day = 86_400.0
    real = 1_790_000_000.0
    w = JournalWriter(path, clock=lambda: real, retention_days=400).start()
    for i in range(3):
        w.log("session_start", session=None, at=real - i * day, **WHERE)
    w.close()
    wall = [real]
    trust = ClockTrust(tmp_path / "clock.json", clock=lambda: wall[0],
                       synchronized=lambda: False)
    trust.now()
    trust.save()
    wall[0] = real + 730 * day  # the clock jumps two years ahead
    errors: list[str] = []
    w = JournalWriter(path, clock=trust.now, clock_ahead=trust.ahead_by, retention_days=400,
                      on_error=errors.append).start()
    assert w.flush()
    w.close()
    assert len(_rows(path)) == 3
    assert "retention not applied" in w.retention_held
    assert "730 days ahead" in errors[0]


def test_a_jump_within_the_process_holds_the_retention(tmp_path):
    path = tmp_path / "journal.db"
    day = 86_400.0
    wall = [1_790_000_000.0]
    w = JournalWriter(path, clock=lambda: wall[0], retention_days=400).start()
    w.log("session_start", session=None, at=wall[0] - day, **WHERE)
    assert w.flush()
    wall[0] += 730 * day  # no ClockTrust here: the monotonic clock says no time passed
    w.log("session_start", session=None, **WHERE)
    assert w.flush()
    w.close()
    assert len(_rows(path)) == 2
    assert w.retention_held
