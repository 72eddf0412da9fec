"""`kiosk record DIR --hours N`: capture real syncs into a recording for rehearsals."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.commands.common import add_look_options, emit, fail


def register(sub, common) -> None:
    p = sub.add_parser("record", parents=[common],
                       help="capture real sensor and agenda syncs into a recording folder")
    p.add_argument("out", type=Path, metavar="DIR")
    p.add_argument("--hours", type=float, default=0.0,
                   help="keep recording this long (default 0: one round)")
    p.add_argument("--every", type=float, metavar="MINUTES",
                   help="minutes between rounds (default: sensors.refresh_minutes)")
    add_look_options(p)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from kiosk import app
    from kiosk.core import net
    from kiosk.core.rehearsal.record import Recorder, record
    from kiosk.core.rehearsal.recording import RecordingError

    if args.hours < 0 or (args.every is not None and args.every <= 0):
        return fail("--hours must be 0 or more and --every above 0", 2)
    core = app.load_core(app.Options(data_dir=args.data_dir, territory=args.territory,
                                     lang=args.lang))
    app.setup_logging(core.paths, args.verbose)
    try:
        recorder = Recorder(core.paths, core.settings, args.out, net.make_session())
    except RecordingError as e:
        return fail(str(e), 3)
    every = (args.every or core.settings.sensors.refresh_minutes) * 60.0

    def told(n, report) -> None:
        emit({"event": "round", "round": n, "sensor_payloads": report.sensors_saved,
              "agenda_feeds": report.agenda_saved, "errors": report.errors})

    try:
        rounds = record(recorder, args.hours, every, on_round=told)
    except KeyboardInterrupt:
        rounds = -1  # what was saved stays: the manifest is rewritten after each payload
    emit({"event": "recorded", "path": str(args.out), "rounds": rounds,
          "payloads": len(recorder.writer.recording.entries)})
    return 0
