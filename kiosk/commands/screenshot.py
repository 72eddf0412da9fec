"""`kiosk screenshot`: a real render of one screen to a PNG, with or without a display."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kiosk.commands.common import (
    add_look_options,
    add_rehearsal_options,
    emit,
    fail,
    load_core,
    size,
)


def register(sub, common) -> None:
    p = sub.add_parser("screenshot", parents=[common], help="render a screen to a PNG file")
    p.add_argument("out", type=Path, metavar="OUT.png")
    p.add_argument("--screen", default="attract",
                   help="attract|home|exhibits|exhibit:ID|videos|sensors|trends|agenda|"
                        "admin|health")
    add_look_options(p)
    add_rehearsal_options(p)
    p.add_argument("--size", type=size, default=(1920, 1080))
    p.add_argument("--large-text", action="store_true", default=None)
    p.add_argument("--high-contrast", action="store_true", default=None)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from kiosk import app

    if not app.has_screen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    from kiosk.ui import screens

    screen_id = args.screen.partition(":")[0]
    if screen_id not in screens.SCREENS:
        return fail(f"unknown screen {args.screen!r}; known: {', '.join(screens.SCREENS)}", 2)
    opts = app.Options(data_dir=args.data_dir, territory=args.territory, lang=args.lang,
                       large_text=args.large_text, high_contrast=args.high_contrast,
                       size=args.size, rehearse=args.rehearse, recording=args.recording)
    core, code = load_core(app, opts)
    if core is None:
        return code
    app.setup_logging(core.paths, args.verbose)
    kiosk = app.Kiosk(core, opts)
    try:
        app.render(kiosk, args.screen, args.out, args.size)
    except OSError as e:
        return fail(str(e))
    finally:
        kiosk.shutdown()
    emit({"event": "screenshot", "screen": args.screen, "path": str(args.out),
          "size": list(args.size)})
    return 0
