"""The blocking sensor sync: fetch each source since its last stored time, parse, store.

`sync_sensors` is plain blocking code for a worker thread (the UI schedules it through
`ctx.tasks.run(..., pool="net")`). One failing source never stops the others and never
erases what the cache holds: a failure only records the error in the source's status, which
keeps its last success and data time (ObservationCache.record_status).

Which provider a source is read from, and how, is the provider's own declaration
(providers.REGISTRY, providers/base.py): this module resolves its URL (the sensor's
`endpoint`, else `settings.sensors.providers.<setting>.url`, else the provider's documented
default) and key, calls its fetch and stores what it gives. Each status tells the truth:
received, stored, dropped by reason (report.py) — values older than the retention are
dropped before they are stored, and counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import requests

from kiosk.core import storage
from kiosk.core.health.problems import SourceStatus, SyncReport
from kiosk.core.net import Cancelled
from kiosk.core.sensors import providers, report
from kiosk.core.sensors.cache import ObservationCache, was_checked
from kiosk.core.sensors.model import UNITS, Observation, ParseResult
from kiosk.core.sensors.providers.base import FetchContext, SensorSource
from kiosk.core.sensors.providers.builder import rows_only
from kiosk.core.sensors.providers.http import Http, SourceError
from kiosk.core.sensors.tables import InputRejected

if TYPE_CHECKING:
    from kiosk.core.paths import Paths
    from kiosk.core.settings import ProviderSettings, Settings


log = logging.getLogger(__name__)

# Fetch again a little before the last stored time: providers correct recent values.
OVERLAP = dt.timedelta(hours=3)
BACKFILL = dt.timedelta(days=7)
__all__ = ["SensorSource", "not_configured", "resolve", "source_url", "sync_sensors"]


def sync_sensors(
    paths: Paths,
    settings: Settings,
    session: requests.Session,
    sources: Iterable[SensorSource],
    *,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] = lambda done, total: None,
    now: dt.datetime | None = None,
    backfill: dt.timedelta = BACKFILL,
    http_options: dict[str, Any] | None = None,
    check_integrity: bool | None = None,
) -> SyncReport:
    """Sync every source into `paths.cache_db`; returns one SourceStatus per source.

    Args:
        paths: kiosk.core.paths.Paths (only `cache_db` is used).
        settings: the kiosk Settings (`sensors` section: keys, feed URL, retention).
        session: a requests.Session (kiosk.core.net.make_session()).
        sources: what to sync.
        cancelled: polled between sources and between chunks of a download.
        progress: called with (sources done, sources in all).
        now: the current time (tests); the newest time asked for.
        backfill: how far back the first sync of a source reaches.
        http_options: fields of providers.http.Http (timeout, deadline, retries, …).
        check_integrity: check (and rebuild if corrupt) cache.db while opening it; by
            default only when this process has not checked it yet (the app's own
            ObservationCache did at start), as the whole-file check costs seconds on a year
            of data.
    """
    sources = list(dict.fromkeys(sources))
    now = now or dt.datetime.now(dt.UTC)
    if check_integrity is None:
        check_integrity = not was_checked(paths.cache_db)
    try:
        try:
            cache = ObservationCache(paths.cache_db, check=check_integrity)
        except sqlite3.DatabaseError as e:  # broken since it was checked: check (rebuild) now
            if not storage.is_corrupt(e):
                why = storage.describe(e, paths.cache_db)
                raise storage.DiskError(f"{paths.cache_db.name}: {why}") from e
            cache = ObservationCache(paths.cache_db, check=True)
    except storage.DiskError as e:  # full or read-only: said so, the file is kept
        log.error("sensors: %s", e)
        return SyncReport("sensors", [SourceStatus("sensors:cache", False, time.time(), None,
                                                   None, "", str(e))])
    statuses: list[SourceStatus] = []
    changed = False
    try:
        http = Http(session, cancelled=cancelled, state_get=cache.fetch_state,
                    state_put=cache.save_fetch_state, **(http_options or {}))
        for i, source in enumerate(sources):
            progress(i, len(sources))
            if cancelled():
                break
            try:
                status, n = _sync_one(cache, http, source, settings, now, backfill)
            except Cancelled:
                break  # shutting down: what is stored stays, the rest waits for next time
            except Exception as e:  # a bug met on one source must not skip the others
                log.exception("%s: sync failed", source.key)
                status, n = SourceStatus(source.key, False, time.time(), None, None, "",
                                         f"failed: {type(e).__name__}: {e}"), 0
            changed = changed or n > 0
            cache.record_status(status)
            statuses.append(status)
        if not cancelled():
            cache.purge(settings.sensors.retention_days, now=now)
        progress(len(statuses), len(sources))
    finally:
        cache.close()
    return SyncReport("sensors", statuses, changed)


def resolve(source: SensorSource, settings: Settings) -> tuple[str, str]:
    """(base URL, API key) of a source: its own endpoint, else the provider's settings,
    else the provider's documented default. ValueError for an unknown provider."""
    p = providers.get(source.provider)
    conf: ProviderSettings = getattr(settings.sensors.providers, p.setting)
    return source.endpoint or conf.url or p.default_url, conf.api_key


def source_url(source: SensorSource, settings: Settings) -> str:
    """The URL a source is read from ("" when its provider is unknown or has none)."""
    try:
        base, _key = resolve(source, settings)
    except ValueError:
        return ""
    return providers.get(source.provider).source_url(base, source)


def not_configured(source: SensorSource, settings: Settings) -> str | None:
    """Why a source cannot be asked as configured (unknown provider, no URL, no key)."""
    try:
        p = providers.get(source.provider)
        base, key = resolve(source, settings)
    except ValueError as e:
        return str(e)
    if not base:
        return f"no URL configured (settings: sensors.providers.{p.setting}.url)"
    if p.needs_key and not key:
        return f"no API key configured (settings: sensors.providers.{p.setting}.api_key)"
    return None


def _failed(source: SensorSource, attempt: float, url: str, message: str) -> SourceStatus:
    log.warning("%s: %s", source.key, message)
    return SourceStatus(source.key, False, attempt, None, None, "", message, url=url,
                        last_failure=attempt, failure=message)


def _sync_one(cache: ObservationCache, http: Http, source: SensorSource, settings: Settings,
              now: dt.datetime, backfill: dt.timedelta) -> tuple[SourceStatus, int]:
    attempt = time.time()
    url = source_url(source, settings)
    why = not_configured(source, settings)
    if why is not None:
        return _failed(source, attempt, url, why), 0
    provider = providers.get(source.provider)
    base, key = resolve(source, settings)
    last = cache.last_time(source.provider, source.station)
    since = last - OVERLAP if last is not None else now - backfill
    try:
        with rows_only():
            results = provider.fetch(FetchContext(http, source, base, key, since, now))
    except Cancelled:
        raise
    except (SourceError, InputRejected, ValueError) as e:
        message = str(e) if isinstance(e, SourceError) else f"unreadable answer: {e}"
        return _failed(source, attempt, url, message), 0
    wanted = set(source.quantities)
    cutoff = now - dt.timedelta(days=settings.sensors.retention_days)
    dropped = report.dropped_by_reason(_sum_skipped(results))
    rows = []
    for r in results:
        for row in r.rows or ():
            if wanted and row[1] not in wanted:
                dropped["not_wanted"] = dropped.get("not_wanted", 0) + 1
            elif row[2] < cutoff:
                dropped["too_old"] = dropped.get("too_old", 0) + 1
            else:
                rows.append(row)
    received = len(rows) + sum(dropped.values())
    for r in results:
        if r.stations:
            cache.upsert_stations(
                dataclasses.replace(s, id=source.station) if len(r.stations) == 1 else s
                for s in r.stations)
    # Observations made one at a time as SQLite stores them (see providers.builder.rows_only),
    # filed under the source's station: what the screens ask the cache for.
    p, st = source.provider, source.station
    n = cache.insert(Observation(p, st, q, v, UNITS[q], t, quality, raw, period)
                     for _, q, t, v, quality, raw, period in rows)
    # What arrived and was neither stored nor dropped is already held, unchanged (the
    # overlap fetched again): a duplicate of a stored value, so the counts add up.
    held = len(rows) - n
    if held > 0:
        dropped["duplicate"] = dropped.get("duplicate", 0) + held
    newest = cache.last_time(source.provider, source.station)
    detail = report.describe(received, n, dropped)
    if n == 0:
        log.info("%s: %s", source.key, detail)
    return SourceStatus(source.key, True, attempt, time.time(),
                        newest.timestamp() if newest else None, detail, url=url,
                        received=received, stored=n, dropped=dropped), n


def _sum_skipped(results: list[ParseResult]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in results:
        for k, v in r.skipped.items():
            out[k] = out.get(k, 0) + v
    return out
