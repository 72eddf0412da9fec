"""One periodic sync per capability (agenda, sensors, content), all wired the same way.

A PeriodicSync owns, for its capability (its `area`):
- the timer that runs the sync every `minutes(settings)` minutes ("<area>-sync");
- the panel's "sync now" entry (`ctx.syncers[area]`);
- the settings listener: the new settings reach the service, the timer takes the new
  interval, and when what the sync depends on (`watched(settings)`) changed, `retargeted`
  is emitted and a sync starts at once;
- its reactions to installed content bundles (`reactions`: bundle kind → callable);
- the report to the problems board: each failed source of a report, and a failed job.

The blocking sync itself is the core service's `sync(cancelled=…)`, run on the net pool with
key `area`, so a slow old sync never overwrites a newer one. Opening a service (its cache on
the db worker) is the capability's own business: see `start_agenda`, `start_sensors` and
kiosk.ui.content_bridge.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.core.health.problems import SourceStatus, SyncReport
from kiosk.core.settings import Settings
from kiosk.ui.context import UiContext

log = logging.getLogger(__name__)

# The first sensor fetch waits a few seconds after the cache is open: the screens already
# show what it holds, and start-up (and `kiosk screenshot`, which renders offline) is not
# spent on it.
SENSORS_FIRST_SYNC_MS = 8_000


class SyncedService(Protocol):
    """What a PeriodicSync needs from a core service."""

    def sync(self, *, cancelled: Callable[[], bool] = ...) -> SyncReport: ...

    def statuses(self) -> list[SourceStatus]: ...


class PeriodicSync(QObject):
    """Signals:
    synced(object): a sync finished (the SyncReport), after its failures were reported.
    failed(object): a sync job raised (the exception), after it was reported.
    retargeted(): the watched settings changed; a sync follows at once.
    """

    synced = Signal(object)
    failed = Signal(object)
    retargeted = Signal()

    def __init__(self, ctx: UiContext, parent: QObject, area: str, service: SyncedService, *,
                 minutes: Callable[[Settings], int],
                 watched: Callable[[Settings], object] = lambda s: None,
                 apply_settings: Callable[[Settings], None] | None = None,
                 enabled: Callable[[], bool] = lambda: True,
                 reactions: Mapping[str, Callable[[], None]] | None = None,
                 error_item: str = "sync") -> None:
        super().__init__(parent)
        self.setObjectName(f"{area}-periodic-sync")
        self.ctx = ctx
        self.area = area
        self.service = service
        self._minutes = minutes
        self._watched = watched
        self._watching = watched(ctx.settings)
        self._apply_settings = apply_settings
        self._enabled = enabled
        self._reactions = dict(reactions or {})
        self._error_item = error_item
        self.timer = QTimer(self)
        self.timer.setObjectName(f"{area}-sync")
        self.timer.setInterval(self._interval_ms(ctx.settings))
        self.timer.timeout.connect(self.sync)
        ctx.status.register(area, service.statuses)
        ctx.syncers.setdefault(area, self.sync)
        ctx.on_settings_changed(self._on_settings)
        if self._reactions and ctx.content is not None:
            ctx.content.on_installed(self._on_installed)

    def _interval_ms(self, settings: Settings) -> int:
        return max(1, self._minutes(settings)) * 60_000

    def start(self, *, sync_now: bool = False) -> None:
        self.timer.start()
        if sync_now:
            self.sync()

    def stop(self) -> None:
        self.timer.stop()

    def sync(self) -> None:
        """Start one sync in the background (the timer, "sync now", a settings change)."""
        if self.ctx.tasks.cancelled():
            self.stop()  # shutting down: the pools refuse new work anyway
            return
        if not self._enabled():
            return
        self.ctx.tasks.run(self.service.sync, cancelled=self.ctx.tasks.cancelled, pool="net",
                           key=self.area, on_done=self._on_synced, on_error=self.report_error)

    def report(self, item: str, message: str) -> None:
        self.ctx.problems.report(self.area, item, message)

    def report_error(self, error: BaseException) -> None:
        """A background job of this capability raised: on the board, then `failed`."""
        self.report(self._error_item, f"{type(error).__name__}: {error}")
        self.failed.emit(error)

    def _on_synced(self, report: SyncReport) -> None:
        for status in report.statuses:
            if not status.ok and status.error:
                self.report(status.source, status.error)
        self.synced.emit(report)

    def _on_settings(self, new: Settings) -> None:
        if self._apply_settings is not None:
            self._apply_settings(new)
        self.timer.setInterval(self._interval_ms(new))
        watching = self._watched(new)
        if watching != self._watching:
            self._watching = watching
            self.retargeted.emit()
            self.sync()

    def _on_installed(self, kinds: list[str]) -> None:
        for kind, react in self._reactions.items():
            if kind in kinds:
                react()


def start_agenda(ctx: UiContext, parent: QObject, clock: Callable[[], float]) -> PeriodicSync:
    """The agenda: cache opened on the db worker, synced every agenda.refresh_minutes."""
    from kiosk.core.agenda.service import AgendaService

    agenda = AgendaService(ctx.paths, ctx.settings, clock=clock)
    ctx.agenda = agenda
    periodic = PeriodicSync(
        ctx, parent, "agenda", agenda, minutes=lambda s: s.agenda.refresh_minutes,
        # The new territory's cached events show at once, then its feeds are fetched.
        watched=lambda s: (s.kiosk.territory, s.agenda), apply_settings=agenda.set_settings,
        # A new agenda bundle (feeds.toml, ICS files) or its rollback: read it at once.
        reactions={"agenda": lambda: periodic.sync()})
    periodic.synced.connect(agenda.notify_changed)
    periodic.retargeted.connect(agenda.notify_changed)
    ctx.tasks.run(agenda.open, pool="db", on_error=periodic.report_error)
    periodic.start(sync_now=True)
    return periodic


def start_sensors(ctx: UiContext, parent: QObject, clock: Callable[[], float],
                  rehearsal: Any = None) -> PeriodicSync:
    """The sensors: cache and sites opened on the db worker, synced every
    sensors.refresh_minutes; a rehearsal replays its recording instead of asking providers."""
    from kiosk.core.sensors.service import SensorsService

    sensors = SensorsService(ctx.paths, ctx.settings, clock=clock)
    ctx.sensors = sensors
    sensors.rehearsal = rehearsal is not None

    def opened(_result: object = None) -> None:
        for item, message in sensors.problems:
            periodic.report(item, message)
        sensors.notify_changed()
        if rehearsal is not None:  # the recording stands in for the providers
            from kiosk.ui.rehearsal import replay

            replay(ctx, rehearsal, sensors.notify_changed)
            return
        QTimer.singleShot(SENSORS_FIRST_SYNC_MS, parent, periodic.sync)

    def reload_sites() -> None:
        """A "sites" bundle was installed or rolled back: new sites, stations, holidays."""
        ctx.tasks.run(sensors.reload_sites, pool="db", on_done=opened,
                      on_error=periodic.report_error)

    periodic = PeriodicSync(
        ctx, parent, "sensors", sensors, minutes=lambda s: s.sensors.refresh_minutes,
        # Territory or parking spot changed: the nearest sites are recomputed at once from
        # what is stored, then the new territory's sources are fetched.
        watched=lambda s: (s.kiosk, s.sensors), apply_settings=sensors.set_settings,
        # Before the cache is open a sync would fail at once; the first one follows the open.
        enabled=lambda: rehearsal is None and sensors.is_open,
        reactions={"sites": reload_sites})
    periodic.synced.connect(sensors.notify_changed)  # new values, or "hors ligne" on badges
    periodic.failed.connect(sensors.notify_changed)
    periodic.retargeted.connect(sensors.notify_changed)
    ctx.tasks.run(sensors.open, pool="db", on_done=opened, on_error=periodic.report_error)
    if ctx.conditions is not None:
        ctx.conditions.start()
    periodic.start()
    return periodic
