"""`kiosk screenshot` budget (DESIGN.md): one screen rendered to a PNG in ≤ 0.6 s.

Times the whole command as an operator runs it (a new process: interpreter, imports,
catalogs, fonts, the screen's background loads, the PNG) for each --screens, median of
--runs, and in the same run the baseline: a bare PySide6 process that grabs one label to a
PNG. Offscreen platform. A fresh data dir per run, as on a first use.

    .venv/bin/python bench/screenshot.py [--runs 5] [--screens home,agenda,sensors]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _qt_guard import guard

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 0.6

BARE = r"""
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
w = QLabel("bare"); w.resize(1920, 1080); w.show(); app.processEvents()
w.grab().save(sys.argv[1])
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    took = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{cmd} failed ({p.returncode}): {p.stderr}")
    guard.scan(p.stderr)
    return took


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--screens", default="home,agenda,sensors")
    args = ap.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_NET="loopback")
    env.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    screens = args.screens.split(",")
    bare: list[float] = []
    per_screen: dict[str, list[float]] = {s: [] for s in screens}
    with tempfile.TemporaryDirectory(prefix="bench-shot-") as tmp:
        out = Path(tmp) / "shot.png"
        timed([sys.executable, "-c", BARE, str(out)], env)  # page cache warm for both
        for r in range(args.runs + 1):
            bare_s = timed([sys.executable, "-c", BARE, str(out)], env)
            for s in screens:
                data = Path(tmp) / f"data-{r}-{s.replace(':', '-')}"
                took = timed([sys.executable, "-m", "kiosk", "screenshot", str(out),
                              "--screen", s, "--size", "1920x1080", "--data-dir", str(data)],
                             env)
                if r:  # the first round only warms the page cache
                    per_screen[s].append(took)
            if r:
                bare.append(bare_s)
    medians = {s: round(statistics.median(v), 3) for s, v in per_screen.items()}
    worst = max(medians.values())
    ok = worst <= BUDGET_S
    print(json.dumps({"bench": "screenshot", "seconds_median_by_screen": medians,
                      "worst_median_s": worst, "bare_grab_s": round(statistics.median(bare), 3),
                      "budget_s": BUDGET_S, "runs": args.runs, "ok": ok}))
    return guard.exit_code(0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
