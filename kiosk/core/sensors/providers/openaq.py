"""OpenAQ v3: measurements, hours and days, latest, sensors and locations lists.

Envelope `{meta, results: […]}`. A measurement has `value`, `parameter{name, units}` and
`period{datetimeFrom{utc}}` (the start); gases may come in ppm or ppb and become µg/m³.
API v2 measurements (`parameter` a string, `date.utc`) are read too, and so are the CSV files of
the OpenAQ archive (`location_id, sensors_id, location, datetime, lat, lon, parameter, units,
value`) through the generic table reader.
`/latest` names only `sensorsId`: its parameter comes from a sensors list (`sensor_params`),
or the value is skipped. A sensors list's `latest` is an observation too: its `datetime` is
the end of the sensor's interval. Locations give stations only.

Fetch (PROVIDER): `{url}/locations/<id>/sensors`, then `{url}/sensors/<id>/hours` page by
page, `url` being `sensors.providers.openaq.url` (default DEFAULT_URL, v3, or the sensor's
own `endpoint`), with the key `sensors.providers.openaq.api_key` (X-API-Key; free at
explore.openaq.org); without a key the source reports it and is not asked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.core.sensors.model import ParseResult, Station
from kiosk.core.sensors.providers.base import FetchContext, Provider, SensorSource
from kiosk.core.sensors.providers.builder import Builder
from kiosk.core.sensors.providers.http import Http, SourceError
from kiosk.core.sensors.providers.table_reader import (
    TableOptions,
    _period_seconds,
    looks_like_header,
    parse_table,
)
from kiosk.core.sensors.tables import InputRejected, Table, load
from kiosk.core.sensors.timeparse import UTC

NAME = "openaq"
ZONE = UTC
DEFAULT_URL = "https://api.openaq.org/v3"
PAGE = 1000  # results per page asked for
PARAMETERS = {"pm25": "pm25", "pm10": "pm10", "pm1": "pm1", "no2": "no2", "o3": "o3",
              "temperature": "temperature", "relativehumidity": "humidity",
              "humidity": "humidity", "pressure": "pressure", "wind_speed": "wind_speed",
              "wind_direction": "wind_direction", "ws": "wind_speed", "wd": "wind_direction"}


def _utc(obj: object) -> object:
    return obj.get("utc") if isinstance(obj, dict) else obj


def parse(data: bytes, *, station: str | None = None, zone: dt.tzinfo | None = None,
          hour_ending: bool = False, sensor_params: dict[str, tuple[str, str]] | None = None
          ) -> ParseResult:
    """Observations of an OpenAQ v3 answer.

    Args:
        station: the station to file measurements under (they do not name theirs).
        sensor_params: sensor id → (parameter name, units), to read `/latest`.
    """
    b = Builder(NAME, zone or ZONE, zone is not None)
    payload = load(data, looks_like_header)
    if isinstance(payload, Table):
        # The archive's CSV (location_id, sensors_id, datetime, parameter, units, value…).
        parse_table(b, payload, TableOptions(station=station, hour_ending=hour_ending))
        return b.finish()
    if not isinstance(payload, dict | list):
        raise InputRejected("neither an OpenAQ JSON answer nor a CSV export")
    results = payload.get("results") if isinstance(payload, dict) else payload
    if not isinstance(results, list):
        raise InputRejected("JSON without OpenAQ \"results\"")
    params = dict(sensor_params or {})
    for r in results:
        if isinstance(r, dict) and isinstance(r.get("parameter"), dict) and "id" in r and (
                "latest" in r or "datetimeLast" in r):
            p = r["parameter"]
            params[str(r["id"])] = (str(p.get("name")), str(p.get("units") or ""))
    for r in results:
        if not isinstance(r, dict):
            b.skip("malformed record")
            continue
        with b.record():
            _result(b, r, station, params)
    return b.finish()


def _result(b: Builder, r: dict[str, Any], station: str | None,
            params: dict[str, tuple[str, str]]) -> None:
    if isinstance(r.get("sensors"), list) and "coordinates" in r:
        _location(b, r)
    elif "period" in r and isinstance(r.get("parameter"), dict):
        _measurement(b, r, station)
    elif "sensorsId" in r:
        sid = str(r["sensorsId"])
        if sid not in params:
            b.skip("latest value of a sensor whose parameter is unknown")
            return
        name, unit = params[sid]
        st = str(r.get("locationsId") or station or sid)
        _add(b, st, name, unit, r.get("value"), _utc(r.get("datetime")), 3600, end=True)
    elif isinstance(r.get("latest"), dict) and isinstance(r.get("parameter"), dict):
        p, latest = r["parameter"], r["latest"]
        interval = _period_seconds(str((r.get("coverage") or {}).get("expectedInterval")
                                       or "01:00:00")) or 3600
        _add(b, station or f"sensor-{r.get('id')}", str(p.get("name")),
             str(p.get("units") or ""), latest.get("value"), _utc(latest.get("datetime")),
             interval, end=True)
    elif isinstance(r.get("parameter"), str) and "value" in r:
        # An API v2 measurement (still found in archives): `date.utc`, `unit`, a string
        # parameter, the location named.
        st = str(r.get("locationId") or r.get("location") or station or "unknown")
        _add(b, st, r["parameter"], str(r.get("unit") or ""), r.get("value"),
             _utc(r.get("date") or r.get("datetime")), None)
    else:
        b.skip("unknown record")


def _add(b: Builder, station: str, name: str, unit: str, value: object, when: object,
         period: int | None, *, end: bool = False, quality: str = "unvalidated") -> None:
    q = PARAMETERS.get(name.lower()) if name else None
    if q is None:
        q = b.quantity(name, codes=False)
        if q is None:
            return
    shift = dt.timedelta(seconds=period) if end and period else None
    b.add(station, q, value, unit, when, quality=quality, period=period, shift=shift)


def _measurement(b: Builder, r: dict[str, Any], station: str | None) -> None:
    p, period = r["parameter"], r.get("period") or {}
    seconds = _period_seconds(str(period.get("interval") or "")) if period else None
    start = _utc(period.get("datetimeFrom"))
    coords = r.get("coordinates") if isinstance(r.get("coordinates"), dict) else {}
    st = station or "unknown"
    if coords:
        b.station(Station(NAME, st, "", coords.get("latitude"), coords.get("longitude")))
    _add(b, st, str(p.get("name") or ""), str(p.get("units") or ""), r.get("value"), start,
         seconds)


def _location(b: Builder, r: dict[str, Any]) -> None:
    coords = r.get("coordinates") or {}
    b.station(Station(NAME, str(r.get("id")), str(r.get("name") or ""),
                      coords.get("latitude"), coords.get("longitude"),
                      "reference" if r.get("isMonitor") else "community"))


def sensors_of(data: bytes) -> dict[str, tuple[str, str]]:
    """sensor id → (parameter name, units) from `/locations/{id}/sensors`."""
    payload = load(data)
    out = {}
    for r in (payload.get("results") if isinstance(payload, dict) else None) or []:
        if isinstance(r, dict) and isinstance(r.get("parameter"), dict) and "id" in r:
            out[str(r["id"])] = (str(r["parameter"].get("name")),
                                 str(r["parameter"].get("units") or ""))
    return out


def fetch(ctx: FetchContext) -> list[ParseResult]:
    return fetch_location(ctx.http, ctx.source.station, ctx.source.quantities, ctx.since,
                          ctx.until, key=ctx.key, base=ctx.base)


def source_url(base: str, source: SensorSource) -> str:
    return f"{base}/locations/{source.station}/sensors"


def fetch_location(http: Http, location: str, quantities: tuple[str, ...],
                   since: dt.datetime, until: dt.datetime, *, key: str,
                   base: str = DEFAULT_URL) -> list[ParseResult]:
    """Hourly values of each wanted sensor of a location since `since`."""
    if not key:
        raise SourceError("OpenAQ needs an API key (settings: sensors.providers.openaq.api_key)")
    headers = {"X-API-Key": key}
    body = http.get(f"{base}/locations/{location}/sensors", headers=headers)
    sensors = sensors_of(body or b"{}")
    out = []
    for sid, (name, _unit) in sorted(sensors.items()):
        q = PARAMETERS.get(name.lower())
        if q is None or (quantities and q not in quantities):
            continue
        page = 1
        while page <= 10:
            body = http.get(f"{base}/sensors/{sid}/hours", headers=headers, params={
                "datetime_from": since.astimezone(UTC).isoformat(),
                "datetime_to": until.astimezone(UTC).isoformat(), "limit": PAGE,
                "page": page})
            if body is None:
                break
            res = parse(body, station=location)
            out.append(res)
            if len(res.rows or res.observations) + sum(res.skipped.values()) < PAGE:
                break
            page += 1
    return out


PROVIDER = Provider(NAME, "openaq", parse, fetch, ZONE, DEFAULT_URL, source_url,
                    needs_key=True)
