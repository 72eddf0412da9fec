"""AtmoSud: reference stations, micro-sensor "capteurs" sites, and CSV exports.

Reads (sniffed, see DATA-FORMATS.md §1–2):
- API JSON `{"mesures": […]}` of reference stations (`id_station`, `date_debut`, `valeur`,
  `unite`, `polluant_id`/`label_polluant`, `validation`);
- capteurs JSON measurements (`id_site`, `variable`, `time`, `valeur` corrected, falling back
  to `valeur_brute` marked "uncorrected");
- station and capteurs-site lists (stations only, with `code_station_commun` as the pairing);
- CSV exports, long or wide, with BOM, `;` or `,`, French pollutant names or codes with leading
  zeros, `DD/MM/YYYY HH:MM`, Lambert-93 coordinates (converted to WGS84);
- the national LCSQA "E2" CSV files (Geod'air), where AtmoSud's stations are published too
  (`Date de début`, `code site`, `valeur`/`valeur brute`, `validité` −1 = invalid).
- the harmonised hourly open-data format of the French regional agencies (AtmoSud and the
  others): one row per station, pollutant and hour (`nom_station`, `code_station`,
  `nom_poll` or only the EU code `id_poll_ue`, `valeur`, `unite`, `date_debut`, `date_fin`,
  `statut_valid` 1 valid / 0 unvalidated / −1 invalid, WGS84 or Lambert-93 x/y, WKT `geom`),
  as CSV, GeoJSON or Opendatasoft records, also with shapefile-cut names (`cd_sttn`,
  `nom_pll`, `dat_dbt`, `sttt_vl`). Negative concentrations are skipped (counted as
  "negative value"), not clamped to zero: a zero nobody measured would read as clean air.

Declared zone for naive stamps: UTC (the API and the national files are UTC).

Fetch (PROVIDER): a reference station (`FR…`: `{url}/observations/stations/mesures`) or a
capteurs site (a number: `{url}/observations/capteurs/mesures`) from the API at
`sensors.providers.atmosud.url` (default DEFAULT_URL, no key needed). A sensor with its own
`endpoint` is read from that file instead: an open-data export (CSV or GeoJSON, any regional
agency's harmonised schema), read whole and kept for the sensor's station only.
"""

from __future__ import annotations

import datetime as dt
import re

from kiosk.core.sensors import units
from kiosk.core.sensors.model import ParseResult, Station
from kiosk.core.sensors.providers.base import FetchContext, Provider, SensorSource
from kiosk.core.sensors.providers.builder import Builder, as_float, records_table
from kiosk.core.sensors.providers.http import Http
from kiosk.core.sensors.providers.table_reader import TableOptions, looks_like_header, parse_table
from kiosk.core.sensors.tables import InputRejected, Table, load, records
from kiosk.core.sensors.timeparse import UTC, iso_z

NAME = "atmosud"
ZONE = UTC
DEFAULT_URL = "https://api.atmosud.org"
REFERENCE_ID = re.compile(r"(?<![A-Za-z0-9])FR\d{5}(?!\d)")
# nom_polluant / variable names of the API, per quantity.
API_POLLUTANT = {"pm25": "pm2.5", "pm10": "pm10", "no2": "no2", "o3": "o3", "pm1": "pm1"}
CAPTEUR_VARIABLE = {"pm25": "PM2.5", "pm10": "PM10", "pm1": "PM1", "temperature": "Air Temp.",
                    "humidity": "Air Hum.", "pressure": "Air Pres.", "no2": "NO2", "o3": "O3"}


def parse(data: bytes, *, station: str | None = None, zone: dt.tzinfo | None = None,
          hour_ending: bool = False) -> ParseResult:
    """Observations (and stations) of any AtmoSud payload; raises InputRejected."""
    b = Builder(NAME, zone or ZONE, zone is not None)
    if station:
        m = REFERENCE_ID.search(station)
        station = m.group(0) if m else station
    payload = load(data, looks_like_header)
    if isinstance(payload, Table):
        parse_table(b, payload, TableOptions(station=station, hour_ending=hour_ending))
        return b.finish()
    if isinstance(payload, dict) and isinstance(payload.get("stations"), list):
        for s in payload["stations"]:
            if isinstance(s, dict) and s.get("id_station"):
                with b.record():
                    b.station(Station(NAME, str(s["id_station"]),
                                      str(s.get("nom_station") or ""),
                                      as_float(s.get("latitude")), as_float(s.get("longitude")),
                                      "reference"))
        return b.finish()
    recs = records(payload, "mesures", "capteurs", "sites")
    if recs is None:
        raise InputRejected("JSON without AtmoSud records (expected \"mesures\", \"stations\""
                            " or a list of capteurs measurements or sites)")
    if not recs:
        return b.finish()
    if "id_site" in recs[0] and "valeur" not in recs[0] and "valeur_brute" not in recs[0]:
        for s in recs:
            if s.get("id_site") is None:
                continue
            paired = s.get("code_station_commun")
            with b.record():
                b.station(Station(NAME, str(s["id_site"]), str(s.get("nom_site") or ""),
                                  as_float(s.get("lat")), as_float(s.get("lon")), "project",
                                  str(paired) if paired else None))
        return b.finish()
    capteurs = any("valeur_brute" in r or "id_site" in r for r in recs[:20])
    if capteurs:
        b.measuring_range = units.OPTICAL_PM_RANGE  # the capteurs count particles by laser
    parse_table(b, records_table(recs), TableOptions(
        station=station, hour_ending=hour_ending,
        source_class="project" if capteurs else "reference"))
    return b.finish()




def is_reference(station: str) -> bool:
    return bool(REFERENCE_ID.fullmatch(station))


def fetch(ctx: FetchContext) -> list[ParseResult]:
    """The sensor's open-data file when it names one, else the API."""
    station = ctx.source.station
    if ctx.source.endpoint:
        body = ctx.http.get(ctx.base, conditional=True)
        return [] if body is None else [only_station(parse(body), station)]
    return fetch_api(ctx.http, station, ctx.source.quantities, ctx.since, ctx.until,
                     base=ctx.base)


def only_station(result: ParseResult, station: str) -> ParseResult:
    """The rows of one station of a file that holds many (an open-data export)."""
    code = REFERENCE_ID.search(station)
    wanted = {station, code.group(0) if code else station}
    if result.rows is not None:
        result.rows = [r for r in result.rows if r[0] in wanted]
    result.observations = [o for o in result.observations if o.station in wanted]
    result.stations = [s for s in result.stations or [] if s.id in wanted]
    return result


def source_url(base: str, source: SensorSource) -> str:
    if source.endpoint:
        return source.endpoint
    if is_reference(source.station):
        return f"{base}/observations/stations/mesures?station_id={source.station}"
    return f"{base}/observations/capteurs/mesures?id_site={source.station}"


def fetch_api(http: Http, station: str, quantities: tuple[str, ...], since: dt.datetime,
              until: dt.datetime, *, base: str = DEFAULT_URL) -> list[ParseResult]:
    """Hourly data of a reference station (FR…) or a capteurs site (numeric id)."""
    out = []
    if is_reference(station):
        for q in quantities or ("no2", "o3", "pm10", "pm25"):
            if q not in API_POLLUTANT:
                continue
            body = http.get(f"{base}/observations/stations/mesures", params={
                "format": "json", "download": "false", "station_id": station,
                "nom_polluant": API_POLLUTANT[q], "temporalite": "horaire",
                "date_debut": iso_z(since), "date_fin": iso_z(until)})
            if body is not None:
                out.append(parse(body, station=station))
    else:
        for q in quantities or ("pm25", "pm10"):
            if q not in CAPTEUR_VARIABLE:
                continue
            body = http.get(f"{base}/observations/capteurs/mesures", params={
                "id_site": station, "debut": iso_z(since), "fin": iso_z(until),
                "aggregation": "horaire", "variable": CAPTEUR_VARIABLE[q],
                "valeur_brute": "true", "type_capteur": "true", "nb_dec": "1",
                "format": "json", "download": "false"})
            if body is not None:
                out.append(parse(body, station=station))
    return out


PROVIDER = Provider(NAME, "atmosud", parse, fetch, ZONE, DEFAULT_URL, source_url)
