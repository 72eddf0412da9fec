"""Sensor data: stations, observations, providers, cache, index bands and trends.

The service the screens talk to is `service.SensorsService` (`ctx.sensors`); what the screens
show is assembled in `views`; the sites, stations and trail stops of sites.toml are read by
`territory`; French public and school holidays (for the trends) by `calendar_fr`.

Public API of the data side (stable; the screens build on it):

- `model`: `Station`, `Observation`, `ParseResult`, `QUANTITIES`, `UNITS`, `QUALITIES`.
- `cache.ObservationCache(paths.cache_db)` (Qt-free, blocking; open one per thread or share
  one, it locks itself):
    - `insert(observations) -> int` upsert, `upsert_stations(stations)`;
    - `latest(station, quantity, *, provider=None) -> Observation | None`;
    - `since(station, quantity, start, end=None, *, provider=None) -> list[Observation]`;
    - `series(station, quantity, start, end, *, provider=None) -> (epoch_seconds, values)`;
    - `hourly(station, quantity, start, end, *, provider=None) -> list[HourlyPoint]`
      (hourly means for graphs; hours without data are absent, so gaps stay gaps);
    - `last_time(provider, station, quantity=None) -> datetime | None`;
    - `quantities(station)`, `station(provider, id)`, `stations(provider=None)`;
    - `purge(retention_days)`, `fetch_state(url)`, `save_fetch_state(url, etag, lm)`;
    - `statuses() -> list[health.SourceStatus]` (register it on the status board).
  Times are aware UTC datetimes, period starts.
- `sync.SensorSource(provider, station, quantities=(), sensor_ids=(), endpoint="")`: one
  thing to sync, one sensor of sites.toml (providers/base.py says what each field means).
  Each provider declares its parser and fetch in `providers.REGISTRY`; its URL is the
  sensor's `endpoint`, else `settings.sensors.providers.<setting>.url`, else its documented
  default (`sync.resolve`).
- `sync.sync_sensors(paths, settings, session, sources, *, cancelled, progress)
  -> health.SyncReport`: blocking; fetches each source since its last stored time (first
  time: 7 days back), parses, stores, purges past `settings.sensors.retention_days`. One
  failing source never stops the others and never erases stored data; each source's status
  (`sensors:<provider>:<station>`: URL, received / stored / dropped by reason (report.py),
  last failure) is kept in cache.db too. `progress(done, total)`. Run it
  through `ctx.tasks.run(..., pool="net")`.
- `providers.parse(provider, data, *, station=None, zone=None, hour_ending=False)
  -> ParseResult`: the pure parsers behind `kiosk sensors parse` (raise
  `tables.InputRejected` for a payload that cannot be read).
- Helpers: `units` (names, codes, unit conversions, sentinels, plausible ranges),
  `timeparse` (declared zones, DST), `geo.lambert93_to_wgs84`.
"""
