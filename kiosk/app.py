"""Composition root: Core (kiosk.startup) → ui → core services → wiring.

The only module that sees both kiosk.core and kiosk.ui. Start-up paints the first screen from
local files only; everything else (databases, network, pyqtgraph) starts after that paint.
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.health import watchdog
from kiosk.core.settings import Settings
from kiosk.startup import Core, Options, has_screen, load_core, setup_logging, window_size

# The commands and tests start the kiosk through this module alone.
__all__ = ["Core", "Kiosk", "Options", "has_screen", "load_core", "render", "setup_logging",
           "wait_first_paint", "window_size"]

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

    from kiosk.core.journal.writer import JournalWriter

log = logging.getLogger("kiosk")


def wait_first_paint(widget, timeout_s: float = 10.0) -> float:
    """Process events until `widget` (or a child) has been painted; returns the time taken."""
    from kiosk.ui.first_paint import wait_first_paint as wait

    return wait(widget, timeout_s)


class Kiosk:
    """The running application: Qt objects built on a Core, services started after paint."""

    def __init__(self, core: Core, opts: Options) -> None:
        from PySide6.QtWidgets import QApplication

        from kiosk.ui import theme as theme_mod
        from kiosk.ui.context import UiContext
        from kiosk.ui.main_window import MainWindow
        from kiosk.ui.tasks import TaskRunner

        self.core = core
        self.opts = opts
        existing = QApplication.instance()
        self.qapp = (existing if isinstance(existing, QApplication)
                     else QApplication([sys.argv[0]]))
        self.qapp.setApplicationName("nature-en-ville-kiosk")
        d = core.settings.display
        theme = theme_mod.build(large_text=d.large_text, high_contrast=d.high_contrast,
                                size=window_size(opts))
        self.qapp.setStyleSheet(theme_mod.stylesheet(theme))
        self.tasks = TaskRunner()
        self.ctx = UiContext(
            paths=core.paths,
            settings=core.settings,
            theme=theme,
            tasks=self.tasks,
            problems=core.problems,
            save_settings=self._save_settings,
        )
        from kiosk.core.content.service import ContentService
        from kiosk.ui.conditions import ConditionsWatch

        self.ctx.conditions = ConditionsWatch(self.ctx)  # episodes and season (issue 16)

        # Cheap (no disk access): loaders may ask ctx.content.dir(kind) from the first screen.
        self.content = ContentService(core.paths, lambda: self.ctx.settings)
        self.ctx.content = self.content
        self.window = MainWindow(self.ctx)
        if core.rehearsal is not None:
            from kiosk.ui.rehearsal import RehearsalBadge

            self.rehearsal_badge = RehearsalBadge(self.ctx, self.window, core.rehearsal.start)
        # systemd's watchdog (a no-op without NOTIFY_SOCKET): READY=1 after the first paint,
        # then WATCHDOG=1 from a GUI-thread timer, so a hung GUI thread gets the kiosk restarted.
        self.notifier = watchdog.Notifier()
        self.keepalive_timer: QTimer | None = None
        self._services_started = False
        self._clock_ticks = 0
        self.journal: JournalWriter | None = None

    def _save_settings(self, new: Settings) -> None:
        self.core.save_settings(new)

    def show(self) -> None:
        self.window.show_kiosk(windowed=self.opts.windowed, size=self.opts.size)

    def start_services(self) -> None:
        """Everything that may wait until the first screen is on glass."""
        if self._services_started:
            return
        self._services_started = True
        self._start_watchdog()
        self._start_journal()
        # Before the network syncs: the exhibition's few files load in ~0.1 s and must
        # not queue behind requests that may wait for their timeouts.
        self._start_exhibits()
        self._start_agenda()
        self._start_sensors()
        self._start_content()
        # Everything built so far lives as long as the kiosk: move it out of the collector's
        # sight, so a full collection (40-130 ms here) never pauses the GUI thread on it.
        gc.collect()
        gc.freeze()
        log.info("services started")

    # --- exhibition and video library: loaded off the GUI thread, reloaded after installs ---
    def _start_exhibits(self) -> None:
        from kiosk.ui.library import exhibits_of, videos_of

        libraries = (exhibits_of(self.ctx), videos_of(self.ctx))
        self.ctx.status.register(
            "exhibits", lambda: [s for lib in libraries for s in lib.statuses()])

        def reload(kinds: list[str]) -> None:
            for lib in libraries:
                if lib.kind in kinds:
                    lib.reload()

        self.content.on_installed(reload)

    # --- the periodic syncs (kiosk.ui.periodic_sync) ----------------------------------------
    def _clock(self) -> Callable[[], float]:
        return self.ctx.clock.now if self.ctx.clock is not None else time.time

    def _start_agenda(self) -> None:
        from kiosk.ui.periodic_sync import start_agenda

        self.agenda_sync = start_agenda(self.ctx, self.window, self._clock())

    def _start_sensors(self) -> None:
        from kiosk.ui.periodic_sync import start_sensors

        self.sensors_sync = start_sensors(self.ctx, self.window, self._clock(),
                                          self.core.rehearsal)

    def _start_content(self) -> None:
        """Recovery, USB sticks, then the network sync (kiosk.ui.content_bridge)."""
        from kiosk.ui.content_bridge import ContentBridge

        self.content_bridge = ContentBridge(self.ctx, self.window)
        self.content_bridge.start()

    # --- journal, clock trust and the facilitator panel's gesture ----------------------------
    def _start_journal(self) -> None:
        from PySide6.QtCore import QTimer

        from kiosk.core.health.clock import ClockTrust
        from kiosk.core.journal.writer import JournalWriter
        from kiosk.ui.admin_gesture import AdminGesture
        from kiosk.ui.journal_bridge import JournalBridge
        from kiosk.ui.journal_push import JournalPush

        paths, s = self.core.paths, self.ctx.settings
        self.clock = (self.core.rehearsal.clock if self.core.rehearsal is not None
                      else ClockTrust(paths.clock_file))
        self.ctx.clock = self.clock
        self.journal = JournalWriter(
            paths.journal_db, retention_days=s.journal.retention_days, clock=self.clock.now,
            clock_ahead=self.clock.ahead_by,
            on_error=lambda message: self.core.problems.report("journal", "journal.db",
                                                               message)).start()
        self.ctx.journal = self.journal
        self.journal_bridge = JournalBridge(self.ctx, self.window, self.journal)
        self.journal_push = JournalPush(self.ctx, self.window, clock=self.clock.now)
        self.journal_push.start()
        self.admin_gesture = AdminGesture(self.window, lambda: self.window.go("admin"))
        self.clock_timer = QTimer(self.window)
        self.clock_timer.setObjectName("clock-save")
        self.clock_timer.setInterval(60_000)
        self.clock_timer.timeout.connect(self._clock_tick)
        self.clock_timer.start()
        self.tasks.run(self.clock.save_if_due, pool="net", key="clock")

    def _clock_tick(self) -> None:
        from kiosk.core.health import clock

        self.tasks.run(self.clock.save_if_due, pool="net", key="clock")
        # A doubtful clock (far ahead, or behind a wrong future value) asks the configured
        # servers' Date header every ten minutes.
        self._clock_ticks += 1
        if self._clock_ticks % 10 == 1:
            urls = clock.server_date_urls(self.ctx.settings)
            if urls:
                self.tasks.run(clock.check_with_servers, self.clock, urls, pool="net",
                               key="clock-servers")

    def _start_watchdog(self) -> None:
        from PySide6.QtCore import QTimer

        self.notifier.ready()
        interval = self.notifier.keepalive_interval
        if interval is None:
            return
        timer = self.keepalive_timer = QTimer(self.window)
        timer.setObjectName("watchdog-keepalive")
        timer.setInterval(max(1, int(interval * 1000)))
        timer.timeout.connect(self.notifier.keepalive)
        timer.start()
        self.notifier.keepalive()

    def shutdown(self) -> None:
        if self.keepalive_timer is not None:
            self.keepalive_timer.stop()
        self.notifier.stopping()
        self.tasks.shutdown(wait=True)
        if self.ctx.agenda is not None:
            self.ctx.agenda.close()
        if self.journal is not None:
            self.journal_bridge.close()  # a visit cut short by the stop is not counted
            self.journal.close()
            self.clock.save()
        self.notifier.close()


def render(kiosk: Kiosk, target: str, out: Path, size: tuple[int, int]) -> None:
    """Show `target` ("home", "exhibit:ID") at `size` and save a real render of it."""
    from PySide6.QtCore import QDeadlineTimer
    from PySide6.QtWidgets import QApplication

    w = kiosk.window
    if not w.isVisible():
        w.resize(*size)
        w.setFixedSize(*size)
        w.show()
        wait_first_paint(w)
    kiosk.start_services()
    screen_id = target.partition(":")[0]
    if screen_id != "attract":
        w.on_activity()
    w.go(target)
    screen = w.current_screen()
    if hasattr(screen, "unlock_for_operator"):
        # The operator at the box's shell renders the staff screens without the PIN.
        screen.unlock_for_operator()
    # Let background loads (caches, catalogs) land before the picture is taken.
    deadline = QDeadlineTimer(15000)
    settle_until = time.perf_counter() + 0.3
    while not deadline.hasExpired():
        QApplication.processEvents()
        if kiosk.tasks.in_flight == 0 and time.perf_counter() > settle_until:
            break
        time.sleep(0.01)
    QApplication.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not w.grab().save(str(out)):
        raise OSError(f"cannot write {out}")
