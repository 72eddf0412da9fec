"""What every screen receives: the paths, settings, theme, task runner and core services.

app.py builds one UiContext and hands it to the main window, which hands it to each screen.
Services of capabilities are attributes filled by app.py (None until wired); screens check
for None and show an honest message rather than crash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from kiosk.core.health.problems import Problems, StatusBoard
from kiosk.core.paths import Paths
from kiosk.core.settings import Settings
from kiosk.core.settings import check as check_settings
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.core.agenda.service import AgendaService
    from kiosk.core.content.service import ContentService
    from kiosk.core.health.clock import ClockTrust
    from kiosk.core.journal.writer import JournalWriter
    from kiosk.core.rehearsal.session import SimulatedClock
    from kiosk.core.sensors.service import SensorsService
    from kiosk.ui.conditions import ConditionsWatch
    from kiosk.ui.library import Library

log = logging.getLogger(__name__)

Recorder = Callable[[str, dict[str, Any]], None]


class SettingsEvents(QObject):
    """Signals:
    changed(Settings): new settings were applied (territory switch, accessibility…).
    """

    changed = Signal(object)


@dataclass
class UiContext:
    paths: Paths
    settings: Settings
    theme: Theme
    tasks: TaskRunner
    problems: Problems
    save_settings: Callable[[Settings], None] = lambda s: None
    # Capability services, wired by app.py.
    exhibits: Library | None = None
    videos: Library | None = None
    sensors: SensorsService | None = None
    agenda: AgendaService | None = None
    journal: JournalWriter | None = None
    content: ContentService | None = None
    # Episodes and season of the moment (issue 16).
    conditions: ConditionsWatch | None = None
    status: StatusBoard = field(default_factory=StatusBoard)
    # "Sync now" of the facilitator panel: area → a callable run on the GUI thread that starts
    # that area's sync in the background (ctx.tasks) and returns at once. Each capability
    # registers its own in app.py (`ctx.syncers["agenda"] = …`).
    syncers: dict[str, Callable[[], None]] = field(default_factory=dict)
    # The trusted "now" and the health screen's clock (a rehearsal's simulated one).
    clock: ClockTrust | SimulatedClock | None = None
    # The visitor chose easy-to-read French in the accessibility panel (exhibit pages).
    easy_read: bool = False
    _recorders: list[Recorder] = field(default_factory=list)
    # The ui layer's event mechanism is Qt's: settings changes are a signal.
    settings_events: SettingsEvents = field(default_factory=lambda: SettingsEvents())

    def update_settings(self, new: Settings, *, persist: bool = True,
                        on_not_saved: Callable[[BaseException], None] | None = None) -> None:
        """Apply new settings at once and tell every listener (territory switch,
        accessibility…); write settings.toml on the db worker (an fsync on a slow card must
        not freeze a frame). Settings that break a range raise SettingsError here, before
        anything changes. A write that fails (full or read-only disk) is logged, put on the
        problems board and handed to `on_not_saved`: the change holds until the next start.
        The db worker is serial, so the last change is the one on disk."""
        check_settings(new)
        self.settings = new
        self.settings_events.changed.emit(new)
        if persist:
            self.tasks.run(self.save_settings, new, pool="db",
                           on_error=lambda e: self._not_saved(e, on_not_saved))

    def _not_saved(self, error: BaseException,
                   then: Callable[[BaseException], None] | None) -> None:
        log.error("settings not saved: %s: %s", type(error).__name__, error)
        self.problems.report("settings", "save", f"not saved: {type(error).__name__}: {error}")
        if then is not None:
            then(error)

    def on_settings_changed(self, fn: Callable[[Settings], None]) -> None:
        self.settings_events.changed.connect(fn)

    def sync_now(self) -> list[str]:
        """Start every registered sync; returns the areas started (a failing one is logged
        and reported, and never stops the others)."""
        started = []
        for area, fn in list(self.syncers.items()):
            try:
                fn()
                started.append(area)
            except Exception as e:
                log.exception("sync of %s failed to start", area)
                self.problems.report(area, "sync", str(e))
        return started

    def add_recorder(self, fn: Recorder) -> None:
        self._recorders.append(fn)

    def record(self, kind: str, **data: Any) -> None:
        """An interaction worth counting (anonymous; no free text): handed to the journal."""
        for fn in self._recorders:
            try:
                fn(kind, data)
            except Exception:  # the journal must never break a screen
                log.exception("recording %s failed", kind)
