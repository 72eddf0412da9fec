"""Every benchmark of bench/ in one run: one table of the budgets of DESIGN.md.

Each bench script runs in its own process, one after the other (never two at once: they
would measure each other), and prints JSON; this script reads it and prints one row per
budget: the figure, the baseline the bench measured in the same run (a bare window, a plain
copy loop, the idle heartbeat), the budget and the goal, and whether the budget holds. The
same rows go to a JSON file. The exit status is non-zero when a budget fails, a bench
fails, or a bench saw an unexpected Qt warning.

`--quick` runs every bench with short settings (a few minutes in all; a 50 MB bundle instead
of 200 MB, 600 visitor cycles instead of 10,000): figures for a developer, noisier than a
full run. The kiosk's own modules are compiled to bytecode first (as the packaged app's
are) and PYTHONDONTWRITEBYTECODE is dropped for the benches, so start-up figures do not
include compiling the sources.

    .venv/bin/python bench/run_all.py [--quick] [--only startup,memory] [--json PATH]
                                      [--frozen]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


@dataclass
class Row:
    budget: str
    figure: float | None
    unit: str
    limit: str
    goal: str
    baseline: str
    ok: bool
    bench: str


def _get(objs: list[dict[str, Any]], key: str) -> Any:
    for o in objs:
        if key in o:
            return o[key]
    raise KeyError(key)


def rows_startup(o):
    ratio, p95 = _get(o, "ratio"), _get(o, "tap_to_paint_p95_ms")
    return [
        Row("cold start / bare PySide6 window", ratio, "×", "≤ 2", "1.5",
            f"bare window {_get(o, 'bare_window_first_paint_s')} s", ratio <= 2.0, "startup"),
        Row("tap to next screen painted, p95", p95, "ms", "≤ 50", "16",
            f"p50 {_get(o, 'tap_to_paint_p50_ms')} ms", p95 <= 50, "startup"),
    ]


def rows_graph(o):
    fp, rd = _get(o, "first_paint_ms_median"), _get(o, "redraw_ms_p95")
    return [Row("sensor graph first paint (105k points)", fp, "ms", "≤ 150", "50 (1 M)",
                f"pyqtgraph import {_get(o, 'pyqtgraph_import_ms')} ms (not counted)",
                fp <= 150, "graph"),
            Row("sensor graph pan/zoom redraw, p95", rd, "ms", "≤ 16", "8 (1 M)", "",
                rd <= 16, "graph")]


def rows_full_sync(o):
    gap, idle = _get(o, "max_gap_ms"), _get(o, "idle_max_gap_ms")
    return [Row(f"GUI gap, sensors + agenda + {_get(o, 'mb')} MB bundle at once", gap, "ms",
                "≤ 50", f"idle + 5 = {_get(o, 'goal_ms')}", f"idle heartbeat {idle} ms",
                gap <= 50 and not _get(o, "problems"), "full_sync_stall")]


def rows_sync_stall(o):
    gap, idle = _get(o, "max_gap_ms"), _get(o, "idle_max_gap_ms")
    return [Row("GUI gap, sensor sync alone", gap, "ms", "≤ 50", f"idle + 5 = {idle + 5:.1f}",
                f"idle heartbeat {idle} ms", gap <= 50, "sync_stall")]


def rows_journal(o):
    rate = next(x for x in o if x.get("measure") == "journal_sustained_events_per_second")
    cost = next(x for x in o if x.get("measure") == "journal_gui_thread_ms_per_event")
    return [Row("journal sustained, median", rate["median"], "events/s", "≥ 5,000", "",
                f"best {rate['best']}", rate["median"] >= 5000, "journal"),
            Row("journal GUI-thread cost per event", cost["median_mean"], "ms", "≤ 0.2", "",
                f"p99 {cost['median_p99']} ms", cost["median_mean"] <= 0.2, "journal")]


def rows_install(o):
    inst = next(x for x in o if x.get("bench") == "install")
    gap = next(x for x in o if x.get("bench") == "install_gui_gap")
    return [Row("content install / plain loop, median", inst["ratio_median"], "×", "≥ 0.70",
                "0.90", f"plain loop {inst['plain_MBps_median']} MB/s",
                inst["ratio_median"] >= 0.70, "install"),
            Row("GUI gap during an install", gap["max_gap_ms_median"], "ms", "≤ 50", "",
                f"idle heartbeat {gap['idle_max_gap_ms']} ms",
                gap["max_gap_ms_median"] <= 50, "install")]


def rows_memory(o):
    m = o[-1]
    (at, end) = m["rss_mb_at_cycle"].items()
    return [Row(f"RSS at visitor cycle {end[0]}", end[1], "MB", "≤ 300", "250", "",
                end[1] <= 300, "memory"),
            Row(f"RSS growth, cycle {at[0]} → {end[0]}", m["growth_percent"], "%", "≤ 5", "1",
                f"{at[1]} MB at cycle {at[0]}; left behind: {m['left_behind'] or 'nothing'}",
                m["growth_percent"] <= 5 and not m["left_behind"], "memory")]


def rows_attract(o):
    cpu = _get(o, "attract_cpu_percent_of_one_core")
    return [Row("attract loop CPU", cpu, "% of a core", "≤ 2", "", "", cpu <= 2, "attract_cpu")]


def rows_screenshot(o):
    s = _get(o, "worst_median_s")
    return [Row("`kiosk screenshot` of one screen (worst median)", s, "s", "≤ 0.6", "",
                f"bare PySide6 grab {_get(o, 'bare_grab_s')} s", s <= 0.6, "screenshot")]


def rows_video(o):
    v = o[-1]
    late, gui, tap = v["late_or_dropped_percent"], v["gui_ms_per_frame"], v["tap_p95_ms"]
    return [Row("video 1080p30: late or dropped frames", late, "%", "≤ 1", "", "",
                late <= 1, "video"),
            Row("video 1080p30: GUI-thread time per frame", gui, "ms", "≤ 4", "", "",
                gui <= 4, "video"),
            Row("video 1080p30: tap p95 while playing", tap, "ms", "≤ 50", "",
                f"tap p95 without video {v.get('tap_p95_idle_ms', '?')} ms", tap <= 50,
                "video")]


def rows_frozen(o):
    return [Row("frozen start to first paint (informative)", _get(o, "frozen_start_s"), "s",
                "", "", f"from source {_get(o, 'source_start_s')} s", True, "frozen")]


# name: (script, full args, quick args, rows)
BENCHES: dict[str, tuple[str, list[str], list[str], Any]] = {
    "startup": ("startup.py", [], ["--runs", "3", "--taps", "30"], rows_startup),
    "screenshot": ("screenshot.py", [], ["--runs", "2", "--screens", "home,agenda"],
                   rows_screenshot),
    "graph": ("graph.py", [], ["--runs", "3", "--steps", "60"], rows_graph),
    "sync_stall": ("sync_stall.py", [], ["--days", "2", "--runs", "1", "--baseline-ms", "1500"],
                   rows_sync_stall),
    "full_sync_stall": ("full_sync_stall.py", [],
                        ["--mb", "50", "--days", "2", "--events", "150",
                         "--baseline-ms", "1500"], rows_full_sync),
    "install": ("install.py", [], ["--rounds", "2", "--gui-runs", "2", "--mb", "50"],
                rows_install),
    "journal": ("journal.py", [], ["--runs", "2", "--seconds", "1", "--events", "5000"],
                rows_journal),
    "attract_cpu": ("attract_cpu.py", [], ["--settle", "4", "--window", "10"], rows_attract),
    "video": ("video.py", [], ["--seconds", "4", "--taps", "20"], rows_video),
    "memory": ("memory.py", [], ["--cycles", "600", "--at", "200", "--every", "200"],
               rows_memory),
    "frozen": ("frozen.py", [], ["--runs", "3"], rows_frozen),
}
OPTIONAL = {"frozen"}  # needs a PyInstaller build: only with --frozen


def run_bench(name: str, quick: bool, env: dict[str, str]) -> tuple[list[Row], str, float]:
    script, full, short, to_rows = BENCHES[name]
    if not (BENCH / script).exists():
        return [], f"{script} missing", 0.0
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, str(BENCH / script), *(short if quick else full)],
                       cwd=ROOT, env=env, capture_output=True, text=True)
    took = time.perf_counter() - t0
    objs = []
    for line in p.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                objs.append(json.loads(line))
            except ValueError:
                pass
    warnings = [ln for ln in p.stderr.splitlines() if ln.startswith("Qt warning")]
    try:
        rows = to_rows(objs)
    except (KeyError, IndexError, StopIteration, ValueError) as e:
        tail = "\n".join(p.stderr.strip().splitlines()[-5:])
        return [], f"no figures ({type(e).__name__}: {e}); exit {p.returncode}: {tail}", took
    problem = ""
    if warnings:
        problem = f"{len(warnings)} Qt warning(s): {warnings[0]}"
    elif p.returncode != 0 and all(r.ok for r in rows):
        problem = f"exit status {p.returncode}"
    return rows, problem, took


def table(rows: list[Row]) -> str:
    head = ("budget", "figure", "baseline (same run)", "budget", "goal", "")
    lines = [head] + [(r.budget, "—" if r.figure is None else f"{r.figure} {r.unit}",
                       r.baseline, r.limit, r.goal, "pass" if r.ok else "FAIL") for r in rows]
    widths = [max(len(str(x[i])) for x in lines) for i in range(len(head))]
    out = []
    for k, line in enumerate(lines):
        out.append("| " + " | ".join(str(c).ljust(w) for c, w in zip(line, widths,
                                                                         strict=True)) + " |")
        if k == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="short settings: a few minutes")
    ap.add_argument("--only", help="comma-separated bench names: " + ",".join(BENCHES))
    ap.add_argument("--frozen", action="store_true", help="also bench/frozen.py (builds)")
    ap.add_argument("--json", type=Path, default=BENCH / "results.json")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else [
        n for n in BENCHES if n not in OPTIONAL or args.frozen]
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        ap.error(f"unknown bench {unknown}; known: {', '.join(BENCHES)}")
    compileall.compile_dir(ROOT / "kiosk", quiet=1)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    env["KIOSK_NET"] = "loopback"
    load_before = os.getloadavg()
    rows: list[Row] = []
    problems: dict[str, str] = {}
    seconds: dict[str, float] = {}
    for name in names:
        print(f"… {name}", file=sys.stderr, flush=True)
        bench_rows, problem, took = run_bench(name, args.quick, env)
        rows += bench_rows
        seconds[name] = round(took, 1)
        if problem:
            problems[name] = problem
    load_after = os.getloadavg()
    print(table(rows))
    for name, problem in problems.items():
        print(f"{name}: {problem}")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} "
          f"({os.cpu_count()} cores); {'quick' if args.quick else 'full'} run, "
          f"{sum(seconds.values()):.0f} s")
    failed = [r.budget for r in rows if not r.ok]
    args.json.write_text(json.dumps({
        "quick": args.quick, "rows": [asdict(r) for r in rows], "problems": problems,
        "seconds": seconds, "load_average": {"before": load_before, "after": load_after},
        "failed": failed, "ok": not failed and not problems,
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {args.json}")
    return 0 if not failed and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
