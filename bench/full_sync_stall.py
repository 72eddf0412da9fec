"""GUI-thread stall during a full sync (DESIGN.md): sensors, agenda and a 200 MB content
bundle syncing at once; no gap over 50 ms between ticks of a 10 ms heartbeat (goal: the idle
baseline of the same run + 5 ms).

Two server processes on 127.0.0.1 (apart from the measured process, so the GIL measured is
the kiosk's alone): bench/sync_stall.py's sensor server (AtmoSud stations, project sites,
sensor.community sensors, backfilled over --days) and a static server holding an agenda
feed (--events recurring and single events, a year of them) and a content server folder
where a signed --mb bundle was published (kiosk.core.content.publish). The kiosk's own
TaskRunner then runs, as its timers do, the three syncs at the same moment: sensors
(sync_sensors into a new cache.db), agenda (sync_agenda) and content (sync_content:
index, download, verify, install). The heartbeat ticks on the GUI thread throughout; the
longest gap between two ticks is the figure, next to the idle heartbeat's gap measured first
in the same run.

    .venv/bin/python bench/full_sync_stall.py [--mb 200] [--days 7] [--events 400] [--runs 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _qt_guard import guard  # noqa: E402

BUDGET_MS = 50.0
GOAL_OVER_IDLE_MS = 5.0


def agenda_ics(events: int) -> str:
    """A feed as a town hall publishes it: weekly workshops, monthly walks, one-off days."""
    start = dt.date.today().replace(day=1)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//kiosk//FR"]
    for i in range(events):
        day = start + dt.timedelta(days=i % 60)
        rule = ("RRULE:FREQ=WEEKLY;COUNT=52" if i % 3 == 0
                else "RRULE:FREQ=MONTHLY;COUNT=12" if i % 3 == 1 else None)
        lines += ["BEGIN:VEVENT", f"UID:bench-{i}@kiosk",
                  f"DTSTAMP:{day:%Y%m%d}T080000Z",
                  f"DTSTART;TZID=Europe/Paris:{day:%Y%m%d}T{9 + i % 8:02}0000",
                  f"DTEND;TZID=Europe/Paris:{day:%Y%m%d}T{10 + i % 8:02}3000",
                  f"SUMMARY:Atelier nature en ville n° {i}",
                  f"LOCATION:Parc {i % 17}, Marseille",
                  "DESCRIPTION:" + "Observation des oiseaux et des arbres du quartier. " * 3]
        if rule:
            lines.append(rule)
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def serve_folder(folder: str) -> None:
    """The child process: a static server of `folder` on 127.0.0.1 until stdin closes."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=folder))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    print(httpd.server_address[1], flush=True)
    sys.stdin.read()


def start_child(args: list[str]) -> tuple[subprocess.Popen, str]:
    p = subprocess.Popen([sys.executable, *args], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    return p, f"http://127.0.0.1:{int(p.stdout.readline())}"


def prepare_www(www: Path, mb: int, events: int):
    """Publish a signed bundle and write the agenda feed; returns the signing key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from install import make_source

    from kiosk.core.content import build, publish

    key = Ed25519PrivateKey.generate()
    with tempfile.TemporaryDirectory(prefix="bench-full-src-") as tmp:
        src = Path(tmp) / "src"
        make_source(src, mb)
        bundle = Path(tmp) / "bundle.zip"
        build.build(src, bundle, key, bundle_id="bench-videos", version="1", kind="videos")
        publish.publish([bundle], www / "pub", max_bytes=(mb + 50) * 1024 * 1024)
    (www / "agenda.ics").write_text(agenda_ics(events), encoding="utf-8")
    return key


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=200, help="size of the content bundle")
    ap.add_argument("--days", type=int, default=7, help="sensor backfill of the first sync")
    ap.add_argument("--events", type=int, default=400, help="agenda feed events")
    ap.add_argument("--runs", type=int, default=1, help="full syncs, each on a new data dir")
    ap.add_argument("--baseline-ms", type=int, default=3000)
    ap.add_argument("--only", default="sensors,agenda,content",
                    help="which syncs run (to find which one stalls the GUI thread)")
    ap.add_argument("--serve-folder", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_folder:
        serve_folder(args.serve_folder)
        return 0
    guard.install()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.core import net
    from kiosk.core import paths as paths_mod
    from kiosk.core.agenda.sync import sync_agenda
    from kiosk.core.content import keys
    from kiosk.core.content.sync import sync_content
    from kiosk.core.sensors.cache import ObservationCache
    from kiosk.core.sensors.sync import SensorSource, sync_sensors
    from kiosk.core.settings import Feed, Settings
    from kiosk.ui.tasks import TaskRunner

    app = QApplication([])
    www_dir = tempfile.TemporaryDirectory(prefix="bench-full-www-")
    www = Path(www_dir.name)
    key = prepare_www(www, args.mb, args.events)
    files, files_url = start_child([__file__, "--serve-folder", str(www)])
    sensors_srv, sensors_url = start_child([str(BENCH / "sync_stall.py"), "--serve",
                                            "--days", str(args.days)])
    sources = ([SensorSource("atmosud", f"FR{24000 + i:05d}", ("no2", "o3", "pm10", "pm25"))
                for i in range(8)]
               + [SensorSource("project", f"site-{i}") for i in range(8)]
               + [SensorSource("sensor.community", str(5000 + i)) for i in range(6)])
    endpoints = {"atmosud": f"{sensors_url}/atmosud", "sensor.community": f"{sensors_url}/sc"}
    s = Settings()
    s.sensors.project_feed_url = f"{sensors_url}/feed"
    s.agenda.feeds = [Feed("Ateliers", f"{files_url}/agenda.ics", "AMP")]
    s = replace(s, content=replace(s.content, sync_url=f"{files_url}/pub/", reserve_mb=0,
                                   trusted_keys=[keys.public_pem(key.public_key())]))
    session = net.make_session()
    now = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    with tempfile.TemporaryDirectory() as warm:
        # The sensor server prepares (and keeps) each answer on a first sync.
        sync_sensors(paths_mod.resolve(Path(warm)).ensure(), s, session, sources, now=now,
                     backfill=dt.timedelta(days=args.days), endpoints=endpoints)

    runner = TaskRunner()  # as the kiosk's: one db worker, two net workers
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    runs: list[dict] = []
    dirs: list[tempfile.TemporaryDirectory] = []

    def start() -> None:
        d = tempfile.TemporaryDirectory(prefix="bench-full-data-")
        dirs.append(d)
        paths = paths_mod.resolve(Path(d.name)).ensure()
        ObservationCache(paths.cache_db).close()  # the app opens it at start, not in a sync
        run = {"start": time.perf_counter(), "reports": {}, "errors": {}}
        runs.append(run)
        jobs = {
            "sensors": partial(sync_sensors, paths, s, session, sources, now=now,
                               backfill=dt.timedelta(days=args.days), endpoints=endpoints),
            "agenda": partial(sync_agenda, paths, s, session),
            "content": partial(sync_content, paths, s, session),
        }
        jobs = {n: j for n, j in jobs.items() if n in args.only.split(",")}
        run["expected"] = len(jobs)
        for name, job in jobs.items():
            runner.run(job, cancelled=runner.cancelled, pool="net", key=name,
                       on_done=lambda r, n=name: finished(run, n, r),
                       on_error=lambda e, n=name: failed(run, n, e))

    def finished(run: dict, name: str, report) -> None:
        run["reports"][name] = report
        check(run)

    def failed(run: dict, name: str, exc: BaseException) -> None:
        run["errors"][name] = exc
        check(run)

    def check(run: dict) -> None:
        if len(run["reports"]) + len(run["errors"]) < run["expected"]:
            return
        run["end"] = time.perf_counter()
        if len(runs) < args.runs:
            QTimer.singleShot(300, start)
        else:
            QTimer.singleShot(50, app.quit)

    heartbeat.start()
    QTimer.singleShot(args.baseline_ms, start)  # the idle heartbeat first: the baseline
    app.exec()
    heartbeat.stop()
    runner.shutdown()
    session.close()
    for child in (files, sensors_srv):
        child.stdin.close()
        child.wait(10)

    def gaps_between(t0: float, t1: float) -> list[float]:
        inside = [t for t in ticks if t0 <= t <= t1]
        return [(b - a) * 1000 for a, b in zip(inside, inside[1:], strict=False)]

    idle = max(gaps_between(ticks[0] + 0.1, runs[0]["start"]))
    worst_per_run, problems = [], []
    for k, run in enumerate(runs, 1):
        for name, exc in run["errors"].items():
            problems.append(f"run {k} {name}: {exc!r}")
        for name, report in run["reports"].items():
            if not report.ok:
                problems.append(f"run {k} {name}: " + "; ".join(
                    st.error or "" for st in report.statuses if not st.ok))
        gaps = gaps_between(run["start"] - 0.02, run["end"] + 0.02)
        worst_per_run.append(max(gaps))
        print(f"run {k}: sensors + agenda + {args.mb} MB bundle in "
              f"{run['end'] - run['start']:.1f} s; max gap {max(gaps):.1f} ms, "
              f"p99 {sorted(gaps)[int(len(gaps) * 0.99)]:.1f} ms", file=sys.stderr)
    for d in dirs:
        d.cleanup()
    www_dir.cleanup()
    worst = max(worst_per_run)
    ok = worst <= BUDGET_MS and not problems
    print(json.dumps({
        "bench": "full_sync_stall", "mb": args.mb, "runs": args.runs,
        "max_gap_ms": round(worst, 1), "idle_max_gap_ms": round(idle, 1),
        "budget_ms": BUDGET_MS, "goal_ms": round(idle + GOAL_OVER_IDLE_MS, 1),
        "problems": problems, "ok": ok,
    }))
    return guard.exit_code(0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
