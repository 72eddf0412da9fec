"""The fleet's impact report: every kiosk's Parquet journal and health report, read by DuckDB.

- `source.open_source(SOURCE)` → a local folder laid out like the collection point
  (`journal/kiosk=…/date=…/events.parquet`, `health/<kiosk>.json`), mirroring an http(s)
  WebDAV collection or an s3:// bucket first;
- `figures.compute(folder)` → every figure of the report as a JSON-ready dict;
- `render.write(figures, OUT.html|OUT.pdf, lang)` → the report with its charts.
DuckDB and matplotlib (the `report` extra) are imported only by the functions that need them.
"""
