"""Wires the content service to the running kiosk: recovery, USB polling, network sync.

- Start: recovery (wipe staging, repair `current`) on a worker right after the first paint;
  listeners hear about kinds whose `current` it changed.
- USB: a timer scans the mount roots every few seconds on a worker. A new stick holding
  bundles newer than (or absent from) the installed ones opens the "usb" screen, where a
  facilitator confirms with the PIN; with `content.usb_auto_install` they install at once.
- Network: `content.sync_minutes` timer and the panel's "sync now" (ctx.syncers["content"]).
- After any install: `ctx.content.notify_installed(kinds)` on the GUI thread, and a settings
  bundle reloads the settings through `ctx.update_settings` (territory etc. switch live).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from kiosk.core import settings as settings_mod
from kiosk.core.content.manifest import Rejected
from kiosk.core.content.service import BatchResult, ContentService
from kiosk.core.content.source import SourceGone
from kiosk.core.content.usb import Offer, Stick
from kiosk.core.content.verify import Cancelled, DiskFull
from kiosk.core.health.problems import SyncReport
from kiosk.core.i18n import _
from kiosk.core.paths import CONTENT_KINDS
from kiosk.ui.context import UiContext
from kiosk.ui.periodic_sync import PeriodicSync
from kiosk.ui.screens import STAFF_SCREENS
from kiosk.ui.staff_words import english, rejection_text

if TYPE_CHECKING:
    from kiosk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

USB_POLL_MS = 3000


def error_text(error: BaseException) -> str:
    """What the facilitator reads when an install stops."""
    if isinstance(error, SourceGone):
        return _("La clé a été retirée pendant la copie : rien n'a été installé.")
    if isinstance(error, Cancelled):
        return _("Installation annulée : le contenu précédent reste en place.")
    if isinstance(error, DiskFull):
        return _("Disque plein : rien n'a été installé.")
    if isinstance(error, Rejected):
        return _("Paquet refusé : {why}").format(why=rejection_text(error.reason, error.detail))
    return _("Échec de l'installation : {error}").format(error=english(str(error)))


def start_install(ctx: UiContext, offers: list[Offer], cancel: threading.Event,
                  on_finished: Callable[[BatchResult], None]) -> bool:
    """Install `offers` on a worker; False when another install runs already."""
    service: ContentService | None = ctx.content
    if service is None or service.busy or not offers:
        return False
    service.busy = True

    def done(result: BatchResult) -> None:
        service.busy = False
        if result.kinds:
            service.notify_installed(result.kinds)
        if result.error is not None:
            ctx.problems.report("content", str(result.failed), str(result.error))
        on_finished(result)

    def failed(error: BaseException) -> None:
        done(BatchResult([], None, error))

    # The facilitator tapped an older (or rolled-back) offer: that is the explicit choice a
    # downgrade needs; an automatic install only ever takes new and newer ones.
    backwards = [o.path for o in offers if o.state in ("older", "rolled-back")]
    ctx.tasks.run(service.install_many, [o.path for o in offers], allow_downgrade=backwards,
                  cancelled=lambda: cancel.is_set() or ctx.tasks.cancelled(),
                  on_done=done, on_error=failed, pool="net", key="content-install")
    return True


class ContentBridge(QObject):
    def __init__(self, ctx: UiContext, window: MainWindow) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        service = ctx.content
        assert service is not None, "the composition root builds ctx.content first"
        self.service: ContentService = service
        self._known: set[str] = set()
        self._scanning = False
        self.periodic = PeriodicSync(
            ctx, self, "content", service, minutes=lambda s: s.content.sync_minutes,
            enabled=lambda: bool(ctx.settings.content.sync_url), error_item="service",
            reactions={"settings": self._reload_settings})
        self.periodic.synced.connect(self._on_synced)
        self.usb_timer = QTimer(self)
        self.usb_timer.setObjectName("content-usb-poll")
        self.usb_timer.setInterval(USB_POLL_MS)
        self.usb_timer.timeout.connect(self.scan_usb)

    def start(self) -> None:
        if self._stopped():
            return
        self.ctx.tasks.run(self.service.recover, on_done=self._on_recovered,
                           on_error=self.periodic.report_error, pool="net",
                           key="content-recover")

    def _on_recovered(self, actions: list[str]) -> None:
        if self._stopped():
            return
        changed = [k for k in CONTENT_KINDS if any(a.startswith(f"{k}:") for a in actions)]
        if changed:
            self.service.notify_installed(changed)
        self.usb_timer.start()
        self.scan_usb()
        self.periodic.start(sync_now=True)

    # --- USB --------------------------------------------------------------------------------
    def _stopped(self) -> bool:
        """The kiosk is shutting down: no new work (the task pools refuse it)."""
        if self.ctx.tasks.cancelled():
            self.stop()
            return True
        return False

    def scan_usb(self) -> None:
        if self._scanning or self.service.busy or self._stopped():
            return
        self._scanning = True
        self.ctx.tasks.run(self.service.scan_usb, on_done=self._on_scanned,
                           on_error=self._on_scan_error, pool="net", key="content-usb")

    def _on_scan_error(self, error: BaseException) -> None:
        self._scanning = False
        log.warning("USB scan failed: %s", error)

    def _on_scanned(self, sticks: list[Stick]) -> None:
        self._scanning = False
        self.service.set_sticks(sticks)
        seen = {str(s.folder) for s in sticks}
        arrived = [s for s in sticks if str(s.folder) not in self._known]
        self._known = seen
        pending = [o for s in arrived for o in s.pending]
        if not pending:
            return
        if self.ctx.settings.content.usb_auto_install:
            start_install(self.ctx, pending, threading.Event(), self._on_auto_installed)
            return
        current = self.window.current[0]
        if current not in STAFF_SCREENS and current != "usb":
            self.window.go("usb")

    def _on_auto_installed(self, result: BatchResult) -> None:
        log.info("USB auto-install: %d installed%s", len(result.installed),
                 f", stopped: {result.error}" if result.error else "")

    # --- network (the sync itself and its problems: self.periodic) ------------------------
    def sync(self) -> None:
        self.periodic.sync()

    def _on_synced(self, report: SyncReport) -> None:
        kinds = []
        for status in report.statuses:
            kind = status.source.partition(":")[2]
            if status.ok and kind in CONTENT_KINDS and status.detail.startswith("installed"):
                kinds.append(kind)
        if kinds:
            self.service.notify_installed(kinds)

    def _reload_settings(self) -> None:
        """A settings bundle was installed or rolled back: the kiosk switches to it live."""
        try:
            new = settings_mod.load(self.ctx.paths.settings_file)
        except settings_mod.SettingsError as e:
            self.ctx.problems.report("settings", "bundle", str(e))
            return
        self.ctx.update_settings(new, persist=False)  # the bundle wrote the file

    def stop(self) -> None:
        self.usb_timer.stop()
        self.periodic.stop()
