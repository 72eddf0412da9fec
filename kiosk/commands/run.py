"""`kiosk run`: the kiosk itself, fullscreen (or windowed for development)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time

from kiosk.commands.common import add_look_options, add_rehearsal_options, emit, load_core, size


def register(sub, common) -> None:
    p = sub.add_parser("run", parents=[common], help="start the kiosk")
    p.add_argument("--windowed", action="store_true", help="a normal window, not fullscreen")
    add_look_options(p)
    add_rehearsal_options(p)
    p.add_argument("--size", type=size, help=argparse.SUPPRESS)
    # For the start-up benchmark and the frozen smoke test: quit once the first screen is
    # painted, printing {"event": "first_paint", "seconds": …}.
    p.add_argument("--quit-after-paint", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    from kiosk import app

    opts = app.Options(data_dir=args.data_dir, territory=args.territory, lang=args.lang,
                       windowed=args.windowed, size=args.size, rehearse=args.rehearse,
                       recording=args.recording)
    core, code = load_core(app, opts)
    if core is None:
        return code
    app.setup_logging(core.paths, args.verbose)
    if not app.has_screen():
        return _screenshots_instead(core, opts)
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    kiosk = app.Kiosk(core, opts)
    kiosk.show()
    painted = app.wait_first_paint(kiosk.window)
    emit({"event": "first_paint", "seconds": round(time.perf_counter() - t0, 4),
          "paint_wait": round(painted, 4)})
    if args.quit_after_paint:
        kiosk.shutdown()
        return 0
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, kiosk.start_services)
    # systemd stops the kiosk with SIGTERM: leave the event loop and shut down cleanly (the
    # journal flushed, the watchdog told STOPPING=1) rather than die mid-write.
    def stop(signum, frame) -> None:
        kiosk.window.allow_close()
        kiosk.qapp.quit()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # Python runs a signal handler only when it gets control back from Qt's C++ loop.
    signal_check = QTimer()
    signal_check.setObjectName("signal-check")
    signal_check.timeout.connect(lambda: None)
    signal_check.start(500)
    code = kiosk.qapp.exec()
    kiosk.shutdown()
    emit({"event": "stopped", "code": code})
    return code


def _screenshots_instead(core, opts) -> int:
    """No screen (no DISPLAY): say so and write what the kiosk would show instead."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk import app

    out = core.paths.data / "screenshots"
    print(f"kiosk: no screen here (DISPLAY is not set): writing screenshots to {out} "
          "instead. Run under a desktop session or xvfb-run to see the kiosk.",
          file=sys.stderr)
    kiosk = app.Kiosk(core, opts)
    for target in ("attract", "home"):
        path = out / f"{target}-{core.settings.kiosk.language}.png"
        app.render(kiosk, target, path, opts.size or (1920, 1080))
        emit({"event": "screenshot", "screen": target, "path": str(path)})
    kiosk.shutdown()
    return 0
