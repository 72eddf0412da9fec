"""The conditions of the moment on the GUI side (`ctx.conditions`): episodes and season.

Computed off the GUI thread (`ctx.sensors.conditions()` on the db pool) whenever the sensors
report new data, and every few minutes (an episode starts and ends with the clock, a
simulated one in rehearsal). Screens and widgets read `current` and connect to `changed`;
until the sensors service is wired `current` is None and nothing is promoted.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)
REFRESH_MS = 5 * 60_000


class ConditionsWatch(QObject):
    """Signals:
    changed(): `current` holds new conditions (another episode, or none any more).
    """

    changed = Signal()

    def __init__(self, ctx, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current = None  # kiosk.core.episodes.Conditions
        self._timer = QTimer(self)
        self._timer.setObjectName("conditions-refresh")
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    @property
    def rehearsal(self) -> bool:
        return self.ctx.sensors is not None and self.ctx.sensors.rehearsal

    def start(self) -> None:
        """Called once the sensors service exists (app.py). The first computation waits for
        the service's first notify_changed (its cache open)."""
        if self._timer.isActive():
            return
        self.ctx.sensors.add_listener(self.refresh)
        self._timer.start()

    def refresh(self) -> None:
        sensors = self.ctx.sensors
        if sensors is None or not sensors.is_open:
            return
        self.ctx.tasks.run(sensors.conditions, pool="db", key="conditions",
                           on_done=self._on_done, on_error=self._on_error)

    def _on_done(self, conditions) -> None:
        old, self.current = self.current, conditions
        if old is None or (old.episodes, old.season) != (conditions.episodes,
                                                         conditions.season):
            self.changed.emit()

    def _on_error(self, error: BaseException) -> None:
        log.warning("conditions: %s: %s", type(error).__name__, error)
        self.ctx.problems.report("sensors", "episodes", f"{type(error).__name__}: {error}")

    @property
    def module_first(self) -> str | None:
        return self.current.module_first if self.current is not None else None
