"""`kiosk journal export OUT.csv [--since YYYY-MM-DD]` and `kiosk journal stats`.

export writes one CSV row per event (columns documented in kiosk/core/journal/export.py) and
prints {"event": "journal_export", "path", "events"}; stats prints one JSON object (fields
documented in kiosk/core/journal/stats.py). Both only read journal.db, so they are safe while
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
    export = jsub.add_parser("export", parents=[common], help="one CSV row per event")
    export.add_argument("out", type=Path, metavar="OUT.csv")
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
