"""Observations kept in `cache.db`: incremental upserts, hourly means for graphs, retention.

One table of observations keyed by (provider, station, quantity, period start), so fetching
an overlapping window again only updates what changed (AtmoSud corrects values after the
fact). Times are stored as UNIX seconds (UTC). The file is rebuildable: when it is corrupt,
storage.open_rebuildable moves it aside and the next sync fills a new one; a failed fetch
never deletes anything, so the last good data survives network loss and restarts.

Several threads may hold their own ObservationCache on the same file (WAL: readers never wait
for the writer); one instance may also be shared, its lock serialises its connection.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core import storage
from kiosk.core.health.problems import SourceStatus
from kiosk.core.sensors.model import Observation, Station

COMPONENT = "sensors"

_SCHEMA_V1 = """
CREATE TABLE sensor_observations (
    provider TEXT NOT NULL,
    station TEXT NOT NULL,
    quantity TEXT NOT NULL,
    time INTEGER NOT NULL,
    value REAL NOT NULL,
    raw REAL,
    unit TEXT NOT NULL,
    quality TEXT NOT NULL,
    period INTEGER,
    stored_at REAL NOT NULL,
    PRIMARY KEY (provider, station, quantity, time)
) WITHOUT ROWID;
CREATE INDEX sensor_observations_station_time
    ON sensor_observations (station, quantity, time);
CREATE INDEX sensor_observations_time ON sensor_observations (time);
CREATE TABLE sensor_stations (
    provider TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    latitude REAL,
    longitude REAL,
    source_class TEXT NOT NULL DEFAULT 'reference',
    paired_reference TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (provider, id)
);
CREATE TABLE sensor_fetch_state (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    updated_at REAL NOT NULL
);
CREATE TABLE sensor_source_status (
    source TEXT PRIMARY KEY,
    ok INTEGER NOT NULL,
    last_attempt REAL,
    last_success REAL,
    data_time REAL,
    detail TEXT NOT NULL DEFAULT '',
    error TEXT
);
"""

# What each source's last attempt received, stored and dropped (sync.py), the URL asked, and
# the last failure with its reason, kept after later successes.
_SCHEMA_V2 = """
ALTER TABLE sensor_source_status ADD COLUMN url TEXT NOT NULL DEFAULT '';
ALTER TABLE sensor_source_status ADD COLUMN received INTEGER;
ALTER TABLE sensor_source_status ADD COLUMN stored INTEGER;
ALTER TABLE sensor_source_status ADD COLUMN dropped TEXT NOT NULL DEFAULT '{}';
ALTER TABLE sensor_source_status ADD COLUMN last_failure REAL;
ALTER TABLE sensor_source_status ADD COLUMN failure TEXT;
"""

MIGRATIONS = [_SCHEMA_V1, _SCHEMA_V2]
_CHECKED: set[Path] = set()  # files this process has checked (and rebuilt if corrupt)


def was_checked(path: Path) -> bool:
    """Whether this process has already run the integrity check on `path`."""
    return Path(path).resolve() in _CHECKED


@dataclass(frozen=True)
class HourlyPoint:
    """One hour of a series: the mean of what was stored in [time, time + 1 h)."""

    time: dt.datetime  # aware UTC, start of the hour
    value: float
    raw: float | None  # mean of the raw values, when the provider gave any
    count: int


def _counts(text: str | None) -> dict[str, int]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _epoch(t: dt.datetime) -> int:
    if t.tzinfo is None:
        raise ValueError(f"naive datetime {t!r}: sensor times must be aware")
    return int(t.timestamp())


def _from_epoch(s: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(s, dt.UTC)


class ObservationCache:
    """The sensors' part of cache.db.

    Args:
        path: the cache.db file (paths.cache_db).
        check: run the integrity check (and rebuild a corrupt file) while opening; the app
            does it once at start, a periodic sync of a file already checked skips it.
    """

    def __init__(self, path: Path, *, check: bool = True) -> None:
        self.path = path
        if check:
            self.db = storage.open_rebuildable(path, check_same_thread=False)
            _CHECKED.add(Path(path).resolve())
        else:
            self.db = storage.connect(path, check_same_thread=False)
        storage.migrate(self.db, COMPONENT, MIGRATIONS)
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()

    def __enter__(self) -> ObservationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    def insert(self, observations: Iterable[Observation]) -> int:
        """Upsert observations in one transaction; returns how many rows were new or changed.

        `observations` may be a generator: rows are made as SQLite takes them, never all
        alive at once. A naive time aborts the whole transaction (ValueError).
        """
        now = time.time()
        rows = ((o.provider, o.station, o.quantity, _epoch(o.time), float(o.value),
                 None if o.raw is None else float(o.raw), o.unit, o.quality, o.period_seconds,
                 now) for o in observations)
        with self._lock, self.db.conn:
            conn = self.db.conn
            conn.execute("BEGIN IMMEDIATE")
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO sensor_observations (provider, station, quantity, time, value, raw,"
                " unit, quality, period, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (provider, station, quantity, time) DO UPDATE SET"
                " value = excluded.value, raw = excluded.raw, unit = excluded.unit,"
                " quality = excluded.quality, period = excluded.period,"
                " stored_at = excluded.stored_at"
                " WHERE value IS NOT excluded.value OR raw IS NOT excluded.raw"
                " OR quality IS NOT excluded.quality",
                rows,
            )
            return conn.total_changes - before

    def upsert_stations(self, stations: Iterable[Station]) -> None:
        now = time.time()
        rows = [(s.provider, s.id, s.name, s.latitude, s.longitude, s.source_class,
                 s.paired_reference, now) for s in stations]
        if not rows:
            return
        with self._lock, self.db.conn:
            self.db.conn.execute("BEGIN IMMEDIATE")
            self.db.conn.executemany(
                "INSERT INTO sensor_stations (provider, id, name, latitude, longitude,"
                " source_class, paired_reference, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (provider, id) DO UPDATE SET name = excluded.name,"
                " latitude = coalesce(excluded.latitude, latitude),"
                " longitude = coalesce(excluded.longitude, longitude),"
                " source_class = excluded.source_class,"
                " paired_reference = coalesce(excluded.paired_reference, paired_reference),"
                " updated_at = excluded.updated_at",
                rows,
            )

    def purge(self, retention_days: int, *, now: dt.datetime | None = None) -> int:
        """Delete observations older than `retention_days`; returns how many went.

        Validators of URLs not asked for in a week go too (a `since=` URL changes as data
        arrives, so old ones are never asked for again).
        """
        now = now or dt.datetime.now(dt.UTC)
        cutoff = _epoch(now - dt.timedelta(days=retention_days))
        with self._lock, self.db.conn:
            self.db.conn.execute("BEGIN IMMEDIATE")
            cur = self.db.conn.execute("DELETE FROM sensor_observations WHERE time < ?",
                                       [cutoff])
            self.db.conn.execute("DELETE FROM sensor_fetch_state WHERE updated_at < ?",
                                 [time.time() - 7 * 86400])
            return cur.rowcount

    # -- reading -----------------------------------------------------------------------------

    def _where(self, station: str, quantity: str | None, provider: str | None
               ) -> tuple[str, list[object]]:
        sql = "station = ?"
        args: list[object] = [station]
        if quantity is not None:
            sql += " AND quantity = ?"
            args.append(quantity)
        if provider is not None:
            sql += " AND provider = ?"
            args.append(provider)
        return sql, args

    def _rows(self, sql: str, args: Sequence[object]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.db.conn.execute(sql, args).fetchall()

    @staticmethod
    def _observation(row: tuple[Any, ...]) -> Observation:
        provider, station, quantity, t, value, raw, unit, quality, period = row
        return Observation(provider, station, quantity, value, unit, _from_epoch(t), quality,
                           raw, period)

    _COLUMNS = "provider, station, quantity, time, value, raw, unit, quality, period"

    def latest(self, station: str, quantity: str, *, provider: str | None = None
               ) -> Observation | None:
        """The newest observation of a station's quantity, or None."""
        where, args = self._where(station, quantity, provider)
        rows = self._rows(f"SELECT {self._COLUMNS} FROM sensor_observations WHERE {where}"
                          " ORDER BY time DESC LIMIT 1", args)
        return self._observation(rows[0]) if rows else None

    def since(self, station: str, quantity: str, start: dt.datetime,
              end: dt.datetime | None = None, *, provider: str | None = None
              ) -> list[Observation]:
        """Observations with start <= time (< end), oldest first."""
        where, args = self._where(station, quantity, provider)
        where += " AND time >= ?"
        args.append(_epoch(start))
        if end is not None:
            where += " AND time < ?"
            args.append(_epoch(end))
        rows = self._rows(f"SELECT {self._COLUMNS} FROM sensor_observations WHERE {where}"
                          " ORDER BY time", args)
        return [self._observation(r) for r in rows]

    def samples(self, station: str, quantity: str, start: float, end: float, *,
                provider: str | None = None) -> list[tuple[int, float, str, int | None]]:
        """(UNIX seconds, value, quality, period) in [start, end), oldest first: the plain
        rows the episode rules read (no Observation objects for days of data)."""
        where, args = self._where(station, quantity, provider)
        return self._rows(f"SELECT time, value, quality, period FROM sensor_observations"
                          f" WHERE {where} AND time >= ? AND time < ? ORDER BY time",
                          [*args, int(start), int(end)])

    def series(self, station: str, quantity: str, start: dt.datetime, end: dt.datetime, *,
               provider: str | None = None) -> tuple[list[float], list[float]]:
        """(UNIX seconds, values) in [start, end), oldest first: cheap input for a plot."""
        where, args = self._where(station, quantity, provider)
        rows = self._rows(f"SELECT time, value FROM sensor_observations WHERE {where}"
                          " AND time >= ? AND time < ? ORDER BY time",
                          [*args, _epoch(start), _epoch(end)])
        return [float(r[0]) for r in rows], [r[1] for r in rows]

    def hourly(self, station: str, quantity: str, start: dt.datetime, end: dt.datetime, *,
               provider: str | None = None) -> list[HourlyPoint]:
        """Hourly means in [start, end), only the hours that hold data (gaps stay gaps).

        Wind direction is averaged as a vector, so 350° and 10° give 0°, not 180°.
        """
        where, args = self._where(station, quantity, provider)
        args += [_epoch(start), _epoch(end)]
        if quantity == "wind_direction":
            rows = self._rows(
                "SELECT (time / 3600) * 3600 AS h, avg(sin(radians(value))),"
                " avg(cos(radians(value))), NULL, count(*) FROM sensor_observations"
                f" WHERE {where} AND time >= ? AND time < ? GROUP BY h ORDER BY h", args)
            return [HourlyPoint(_from_epoch(h), math.degrees(math.atan2(s, c)) % 360.0, None, n)
                    for h, s, c, _, n in rows]
        rows = self._rows(
            "SELECT (time / 3600) * 3600 AS h, avg(value), avg(raw), count(*)"
            f" FROM sensor_observations WHERE {where} AND time >= ? AND time < ?"
            " GROUP BY h ORDER BY h", args)
        return [HourlyPoint(_from_epoch(h), v, r, n) for h, v, r, n in rows]

    def last_time(self, provider: str, station: str, quantity: str | None = None
                  ) -> dt.datetime | None:
        """The newest period start stored for a station (and quantity): where to fetch from."""
        where, args = self._where(station, quantity, provider)
        rows = self._rows(f"SELECT max(time) FROM sensor_observations WHERE {where}", args)
        return _from_epoch(rows[0][0]) if rows and rows[0][0] is not None else None

    def quantities(self, station: str, *, provider: str | None = None) -> list[str]:
        where, args = self._where(station, None, provider)
        rows = self._rows(f"SELECT DISTINCT quantity FROM sensor_observations WHERE {where}"
                          " ORDER BY quantity", args)
        return [r[0] for r in rows]

    def count(self) -> int:
        return int(self._rows("SELECT count(*) FROM sensor_observations", [])[0][0])

    def is_empty(self) -> bool:
        """No observation at all; unlike count(), never scans a year of data."""
        return not self._rows("SELECT 1 FROM sensor_observations LIMIT 1", [])

    def station(self, provider: str, station_id: str) -> Station | None:
        rows = self._rows("SELECT provider, id, name, latitude, longitude, source_class,"
                          " paired_reference FROM sensor_stations WHERE provider = ? AND id = ?",
                          [provider, station_id])
        return Station(*rows[0]) if rows else None

    def stations(self, provider: str | None = None) -> list[Station]:
        sql = ("SELECT provider, id, name, latitude, longitude, source_class, paired_reference"
               " FROM sensor_stations")
        args: list[object] = []
        if provider is not None:
            sql += " WHERE provider = ?"
            args.append(provider)
        return [Station(*r) for r in self._rows(sql + " ORDER BY provider, id", args)]

    # -- sync bookkeeping --------------------------------------------------------------------

    def fetch_state(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) last seen for `url`, for a conditional request."""
        rows = self._rows("SELECT etag, last_modified FROM sensor_fetch_state WHERE url = ?",
                          [url])
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def save_fetch_state(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self._lock, self.db.conn:
            self.db.conn.execute(
                "INSERT INTO sensor_fetch_state (url, etag, last_modified, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,"
                " last_modified = excluded.last_modified, updated_at = excluded.updated_at",
                [url, etag, last_modified, time.time()])

    def record_status(self, status: SourceStatus) -> None:
        """Keep a source's latest status; a failure keeps the last success, data time and
        counts, a success keeps the last failure and its reason."""
        with self._lock, self.db.conn:
            self.db.conn.execute(
                "INSERT INTO sensor_source_status (source, ok, last_attempt, last_success,"
                " data_time, detail, error, url, received, stored, dropped, last_failure,"
                " failure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source) DO UPDATE SET ok = excluded.ok,"
                " last_attempt = excluded.last_attempt,"
                " last_success = coalesce(excluded.last_success, last_success),"
                " data_time = coalesce(excluded.data_time, data_time),"
                " detail = excluded.detail, error = excluded.error,"
                " url = CASE WHEN excluded.url != '' THEN excluded.url ELSE url END,"
                " received = coalesce(excluded.received, received),"
                " stored = coalesce(excluded.stored, stored),"
                " dropped = CASE WHEN excluded.received IS NOT NULL THEN excluded.dropped"
                " ELSE dropped END,"
                " last_failure = coalesce(excluded.last_failure, last_failure),"
                " failure = coalesce(excluded.failure, failure)",
                [status.source, int(status.ok), status.last_attempt, status.last_success,
                 status.data_time, status.detail, status.error, status.url, status.received,
                 status.stored, json.dumps(status.dropped, sort_keys=True),
                 status.last_failure, status.failure])

    def statuses(self) -> list[SourceStatus]:
        """Every source's latest status (for `ctx.status.register("sensors", …)`)."""
        rows = self._rows("SELECT source, ok, last_attempt, last_success, data_time, detail,"
                          " error, url, received, stored, dropped, last_failure, failure"
                          " FROM sensor_source_status ORDER BY source", [])
        return [SourceStatus(r[0], bool(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                             _counts(r[10]), r[11], r[12]) for r in rows]

    def status(self, source: str) -> SourceStatus | None:
        return next((s for s in self.statuses() if s.source == source), None)
