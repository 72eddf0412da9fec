"""Helpers shared by the subcommands: option types and JSON-line output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kiosk.core.settings import LANGUAGES, TERRITORIES


def size(value: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not WIDTHxHEIGHT") from None
    if not (200 <= w <= 8000 and 200 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"{value!r} is outside 200x200 … 8000x8000")
    return w, h


def add_look_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--territory", choices=list(TERRITORIES))
    p.add_argument("--lang", choices=list(LANGUAGES))


def add_rehearsal_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rehearse", metavar="YYYY-MM-DDTHH:MM",
                   help="a rehearsal at this simulated time (Paris time unless an offset is "
                        "written), in its own data folder; 'répétition' on every screen")
    p.add_argument("--recording", metavar="DIR",
                   help="with --rehearse: the recording (kiosk record) to replay")


def load_core(app, opts):
    """app.load_core, with a rehearsal that cannot start as a rejected input (exit 3)."""
    from kiosk.core.rehearsal.recording import RecordingError
    from kiosk.core.rehearsal.session import RehearsalError

    if opts.recording and not opts.rehearse:
        return None, fail("--recording needs --rehearse", 2)
    try:
        return app.load_core(opts), 0
    except (RehearsalError, RecordingError) as e:
        return None, fail(str(e), 3)


def emit(obj: dict[str, Any]) -> None:
    """One JSON object per line on stdout."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = 1) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return code
