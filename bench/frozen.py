"""Frozen kiosk against the source: size on disk and start time to the first painted screen.

    .venv/bin/python bench/frozen.py [--dist dist/kiosk] [--runs 7]

Builds packaging/kiosk.spec into dist/ when --dist holds no build. Start time is the wall time
from spawning `kiosk run --quit-after-paint` (offscreen, fresh data dir each run) to its
{"event": "first_paint"} line: interpreter start, imports, core and the first paint. The
median of --runs is printed for the frozen binary and for `python -m kiosk`, in the same run.
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

ROOT = Path(__file__).resolve().parents[1]


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def build(dist: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist.parent), "--workpath",
                    str(ROOT / "build" / "pyinstaller"), str(ROOT / "packaging" / "kiosk.spec")],
                   check=True, cwd=ROOT)
    return time.perf_counter() - t0


def first_paint(cmd: list[str]) -> float:
    """Seconds from spawn to the first_paint line."""
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_DATA_DIR": data}
        env.pop("NOTIFY_SOCKET", None)
        t0 = time.perf_counter()
        proc = subprocess.Popen([*cmd, "run", "--quit-after-paint", "--data-dir", data],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env, cwd=ROOT)
        elapsed = None
        for line in proc.stdout:
            if json.loads(line).get("event") == "first_paint":
                elapsed = time.perf_counter() - t0
        proc.wait(timeout=60)
        if proc.returncode != 0 or elapsed is None:
            raise SystemExit(f"{cmd[0]} failed: {proc.stderr.read()}")
        return elapsed


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dist", type=Path, default=ROOT / "dist" / "kiosk")
    p.add_argument("--runs", type=int, default=7)
    args = p.parse_args()
    if not (args.dist / "kiosk").is_file():
        print(f"frozen build: {build(args.dist):.1f} s")
    print(f"frozen size: {folder_size(args.dist) / 2**20:.0f} MiB ({args.dist})")
    site = Path(sys.prefix)
    print(f"source venv size (for scale): {folder_size(site) / 2**20:.0f} MiB ({site})")
    frozen_cmd = [str(args.dist / "kiosk")]
    source_cmd = [sys.executable, "-m", "kiosk"]
    first_paint(frozen_cmd)  # warm the page cache for both before timing
    first_paint(source_cmd)
    results = {"frozen": [], "source": []}
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        results["frozen"].append(first_paint(frozen_cmd))
        results["source"].append(first_paint(source_cmd))
    for name, times in results.items():
        print(f"{name} start to first paint: median {statistics.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f}, {len(times)} runs)")
    ratio = statistics.median(results["frozen"]) / statistics.median(results["source"])
    print(f"frozen / source: {ratio:.2f}")
    print(json.dumps({"bench": "frozen", "size_mib": round(folder_size(args.dist) / 2**20),
                      "frozen_start_s": round(statistics.median(results["frozen"]), 3),
                      "source_start_s": round(statistics.median(results["source"]), 3),
                      "ratio": round(ratio, 3)}))


if __name__ == "__main__":
    main()
