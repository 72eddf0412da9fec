"""The agenda as the kiosk uses it: load what to show from cache.db, sync, report status.

Blocking and Qt-free; app.py runs `load` on the db worker and `sync` on the net pool. Loading
never touches the network: it shows what was stored, expanded again for today's window from
the stored raw feed when the last sync is older than today, so a kiosk rebooted with no
network still shows its agenda.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.core import net
from kiosk.core.agenda.cache import AgendaStore
from kiosk.core.agenda.feeds import active_feeds
from kiosk.core.agenda.fetch import is_remote
from kiosk.core.agenda.model import Occurrence, zone
from kiosk.core.agenda.sync import status_of, sync_agenda, sync_feed, today
from kiosk.core.health.problems import SourceStatus, SyncReport
from kiosk.core.listeners import ChangeListeners
from kiosk.core.paths import Paths
from kiosk.core.settings import Settings

if TYPE_CHECKING:
    import requests


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedInfo:
    id: str
    name: str
    colour: str
    example: bool
    last_success: float | None
    error: str | None


@dataclass
class AgendaView:
    start: dt.date
    days: int
    occurrences: list[Occurrence] = field(default_factory=list)
    feeds: dict[str, FeedInfo] = field(default_factory=dict)

    @property
    def updated(self) -> float | None:
        """When the stalest feed holding data was last confirmed: what "last updated" says."""
        times = [f.last_success for f in self.feeds.values() if f.last_success]
        return min(times) if times else None

    @property
    def failing(self) -> list[FeedInfo]:
        return [f for f in self.feeds.values() if f.error]

    def by_day(self) -> list[tuple[dt.date, list[Occurrence]]]:
        """Days of the window with their occurrences.

        An event shows once: on the day it starts, or on the first day of the window when it
        began earlier (a month-long exhibition does not fill every day of the list).
        """
        tz = zone()
        groups: dict[dt.date, list[Occurrence]] = {}
        for o in self.occurrences:
            first = o.start if o.all_day else o.start_instant(tz).astimezone(tz).date()
            day = max(first, self.start)
            if day < self.start + dt.timedelta(days=self.days):
                groups.setdefault(day, []).append(o)
        return sorted(groups.items())


class AgendaService(ChangeListeners):
    def __init__(self, paths: Paths, settings: Settings, *,
                 session_factory: Callable[[], requests.Session] = net.make_session,
                 clock: Callable[[], float] = time.time) -> None:
        self.paths = paths
        self.settings = settings
        # The kiosk's trusted clock (never below the last time seen): "today" comes from it.
        self.clock = clock
        self._session_factory = session_factory
        self._session: requests.Session | None = None
        self._store: AgendaStore | None = None
        self._lock = threading.Lock()
        self._statuses: list[SourceStatus] = []


    def open(self) -> None:
        """Open (or rebuild) the cache; blocking, so never on the GUI thread."""
        with self._lock:
            if self._store is None:
                self._store = AgendaStore.open(self.paths.cache_db, check_same_thread=False)

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def set_settings(self, settings: Settings) -> None:
        self.settings = settings

    def load(self, *, now: float | None = None) -> AgendaView:
        self.open()
        when = self.clock() if now is None else now
        settings = self.settings
        start = today(when)
        view = AgendaView(start, settings.agenda.days)
        feeds, problems = active_feeds(self.paths, settings)
        statuses = [SourceStatus("agenda:feeds.toml", False, error=p) for p in problems]
        tz = zone()
        with self._lock:
            store = self._store
            assert store is not None
            for feed in feeds:
                state = store.feed_state(feed.id)
                try:
                    if not is_remote(feed.url):
                        # A file shipped or installed with the kiosk: read it now (unchanged
                        # files are not parsed again), no network.
                        sync_feed(self.paths, settings, None, store, feed,
                                  cancelled=lambda: False, now=when)
                    elif state is not None and state.raw is not None:
                        # Stored for an older window (a reboot days later): expand again.
                        sync_feed(self.paths, settings, None, store, feed,
                                  cancelled=lambda: False, now=when, offline=True)
                except Exception as e:  # show the other feeds; this one says why it is out
                    log.exception("agenda %s: cannot load", feed.name)
                    store.record_failure(feed, f"{type(e).__name__}: {e}", when)
                state = store.feed_state(feed.id)
                statuses.append(status_of(feed, state))
                view.feeds[feed.id] = FeedInfo(
                    feed.id, feed.name, feed.colour, feed.example,
                    state.last_success if state else None,
                    state.error if state else None)
            lo = dt.datetime.combine(start, dt.time(), tzinfo=tz)
            hi = lo + dt.timedelta(days=view.days)
            occurrences = store.occurrences(list(view.feeds), lo, hi)
        # Partners often list the same event (same UID, same start): show it once, under the
        # first feed of the settings that carries it.
        order = {feed_id: i for i, feed_id in enumerate(view.feeds)}
        unique: dict[tuple[str, dt.datetime], Occurrence] = {}
        for o in sorted(occurrences, key=lambda o: order.get(o.feed_id, len(order))):
            unique.setdefault((o.uid, o.start_instant(tz)), o)
        view.occurrences = sorted(unique.values(), key=lambda o: (*o.sort_key(tz), o.feed_id))
        self._statuses = statuses
        return view

    def sync(self, *, cancelled: Callable[[], bool] = lambda: False,
             progress: Callable[[int, int], None] = lambda done, total: None) -> SyncReport:
        session = self._session
        if session is None:
            session = self._session = self._session_factory()
        report = sync_agenda(self.paths, self.settings, session, cancelled=cancelled,
                             progress=progress, now=self.clock())
        self._statuses = list(report.statuses)
        return report

    def statuses(self) -> list[SourceStatus]:
        """The last known status of each feed; cheap, for the health screen."""
        return list(self._statuses)
