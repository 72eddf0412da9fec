"""Memory budget (DESIGN.md): RSS ≤ 300 MB; ≤ 5 % growth between visitor cycles 1,000 and 10,000.

One process runs the real kiosk (offscreen, services started, network confined to this
machine) and plays visitor cycles: the first touch, a language, a few sections (a module
and its pages, the video library, live data, trends, agenda, what we measure), then the
idle reset. RSS is read from /proc at cycle 1,000 and at the end.

    .venv/bin/python bench/memory.py [--cycles 10000] [--at 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
os.environ.setdefault("KIOSK_NET", "loopback")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cycles", type=int, default=10_000)
    ap.add_argument("--at", type=int, default=1_000)
    args = ap.parse_args()
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
        end_rss = rss_mb()
        elapsed = time.perf_counter() - t0
        w.allow_close()
        w.close()
        k.shutdown()
    growth = 100.0 * (end_rss - at_mark) / at_mark if at_mark else float("nan")
    print(json.dumps({
        "rss_mb_at_cycle": {str(args.at): round(at_mark or 0, 1),
                            str(args.cycles): round(end_rss, 1)},
        "growth_percent": round(growth, 2),
        "budget": {"rss_mb": 300, "growth_percent": 5},
        "seconds": round(elapsed, 1),
    }))


if __name__ == "__main__":
    main()
