"""sensor.community (ex luftdaten.info): live JSON, archive CSV and the firmware's device CSV.

- Live JSON (`/airrohr/v1/sensor/<id>/`, `/airrohr/v1/filter/…`, `/static/v1|v2/…`): records
  `{timestamp, location{id, latitude, longitude, indoor}, sensor{id, sensor_type},
  sensordatavalues[{value (a string), value_type}]}`. Indoor locations are discarded.
- Archive CSV (`archive.sensor.community/<day>/<day>_<type>_sensor_<id>.csv`): `;`, one row
  per reading, `location` column, header depending on the sensor type, empty columns.
- The per-device CSV that the firmware also posts to madavi.de: a `Time` column, columns named
  per sensor (`SDS_P1`, `BME280_pressure`…), and rows with more fields than header names.

Station id: the location id (one location groups the PM and the weather sensor); the device
CSV has none, so its chip id (`esp8266-…` in the file name) or the given station is used.
Pressure comes in Pa and becomes hPa. Declared zone for naive stamps: UTC.

Fetch (PROVIDER): `{url}/airrohr/v1/sensor/<id>/` for each of the sensor's `sensor_ids`
(sites.toml; the station itself when it lists none), `url` being
`sensors.providers.sensor_community.url` (default DEFAULT_URL, or the sensor's own
`endpoint`); no key.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kiosk.core.sensors import units
from kiosk.core.sensors.model import ParseResult, Station
from kiosk.core.sensors.providers.base import FetchContext, Provider, SensorSource
from kiosk.core.sensors.providers.builder import Builder, as_dict, as_float, as_list
from kiosk.core.sensors.providers.http import Http
from kiosk.core.sensors.providers.table_reader import TableOptions, looks_like_header, parse_table
from kiosk.core.sensors.tables import InputRejected, Table, load, records
from kiosk.core.sensors.timeparse import UTC

NAME = "sensor.community"
ZONE = UTC
DEFAULT_URL = "https://data.sensor.community"
VALUE_TYPES = {"P1": "pm10", "P2": "pm25", "P0": "pm1", "temperature": "temperature",
               "humidity": "humidity", "pressure": "pressure"}
# An SDS011 reading 999.9 is its ceiling (a fault, a spider in the inlet), not a value.
SATURATED = {"999.9", "999.90", "1999.9"}
_CHIP = re.compile(r"(esp8266|esp32)-(\d+)", re.IGNORECASE)


def parse(data: bytes, *, station: str | None = None, zone: dt.tzinfo | None = None,
          hour_ending: bool = False) -> ParseResult:
    b = Builder(NAME, zone or ZONE, zone is not None)
    b.measuring_range = units.OPTICAL_PM_RANGE  # optical particle counters
    if station:
        m = _CHIP.search(station)
        station = f"{m.group(1).lower()}-{m.group(2)}" if m else station
    payload = load(data, looks_like_header)
    if isinstance(payload, Table):
        parse_table(b, payload, TableOptions(station=station, default_quality="uncorrected",
                                             valid_as="uncorrected", hour_ending=hour_ending,
                                             source_class="community"))
        return b.finish()
    recs = records(payload)
    if recs is None or (recs and not any("sensordatavalues" in r for r in recs)):
        raise InputRejected("JSON without sensor.community records (expected a list of "
                            "records with \"sensordatavalues\")")
    for r in recs:
        with b.record():
            _record(b, r, station)
    return b.finish()


def _record(b: Builder, r: dict[str, Any], station: str | None) -> None:
    loc = as_dict(r.get("location"))
    sensor = as_dict(r.get("sensor"))
    if str(loc.get("indoor", 0)) in ("1", "True", "true"):
        b.skip("indoor sensor", len(r.get("sensordatavalues") or []))
        return
    if loc.get("id") is not None:
        sid = str(loc["id"])
    elif sensor.get("id") is not None:
        sid = f"sensor-{sensor['id']}"
    else:
        sid = station or "unknown"
    b.station(Station(NAME, sid, f"sensor.community {sid}", as_float(loc.get("latitude")),
                      as_float(loc.get("longitude")), "community"))
    for v in as_list(r.get("sensordatavalues")):
        if not isinstance(v, dict):
            continue
        vt = str(v.get("value_type") or "")
        q = VALUE_TYPES.get(vt) or b.quantity(vt)
        if q is None:
            continue
        value = v.get("value")
        if q in ("pm10", "pm25") and str(value).strip() in SATURATED:
            b.skip("sentinel")
            continue
        b.add(sid, q, value, "Pa" if q == "pressure" else "", r.get("timestamp"),
              quality="uncorrected")




def fetch(ctx: FetchContext) -> list[ParseResult]:
    return fetch_sensors(ctx.http, list(ctx.source.sensor_ids or (ctx.source.station,)),
                         base=ctx.base)


def source_url(base: str, source: SensorSource) -> str:
    ids = source.sensor_ids or (source.station,)
    return " ".join(f"{base}/airrohr/v1/sensor/{sid}/" for sid in ids)


def fetch_sensors(http: Http, sensor_ids: list[str], *, base: str = DEFAULT_URL
                  ) -> list[ParseResult]:
    """The last five minutes of each sensor id (the API keeps no history to ask `since`).

    A location's PM and weather sensors have ids of their own: sync passes
    SensorSource.sensor_ids (or the station itself when it lists none). Each URL is asked
    conditionally (ETag / Last-Modified), so an unchanged answer costs a 304.
    """
    out = []
    for sid in sensor_ids:
        body = http.get(f"{base}/airrohr/v1/sensor/{sid}/", conditional=True)
        if body is not None:
            out.append(parse(body))
    return out


PROVIDER = Provider(NAME, "sensor_community", parse, fetch, ZONE, DEFAULT_URL, source_url,
                    source_class="community")
