"""One agenda sync: fetch each feed of the territory, parse, expand, store; report each feed.

Plain blocking code for a worker thread. A feed that cannot be fetched or read keeps its last
good data and is reported; it never hides the other feeds.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

import requests

from kiosk.core import storage
from kiosk.core.agenda.cache import AgendaStore, FeedState
from kiosk.core.agenda.expand import expand
from kiosk.core.agenda.feeds import active_feeds, resolve_local
from kiosk.core.agenda.fetch import FeedUnavailable, fetch_feed, is_remote
from kiosk.core.agenda.model import FeedSource, zone
from kiosk.core.agenda.parse import FeedError, parse_feed
from kiosk.core.health.problems import SourceStatus, SyncReport
from kiosk.core.net import Cancelled
from kiosk.core.paths import Paths
from kiosk.core.settings import Settings

log = logging.getLogger(__name__)

# Occurrences are stored a little beyond the days shown, so the screen stays full for a
# while after the last sync when the network is gone.
STORE_EXTRA_DAYS = 30


def today(now: float | None = None) -> dt.date:
    return dt.datetime.fromtimestamp(time.time() if now is None else now, zone()).date()


def sync_agenda(
    paths: Paths,
    settings: Settings,
    session: requests.Session | None,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] = lambda done, total: None,
    now: float | None = None,
    store: AgendaStore | None = None,
    offline: bool = False,
) -> SyncReport:
    """Sync the feeds of the current territory into cache.db; `offline` re-expands only."""
    feeds, problems = active_feeds(paths, settings)
    own_store = store is None
    if store is None:
        try:
            store = AgendaStore.open(paths.cache_db)
        except storage.DiskError as e:  # full or read-only: said so, the file is kept
            log.error("agenda: %s", e)
            return SyncReport("agenda", [SourceStatus("agenda:cache", False, error=str(e))])
    statuses: list[SourceStatus] = [SourceStatus("agenda:feeds.toml", False, detail="",
                                                 error=p) for p in problems]
    changed = False
    try:
        for done, feed in enumerate(feeds):
            if cancelled():
                break
            try:
                status, feed_changed = sync_feed(
                    paths, settings, session, store, feed, cancelled=cancelled, now=now,
                    offline=offline)
            except Cancelled:
                break
            except Exception as e:  # a bug met on one feed must not hide the others
                log.exception("agenda %s: sync failed", feed.name)
                store.record_failure(feed, f"{type(e).__name__}: {e}", now)
                status, feed_changed = status_of(feed, store.feed_state(feed.id)), False
            statuses.append(status)
            changed = changed or feed_changed
            progress(done + 1, len(feeds))
    finally:
        if own_store:
            store.close()
    return SyncReport("agenda", statuses, changed)


def sync_feed(paths: Paths, settings: Settings, session: requests.Session | None,
              store: AgendaStore, feed: FeedSource, *, cancelled: Callable[[], bool],
              now: float | None = None, offline: bool = False) -> tuple[SourceStatus, bool]:
    when = time.time() if now is None else now
    start = today(when)
    days = settings.agenda.days + STORE_EXTRA_DAYS
    state = store.feed_state(feed.id)
    stored = state if state is not None and state.raw is not None else None
    have_raw = stored is not None
    remote = is_remote(feed.url)
    if offline and remote:
        fresh = have_raw and _window_covers(state, start, days)
        if not fresh and have_raw:
            _reexpand(store, feed, state, start, days)
        return status_of(feed, store.feed_state(feed.id)), not fresh and have_raw
    url = feed.url if remote else str(resolve_local(paths, feed.url))
    try:
        fetched = fetch_feed(session, url, etag=stored.etag if stored else None,
                             last_modified=stored.last_modified if stored else None,
                             cancelled=cancelled)
    except FeedUnavailable as e:
        store.record_failure(feed, str(e), when)
        state = store.feed_state(feed.id)
        if have_raw and not _window_covers(state, start, days):
            _reexpand(store, feed, state, start, days)  # keep showing the last good feed
        return status_of(feed, store.feed_state(feed.id)), False
    if fetched.not_modified:
        store.record_unchanged(feed, fetched.etag, fetched.last_modified, when)
        state = store.feed_state(feed.id)
        if _window_covers(state, start, days):
            return status_of(feed, state), False
        _reexpand(store, feed, state, start, days)
        return status_of(feed, store.feed_state(feed.id)), True
    raw = fetched.content or b""
    try:
        parsed = parse_feed(raw)
    except FeedError as e:
        store.record_failure(feed, f"{e}", when)
        return status_of(feed, store.feed_state(feed.id)), False
    result = expand(parsed, start, days, zone(), feed_id=feed.id)
    if result.bounded:
        # Reported, and the feed's last good events stay (its new bytes are not stored).
        log.error("agenda %s: %s", feed.name, result.bounded)
        store.record_failure(feed, result.bounded, when)
        return status_of(feed, store.feed_state(feed.id)), False
    skipped = parsed.skipped + result.skipped
    for reason in skipped:
        log.warning("agenda %s: skipped %s", feed.name, reason)
    for warning in parsed.warnings:
        log.warning("agenda %s: read leniently: %s", feed.name, warning)
    store.store_feed(feed, raw=raw, etag=fetched.etag, last_modified=fetched.last_modified,
                     events=parsed.events, skipped=len(skipped),
                     occurrences=result.occurrences, start=start, days=days, when=when,
                     warnings=parsed.warnings)
    return status_of(feed, store.feed_state(feed.id)), True


def _window_covers(state: FeedState | None, start: dt.date, days: int) -> bool:
    if state is None or not state.expanded_start or state.expanded_days is None:
        return False
    return state.expanded_start == start.isoformat() and state.expanded_days >= days


def _reexpand(store: AgendaStore, feed: FeedSource, state: FeedState | None, start: dt.date,
              days: int) -> None:
    """Expand the stored raw feed again for a window starting today (a reboot days later)."""
    if state is None:
        return
    try:
        parsed = parse_feed(state.raw or b"")
    except FeedError as e:
        log.error("agenda %s: the stored feed no longer parses: %s", feed.name, e)
        return
    result = expand(parsed, start, days, zone(), feed_id=feed.id)
    if result.bounded:
        log.error("agenda %s: the stored feed: %s", feed.name, result.bounded)
        return
    store.store_feed(feed, raw=state.raw or b"", etag=state.etag,
                     last_modified=state.last_modified, events=parsed.events,
                     skipped=len(parsed.skipped) + len(result.skipped),
                     occurrences=result.occurrences, start=start, days=days, fetched=False,
                     warnings=parsed.warnings)


def status_of(feed: FeedSource, state: FeedState | None) -> SourceStatus:
    if state is None:
        return SourceStatus(f"agenda:{feed.name}", False, error="never synced")
    detail = f"{state.events} events"
    if state.skipped:
        detail += f", {state.skipped} skipped"
    if state.warnings:
        detail += "; read leniently: " + "; ".join(state.warnings.splitlines())
    return SourceStatus(
        source=f"agenda:{feed.name}",
        ok=state.error is None and state.raw is not None,
        last_attempt=state.last_attempt,
        last_success=state.last_success,
        data_time=state.last_success,
        detail=detail,
        error=state.error,
    )
