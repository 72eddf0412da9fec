"""`kiosk fleet report SOURCE OUT.html|OUT.pdf [--lang fr|en] [--json OUT.json]`.

SOURCE is a folder (the collection point's, a USB stick's, or a `journal export --format
parquet` folder), an http(s) WebDAV collection URL, or `s3://bucket/prefix` (credentials from
boto3's chain, the endpoint from `--s3-endpoint` or AWS_ENDPOINT_URL). Remote files are
mirrored into `--cache DIR` (a temporary folder by default) before DuckDB reads them. Prints
{"event": "fleet_report", "path", "pages", "kiosks", "visits", "files"}; `--json` also
writes every figure (kiosk/core/fleet/figures.py). Exit 3 when SOURCE has no journal file or
cannot be read. Needs the `report` extra (duckdb, matplotlib).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from kiosk.commands.common import emit, fail


def register(sub, common) -> None:
    p = sub.add_parser("fleet", help="the fleet's impact report from every kiosk's journal")
    fsub = p.add_subparsers(dest="fleet_command", required=True, metavar="ACTION")
    r = fsub.add_parser("report", parents=[common],
                        help="DuckDB over all kiosks' Parquet files, as HTML or PDF")
    r.add_argument("source", metavar="SOURCE", help="folder, http(s) collection or s3://")
    r.add_argument("out", type=Path, metavar="OUT.html|OUT.pdf")
    r.add_argument("--lang", choices=("fr", "en"), default="fr")
    r.add_argument("--json", type=Path, metavar="OUT.json", help="every figure as JSON too")
    r.add_argument("--cache", type=Path, metavar="DIR",
                   help="keep the files of a remote SOURCE here (fetch only what changed)")
    r.add_argument("--s3-endpoint", metavar="URL", help="an S3-compatible service's address")
    r.set_defaults(func=report_main)


def report_main(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() not in (".html", ".htm", ".pdf"):
        return fail(f"{args.out.name}: the report is written as .html or .pdf", 2)
    try:
        import duckdb  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError as e:
        return fail(f"the report needs duckdb and matplotlib ({e.name} is missing): "
                    "pip install 'nature-en-ville-kiosk[report]'")
    from kiosk.core.fleet import figures, render, source

    with tempfile.TemporaryDirectory(prefix="kiosk-fleet-") as tmp:
        cache = args.cache or Path(tmp)
        try:
            layout = source.open_source(args.source, cache, s3_endpoint=args.s3_endpoint)
            figs = figures.compute(layout)
        except (source.SourceError, FileNotFoundError) as e:
            return fail(str(e), 3)
        except Exception as e:  # a damaged Parquet file: say which, not a traceback
            return fail(f"cannot read {args.source}: {type(e).__name__}: {e}", 3)
    try:
        pages = render.write(figs, args.out, args.lang)
        if args.json is not None:
            args.json.write_text(json.dumps(figs, indent=1, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    except OSError as e:
        return fail(f"cannot write {args.out}: {e.strerror or e}")
    emit({"event": "fleet_report", "path": str(args.out), "pages": pages,
          "kiosks": len(figs["visits_per_kiosk"]), "visits": figs["totals"]["visits"],
          "files": figs["files"]})
    return 0
