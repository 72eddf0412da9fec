"""The project's own sensor feed (DESIGN.md "Project sensor feed"), and plain CSV exports.

`GET {base}/sites/{site_id}/observations?since=ISO8601` answers
`{"site": ID, "observations": [{"time", "quantity", "value", "unit", "quality"}]}` or the same
as CSV. Also read: a list of such objects, records in DATA-FORMATS §6's shape
(`station, quantity, unit, period_start, period, value, quality`), and plain reference-station
exports as a self-hosted server might serve them (`DateTime;Nitrogen Dioxide;PM10;PM2.5`: one
column per quantity, named in English or French, units in brackets or none).

Declared zone for naive stamps: UTC, unless the caller declares another (`zone`). `time` is
the period start; a table whose only time column is an end (`date de fin`, `end`) or that is
declared hour-ending (`hour_ending`) is moved back by its step.

Fetch (PROVIDER): `{url}/sites/<site>/observations?since=…`, `url` being
`sensors.providers.project.url` (the project's own server: no public default, a source
without it reports so) or the sensor's own `endpoint`; `api_key`, when set, is sent as a
bearer token.
"""

from __future__ import annotations

import datetime as dt

from kiosk.core.sensors import units
from kiosk.core.sensors.model import ParseResult
from kiosk.core.sensors.providers.base import FetchContext, Provider, SensorSource
from kiosk.core.sensors.providers.builder import Builder, records_table
from kiosk.core.sensors.providers.http import Http, SourceError
from kiosk.core.sensors.providers.table_reader import TableOptions, looks_like_header, parse_table
from kiosk.core.sensors.tables import InputRejected, Table, load, records
from kiosk.core.sensors.timeparse import UTC, iso_z

NAME = "project"
ZONE = UTC


def parse(data: bytes, *, station: str | None = None, zone: dt.tzinfo | None = None,
          hour_ending: bool = False) -> ParseResult:
    b = Builder(NAME, zone or ZONE, zone is not None)
    b.measuring_range = units.OPTICAL_PM_RANGE  # optical particle counters
    payload = load(data, looks_like_header)
    opts = TableOptions(station=station, hour_ending=hour_ending, source_class="project")
    if isinstance(payload, Table):
        parse_table(b, payload, opts)
        return b.finish()
    feeds = payload if isinstance(payload, list) and payload and all(
        isinstance(p, dict) and "observations" in p for p in payload) else [payload]
    found = False
    for feed in feeds:
        site = None
        if isinstance(feed, dict):
            site = feed.get("site") or feed.get("site_id") or feed.get("station")
        recs = records(feed, "observations", "mesures", "measurements")
        if recs is None:
            continue
        found = True
        if not recs:
            continue
        parse_table(b, records_table(recs), TableOptions(
            station=str(site) if site is not None else station, hour_ending=hour_ending,
            source_class="project"))
    if not found:
        raise InputRejected("JSON without observations (expected {\"site\", "
                            "\"observations\": […]} or a list of records)")
    return b.finish()


def fetch(ctx: FetchContext) -> list[ParseResult]:
    if not ctx.base:
        raise SourceError("no project feed URL configured (sensors.providers.project.url)")
    return fetch_site(ctx.http, ctx.base, ctx.source.station, ctx.since, key=ctx.key)


def source_url(base: str, source: SensorSource) -> str:
    return f"{base.rstrip('/')}/sites/{source.station}/observations" if base else ""


def fetch_site(http: Http, base: str, site: str, since: dt.datetime | None, *, key: str = ""
               ) -> list[ParseResult]:
    """Observations of one site since `since` (all the server keeps when None)."""
    params = {"since": iso_z(since)} if since is not None else None
    headers = {"Authorization": f"Bearer {key}"} if key else None
    body = http.get(f"{base.rstrip('/')}/sites/{site}/observations", params=params,
                    headers=headers, conditional=True)
    return [] if body is None else [parse(body, station=site)]


PROVIDER = Provider(NAME, "project", parse, fetch, ZONE, "", source_url,
                    source_class="project")
