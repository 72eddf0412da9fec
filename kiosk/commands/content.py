"""`kiosk content check|status|rollback`: what the kiosk shows, and which bundles it runs."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path


def register(sub, common) -> None:
    p = sub.add_parser("content", help="check, list or roll back the content")
    csub = p.add_subparsers(dest="content_command", required=True, metavar="ACTION")
    check = csub.add_parser("check", parents=[common],
                            help="every problem and missing translation; exit 3 when any")
    check.add_argument("path", nargs="?", type=Path,
                       help="an exhibits folder, a module folder or a bundle (default: "
                            "what the kiosk would show)")
    check.set_defaults(func=_lazy("kiosk.commands.content_check", "main"))
    status = csub.add_parser("status", parents=[common], help="installed bundles as JSON")
    status.set_defaults(func=_lazy("kiosk.commands.bundle", "content_status"))
    rollback = csub.add_parser("rollback", parents=[common],
                               help="return to the previous version of the last install")
    rollback.add_argument("--kind", help="roll back this content kind only")
    rollback.set_defaults(func=_lazy("kiosk.commands.bundle", "content_rollback"))


def _lazy(module: str, name: str):
    """Import the handler only when its command runs: `kiosk --help` stays instant."""

    def run(args: argparse.Namespace) -> int:
        return getattr(importlib.import_module(module), name)(args)

    return run
