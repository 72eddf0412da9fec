"""`kiosk run` as systemd drives it: started, then stopped with SIGTERM, cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_ends_the_kiosk_cleanly(tmp_path, sig):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    p = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--windowed",
                          "--data-dir", str(tmp_path)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = json.loads(p.stdout.readline())
        assert first["event"] == "first_paint"
        journal = tmp_path / "journal.db"
        deadline = time.monotonic() + 20
        while not journal.exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # the services (journal first) start just after the paint
        p.send_signal(sig)
        out, err = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == 0, err
    assert json.loads(out.splitlines()[-1]) == {"event": "stopped", "code": 0}
    # The journal was opened and closed properly: its file passes an integrity check.
    import sqlite3

    with sqlite3.connect(journal) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
