"""`ctx.content`: the content service the app and the screens share.

Blocking methods (`install`, `sync`, `scan_usb`, `recover`) are meant for worker threads
(`ctx.tasks.run(...)`). `notify_installed` must be called on the GUI thread once an install or
rollback is done: it calls every `on_installed` listener with the kinds that changed, so the
exhibits, videos, sites and agenda loaders re-read `dir(kind)` without a restart.
The latest transfer progress is kept here (thread-safe) for the USB screen and the health
screen to poll.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core.content.progress import Transfer
from kiosk.core.health.problems import Problem, SourceStatus, SyncReport
from kiosk.core.listeners import Listeners
from kiosk.core.paths import CONTENT_KINDS, Paths
from kiosk.core.settings import Settings

if TYPE_CHECKING:
    import requests
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from kiosk.core.content import install as install_mod
    from kiosk.core.content import usb

# The service is built before the first paint, so its heavy parts load on first use:
# cryptography (keys, verify, install) ~50 ms, requests (sync) ~90 ms.

log = logging.getLogger(__name__)


@dataclass
class BatchResult:
    installed: list[install_mod.InstallResult]
    failed: Path | None = None
    error: BaseException | None = None

    @property
    def kinds(self) -> list[str]:
        return kinds_changed(self.installed)


class ContentService:
    def __init__(self, paths: Paths, settings: Callable[[], Settings]) -> None:
        self.paths = paths
        self._settings = settings
        self._listeners: Listeners[[list[str]]] = Listeners("content installed")
        self._lock = threading.Lock()
        self._progress: Transfer | None = None
        self.last_report: SyncReport | None = None
        self.last_error: str | None = None
        self.recovery_actions: list[str] = []
        self.sticks: list[usb.Stick] = []
        self._stick_listeners: Listeners[[list[usb.Stick]]] = Listeners("USB sticks")
        self.busy = False  # an install from a stick or the network is running

    # --- listeners (GUI thread) ---------------------------------------------------------
    def on_installed(self, fn: Callable[[list[str]], None]) -> None:
        """`fn(kinds)` after an install or rollback changed the content of `kinds`."""
        self._listeners.add(fn)

    def notify_installed(self, kinds: list[str]) -> None:
        self._listeners.notify(list(kinds))

    def on_sticks_changed(self, fn: Callable[[list[usb.Stick]], None]) -> None:
        """`fn(sticks)` when the sticks seen (or their bundles) change."""
        self._stick_listeners.add(fn)

    def set_sticks(self, sticks: list[usb.Stick]) -> bool:
        """The latest scan (GUI thread); returns True when it differs from the last one."""
        if sticks == self.sticks:
            return False
        self.sticks = sticks
        self._stick_listeners.notify(sticks)
        return True

    # --- reading ------------------------------------------------------------------------
    def trusted(self) -> list[Ed25519PublicKey]:
        from kiosk.core.content import keys

        return keys.trusted_from_settings(self._settings().content.trusted_keys)

    def dir(self, kind: str, loads_ok: Callable[[Path], bool] | None = None) -> Path | None:
        """The folder to load `kind` from (current → previous → shipped)."""
        from kiosk.core.content import store

        return store.usable_dir(self.paths, kind, loads_ok)

    def status(self) -> dict[str, Any]:
        from kiosk.core.content import store

        return store.status(self.paths)

    def statuses(self) -> list[SourceStatus]:
        """For ctx.status: one line per kind, plus the last network sync."""
        out = []
        for kind, info in self.status().items():
            if info is None:
                out.append(SourceStatus(f"content:{kind}", ok=True, detail="shipped content"))
            else:
                prev = info["previous"]
                detail = f"{info['id']} {info['version']}"
                if prev:
                    detail += f" (previous {prev['version']})"
                out.append(SourceStatus(f"content:{kind}", ok=True, detail=detail))
        from kiosk.core.content import sync

        state = sync.load_state(self.paths)
        if self._settings().content.sync_url or state:
            out.append(SourceStatus("content:sync", ok=not state.get("error"),
                                    last_attempt=state.get("last_attempt"),
                                    last_success=state.get("last_success"),
                                    error=state.get("error")))
        p = self.progress
        if p is not None:
            out.append(SourceStatus("content:transfer", ok=True,
                                    detail=f"{p.phase} {p.done}/{p.total} bytes"))
        return out

    # --- progress (any thread) ----------------------------------------------------------
    @property
    def progress(self) -> Transfer | None:
        with self._lock:
            return self._progress

    def set_progress(self, t: Transfer | None) -> None:
        with self._lock:
            self._progress = t

    # --- blocking work (worker threads) -------------------------------------------------
    def recover(self) -> list[str]:
        from kiosk.core.content import install as install_mod

        self.recovery_actions = install_mod.recover(self.paths, self.trusted())
        for a in self.recovery_actions:
            log.info("content recovery: %s", a)
        return self.recovery_actions

    def install(self, path: Path, *, cancelled: Callable[[], bool] = lambda: False,
                progress: Callable[[Transfer], None] | None = None,
                allow_downgrade: bool = False) -> install_mod.InstallResult:
        from kiosk.core.content import install as install_mod

        cfg = self._settings().content
        try:
            return install_mod.install(
                self.paths, path, self.trusted(), max_bytes=cfg.max_bundle_mb * 1024 * 1024,
                reserve_bytes=cfg.reserve_mb * 1024 * 1024, cancelled=cancelled,
                progress=self._tee(progress), allow_downgrade=allow_downgrade)
        finally:
            self.set_progress(None)

    def install_many(self, paths: list[Path], *, cancelled: Callable[[], bool] = lambda: False,
                     progress: Callable[[Transfer], None] | None = None,
                     allow_downgrade: Collection[Path] = ()) -> BatchResult:
        """Install several bundles in turn (a stick's); stops at the first failure, keeping
        the ones done before it. Those in `allow_downgrade` may go backwards (chosen)."""
        from kiosk.core.content import install as install_mod
        from kiosk.core.content.manifest import Rejected
        from kiosk.core.content.source import SourceGone
        from kiosk.core.content.verify import Cancelled

        done: list[install_mod.InstallResult] = []
        for p in paths:
            try:
                done.append(self.install(p, cancelled=cancelled, progress=progress,
                                         allow_downgrade=p in allow_downgrade))
            except (Rejected, SourceGone, Cancelled, install_mod.Busy, OSError) as e:
                return BatchResult(done, p, e)
        return BatchResult(done)

    def rollback(self, kind: str | None = None) -> install_mod.RollbackResult:
        from kiosk.core.content import install as install_mod

        return install_mod.rollback(self.paths, self.trusted(), kind)

    def sync(self, session: requests.Session | None = None, *,
             cancelled: Callable[[], bool] = lambda: False) -> SyncReport:
        from kiosk.core import net
        from kiosk.core.content import sync

        report = sync.sync_content(self.paths, self._settings(),
                                   session or net.make_session(), cancelled=cancelled,
                                   progress=self._tee(None))
        self.set_progress(None)
        self.last_report = report
        return report

    def scan_usb(self) -> list[usb.Stick]:
        from kiosk.core.content import usb

        return usb.scan(self._settings(), self.paths)

    def write_health_report(self, folder: Path, statuses: list[SourceStatus],
                            problems: list[Problem]) -> Path:
        from kiosk.core.content import usb

        report = usb.health_report(self.paths, statuses, problems, time.time())
        return usb.write_health_report(folder, report)

    def _tee(self, progress: Callable[[Transfer], None] | None) -> Callable[[Transfer], None]:
        def both(t: Transfer) -> None:
            self.set_progress(t)
            if progress is not None:
                progress(t)

        return both


def kinds_changed(results: list[install_mod.InstallResult]) -> list[str]:
    return [k for k in CONTENT_KINDS if any(r.kind == k and r.changed for r in results)]
