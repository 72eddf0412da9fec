"""Microspot: the Atmo France export of AtmoSud's micro-sensor campaigns.

JSON: devices → `datastreams[]` (campaign, location with `position` as strings) →
`observations[]` `{isoCode, valueRaw, unit, statusCode A|N, trustPercentage,
manuallyValidated, happenedAt (with offset), updatedAt}`. `-999` is "no data"; status `N`
is not valid; pressure labelled `Pa` is really hPa (units.normalise judges the magnitude).
`valueRaw` is the sensor's own value, so quality is "uncorrected" unless manually validated.
A flat CSV of the same fields is read through the generic table reader.

Station id: the device id (what the export request names); its location name carries the
co-located reference station ("Contes FR24023"), kept as `paired_reference`.
Declared zone for naive stamps: Europe/Paris (the export is asked for in that zone).

Fetch (PROVIDER): POST to `sensors.providers.microspot.url` (default DEFAULT_URL, or the
sensor's own `endpoint`) with the bearer key `sensors.providers.microspot.api_key`, handed
out by AtmoSud; without a key the source reports it and is not asked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from kiosk.core.sensors import units
from kiosk.core.sensors.model import ParseResult, Station
from kiosk.core.sensors.providers.base import FetchContext, Provider, SensorSource
from kiosk.core.sensors.providers.builder import (
    Builder,
    as_dict,
    as_float,
    as_list,
    quality_of,
)
from kiosk.core.sensors.providers.http import Http, SourceError
from kiosk.core.sensors.providers.table_reader import TableOptions, looks_like_header, parse_table
from kiosk.core.sensors.tables import InputRejected, Table, load
from kiosk.core.sensors.timeparse import PARIS

NAME = "microspot"
HOUR_S = 3600
ZONE = PARIS
DEFAULT_URL = "https://spot.atmo-france.org/export-api/observations"
_REFERENCE = re.compile(r"(?<![A-Za-z0-9])FR\d{5}(?!\d)")
# A corrected value next to `valueRaw`, when the export carries one.
CORRECTED_KEYS = ("valueCorrected", "correctedValue", "valueAdjusted", "valueCalibrated")


def _devices(payload: object) -> list[dict[str, Any]]:
    if isinstance(payload, list):
        return [d for d in payload if isinstance(d, dict)]
    if isinstance(payload, dict):
        if "datastreams" in payload:
            return [payload]
        for key in ("devices", "data", "results"):
            if isinstance(payload.get(key), list):
                return [d for d in payload[key] if isinstance(d, dict)]
    return []


def parse(data: bytes, *, station: str | None = None, zone: dt.tzinfo | None = None,
          hour_ending: bool = False) -> ParseResult:
    b = Builder(NAME, zone or ZONE, zone is not None)
    b.measuring_range = units.OPTICAL_PM_RANGE  # optical particle counters
    payload = load(data, looks_like_header)
    if isinstance(payload, Table):
        parse_table(b, payload, TableOptions(station=station, default_quality="uncorrected",
                                             valid_as="uncorrected", hour_ending=hour_ending,
                                             source_class="project"))
        return b.finish()
    devices = _devices(payload)
    if not devices or not any(isinstance(d.get("datastreams"), list) for d in devices):
        raise InputRejected("JSON without Microspot devices (expected a list of devices with "
                            "\"datastreams\")")
    for device in devices:
        dev_id = str(device.get("id") if device.get("id") is not None else station or "unknown")
        for stream in as_list(device.get("datastreams")):
            if not isinstance(stream, dict):
                continue
            with b.record():
                loc = as_dict(stream.get("location"))
                name = str(loc.get("name") or device.get("location") or "")
                pos = as_list(loc.get("position"))
                lat, lon = (as_float(pos[0]), as_float(pos[1])) if len(pos) >= 2 else (None, None)
                paired = _REFERENCE.search(name)
                b.station(Station(NAME, dev_id, name, lat, lon, "project",
                                  paired.group(0) if paired else None))
            for o in as_list(stream.get("observations")):
                if not isinstance(o, dict):
                    b.skip("malformed record")
                    continue
                with b.record():
                    _observation(b, dev_id, o)
    return b.finish()


def _observation(b: Builder, dev_id: str, o: dict[str, Any]) -> None:
    q = b.quantity(o.get("isoCode") if o.get("isoCode") is not None
                   else o.get("label"))
    if q is None:
        return
    quality: str | None
    if o.get("manuallyValidated") is True:
        quality = "valid"
    else:
        quality = quality_of(o.get("statusCode"), "uncorrected",
                             valid_as="uncorrected")
    raw = o.get("valueRaw", o.get("value"))
    corrected = next((o[k] for k in CORRECTED_KEYS if o.get(k) is not None), None)
    if corrected is not None and quality is not None:
        b.add(dev_id, q, corrected, o.get("unit"), o.get("happenedAt"),
              quality="corrected", raw=raw)
    else:
        b.add(dev_id, q, raw, o.get("unit"), o.get("happenedAt"), quality=quality)




def fetch(ctx: FetchContext) -> list[ParseResult]:
    return fetch_device(ctx.http, ctx.source.station, ctx.since, ctx.until, key=ctx.key,
                        url=ctx.base)


def source_url(base: str, source: SensorSource) -> str:
    return f"{base}#device={source.station}"


def fetch_device(http: Http, station: str, since: dt.datetime, until: dt.datetime, *,
                 key: str, url: str = DEFAULT_URL) -> list[ParseResult]:
    """Hourly observations of one device since `since`. Needs AtmoSud's bearer key."""
    if not key:
        raise SourceError("Microspot needs an API key from AtmoSud "
                          "(settings: sensors.providers.microspot.api_key)")
    try:
        device = int(station)
    except ValueError:
        raise SourceError(f"Microspot device id {station!r} is not a number") from None
    local = ZONE
    body = http.get(url, method="POST", headers={"Authorization": f"Bearer {key}"},
                    json_body={"timezone": "Europe/Paris", "devices": [device],
                               "observationTypeCodes": [], "studies": [], "campaigns": [],
                               "aggregation": "1 h",
                               "dateRange": [since.astimezone(local).isoformat(),
                                             until.astimezone(local).isoformat()]})
    if body is None:
        return []
    result = parse(body, station=station)
    # Asked for "1 h": each value is an hourly mean, so its age counts from the hour's end.
    if result.rows is not None:
        result.rows = [r if r[6] else (*r[:6], HOUR_S) for r in result.rows]
    result.observations = [o if o.period_seconds else dataclasses.replace(
        o, period_seconds=HOUR_S) for o in result.observations]
    return [result]


PROVIDER = Provider(NAME, "microspot", parse, fetch, ZONE, DEFAULT_URL, source_url,
                    needs_key=True, source_class="project")
