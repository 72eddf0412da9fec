"""Attract-screen CPU budget (DESIGN.md): ≤ 2 % of one core with no video playing.

Starts `kiosk run --windowed` in a subprocess on a fresh data dir, lets it settle after the
first paint (services start, caches open), then reads the process's CPU time from
/proc/<pid>/stat over a window and prints the share of one core.

    .venv/bin/python bench/attract_cpu.py [--settle 8] [--window 30]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _qt_guard import guard

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / TICKS


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--settle", type=float, default=8.0)
    ap.add_argument("--window", type=float, default=30.0)
    args = ap.parse_args()
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryFile("w+") as errors:
        p = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--windowed",
                              "--data-dir", data], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=errors, text=True)
        try:
            line = p.stdout.readline()
            if "first_paint" not in line:
                raise SystemExit(f"the kiosk did not start: {line!r}")
            time.sleep(args.settle)
            c0, t0 = cpu_seconds(p.pid), time.monotonic()
            time.sleep(args.window)
            c1, t1 = cpu_seconds(p.pid), time.monotonic()
        finally:
            p.terminate()
            p.wait(timeout=30)
            errors.seek(0)
            guard.scan(errors.read())
    share = 100.0 * (c1 - c0) / (t1 - t0)
    print(json.dumps({"attract_cpu_percent_of_one_core": round(share, 2), "budget_percent": 2.0,
                      "window_s": args.window,
                      "platform": env.get("QT_QPA_PLATFORM") or "xcb"}))
    return guard.exit_code(0 if share <= 2.0 else 1)


if __name__ == "__main__":
    sys.exit(main())
