"""`kiosk sync [--only sensors|agenda|content]`: one sync of each source, from the shell.

Prints one JSON line per source ({"area", "source", "ok", "detail", "error", "data_time"},
and for sensor sources "received", "stored" and "dropped" by reason: a sync that stored
nothing has "stored": 0 and a detail opening with "nothing stored")
and exits 0 when every source synced, 1 when any failed (the last good data is kept).
"""

from __future__ import annotations

import argparse
import datetime as dt

from kiosk.commands.common import emit, fail

AREAS = ("sensors", "agenda", "content")


def register(sub, common) -> None:
    p = sub.add_parser("sync", parents=[common], help="fetch sensors, agenda and content now")
    p.add_argument("--only", choices=AREAS, help="sync this area only")
    p.set_defaults(func=main)


def _sensors(paths, settings, session):
    from kiosk.core.sensors.service import SensorsService

    service = SensorsService(paths, settings, session_factory=lambda: session)
    service.open()
    try:
        return service.sync()
    finally:
        service.close()


def _agenda(paths, settings, session):
    from kiosk.core.agenda.sync import sync_agenda

    return sync_agenda(paths, settings, session)


def _content(paths, settings, session):
    from kiosk.core.content.sync import sync_content

    return sync_content(paths, settings, session)


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def main(args: argparse.Namespace) -> int:
    from kiosk import app
    from kiosk.core import net

    core = app.load_core(app.Options(data_dir=args.data_dir))
    app.setup_logging(core.paths, args.verbose)
    for problem in core.problems.latest():
        return fail(f"{problem.item}: {problem.message}", 3)
    runners = {"sensors": _sensors, "agenda": _agenda, "content": _content}
    session = net.make_session()
    all_ok = True
    for area in [args.only] if args.only else AREAS:
        try:
            report = runners[area](core.paths, core.settings, session)
        except Exception as e:  # one area failing never stops the others
            all_ok = False
            emit({"area": area, "source": area, "ok": False, "detail": "",
                  "error": f"{type(e).__name__}: {e}", "data_time": None})
            continue
        for s in report.statuses:
            all_ok = all_ok and s.ok
            line = {"area": area, "source": s.source, "ok": s.ok, "detail": s.detail,
                    "error": s.error, "data_time": _iso(s.data_time)}
            if s.received is not None:  # the sources that count (sensors)
                line.update(received=s.received, stored=s.stored, dropped=s.dropped)
            emit(line)
    session.close()
    return 0 if all_ok else 1
