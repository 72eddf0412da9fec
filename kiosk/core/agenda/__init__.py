"""Event calendar: iCalendar fetch, parsing, recurrence expansion and cache (Qt-free).

- `parse.parse_feed(bytes)` reads a feed leniently with icalendar (BOM, CRLF/LF, encodings,
  several VCALENDARs); broken events are left out and counted, an unreadable feed raises
  `FeedError` naming the line.
- `expand.expand(feed, start, days, tz)` gives the occurrences overlapping the window, by
  recurring-ical-events, in one zone (floating times: X-WR-TIMEZONE, else `tz`).
- `fetch.fetch_feed` gets bytes over HTTP (kiosk.core.net: timeouts, retries, size cap,
  ETag / Last-Modified) or from local files.
- `feeds.active_feeds` says which feeds the territory shows (settings, or an `agenda`
  bundle's feeds.toml and ICS files; see media/agenda/README.md).
- `cache.AgendaStore` keeps raw feeds and occurrences in cache.db.
- `sync.sync_agenda(paths, settings, session, *, cancelled, progress)` → health.SyncReport.
- `service.AgendaService` is what app.py puts on ctx.agenda: `load()` (cache only, never the
  network), `sync()`, `statuses()`, change listeners.
"""
