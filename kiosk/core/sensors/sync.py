"""The blocking sensor sync: fetch each source since its last stored time, parse, store.

`sync_sensors` is plain blocking code for a worker thread (the UI schedules it through
`ctx.tasks.run(..., pool="net")`). One failing source never stops the others and never
erases what the cache holds: a failure only records the error in the source's status, which
keeps its last success and data time (ObservationCache.record_status).

The sites loader maps each sensor of sites.toml to one `SensorSource`:

- `provider`: one of `providers.NAMES`;
- `station`: the provider's station id, which is also the id the cache files the data under
  (so `cache.latest(station, quantity, provider=provider)` finds it):
  `atmosud` a reference station (`FR24023`: `/observations/stations/mesures`) or a capteurs
  site (a number: `/observations/capteurs/mesures`); `microspot` a device id; `openaq` a
  location id; `project` a site id of the project's feed (`settings.sensors.project_feed_url`);
  `sensor.community` a location or sensor id;
- `quantities`: what to fetch and keep (empty: all the provider gives);
- `sensor_ids` (sensor.community only): the sensor ids of that location (its PM and weather
  sensors); when empty the station itself is asked for as a sensor id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import requests

from kiosk.core import storage
from kiosk.core.health.problems import SourceStatus, SyncReport
from kiosk.core.net import Cancelled
from kiosk.core.sensors.cache import ObservationCache, was_checked
from kiosk.core.sensors.model import UNITS, Observation, ParseResult
from kiosk.core.sensors.providers import (
    NAMES,
    atmosud,
    microspot,
    openaq,
    project,
    sensor_community,
)
from kiosk.core.sensors.providers.builder import rows_only
from kiosk.core.sensors.providers.http import Http, SourceError
from kiosk.core.sensors.tables import InputRejected

log = logging.getLogger(__name__)

# Fetch again a little before the last stored time: providers correct recent values.
OVERLAP = dt.timedelta(hours=3)
BACKFILL = dt.timedelta(days=7)
DEFAULT_ENDPOINTS = {
    "atmosud": atmosud.BASE_URL,
    "microspot": microspot.EXPORT_URL,
    "sensor.community": sensor_community.BASE_URL,
    "openaq": openaq.BASE_URL,
}


@dataclass(frozen=True)
class SensorSource:
    """One thing to sync (see the module docstring for what each field means)."""

    provider: str
    station: str
    quantities: tuple[str, ...] = ()
    sensor_ids: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"sensors:{self.provider}:{self.station}"


def sync_sensors(
    paths,
    settings,
    session: requests.Session,
    sources: Iterable[SensorSource],
    *,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] = lambda done, total: None,
    endpoints: dict[str, str] | None = None,
    now: dt.datetime | None = None,
    backfill: dt.timedelta = BACKFILL,
    http_options: dict | None = None,
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
        endpoints: provider → base URL, to point a provider elsewhere (tests, a mirror).
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
    urls = {**DEFAULT_ENDPOINTS, **(endpoints or {})}
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
                status, n = _sync_one(cache, http, source, settings, urls, now, backfill)
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


def _sync_one(cache: ObservationCache, http: Http, source: SensorSource, settings,
              urls: dict[str, str], now: dt.datetime, backfill: dt.timedelta
              ) -> tuple[SourceStatus, int]:
    attempt = time.time()
    last = cache.last_time(source.provider, source.station)
    since = last - OVERLAP if last is not None else now - backfill
    try:
        with rows_only():
            results = _fetch(http, source, settings, urls, since, now)
    except Cancelled:
        raise
    except (SourceError, InputRejected, ValueError) as e:
        message = str(e) if isinstance(e, SourceError) else f"unreadable answer: {e}"
        log.warning("%s: %s", source.key, message)
        return SourceStatus(source.key, False, attempt, None, None, "", message), 0
    wanted = set(source.quantities)
    rows = [row for r in results for row in (r.rows or ()) if not wanted or row[1] in wanted]
    skipped = sum(sum(r.skipped.values()) for r in results)
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
    newest = cache.last_time(source.provider, source.station)
    detail = f"{len(rows)} observations received, {n} new or changed"
    if skipped:
        detail += f", {skipped} values skipped"
    return SourceStatus(source.key, True, attempt, time.time(),
                        newest.timestamp() if newest else None, detail), n


def _fetch(http: Http, source: SensorSource, settings, urls: dict[str, str],
           since: dt.datetime, until: dt.datetime) -> list[ParseResult]:
    p, station = source.provider, source.station
    if p == "atmosud":
        return atmosud.fetch(http, station, source.quantities, since, until,
                             base=urls["atmosud"])
    if p == "microspot":
        key = getattr(settings.sensors, "microspot_api_key", "")
        return microspot.fetch(http, station, since, until, key=key, url=urls["microspot"])
    if p == "sensor.community":
        return sensor_community.fetch(http, list(source.sensor_ids or (station,)),
                                      base=urls["sensor.community"])
    if p == "openaq":
        return openaq.fetch(http, station, source.quantities, since, until,
                            key=settings.sensors.openaq_api_key, base=urls["openaq"])
    if p == "project":
        base = urls.get("project") or settings.sensors.project_feed_url
        if not base:
            raise SourceError("no project feed URL configured (sensors.project_feed_url)")
        return project.fetch(http, base, station, since)
    raise SourceError(f"unknown provider {p!r} (one of {', '.join(NAMES)})")
