"""`kiosk sensors parse|sources`: read a provider's payload; list the configured sources.

`parse --provider P FILE`: one JSON line per observation of a payload. Lines are sorted by
(station, quantity, time). Values that are not observations (sentinels, impossible values,
invalid flags) are skipped and counted on stderr. Exit 3 when the file cannot be read or is
in no format the provider publishes.

`sources [--territory T|--all]`: one JSON line per sensor of sites.toml (the installed sites
bundle, else the shipped one): its URL (from sites.toml and the settings), the last attempt,
last success, newest data, what the last sync received / stored / dropped (by reason) and the
reason of the last failure (kept after later successes), as recorded in cache.db by the
kiosk's syncs. Exit 0, or 3 when sites.toml cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub, common) -> None:
    p = sub.add_parser("sensors", help="sensor data tools")
    ssub = p.add_subparsers(dest="sensors_command", required=True, metavar="ACTION")
    parse = ssub.add_parser("parse", parents=[common],
                            help="print the observations of a provider's payload as JSON lines")
    from kiosk.core.sensors.providers import NAMES

    parse.add_argument("--provider", required=True, choices=NAMES)
    parse.add_argument("file", metavar="FILE", help="a JSON or CSV payload ('-' for stdin)")
    parse.add_argument("--station", help="the station of a payload that names none (default: "
                                         "from the file name)")
    parse.add_argument("--tz", metavar="ZONE",
                       help="zone of naive timestamps (default: the provider's declared zone)")
    parse.add_argument("--hour-ending", action="store_true",
                       help="the file stamps the end of each period, not its start")
    parse.set_defaults(func=parse_main)
    sources = ssub.add_parser("sources", parents=[common],
                              help="one JSON line per configured source and its last outcome")
    which = sources.add_mutually_exclusive_group()
    which.add_argument("--territory", help="this territory's sources (default: the kiosk's)")
    which.add_argument("--all", action="store_true", help="every territory's sources")
    sources.set_defaults(func=sources_main)


def _iso(ts: float | None) -> str | None:
    import datetime as dt

    if ts is None:
        return None
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sources_main(args: argparse.Namespace) -> int:
    from kiosk import app
    from kiosk.commands.common import emit, fail
    from kiosk.core.sensors.service import SensorsService
    from kiosk.core.sensors.sync import not_configured, source_url

    core = app.load_core(app.Options(data_dir=args.data_dir))
    for problem in core.problems.latest():
        print(f"kiosk: {problem.item}: {problem.message}", file=sys.stderr)
    service = SensorsService(core.paths, core.settings)
    service.open()
    try:
        for item, message in service.problems:
            if item == "sites.toml":
                return fail(message, 3)
        territory = "*" if args.all else args.territory
        statuses = {s.source: s for s in service.statuses()}
        sites: dict[str, list[str]] = {}
        for site, ref in service.catalog.sensors():
            sites.setdefault(f"sensors:{ref.provider}:{ref.station}", []).append(site.id)
        for src in service.sources(territory):
            st = statuses.get(src.key)
            emit({"source": src.key, "provider": src.provider, "station": src.station,
                  "sites": sites.get(src.key, []),
                  "url": source_url(src, core.settings) or (st.url if st else ""),
                  "last_attempt": _iso(st.last_attempt if st else None),
                  "last_success": _iso(st.last_success if st else None),
                  "data_time": _iso(st.data_time if st else None),
                  "not_configured": not_configured(src, core.settings),
                  "ok": st.ok if st else None,
                  "received": st.received if st else None,
                  "stored": st.stored if st else None,
                  "dropped": st.dropped if st else {},
                  "error": st.error if st else None,
                  "last_failure": _iso(st.last_failure if st else None),
                  "failure": st.failure if st else None})
    finally:
        service.close()
    return 0


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
