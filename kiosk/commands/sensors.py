"""`kiosk sensors parse --provider P FILE`: one JSON line per observation of a payload.

Lines are sorted by (station, quantity, time). Values that are not observations (sentinels,
impossible values, invalid flags) are skipped and counted on stderr. Exit 3 when the file
cannot be read or is in no format the provider publishes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PROVIDERS = ("atmosud", "microspot", "sensor.community", "openaq", "project")


def register(sub, common) -> None:
    p = sub.add_parser("sensors", help="sensor data tools")
    ssub = p.add_subparsers(dest="sensors_command", required=True, metavar="ACTION")
    parse = ssub.add_parser("parse", parents=[common],
                            help="print the observations of a provider's payload as JSON lines")
    parse.add_argument("--provider", required=True, choices=PROVIDERS)
    parse.add_argument("file", metavar="FILE", help="a JSON or CSV payload ('-' for stdin)")
    parse.add_argument("--station", help="the station of a payload that names none (default: "
                                         "from the file name)")
    parse.add_argument("--tz", metavar="ZONE",
                       help="zone of naive timestamps (default: the provider's declared zone)")
    parse.add_argument("--hour-ending", action="store_true",
                       help="the file stamps the end of each period, not its start")
    parse.set_defaults(func=parse_main)


def parse_main(args: argparse.Namespace) -> int:
    from kiosk.commands.common import emit, fail
    from kiosk.core.sensors import providers
    from kiosk.core.sensors.tables import InputRejected
    from kiosk.core.sensors.timeparse import zone

    try:
        tz = zone(args.tz) if args.tz else None
    except ValueError as e:
        return fail(str(e), 2)
    if args.file == "-":
        data, station = sys.stdin.buffer.read(), args.station
    else:
        path = Path(args.file)
        try:
            data = path.read_bytes()
        except OSError as e:
            return fail(f"{args.file}: cannot read the file ({e.strerror or e})", 3)
        station = args.station or path.stem
    try:
        result = providers.parse(args.provider, data, station=station, zone=tz,
                                 hour_ending=args.hour_ending)
    except InputRejected as e:
        return fail(f"{args.file}: rejected as {args.provider}: {e}", 3)
    for o in result.observations:
        emit(o.to_json())
    n = len(result.observations)
    stations = len(result.stations or [])
    print(f"kiosk: {n} observation{'s' * (n != 1)} from {args.file}"
          + (f" ({stations} station{'s' * (stations != 1)})" if stations else ""),
          file=sys.stderr)
    for reason, count in sorted(result.skipped.items()):
        print(f"kiosk: skipped {count}: {reason}", file=sys.stderr)
    return 0
