"""`kill -9` while the journal is logging: no committed event lost, integrity_check ok.

A child process logs events as fast as it can and prints the writer's committed count after
every commit. The parent kills it with SIGKILL mid-stream (three times on the same file, so
recovery after a kill is exercised too), then checks the database.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kiosk.core.journal.writer import JournalWriter

    start = int(sys.argv[2])

    def committed(n):
        sys.stdout.write(f"{start + n}\\n")
        sys.stdout.flush()

    w = JournalWriter(Path(sys.argv[1]), on_commit=committed, batch_max=500).start()
    i = start
    while True:
        w.log("qr_shown", {"item": f"e{i}"}, session="0123456789abcdef",
              territory="AMP", language="fr")
        i += 1
        if i % 200 == 0:
            import time
            time.sleep(0.001)
""")


def _kill_while_logging(path, start: int, threshold: int) -> int:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(start)],
                            stdout=subprocess.PIPE, text=True, env={**os.environ})
    committed = start
    deadline = time.monotonic() + 60
    try:
        for line in proc.stdout:
            committed = int(line)
            if committed - start >= threshold or time.monotonic() > deadline:
                break
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(10)
        # Lines printed after the kill decision but before death were committed too.
        rest = proc.stdout.read()
        proc.stdout.close()
    for line in rest.split():
        committed = max(committed, int(line))
    assert proc.returncode == -signal.SIGKILL
    return committed


def test_sigkill_loses_no_committed_event(tmp_path):
    path = tmp_path / "journal.db"
    start = 0
    for threshold in (3000, 7000, 1000):
        committed = _kill_while_logging(path, start, threshold)
        assert committed > start
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            items = [r[0] for r in conn.execute("SELECT item FROM events ORDER BY id")]
        finally:
            conn.close()
        assert len(items) >= committed
        # Every committed event is there, in order, with nothing invented in between.
        assert items[:committed] == [f"e{i}" for i in range(committed)]
        start = len(items)
        # The next child numbers on from what the file holds, like a restarted kiosk.
