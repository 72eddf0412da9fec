"""`kiosk agenda expand`: the occurrences of one iCalendar feed in a window, as JSON lines."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from kiosk.commands.common import emit, fail


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def _days(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days") from None
    if not 1 <= n <= 3660:
        raise argparse.ArgumentTypeError(f"{value!r}: give between 1 and 3660 days")
    return n


def register(sub, common) -> None:
    p = sub.add_parser("agenda", help="the event calendar")
    asub = p.add_subparsers(dest="agenda_command", required=True, metavar="ACTION")
    ex = asub.add_parser(
        "expand", parents=[common],
        help="print the occurrences of a feed overlapping [start, start + days) as JSON lines")
    ex.add_argument("source", metavar="FILE_OR_URL", help="an .ics file or an http(s) URL")
    ex.add_argument("--start", type=_date, required=True, metavar="YYYY-MM-DD")
    ex.add_argument("--days", type=_days, required=True, metavar="N")
    ex.add_argument("--tz", default="Europe/Paris",
                    help="zone of the window and of the output (default Europe/Paris)")
    ex.set_defaults(func=expand_main)


def expand_main(args: argparse.Namespace) -> int:
    from kiosk.core.agenda.expand import expand, resolve_zone
    from kiosk.core.agenda.fetch import FeedUnavailable, fetch_feed
    from kiosk.core.agenda.parse import FeedError, parse_feed

    zone = resolve_zone(args.tz)
    if zone is None:
        return fail(f"--tz: unknown time zone {args.tz!r}", 2)
    try:
        fetched = fetch_feed(None, args.source)
    except FeedUnavailable as e:
        return fail(f"cannot read {args.source}: {e}")
    try:
        feed = parse_feed(fetched.content or b"")
    except FeedError as e:
        return fail(f"{args.source}: {e}", 3)
    try:
        result = expand(feed, args.start, args.days, zone)
    except Exception as e:  # the feed parsed but cannot be expanded as a whole
        return fail(f"{args.source}: cannot expand the feed: {type(e).__name__}: {e}", 3)
    if result.bounded:  # a rule bomb: nothing half-expanded is printed
        return fail(f"{args.source}: {result.bounded}", 3)
    for warning in feed.warnings:
        print(f"kiosk: {args.source}: warning: {warning}", file=sys.stderr)
    for occurrence in result.occurrences:
        emit(occurrence.to_json())
    skipped = feed.skipped + result.skipped
    if skipped:
        print(f"kiosk: {args.source}: skipped {len(skipped)} broken event(s)", file=sys.stderr)
        for reason in skipped:
            print(f"kiosk:   {reason}", file=sys.stderr)
    return 0
