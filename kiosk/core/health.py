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
from dataclasses import dataclass

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
        self._listeners: list[Callable[[Problem], None]] = []

    def report(self, source: str, item: str, message: str) -> Problem:
        p = Problem(time.time(), source, item, message)
        with self._lock:
            self._items.append(p)
            listeners = list(self._listeners)
        log.warning("%s %s: %s", source, item, message)
        for fn in listeners:
            fn(p)
        return p

    def latest(self, n: int = 20) -> list[Problem]:
        with self._lock:
            return list(self._items)[-n:][::-1]

    def add_listener(self, fn: Callable[[Problem], None]) -> None:
        with self._lock:
            self._listeners.append(fn)
