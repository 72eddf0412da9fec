"""Fleet figures: Parquet size per kiosk-day, export and push time, report time.

Writes a journal of DAYS days × VISITS visits (about 15 events each) with the real writer,
then times `journal export --format parquet` (all days, then again: incremental), a push of
every day to a folder (the USB stick's path), and `fleet report` (DuckDB + matplotlib, HTML
and PDF) over KIOSKS copies of that kiosk.

    .venv/bin/python bench/fleet.py [--days 400] [--visits 60] [--kiosks 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=400)
    ap.add_argument("--visits", type=int, default=60)
    ap.add_argument("--kiosks", type=int, default=5)
    a = ap.parse_args()
    from kiosk.core.fleet import figures, render, source
    from kiosk.core.journal import parquet, push
    from kiosk.core.journal.targets import FolderTarget
    from kiosk.core.journal.writer import JournalWriter
    from kiosk.core.paths import resolve

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "kiosk"
        start = time.time() - (a.days + 1) * 86_400
        w = JournalWriter(data / "journal.db", retention_days=0, batch_max=5000).start()
        n = 0
        for d in range(a.days):
            for v in range(a.visits):
                s, t = f"{d:06x}{v:010x}", start + d * 86_400 + v * 400
                for k, f in [("session_start", {})] + [
                        ("page_view", {"module": f"m{v % 7}", "page": p, "seconds": 6.0})
                        for p in range(6)] + [
                        ("video_play", {"video": f"v{v % 4}", "seconds": 50.0,
                                        "completed": v % 3 == 0}),
                        ("quiz_answer", {"module": f"m{v % 7}", "question": "q1",
                                         "correct": v % 2 == 0})] * 3 + [
                        ("end_question", {"question": "learned", "answer": 1 + v % 5}),
                        ("session_end", {"seconds": 120.0 + v})]:
                    w.log(k, f, session=s, territory="AMP", language="fr", at=t)
                    n += 1
        w.close()
        out = Path(tmp) / "export"
        t0 = time.perf_counter()
        r = parquet.export_parquet(data / "journal.db", out, "k000000000001", now=time.time())
        export_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        parquet.export_parquet(data / "journal.db", out, "k000000000001", now=time.time())
        again_s = time.perf_counter() - t0
        sizes = [p.stat().st_size for p in r.files]
        t0 = time.perf_counter()
        rep = push.push(resolve(data), FolderTarget(Path(tmp) / "stick"),
                        health={"generated": "now"})
        push_s = time.perf_counter() - t0
        fleet_dir = Path(tmp) / "fleet" / "journal"
        for i in range(a.kiosks):
            shutil.copytree(out / "kiosk=k000000000001", fleet_dir / f"kiosk=k00000000000{i}")
        t0 = time.perf_counter()
        figs = figures.compute(source.layout(fleet_dir.parent))
        query_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        render.write(figs, Path(tmp) / "r.html", "fr")
        html_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        render.write(figs, Path(tmp) / "r.pdf", "fr")
        pdf_s = time.perf_counter() - t0
        print(json.dumps({
            "events": n, "days": len(r.files), "db_bytes": (data / "journal.db").stat().st_size,
            "parquet_bytes_per_day_median": sorted(sizes)[len(sizes) // 2],
            "parquet_bytes_total": sum(sizes), "export_s": round(export_s, 2),
            "export_again_s": round(again_s, 3), "push_to_folder_s": round(push_s, 2),
            "pushed_files": len(rep.sent), "report_kiosks": a.kiosks,
            "report_events": figs["events"], "report_query_s": round(query_s, 2),
            "report_html_s": round(html_s, 2), "report_pdf_s": round(pdf_s, 2)}, indent=1))


if __name__ == "__main__":
    main()
