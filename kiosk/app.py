"""Composition root: paths → settings → core services → ui → wiring.

The only module that sees both kiosk.core and kiosk.ui. Start-up paints the first screen from
local files only; everything else (databases, network, pyqtgraph) starts after that paint.
"""

from __future__ import annotations

import gc
import logging
import logging.handlers
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.core import i18n
from kiosk.core import paths as paths_mod
from kiosk.core import settings as settings_mod
from kiosk.core.health import watchdog
from kiosk.core.health.problems import Problems
from kiosk.core.paths import Paths
from kiosk.core.settings import Settings

log = logging.getLogger("kiosk")
SENSORS_FIRST_SYNC_MS = 8_000


def has_screen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def setup_logging(paths: Paths, verbose: bool = False) -> None:
    root = logging.getLogger()
    if getattr(root, "_kiosk_configured", False):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    err = logging.StreamHandler(sys.stderr)
    err.setLevel(logging.DEBUG if verbose else logging.WARNING)
    err.setFormatter(fmt)
    root.addHandler(err)
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(
            paths.logs / "kiosk.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        fh.setFormatter(fmt)
        root.addHandler(fh)
    except OSError as e:  # a read-only or full disk must not stop the kiosk
        root.warning("cannot write logs in %s: %s", paths.logs, e)
    root._kiosk_configured = True  # type: ignore[attr-defined]


@dataclass
class Options:
    data_dir: str | None = None
    territory: str | None = None
    lang: str | None = None
    windowed: bool = False
    large_text: bool | None = None
    high_contrast: bool | None = None
    size: tuple[int, int] | None = None
    rehearse: str | None = None  # "2027-07-15T14:00": a rehearsal at that simulated time
    recording: str | None = None  # the recording folder it replays


def window_size(opts: Options) -> tuple[int, int]:
    """The size the kiosk's window will have: the theme's sizes derive from it."""
    if opts.size:
        return opts.size
    if opts.windowed:
        return (1280, 720)
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    return (screen.size().width(), screen.size().height()) if screen else (1920, 1080)


@dataclass
class Core:
    """What the kiosk knows before any Qt object exists."""

    paths: Paths
    settings: Settings
    problems: Problems = field(default_factory=Problems)
    rehearsal: object = None  # kiosk.core.rehearsal.session.Rehearsal

    def save_settings(self, new: Settings) -> None:
        settings_mod.save(new, self.paths.settings_file)
        self.settings = new


def load_core(opts: Options) -> Core:
    paths = paths_mod.resolve(opts.data_dir).ensure()
    rehearsal = None
    if opts.rehearse:  # its own fresh data folder: the kiosk's data stays untouched
        from kiosk.core.rehearsal import session

        paths, rehearsal = session.prepare(paths, opts.rehearse, opts.recording)
    problems = Problems()
    try:
        settings = settings_mod.load(paths.settings_file)
    except settings_mod.SettingsError as e:
        # A broken settings file must not leave a black screen: run on defaults, say why.
        problems.report("settings", str(paths.settings_file), str(e))
        settings = settings_mod.default_settings()
    kiosk = settings.kiosk
    if opts.territory:
        t = settings_mod.TERRITORIES[opts.territory]
        kiosk = replace(kiosk, territory=t.code, latitude=t.latitude, longitude=t.longitude,
                        parking_stop="")
    if opts.lang:
        kiosk = replace(kiosk, language=opts.lang)
    display = settings.display
    if opts.large_text is not None:
        display = replace(display, large_text=opts.large_text)
    if opts.high_contrast is not None:
        display = replace(display, high_contrast=opts.high_contrast)
    settings = replace(settings, kiosk=kiosk, display=display)
    if rehearsal is not None:
        settings = session.recorded_feeds(settings, rehearsal.recording)
    i18n.configure(paths.locales)
    i18n.set_language(settings.kiosk.language)
    return Core(paths, settings, problems, rehearsal)


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
        self.qapp = QApplication.instance() or QApplication([sys.argv[0]])
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
        self.ctx.content = ContentService(core.paths, lambda: self.ctx.settings)
        self.window = MainWindow(self.ctx)
        if core.rehearsal is not None:
            from kiosk.ui.rehearsal import RehearsalBadge

            self.rehearsal_badge = RehearsalBadge(self.ctx, self.window, core.rehearsal.start)
        # systemd's watchdog (a no-op without NOTIFY_SOCKET): READY=1 after the first paint,
        # then WATCHDOG=1 from a GUI-thread timer, so a hung GUI thread gets the kiosk restarted.
        self.notifier = watchdog.Notifier()
        self.keepalive_timer = None
        self._services_started = False
        self._on_first_paint: list[Callable[[], None]] = []

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
        self.ctx.syncers.setdefault("agenda", self.sync_agenda)
        self._start_sensors()
        self.ctx.syncers.setdefault("sensors", self.sync_sensors)
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
        content = self.ctx.content
        if content is not None and hasattr(content, "on_installed"):
            content.on_installed(
                lambda kinds: [lib.reload() for lib in libraries if lib.kind in kinds])

    # --- content: recovery, USB sticks, network sync (kiosk.ui.content_bridge) -------------
    def _start_content(self) -> None:
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
        self._clock_ticks = getattr(self, "_clock_ticks", 0) + 1
        if self._clock_ticks % 10 == 1:
            urls = clock.server_date_urls(self.ctx.settings)
            if urls:
                self.tasks.run(clock.check_with_servers, self.clock, urls, pool="net",
                               key="clock-servers")

    def sync_now(self) -> list[str]:
        """The panel's "sync now": every area registered in ctx.syncers, in the background."""
        return self.ctx.sync_now()

    # --- agenda: cache opened on the db worker, sync on the net pool every refresh_minutes --
    def _start_agenda(self) -> None:
        from PySide6.QtCore import QTimer

        from kiosk.core.agenda.service import AgendaService

        clock = self.ctx.clock.now if self.ctx.clock is not None else time.time
        agenda = AgendaService(self.core.paths, self.ctx.settings, clock=clock)
        self.ctx.agenda = agenda
        self.ctx.status.register("agenda", agenda.statuses)
        self.tasks.run(agenda.open, pool="db", on_error=self._on_agenda_error)
        self.agenda_timer = QTimer(self.window)
        self.agenda_timer.setObjectName("agenda-sync")
        self.agenda_timer.setInterval(max(1, self.ctx.settings.agenda.refresh_minutes) * 60_000)
        self.agenda_timer.timeout.connect(self.sync_agenda)
        self.agenda_timer.start()
        self.ctx.on_settings_changed(self._on_agenda_settings)
        content = self.ctx.content
        if content is not None and hasattr(content, "on_installed"):
            # A new agenda bundle (feeds.toml, ICS files) or its rollback: read it at once.
            content.on_installed(lambda kinds: self.sync_agenda() if "agenda" in kinds else None)
        self.sync_agenda()

    def sync_agenda(self) -> None:
        agenda = self.ctx.agenda
        self.tasks.run(agenda.sync, cancelled=self.tasks.cancelled, pool="net", key="agenda",
                       on_done=self._on_agenda_synced, on_error=self._on_agenda_error)

    def _on_agenda_synced(self, report) -> None:
        for status in report.statuses:
            if not status.ok and status.error:
                self.core.problems.report("agenda", status.source, status.error)
        self.ctx.agenda.notify_changed()

    def _on_agenda_error(self, error: BaseException) -> None:
        self.core.problems.report("agenda", "sync", f"{type(error).__name__}: {error}")

    def _on_agenda_settings(self, new: Settings) -> None:
        agenda = self.ctx.agenda
        old = agenda.settings
        agenda.set_settings(new)
        self.agenda_timer.setInterval(max(1, new.agenda.refresh_minutes) * 60_000)
        if (old.kiosk.territory, old.agenda) != (new.kiosk.territory, new.agenda):
            agenda.notify_changed()  # the new territory's cached events show at once
            self.sync_agenda()

    # --- sensors: cache and sites opened on the db worker, sync on the net pool -------------
    def _start_sensors(self) -> None:
        from PySide6.QtCore import QTimer

        from kiosk.core.sensors.service import SensorsService

        clock = self.ctx.clock.now if self.ctx.clock is not None else time.time
        sensors = SensorsService(self.core.paths, self.ctx.settings, clock=clock)
        self.ctx.sensors = sensors
        sensors.rehearsal = self.core.rehearsal is not None
        self.ctx.conditions.start()
        self.ctx.status.register("sensors", sensors.statuses)
        self.tasks.run(sensors.open, pool="db", on_done=self._on_sensors_opened,
                       on_error=self._on_sensors_error)
        self.sensors_timer = QTimer(self.window)
        self.sensors_timer.setObjectName("sensors-sync")
        self.sensors_timer.setInterval(max(1, self.ctx.settings.sensors.refresh_minutes)
                                       * 60_000)
        self.sensors_timer.timeout.connect(self.sync_sensors)
        self.sensors_timer.start()
        self.ctx.on_settings_changed(self._on_sensors_settings)
        if self.ctx.content is not None:
            self.ctx.content.on_installed(self._on_sensors_content)

    def _on_sensors_content(self, kinds: list[str]) -> None:
        """A "sites" bundle was installed or rolled back: new sites, stations, holidays."""
        if "sites" in kinds:
            self.tasks.run(self.ctx.sensors.reload_sites, pool="db",
                           on_done=self._on_sensors_opened, on_error=self._on_sensors_error)

    def _on_sensors_opened(self, _result=None) -> None:
        from PySide6.QtCore import QTimer

        for item, message in self.ctx.sensors.problems:
            self.core.problems.report("sensors", item, message)
        self.ctx.sensors.notify_changed()
        if self.core.rehearsal is not None:  # the recording stands in for the providers
            from kiosk.ui.rehearsal import replay

            replay(self.ctx, self.core.rehearsal, self.ctx.sensors.notify_changed)
            return
        # The screens already show what the cache holds; the first fetch waits a few seconds
        # so start-up (and `kiosk screenshot`, which renders offline) is not spent on it.
        QTimer.singleShot(SENSORS_FIRST_SYNC_MS, self.window, self.sync_sensors)

    def sync_sensors(self) -> None:
        sensors = self.ctx.sensors
        if self.core.rehearsal is not None:
            return  # a rehearsal never asks the providers: it replays its recording
        self.tasks.run(sensors.sync, cancelled=self.tasks.cancelled, pool="net", key="sensors",
                       on_done=self._on_sensors_synced, on_error=self._on_sensors_error)

    def _on_sensors_synced(self, report) -> None:
        for status in report.statuses:
            if not status.ok and status.error:
                self.core.problems.report("sensors", status.source, status.error)
        self.ctx.sensors.notify_changed()  # new values, or "hors ligne" on the badges

    def _on_sensors_error(self, error: BaseException) -> None:
        self.core.problems.report("sensors", "sync", f"{type(error).__name__}: {error}")
        if self.ctx.sensors is not None:
            self.ctx.sensors.notify_changed()

    def _on_sensors_settings(self, new: Settings) -> None:
        sensors = self.ctx.sensors
        old = sensors.settings
        sensors.set_settings(new)
        self.sensors_timer.setInterval(max(1, new.sensors.refresh_minutes) * 60_000)
        if (old.kiosk, old.sensors) != (new.kiosk, new.sensors):
            # Territory or parking spot changed: the nearest sites are recomputed at once
            # from what is stored, then the new territory's sources are fetched.
            sensors.notify_changed()
            self.sync_sensors()

    def _start_watchdog(self) -> None:
        from PySide6.QtCore import QTimer

        self.notifier.ready()
        interval = self.notifier.keepalive_interval
        if interval is None:
            return
        self.keepalive_timer = QTimer(self.window)
        self.keepalive_timer.setObjectName("watchdog-keepalive")
        self.keepalive_timer.setInterval(max(1, int(interval * 1000)))
        self.keepalive_timer.timeout.connect(self.notifier.keepalive)
        self.keepalive_timer.start()
        self.notifier.keepalive()

    def shutdown(self) -> None:
        if self.keepalive_timer is not None:
            self.keepalive_timer.stop()
        self.notifier.stopping()
        self.tasks.shutdown(wait=True)
        if self.ctx.agenda is not None:
            self.ctx.agenda.close()
        journal = getattr(self, "journal", None)
        if journal is not None:
            self.journal_bridge.close()  # a visit cut short by the stop is not counted
            journal.close()
            self.clock.save()
        self.notifier.close()


def wait_first_paint(widget, timeout_s: float = 10.0) -> float:
    """Process events until `widget` (or a child) has been painted; returns the time taken."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    painted: list[float] = []

    class Spy(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt API
            if (not painted and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                    and (obj is widget or widget.isAncestorOf(obj))):
                painted.append(time.perf_counter())
            return False

    app = QApplication.instance()
    spy = Spy()
    app.installEventFilter(spy)
    start = time.perf_counter()
    try:
        while not painted and time.perf_counter() - start < timeout_s:
            app.processEvents()
    finally:
        app.removeEventFilter(spy)
    return (painted[0] if painted else time.perf_counter()) - start


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
    if hasattr(w.current_screen(), "unlock_for_operator"):
        # The operator at the box's shell renders the staff screens without the PIN.
        w.current_screen().unlock_for_operator()
    # Let background loads (caches, catalogs) land before the picture is taken.
    app = QApplication.instance()
    deadline = QDeadlineTimer(15000)
    settle_until = time.perf_counter() + 0.3
    while not deadline.hasExpired():
        app.processEvents()
        if kiosk.tasks.in_flight == 0 and time.perf_counter() > settle_until:
            break
        time.sleep(0.01)
    app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not w.grab().save(str(out)):
        raise OSError(f"cannot write {out}")
