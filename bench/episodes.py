"""What deciding the conditions of the moment costs on a kiosk that has kept a year of data.

A cache.db holding a year of 10-minute observations for every AMP site (the demonstration
generator's numbers, stored as real ones), then `SensorsService.conditions()` — the nearest
sites and their references, four days of O3 / PM10 / NO2 / temperature each, hourly means,
every rule — timed over --runs calls on a worker-like thread (it never runs on the GUI
thread: kiosk.ui.conditions runs it on the db pool every 5 minutes and after each sync).

    .venv/bin/python bench/episodes.py [--runs 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def fill(paths, catalog, end: dt.datetime) -> int:
    from kiosk.core.sensors import demo
    from kiosk.core.sensors.cache import ObservationCache
    from kiosk.core.sensors.model import Observation
    from kiosk.core.sensors.views import demo_stations

    sites = catalog.in_territory("AMP")
    data = demo.generate(demo_stations(catalog, sites), end, days=365, micro_step=600)
    n = 0
    with ObservationCache(paths.cache_db) as cache:
        for (key, q), s in data.series.items():
            provider, _, station = key.partition(":")
            rows = (Observation(provider, station, q, float(v), s.unit,
                                dt.datetime.fromtimestamp(float(t), dt.UTC), "valid", None,
                                s.period_seconds)
                    for t, v in zip(s.t.tolist(), s.v.tolist(), strict=True) if v == v)
            n += cache.insert(rows)
    return n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    from kiosk.core.paths import Paths, app_root
    from kiosk.core.sensors.service import SensorsService
    from kiosk.core.sensors.territory import load
    from kiosk.core.settings import default_settings

    end = dt.datetime(2027, 7, 15, 12, tzinfo=dt.UTC)
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(data=Path(tmp), shipped=app_root()).ensure()
        t0 = time.perf_counter()
        rows = fill(paths, load(app_root() / "media" / "sites"), end)
        filled = time.perf_counter() - t0
        service = SensorsService(paths, default_settings(), clock=lambda: end.timestamp())
        service.open()
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            service.conditions()
            times.append((time.perf_counter() - t) * 1000)
        service.close()
    print(json.dumps({"bench": "episodes", "rows_stored": rows,
                      "fill_seconds": round(filled, 1),
                      "conditions_ms_median": round(statistics.median(times), 1),
                      "conditions_ms_max": round(max(times), 1), "runs": args.runs}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
