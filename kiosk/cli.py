"""The command-line contract of DESIGN.md: parsing only; each subcommand lives in commands/.

Exit codes: 0 success, 2 usage error, 3 input rejected (the message names the reason),
1 anything else. JSON lines go to stdout, diagnostics to stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from kiosk import __version__

# Each module of kiosk.commands adds its subparser(s) with register(subparsers).
COMMAND_MODULES = (
    "run",
    "screenshot",
    "content",
    "agenda",
    "journal",
    "bundle",
    "sensors",
    "sync",
    "record",
    "fleet",
    "clock",
)

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", help="keep every file of the kiosk here")
    common.add_argument("-v", "--verbose", action="store_true", help="log more on stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"kiosk.commands.{name}").register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
