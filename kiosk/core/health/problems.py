"""Problems met at run time (a video that will not start, a feed that will not parse…).

One bad item never kills a screen: it is reported here, the health screen lists the latest,
and the log keeps them all. Thread-safe; listeners are called on the reporting thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.core.listeners import Listeners

log = logging.getLogger("kiosk.health")


@dataclass(frozen=True)
class Problem:
    time: float
    source: str  # "video", "exhibit", "agenda", "sensors", "content", "settings", …
    item: str
    message: str


class Problems:
    def __init__(self, keep: int = 200) -> None:
        self._items: deque[Problem] = deque(maxlen=keep)
        self._lock = threading.Lock()
        self._listeners: Listeners[[Problem]] = Listeners("problems")

    def report(self, source: str, item: str, message: str) -> Problem:
        p = Problem(time.time(), source, item, message)
        with self._lock:
            self._items.append(p)
        log.warning("%s %s: %s", source, item, message)
        self._listeners.notify(p)
        return p

    def latest(self, n: int = 20) -> list[Problem]:
        with self._lock:
            return list(self._items)[-n:][::-1]

    def add_listener(self, fn: Callable[[Problem], None]) -> None:
        self._listeners.add(fn)


@dataclass
class SourceStatus:
    """How one data source is doing, for the health screen and `kiosk sync`.

    Times are UNIX seconds (UTC); `data_time` is the newest data held (an observation's time,
    a feed's download), which is what "last updated" badges show — never the current time.
    """

    source: str  # "sensors:atmosud", "agenda:Ville de Marseille", "content:exhibits", …
    ok: bool
    last_attempt: float | None = None
    last_success: float | None = None
    data_time: float | None = None
    detail: str = ""
    error: str | None = None
    # What the capability counts, where it does (sensors): the URL asked, and for the last
    # attempt what arrived, what was stored (new or changed) and what was dropped, by reason.
    url: str = ""
    received: int | None = None
    stored: int | None = None
    dropped: dict[str, int] = field(default_factory=dict)
    # The last failure and its reason, kept after later successes.
    last_failure: float | None = None
    failure: str | None = None


@dataclass
class SyncReport:
    """What one sync run did; each capability's `sync(...)` returns one."""

    area: str  # "sensors", "agenda", "content"
    statuses: list[SourceStatus]
    changed: bool = False

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.statuses)


class StatusBoard:
    """Callables registered by each capability, asked by the health screen for their status."""

    def __init__(self) -> None:
        self._providers: dict[str, Callable[[], list[SourceStatus]]] = {}

    def register(self, area: str, provider: Callable[[], list[SourceStatus]]) -> None:
        self._providers[area] = provider

    def collect(self) -> list[SourceStatus]:
        out: list[SourceStatus] = []
        for area, provider in self._providers.items():
            try:
                out.extend(provider())
            except Exception as e:  # one broken provider never hides the others
                out.append(SourceStatus(area, ok=False, error=str(e)))
        return out
