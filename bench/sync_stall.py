"""GUI-thread stall during a full sensor sync (DESIGN.md budget: no gap over 50 ms).

A QApplication ticks a 10 ms heartbeat QTimer while kiosk.core.sensors.sync.sync_sensors runs
through kiosk.ui.tasks.TaskRunner (pool "net") against a local HTTP server on 127.0.0.1 that
serves (from its own process, so the measured GIL is the kiosk's alone) a realistic first
sync of a territory: AtmoSud reference stations (hourly, four
pollutants), the project's own sites (15-minute data, six quantities) and sensor.community
sensors, all backfilled over `--days`. Prints the longest gap between two ticks.

    .venv/bin/python bench/sync_stall.py [--days 7] [--stations 8] [--sites 8] [--runs 3]
                                         [--gc-freeze]

The heartbeat's gaps with nothing running are printed too: on a machine shared with other
work, they show how much of a gap is the machine's. Full garbage collections (tens of ms,
in whatever thread triggers them) are the usual cause of the longest gaps; `--gc-freeze` shows
what an app that freezes its start-up heap gets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

NOW = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
CODES = {"no2": "03", "o3": "08", "pm10": "24", "pm2.5": "39"}
SITE_QUANTITIES = {"pm25": "µg/m³", "pm10": "µg/m³", "pm1": "µg/m³", "temperature": "°C",
                   "humidity": "%", "pressure": "hPa"}


def wave(i: int, base: float, amp: float) -> float:
    return round(base + amp * math.sin(i / 9.0) + (i % 7) * 0.3, 1)


def atmosud_body(query: dict[str, str]) -> bytes:
    start = dt.datetime.fromisoformat(query["date_debut"].replace("Z", "+00:00"))
    hours = int((NOW - start).total_seconds() // 3600)
    code = CODES.get(query.get("nom_polluant", "pm10"), "24")
    return json.dumps({"mesures": [
        {"id_station": query["station_id"], "nom_station": "Station", "polluant_id": code,
         "date_debut": (start + dt.timedelta(hours=h)).isoformat(), "valeur": wave(h, 20, 8),
         "unite": "µg/m3", "validation": "non validée", "temporalite": "horaire"}
        for h in range(hours)]}).encode()


def project_body(site: str, query: dict[str, str], days: int) -> bytes:
    start = (dt.datetime.fromisoformat(query["since"].replace("Z", "+00:00"))
             if "since" in query else NOW - dt.timedelta(days=days))
    steps = int((NOW - start).total_seconds() // 900)
    obs = []
    for k in range(steps):
        t = (start + dt.timedelta(minutes=15 * k)).strftime("%Y-%m-%dT%H:%M:%SZ")
        for q, unit in SITE_QUANTITIES.items():
            base = {"temperature": 12, "humidity": 60, "pressure": 1012}.get(q, 15)
            obs.append({"time": t, "quantity": q, "value": wave(k, base, 4), "unit": unit,
                        "quality": "corrected" if q.startswith("pm") else "valid"})
    return json.dumps({"site": site, "observations": obs}).encode()


def sc_body(sensor: str) -> bytes:
    stamp = NOW.strftime("%Y-%m-%d %H:%M:%S")
    return json.dumps([{"timestamp": stamp, "location": {"id": int(sensor), "indoor": 0},
                        "sensor": {"id": int(sensor)}, "sensordatavalues": [
                            {"value": "12.3", "value_type": "P1"},
                            {"value": "7.1", "value_type": "P2"}]}]).encode()


def serve(days: int) -> ThreadingHTTPServer:
    bodies: dict[str, bytes] = {}  # answers kept after the first request

    def body_of(path: str) -> bytes | None:
        url = urlsplit(path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/atmosud/observations/stations/mesures":
            return atmosud_body(q)
        if url.path.startswith("/feed/sites/"):
            return project_body(url.path.split("/")[3], q, days)
        if url.path.startswith("/sc/airrohr/v1/sensor/"):
            return sc_body(url.path.rstrip("/").split("/")[-1])
        return None

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            body = bodies.get(self.path) or body_of(self.path)
            if body is not None:
                bodies[self.path] = body
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=7, help="backfill of the first sync")
    ap.add_argument("--stations", type=int, default=8, help="AtmoSud reference stations")
    ap.add_argument("--sites", type=int, default=8, help="project sites (15-min data)")
    ap.add_argument("--community", type=int, default=6, help="sensor.community sensors")
    ap.add_argument("--baseline-ms", type=int, default=3000,
                    help="idle heartbeat first, about as long as a sync")
    ap.add_argument("--runs", type=int, default=3, help="measured syncs, each on a new cache")
    ap.add_argument("--gc-freeze", action="store_true",
                    help="gc.freeze() after start-up, as an app can do after its first paint: "
                         "full collections then skip the start-up heap")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:  # the child process: the server lives apart from the measured GIL
        httpd = serve(args.days)
        print(httpd.server_address[1], flush=True)
        sys.stdin.read()  # until the parent closes the pipe
        return 0

    from _qt_guard import guard
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.core import net
    from kiosk.core.paths import Paths, app_root
    from kiosk.core.sensors.cache import ObservationCache
    from kiosk.core.sensors.sync import SensorSource, sync_sensors
    from kiosk.core.settings import Settings
    from kiosk.ui.tasks import TaskRunner

    guard.install()
    app = QApplication([])
    server = subprocess.Popen([sys.executable, __file__, "--serve", "--days", str(args.days)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{int(server.stdout.readline())}"
    sources = ([SensorSource("atmosud", f"FR{24000 + i:05d}", ("no2", "o3", "pm10", "pm25"))
                for i in range(args.stations)]
               + [SensorSource("project", f"site-{i}") for i in range(args.sites)]
               + [SensorSource("sensor.community", str(5000 + i))
                  for i in range(args.community)])
    settings = Settings()
    settings.sensors.providers.project.url = f"{base}/feed"
    settings.sensors.providers.atmosud.url = f"{base}/atmosud"
    settings.sensors.providers.sensor_community.url = f"{base}/sc"
    session = net.make_session()

    with tempfile.TemporaryDirectory() as warm:
        # A warm-up sync into a throwaway cache: the server prepares (and keeps) each answer,
        # so during the measured sync it costs this 2-core machine little CPU.
        sync_sensors(Paths(data=Path(warm), shipped=app_root()), settings, session, sources,
                     now=NOW, backfill=dt.timedelta(days=args.days))

    if args.gc_freeze:
        import gc

        gc.collect()
        gc.freeze()
    runner = TaskRunner()
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    runs: list[dict] = []
    dirs: list[tempfile.TemporaryDirectory] = []

    def start():
        d = tempfile.TemporaryDirectory()
        dirs.append(d)
        paths = Paths(data=Path(d.name), shipped=app_root())
        ObservationCache(paths.cache_db).close()  # the app opens it at start, not in a sync
        run = {"paths": paths, "start": time.perf_counter()}
        runs.append(run)
        runner.run(sync_sensors, paths, settings, session, sources,
                   cancelled=runner.cancelled, now=NOW, backfill=dt.timedelta(days=args.days),
                   on_done=lambda r: done(run, r),
                   on_error=lambda e: failed(run, e), pool="net", key="sensors-sync")

    def done(run, report):
        run["end"], run["report"] = time.perf_counter(), report
        if len(runs) < args.runs:
            QTimer.singleShot(300, start)
        else:
            QTimer.singleShot(50, app.quit)

    def failed(run, exc):
        run["error"] = exc
        app.quit()

    heartbeat.start()
    # The idle heartbeat first: the baseline gap of this (shared, often busy) machine.
    QTimer.singleShot(args.baseline_ms, start)
    app.exec()
    heartbeat.stop()
    runner.shutdown()
    session.close()
    server.stdin.close()
    server.wait(10)
    for run in runs:
        if "error" in run:
            raise SystemExit(f"sync failed: {run['error']!r}")

    def gaps_between(t0: float, t1: float) -> list[float]:
        inside = [t for t in ticks if t0 <= t <= t1]
        return [(b - a) * 1000 for a, b in zip(inside, inside[1:], strict=False)]

    idle_gaps = gaps_between(ticks[0] + 0.1, runs[0]["start"])
    worst_per_run = []
    for k, run in enumerate(runs, 1):
        with ObservationCache(run["paths"].cache_db) as c:
            stored = c.count()
        gaps = gaps_between(run["start"] - 0.02, run["end"] + 0.02)
        worst_per_run.append(max(gaps))
        p99 = sorted(gaps)[int(len(gaps) * 0.99)]
        print(f"run {k}: {len(sources)} sources, {stored} observations stored in "
              f"{run['end'] - run['start']:.2f} s "
              f"({sum(s.ok for s in run['report'].statuses)} ok); "
              f"max gap {max(gaps):.1f} ms, p99 {p99:.1f} ms")
    for d in dirs:
        d.cleanup()
    print(f"idle baseline ({len(idle_gaps)} ticks, same run): max gap {max(idle_gaps):.1f} ms")
    worst = max(worst_per_run)
    print(json.dumps({"bench": "sync_stall", "max_gap_ms": round(worst, 1),
                      "idle_max_gap_ms": round(max(idle_gaps), 1), "budget_ms": 50,
                      "runs": len(runs), "gc_freeze": args.gc_freeze}))
    print(f"max GUI-thread gap: {worst:.1f} ms (budget 50 ms) "
          f"{'OK' if worst <= 50 else 'OVER BUDGET'}"
          f"{' [gc.freeze() after start-up]' if args.gc_freeze else ''}")
    return guard.exit_code(0 if worst <= 50 else 1)


if __name__ == "__main__":
    sys.exit(main())
