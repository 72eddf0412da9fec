"""The core's one event mechanism: a list of callbacks told of a change (the UI layer has Qt
signals instead). Services, the interface language, the problems board and content installs
all use `Listeners`; services mix in `ChangeListeners` for their "something new landed"."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, ParamSpec

log = logging.getLogger(__name__)

P = ParamSpec("P")


class Listeners(Generic[P]):
    """Callbacks called in the order added, on the notifying thread. One that raises is
    logged and never stops the others (a broken screen must not keep the rest stale)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._fns: list[Callable[P, None]] = []
        self._lock = threading.Lock()

    def add(self, fn: Callable[P, None]) -> None:
        with self._lock:
            self._fns.append(fn)

    def remove(self, fn: Callable[P, None]) -> None:
        with self._lock:
            if fn in self._fns:
                self._fns.remove(fn)

    def notify(self, *args: P.args, **kwargs: P.kwargs) -> None:
        with self._lock:
            fns = list(self._fns)
        for fn in fns:
            try:
                fn(*args, **kwargs)
            except Exception:
                log.exception("%s listener %r failed", self.name, fn)

    def clear(self) -> None:
        with self._lock:
            self._fns.clear()

    def __len__(self) -> int:
        return len(self._fns)


class ChangeListeners:
    """Mixin: `add_listener`, `remove_listener`, and `notify_changed` to call them all.

    It has no __init__ (services keep their own constructors): the list appears on first use.
    """

    def _change_listeners(self) -> Listeners[[]]:
        found: Listeners[[]] | None = self.__dict__.get("_listeners")
        if found is None:
            found = self.__dict__["_listeners"] = Listeners(type(self).__name__)
        return found

    def add_listener(self, fn: Callable[[], None]) -> None:
        self._change_listeners().add(fn)

    def remove_listener(self, fn: Callable[[], None]) -> None:
        self._change_listeners().remove(fn)

    def notify_changed(self) -> None:
        self._change_listeners().notify()
