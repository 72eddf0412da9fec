"""Change listeners of a core service, told on the GUI thread by app.py after new data."""

from __future__ import annotations

from collections.abc import Callable


class ChangeListeners:
    """Mixin: `add_listener`, `remove_listener`, and `notify_changed` to call them all.

    It has no __init__ (services keep their own constructors): the list appears on first use.
    """

    _listeners: list[Callable[[], None]]

    def add_listener(self, fn: Callable[[], None]) -> None:
        self.__dict__.setdefault("_listeners", []).append(fn)

    def remove_listener(self, fn: Callable[[], None]) -> None:
        listeners = self.__dict__.get("_listeners", [])
        if fn in listeners:
            listeners.remove(fn)

    def notify_changed(self) -> None:
        for fn in list(self.__dict__.get("_listeners", [])):
            fn()
