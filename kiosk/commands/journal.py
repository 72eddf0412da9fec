"""`kiosk journal export OUT.csv [--since YYYY-MM-DD]`, `kiosk journal export --format parquet
DIR` and `kiosk journal stats`.

export writes one CSV row per event (columns documented in kiosk/core/journal/export.py) and
prints {"event": "journal_export", "path", "events"}; with `--format parquet` it writes every
finished day not exported yet as DIR/kiosk=<id>/date=<day>/events.parquet (schema in
kiosk/core/journal/parquet.py) and prints {"event": "journal_export", "format": "parquet",
"path", "kiosk", "files", "events", "days_present"}. stats prints one JSON object (fields
documented in kiosk/core/journal/stats.py). All only read journal.db, so they are safe while
the kiosk runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from kiosk.commands.common import emit, fail


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def register(sub, common) -> None:
    p = sub.add_parser("journal", help="export the visitor journal or print its statistics")
    jsub = p.add_subparsers(dest="journal_command", required=True, metavar="ACTION")
    export = jsub.add_parser("export", parents=[common],
                             help="one CSV row per event, or Parquet files per day")
    export.add_argument("out", type=Path, metavar="OUT.csv|DIR")
    export.add_argument("--format", choices=("csv", "parquet"), default="csv",
                        help="parquet: one file per finished day in DIR/kiosk=…/date=…/")
    export.add_argument("--since", type=_day, metavar="YYYY-MM-DD",
                        help="only events from this local day on")
    export.set_defaults(func=export_main)
    stats = jsub.add_parser("stats", parents=[common], help="statistics as JSON")
    stats.add_argument("--since", type=_day, metavar="YYYY-MM-DD",
                       help="only events from this local day on")
    stats.set_defaults(func=stats_main)


def _journal(args: argparse.Namespace) -> Path:
    from kiosk.core import paths

    return paths.resolve(args.data_dir).journal_db


def export_main(args: argparse.Namespace) -> int:
    from kiosk.core.journal.export import export_csv

    db = _journal(args)
    if not db.exists():
        return fail(f"no journal at {db}", 3)
    if args.format == "parquet":
        return _export_parquet(args, db)
    if not args.out.parent.is_dir():
        return fail(f"{args.out.parent} is not a folder", 3)
    try:
        n = export_csv(db, args.out, since=args.since)
    except OSError as e:
        return fail(f"cannot write {args.out}: {e.strerror or e}")
    except Exception as e:  # a corrupt journal: say so rather than a traceback
        return fail(f"cannot read {db}: {e}")
    emit({"event": "journal_export", "path": str(args.out), "events": n})
    return 0


def _export_parquet(args: argparse.Namespace, db: Path) -> int:
    import time

    from kiosk.core.journal.identity import kiosk_id
    from kiosk.core.journal.parquet import export_parquet

    if args.since is not None:
        return fail("--since is for CSV: Parquet exports every day not exported yet", 2)
    out = args.out
    if out.exists() and not out.is_dir():
        return fail(f"{out} is not a folder", 3)
    try:
        out.mkdir(parents=True, exist_ok=True)
        kiosk = kiosk_id(db.parent)
        result = export_parquet(db, out, kiosk, now=time.time())
    except OSError as e:
        return fail(f"cannot write {out}: {e.strerror or e}")
    except Exception as e:  # a corrupt journal: say so rather than a traceback
        return fail(f"cannot read {db}: {e}")
    emit({"event": "journal_export", "format": "parquet", "path": str(out), "kiosk": kiosk,
          "files": [p.relative_to(out).as_posix() for p in result.files],
          "events": result.events, "days_present": result.days_present})
    return 0


def stats_main(args: argparse.Namespace) -> int:
    from kiosk.core.journal.stats import compute

    db = _journal(args)
    if not db.exists():
        return fail(f"no journal at {db}", 3)
    try:
        result = compute(db, since=args.since)
    except Exception as e:
        return fail(f"cannot read {db}: {e}")
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
