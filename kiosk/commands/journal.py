"""`kiosk journal export OUT.csv [--since YYYY-MM-DD]`, `kiosk journal export --format parquet
DIR` and `kiosk journal stats`.

export writes one CSV row per event (columns documented in kiosk/core/journal/export.py) and
prints {"event": "journal_export", "path", "events"}; with `--format parquet` it writes every
finished day not exported yet as DIR/kiosk=<id>/date=<day>/events.parquet (schema in
kiosk/core/journal/parquet.py) and prints {"event": "journal_export", "format": "parquet",
"path", "kiosk", "files", "events", "days_present"}. stats prints one JSON object (fields
documented in kiosk/core/journal/stats.py; zero counts, exit 0, on a kiosk that has had no
visit and so has no journal.db yet). All only read journal.db, so they are safe while
the kiosk runs.

`kiosk journal push [--to URL|DIR]` exports, then sends the new days and the health report to
the collection point of the settings (`[collect]`, docs/fleet.md) or to `--to` (an http(s)
collection without credentials, or a folder such as a USB stick); it prints {"event":
"journal_push", "target", "kiosk", "ok", "sent", "pending", "exported", "error"} and exits
0 when everything was sent, 1 when the run stopped (it resumes next time), 3 when there is no
collection point or the settings are broken.
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
    push = jsub.add_parser("push", parents=[common],
                           help="send new days and the health report to the collection point")
    push.add_argument("--to", metavar="URL|DIR",
                      help="this http(s) collection or folder instead of the settings' one")
    push.add_argument("--retries", type=int, default=4, metavar="N",
                      help="tries again N times per file, after 1, 2, 4… s (default 4)")
    push.set_defaults(func=push_main)
    stats = jsub.add_parser("stats", parents=[common], help="statistics as JSON")
    stats.add_argument("--since", type=_day, metavar="YYYY-MM-DD",
                       help="only events from this local day on")
    stats.set_defaults(func=stats_main)


def _paths(args: argparse.Namespace):
    from kiosk.core import paths

    return paths.resolve(args.data_dir)


def _journal(args: argparse.Namespace) -> Path:
    return _paths(args).journal_db


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
        kiosk = kiosk_id(_paths(args).kiosk_id_file)
        result = export_parquet(db, out, kiosk, now=time.time())
    except OSError as e:
        return fail(f"cannot write {out}: {e.strerror or e}")
    except Exception as e:  # a corrupt journal: say so rather than a traceback
        return fail(f"cannot read {db}: {e}")
    emit({"event": "journal_export", "format": "parquet", "path": str(out), "kiosk": kiosk,
          "files": [p.relative_to(out).as_posix() for p in result.files],
          "events": result.events, "days_present": result.days_present})
    return 0


def push_main(args: argparse.Namespace) -> int:
    import time

    from kiosk.core import paths as paths_mod
    from kiosk.core import settings as settings_mod
    from kiosk.core.content import usb
    from kiosk.core.journal import push, targets

    p = paths_mod.resolve(args.data_dir)
    try:
        settings = settings_mod.load(p.settings_file)
    except settings_mod.SettingsError as e:
        return fail(str(e), 3)
    try:
        if args.to is None:
            target = targets.from_settings(settings.collect)
        elif args.to.startswith(("http://", "https://")):
            target = targets.HttpTarget(args.to)
        else:
            target = targets.FolderTarget(Path(args.to))
    except targets.PushError as e:
        return fail(str(e), 3)
    if target is None:
        return fail("no collection point: set collect.url or collect.s3_bucket in the "
                    "settings, or give --to URL|DIR", 3)
    now = time.time()
    health = usb.health_report(p, push.status(p, target), [], now)
    try:
        report = push.push(p, target, health=health, now=now,
                            retries=max(0, args.retries))
    except OSError as e:
        return fail(f"cannot export the journal: {e.strerror or e}")
    emit({"event": "journal_push", "target": report.target, "kiosk": report.kiosk,
          "ok": report.ok, "sent": report.sent, "pending": report.pending,
          "exported": report.exported, "error": report.error})
    return 0 if report.ok else 1


def stats_main(args: argparse.Namespace) -> int:
    from kiosk.core.journal.stats import compute

    db = _journal(args)
    try:  # no journal yet (no visit so far): zero counts
        result = compute(db, since=args.since)
    except Exception as e:
        return fail(f"cannot read {db}: {e}")
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
