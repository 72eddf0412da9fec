"""Memory budget (DESIGN.md): RSS ≤ 300 MB; ≤ 5 % growth between visitor cycles 1,000 and
10,000 (goal ≤ 250 MB; ≤ 1 %).

One process runs the real kiosk (offscreen, services started, network confined to this
machine) and plays visitor cycles: the first touch, a language, a few sections (a module
and its pages, the video library, live data, trends, agenda, what we measure), then the
idle reset. RSS is read from /proc at cycle --at and at the end, and every --every cycles
on stderr. Widgets, QObjects, running timers and threads are counted at both marks: any
that the cycles leave behind fails the run, as does an unexpected Qt warning.

    .venv/bin/python bench/memory.py [--cycles 10000] [--at 1000] [--every 500]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
os.environ.setdefault("KIOSK_NET", "loopback")

from _qt_guard import guard  # noqa: E402

BUDGET = {"rss_mb": 300, "growth_percent": 5}
GOAL = {"rss_mb": 250, "growth_percent": 1}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def counts(window) -> dict[str, int]:
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    objects = window.findChildren(QObject) + app.findChildren(QObject)
    return {
        "widgets": len(QApplication.allWidgets()),
        "qobjects": len(objects),
        "running_timers": sum(1 for o in objects if isinstance(o, QTimer) and o.isActive()),
        "threads": threading.active_count(),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cycles", type=int, default=10_000)
    ap.add_argument("--at", type=int, default=1_000)
    ap.add_argument("--every", type=int, default=500)
    args = ap.parse_args()
    guard.install()
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from kiosk import app
    from kiosk.core.settings import LANGUAGES

    with tempfile.TemporaryDirectory() as data:
        opts = app.Options(data_dir=data, windowed=True, size=(1920, 1080))
        k = app.Kiosk(app.load_core(opts), opts)
        k.show()
        app.wait_first_paint(k.window)
        k.start_services()
        qapp = QApplication.instance()
        w = k.window

        def settle(seconds: float = 0.0) -> None:
            # No exec() loop runs here, so objects handed to deleteLater() are deleted
            # explicitly, as the kiosk's event loop does on every turn.
            end = time.perf_counter() + seconds
            qapp.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            while time.perf_counter() < end:
                qapp.processEvents()
                time.sleep(0.001)

        settle(3.0)  # libraries and caches load once
        modules = []
        if k.ctx.exhibits is not None and getattr(k.ctx.exhibits, "content", None):
            modules = [m.id for m in k.ctx.exhibits.content.modules]
        routes = [["exhibits", *(f"exhibit:{m}" for m in modules[:1])], ["videos"],
                  ["sensors"], ["trends"], ["agenda"], ["privacy"]]
        at_mark = None
        at_counts: dict[str, int] = {}
        marks: dict[str, float] = {}
        t0 = time.perf_counter()
        for cycle in range(1, args.cycles + 1):
            w.wake()
            w.set_language(LANGUAGES[cycle % len(LANGUAGES)])
            route = routes[cycle % len(routes)]
            for target in route:
                w.go(target)
                settle()
            if route[-1].startswith("exhibit:"):
                screen = w.current_screen()
                for _ in range(3):
                    if hasattr(screen, "turn"):
                        screen.turn(1)
                    settle()
            w.end_session()
            settle()
            if cycle == args.at:
                at_mark = rss_mb()
                at_counts = counts(w)
            if cycle % args.every == 0 or cycle == args.cycles:
                marks[str(cycle)] = round(rss_mb(), 1)
                print(f"cycle {cycle}: RSS {marks[str(cycle)]} MB "
                      f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
        end_rss = rss_mb()
        end_counts = counts(w)
        elapsed = time.perf_counter() - t0
        w.allow_close()
        w.close()
        k.shutdown()
    growth = 100.0 * (end_rss - at_mark) / at_mark if at_mark else float("nan")
    left_behind = {key: end_counts[key] - at_counts.get(key, 0) for key in end_counts
                   if end_counts[key] > at_counts.get(key, 0)}
    per_cycle_kb = (end_rss - (at_mark or end_rss)) * 1024 / max(1, args.cycles - args.at)
    ok = (growth <= BUDGET["growth_percent"] and end_rss <= BUDGET["rss_mb"]
          and not left_behind)
    print(json.dumps({
        "rss_mb_at_cycle": {str(args.at): round(at_mark or 0, 1),
                            str(args.cycles): round(end_rss, 1)},
        "growth_percent": round(growth, 2),
        "kb_per_cycle": round(per_cycle_kb, 2),
        "rss_mb_marks": marks,
        "counts_at_cycle": {str(args.at): at_counts, str(args.cycles): end_counts},
        "left_behind": left_behind,
        "budget": BUDGET,
        "goal": GOAL,
        "ok": ok,
        "goal_met": ok and growth <= GOAL["growth_percent"] and end_rss <= GOAL["rss_mb"],
        "seconds": round(elapsed, 1),
    }))
    return guard.exit_code(0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
