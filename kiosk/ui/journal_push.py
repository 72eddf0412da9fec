"""The kiosk's side of `journal push`: every few minutes, on a net worker, when it is due.

The push itself (export, send in order, resume, back off) is kiosk.core.journal.push; here a
timer asks for it, the panel's "sync now" forces it (`ctx.syncers["journal"]`), and its
status joins the health screen's sources (`ctx.status`). Nothing of it runs on the GUI thread:
the job reads the push state, builds the health report and talks to the network on the pool.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from kiosk.core.journal import push
from kiosk.core.journal.targets import PushError, Target
from kiosk.ui.context import UiContext

log = logging.getLogger(__name__)

STICK_FOLDER = "kiosk-fleet"  # on a USB stick: the collection point's layout, for the report
CHECK_MS = 5 * 60_000  # how often the timer asks whether a push is due
FIRST_MS = 2 * 60_000  # after start-up: not while the first screens and syncs load


class JournalPush(QObject):
    def __init__(self, ctx: UiContext, parent: QObject, *, clock: Any = time.time) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.last: push.PushReport | None = None
        self.retries = 4  # per file, with a doubling pause (push.py)
        self.timer = QTimer(self)
        self.timer.setObjectName("journal-push")
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.tick)
        ctx.status.register("journal-push", self.statuses)
        ctx.syncers.setdefault("journal", lambda: self.tick(force=True))

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(FIRST_MS, self, self.tick)

    def target(self) -> Target | None:
        try:
            return push.from_settings(self.ctx.settings.collect)
        except PushError as e:
            self.ctx.problems.report("journal", "push", str(e))
            return None

    def statuses(self) -> list:
        """For the health screen (called on a worker)."""
        return push.status(self.ctx.paths, self.target())

    def tick(self, force: bool = False) -> None:
        target = self.target()
        if target is None:
            return
        interval = self.ctx.settings.collect.push_minutes * 60.0
        self.ctx.tasks.run(self._job, target, interval, force, pool="net", key="journal-push",
                           on_done=self._done, on_error=self._error)

    def _job(self, target: Target, interval: float, force: bool) -> push.PushReport | None:
        from kiosk.core.content import usb

        now = self.clock()
        if not force and not push.due(self.ctx.paths, target, interval, now):
            return None
        health = usb.health_report(self.ctx.paths, self.ctx.status.collect(),
                                   self.ctx.problems.latest(50), now)
        return push.push(self.ctx.paths, target, health=health, now=now,
                         retries=self.retries, cancelled=self.ctx.tasks.cancelled)

    def _done(self, report: push.PushReport | None) -> None:
        if report is None:
            return
        self.last = report
        if report.ok:
            log.info("journal push: %d file(s) sent to %s", len(report.sent), report.target)
        else:
            self.ctx.problems.report("journal", "push", report.error or "")

    def _error(self, exc: BaseException) -> None:
        self.ctx.problems.report("journal", "push", f"{type(exc).__name__}: {exc}")


def to_stick(ctx: UiContext, volume: Path) -> push.PushReport:
    """On a worker: the same files as the collection point, into `<stick>/kiosk-fleet/`.

    Raises OSError when the stick refuses them (pulled, full, read-only)."""
    from kiosk.core.content import usb
    from kiosk.core.journal.targets import FolderTarget

    now = time.time()
    health = usb.health_report(ctx.paths, ctx.status.collect(), ctx.problems.latest(50), now)
    report = push.push(ctx.paths, FolderTarget(Path(volume) / STICK_FOLDER), health=health,
                       now=now, retries=0, cancelled=ctx.tasks.cancelled)
    if report.error is not None:
        raise OSError(report.error)
    return report
