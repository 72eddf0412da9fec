"""The generic table reader every provider's parser shares.

`parse_table(...)` reads any long or wide table (CSV, or JSON records turned into a table by
builder.records_table) by header aliases: a time column (start, or end only), a station column,
either a quantity column with a value column (long) or one column per quantity (wide).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kiosk.core.sensors import units
from kiosk.core.sensors.geo import lambert93_to_wgs84, looks_like_lambert93, point_of
from kiosk.core.sensors.model import Station
from kiosk.core.sensors.providers.builder import INVALID, Builder, quality_of
from kiosk.core.sensors.providers.rows import fit_row, scorer
from kiosk.core.sensors.tables import InputRejected, Table
from kiosk.core.sensors.timeparse import ends_a_day, zone_named_by
from kiosk.core.sensors.units import Rejected

TIME_START = ("date de debut", "date_debut", "dat_dbt", "datedebut", "date debut mesure",
              "period_start", "period start", "start", "start_time", "debut", "datetime_from",
              "date_from",
              "datetimefrom", "from", "happenedat", "time", "datetime", "date_time",
              "date heure", "dateheure", "date_heure", "horodatage", "timestamp", "date",
              "heure", "utc", "time_utc", "datetime_utc", "date (utc)", "local_time")
TIME_END = ("date de fin", "date_fin", "date_fn", "date fin", "period_end", "period end", "end",
            "end_time", "fin", "datetime_to", "date_to", "datetimeto", "to")
STATION = ("id_station", "code_station", "cd_sttn", "code station", "station_code", "code site",
           "code_site", "station_id", "stationid", "id_site", "site_id", "siteid", "station",
           "site", "location_id", "locationid", "location", "sensor_id", "sensorid",
           "device_id", "device", "id_capteur", "nom_station", "nm_sttn", "nom station",
           "nom site", "nom_site", "station_name", "site_name", "name")
NAME = ("nom_station", "nm_sttn", "nom station", "nom site", "nom_site", "station_name",
        "site_name", "name", "nom")
# Names before codes: a name says what it is, a code depends on whose list it comes from.
QUANTITY = ("nom_polluant", "nom_poll", "nom_pll", "label_polluant", "polluant", "pollutant",
            "quantity", "variable", "parameter", "parametre", "grandeur", "value_type",
            "measurand", "species",
            "polluant_id", "id_polluant", "code polluant", "code_polluant", "isocode",
            "iso_code", "code_iso")
# The European pollutant code (Eionet vocabulary) of the agencies' harmonised files: read
# only when no column names the pollutant, as its numbers clash with AtmoSud's own codes
# (EU 8 is NO2, AtmoSud "08" is O3).
EU_POLLUTANT = ("id_poll_ue", "id_pll", "code_polluant_ue", "pollutant_eu_code")
EU_CODES = {"1": "SO2", "5": "PM10", "6001": "PM2.5", "7": "O3", "8": "NO2", "9": "NOx",
            "10": "CO", "20": "C6H6", "38": "NO"}
HOUR = ("heure", "hour", "time", "heure utc", "heure tu", "time utc")
VALUE = ("valeur", "value", "valeur corrigee", "valeur_corrigee", "concentration",
         "valeur mesuree", "measurement", "mesure", "val", "moyenne", "mean", "avg")
RAW = ("valeur brute", "valeur_brute", "valueraw", "value_raw", "raw_value", "raw")
UNIT = ("unite de mesure", "unite", "unit", "units", "unites", "unite_mesure")
QUALITY = ("validite", "validity", "statut_valid", "sttt_vl", "statut_validation",
           "code qualite", "code_qualite", "quality", "qualite",
           "validation", "statut", "status", "statuscode", "code_etat", "etat", "flag")
LAT = ("lat", "latitude", "y_wgs84", "lat_wgs84")
LON = ("lon", "lng", "long", "longitude", "x_wgs84", "lon_wgs84")
X93 = ("x_l93", "x l93", "x_lambert93", "x_lambert", "lambert_x", "x93", "coord_x", "x")
Y93 = ("y_l93", "y l93", "y_lambert93", "y_lambert", "lambert_y", "y93", "coord_y", "y")
# A point as text: WKT "POINT (lon lat)" (agencies' `geom`) or "[lat, lon]" (geo_point_2d).
GEOM = ("geom", "the_geom", "wkt", "geometry", "geo_point_2d", "geo_point", "coordinates",
        "coordonnees", "point")
PERIOD = ("period", "periode", "pas_de_temps", "temporalite", "interval", "aggregation",
          "metrique", "metriqu")
CORRECTION = ("coef_corr", "biais_corr", "valeur_ref")

_UNIT_IN_HEADER = re.compile(r"[\(\[]\s*([^\)\]]+?)\s*[\)\]]\s*$")
_PERIODS = {"quart-horaire": 900, "quart horaire": 900, "horaire": 3600, "journaliere": 86400,
            "moyenne horaire": 3600, "moyenne journaliere": 86400, "moyenne quart-horaire": 900,
            "journalier": 86400, "1h": 3600, "1 h": 3600, "15m": 900, "15 m": 900,
            "hourly": 3600, "daily": 86400, "pt1h": 3600, "pt15m": 900, "p1d": 86400,
            "1hour": 3600, "1day": 86400, "raw": None, "brute": None}


def _period_seconds(text: str) -> int | None:
    key = units.fold(text)
    if key in _PERIODS:
        return _PERIODS[key]
    if key.isdigit():
        return int(key)
    m = re.fullmatch(r"(\d{1,2}):(\d{2}):(\d{2})", key)
    if m:
        h, mi, s = (int(g) for g in m.groups())
        return h * 3600 + mi * 60 + s or None
    return None


@dataclass
class TableOptions:
    station: str | None = None  # the station when the table names none
    default_quality: str = "unvalidated"
    valid_as: str = "valid"  # what a "valid" flag means for this provider
    hour_ending: bool = False  # the time column stamps the end of the period
    source_class: str = "reference"


_TIME_KEYS = {units.fold(a) for a in TIME_START + TIME_END}


def looks_like_header(cells: list[str]) -> bool:
    """A header line names a time column (for exports that open with title lines)."""
    return len(cells) >= 2 and any(units.fold(c) in _TIME_KEYS for c in cells)


def _time_by_content(table: Table, skip: set[int]) -> int | None:
    """An unnamed (or foreign-named) time column: the first whose cells read as times."""
    from kiosk.core.sensors.timeparse import parse_naive_or_aware

    sample = [r for r in table.rows[:5] if r]
    for i in range(len(table.header)):
        if i in skip or not sample:
            continue
        cells = [r[i].strip() for r in sample if i < len(r) and r[i].strip()]
        if not cells or not all(any(c in x for c in "-/:") for x in cells):
            continue
        try:
            for x in cells:
                parse_naive_or_aware(x)
        except Rejected:
            continue
        return i
    return None


def parse_table(b: Builder, table: Table, opts: TableOptions) -> None:
    """Read a long or wide table into `b`; raises InputRejected when it holds no series."""
    col = table.column
    t_start = col(*TIME_START)
    t_end = col(*TIME_END)
    time_col = t_start if t_start is not None else t_end
    # A date and an hour in two columns ("date;heure;…").
    hour_col = col(*HOUR)
    if hour_col == time_col or not _date_only(table, time_col):
        hour_col = None
    shift_end = t_start is None and t_end is not None or opts.hour_ending
    st_col = col(*STATION)
    name_col = col(*NAME)
    q_col = col(*QUANTITY)
    eu_col = col(*EU_POLLUTANT)
    if q_col is None and eu_col is not None:
        q_col, names = eu_col, EU_CODES
    else:
        names = {}
    v_col = col(*VALUE)
    raw_col = col(*RAW)
    unit_col = col(*UNIT)
    quality_cols = [i for i, k in enumerate(table.keys) if k in {units.fold(a) for a in QUALITY}]
    period_col = col(*PERIOD)
    lat_col, lon_col = col(*LAT), col(*LON)
    x_col, y_col = col(*X93), col(*Y93)
    geom_col = col(*GEOM)
    corrected = any(col(c) is not None for c in CORRECTION)
    dc = table.decimal_comma

    used = {c for c in (time_col, t_start, t_end, hour_col, st_col, name_col, q_col, v_col,
                        raw_col, unit_col, period_col, lat_col, lon_col, x_col, y_col,
                        geom_col, eu_col, *quality_cols) if c is not None}
    if time_col is None:
        time_col = _time_by_content(table, used)
        if time_col is not None:
            used.add(time_col)
    # (column, quantity, unit from the header, station named by the header or None)
    wide: list[tuple[int, str, str, str | None]] = []
    other_cols: list[int] = []
    if q_col is None or (v_col is None and raw_col is None):
        for i, h in enumerate(table.header):
            if i in used:
                continue
            m = _UNIT_IN_HEADER.search(h)
            unit = m.group(1) if m else ""
            kind, station, name = _wide_column(h)
            if kind == "other":
                other_cols.append(i)
            elif kind is not None:
                wide.append((i, kind, unit, station))
                if station is not None:
                    b.station(Station(b.provider, station, name or station, None, None,
                                      opts.source_class))
    long_layout = q_col is not None and (v_col is not None or raw_col is not None)
    if time_col is None and (long_layout or wide) and table.rows:
        raise InputRejected("no time column (expected one of: date, time, datetime, "
                           "date de début…)")
    if not long_layout and not wide and st_col is None and not other_cols:
        if time_col is None and _code_table(table):
            # The pollutant code list (id, chemicalSymbol, label): readable, no measurements.
            b.skip("code table row, not an observation", len(table.rows))
            return
        raise InputRejected("no measurement column: neither a pollutant/value pair nor "
                            "columns named after quantities (PM10, NO2, temperature…)")

    width = len(table.header)
    # Where a stray delimiter most likely sits, on a tie: in a name, then a label, then in a
    # column the reader does not use, then anywhere.
    prefer = [c for c in (name_col, q_col) if c is not None]
    prefer += [i for i in range(width) if i not in used and i not in prefer]
    score = scorer(time_col, [v_col, raw_col, *(w[0] for w in wide)], q_col, unit_col,
                    [c for c in (lat_col, lon_col, x_col, y_col) if c is not None], dc)
    if any(len(r) > width for r in table.rows):
        table.rows = [fit_row(r, width, table.delimiter, score, prefer) if len(r) > width
                      else r for r in table.rows]
    if time_col is not None and not shift_end:
        # Stamps that reach 24:00 count hours 1…24: each one ends its period.
        # The whole file is looked at: a day's 24:00 may come after thousands of rows.
        shift_end = any(ends_a_day(f"{_c(r, time_col)} {_hour(_c(r, hour_col))}".strip())
                        for r in table.rows)
    step = _end_shift(table, time_col, st_col, hour_col) if shift_end and time_col is not None \
        else None
    if time_col is not None and not b.explicit_zone:
        hint = zone_named_by(table.header[time_col])
        if hint is not None:  # the file says which zone its times are in: that wins
            b.resolver.zone = hint

    def cell(row: Sequence[str], i: int | None) -> str:
        return row[i].strip() if i is not None and i < len(row) else ""

    def _row(row: Sequence[str]) -> None:
        station = cell(row, st_col) or opts.station or "unknown"
        _station_of(b, row, station, cell, name_col, lat_col, lon_col, x_col, y_col, geom_col,
                    dc, opts.source_class)
        if time_col is None:
            return
        when = cell(row, time_col)
        if hour_col is not None and cell(row, hour_col):
            when = f"{when} {_hour(cell(row, hour_col))}"
        flags = [quality_of(cell(row, i), opts.default_quality, valid_as=opts.valid_as)
                 for i in quality_cols if cell(row, i)]
        quality = INVALID if INVALID in flags else next(
            (f for f in flags if f != opts.default_quality), opts.default_quality)
        period = _period_seconds(cell(row, period_col)) if period_col is not None else None
        if long_layout:
            label = cell(row, q_col)
            q = b.quantity(names.get(label, label))
            if q is None:
                return
            value, raw = cell(row, v_col), cell(row, raw_col) or None
            qual = quality
            if quality is not INVALID and corrected and value:
                qual = "corrected"  # AtmoSud capteurs: `valeur` is the corrected value
            if not value and raw and quality is not INVALID:
                value, raw, qual = raw, None, "uncorrected"
            b.add(station, q, value, cell(row, unit_col), when, quality=qual, raw=raw,
                  period=period, decimal_comma=dc, shift=step)
        else:
            for i, q, unit, column_station in wide:
                b.add(column_station or station, q, cell(row, i), unit or cell(row, unit_col),
                      when, quality=quality, period=period, decimal_comma=dc, shift=step)
            n_other = sum(1 for i in other_cols if cell(row, i))
            if n_other:
                b.skip("unsupported quantity", n_other)

    for row in table.rows:
        with b.record():
            _row(row)


_HEADER_PARTS = re.compile(r"\s+-\s+|\s*[|:;]\s*|\s*_\s*")
_CODE = re.compile(r"(?<![A-Za-z0-9])FR\d{5}(?!\d)")
_NOT_NAMES = {"dur", "ratio", "min", "max", "avg", "mean", "moyenne", "valeur", "value", "raw",
              "brute", "brut", "corr", "corrige", "ref", "sd", "std", "count", "n", "sealevel",
              "at sealevel", "int", "ext", "in", "out", "level", "id", "code", "sensor"}


def _namelike(part: str) -> bool:
    key = units.fold(part)
    return (sum(c.isalpha() for c in key) >= 2 and key not in _NOT_NAMES
            and units.quantity_of(part, codes=False) is None
            and not units.SENSOR_PREFIX.match(key + " x"))


def _wide_column(header: str) -> tuple[str | None, str | None, str | None]:
    """(quantity or "other" or None, station, station name) of a wide table's column.

    "PM10", "PM2.5 (µg/m³)" and "39" name a quantity; "FR03043 - Marseille Longchamp - NO2
    (µg/m³)" or "Contes_PM2.5" also name the station the column belongs to.
    """
    bare = _UNIT_IN_HEADER.sub("", header).strip()
    parts = [p.strip() for p in _HEADER_PARTS.split(bare) if p.strip()]
    if len(parts) >= 2:
        kinds = []
        for p in parts:
            q = units.quantity_of(p, codes=False)
            if q is None and units.is_other(p) and not p.isdigit():
                q = "other"
            kinds.append(q)
        hits = [k for k, q in enumerate(kinds) if q is not None]
        rest = [p for k, p in enumerate(parts) if k not in hits]
        if len(hits) == 1 and all(_CODE.fullmatch(p) or _namelike(p) for p in rest):
            code = next((p for p in rest if _CODE.fullmatch(p)), None)
            name = " ".join(p for p in rest if not _CODE.fullmatch(p)) or None
            return kinds[hits[0]], code or name, name
    q = units.quantity_of(header)
    if q is not None:
        return q, None, None
    if units.is_other(header):
        return "other", None, None
    return None, None, None


def _code_table(table: Table) -> bool:
    keys = set(table.keys)
    return bool(keys & {"id", "code", "code iso", "isocode"}) and bool(
        keys & {"chemicalsymbol", "symbol", "symbole", "label", "libelle", "formule"})


def _c(row: Sequence[str], i: int | None) -> str:
    return row[i].strip() if i is not None and i < len(row) else ""


_HOUR_CELL = re.compile(r"(\d{1,2})\s*(?:[hH:]\s*(\d{2})?)?(?::\d{2})?")


def _hour(text: str) -> str:
    """An hour cell as HH:MM ("7" → "7:00", "07h00" → "07:00")."""
    text = text.strip()
    m = _HOUR_CELL.fullmatch(text)
    if m:
        return f"{m.group(1)}:{m.group(2) or '00'}"
    return text


def _date_only(table: Table, i: int | None) -> bool:
    """The column holds dates without hours (so an hour column completes it)."""
    if i is None:
        return False
    cells = [r[i].strip() for r in table.rows[:5] if i < len(r) and r[i].strip()]
    return bool(cells) and all(":" not in c and "T" not in c for c in cells)


def _station_of(b: Builder, row: Sequence[str], station: str,
                cell: Callable[[Sequence[str], int | None], str], name_col: int | None,
                lat_col: int | None, lon_col: int | None, x_col: int | None,
                y_col: int | None, geom_col: int | None, dc: bool, source_class: str) -> None:
    if station in b._stations:
        return
    lat: float | None = None
    lon: float | None = None
    try:
        if lat_col is not None and lon_col is not None:
            lat = units.number(cell(row, lat_col), decimal_comma=dc)
            lon = units.number(cell(row, lon_col), decimal_comma=dc)
        elif x_col is not None and y_col is not None:
            x = units.number(cell(row, x_col), decimal_comma=dc)
            y = units.number(cell(row, y_col), decimal_comma=dc)
            if looks_like_lambert93(x, y):
                lat, lon = lambert93_to_wgs84(x, y)
            elif -180 <= x <= 180 and -90 <= y <= 90 and (x or y):
                lon, lat = x, y  # x/y written in degrees (x is the longitude)
    except Rejected:
        lat = lon = None
    if lat is None and geom_col is not None:
        lat, lon = point_of(cell(row, geom_col))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    name = cell(row, name_col) or station
    paired = re.search(r"(?<![A-Za-z0-9])FR\d{5}(?!\d)", name)
    b.station(Station(b.provider, station, name, lat, lon, source_class,
                      paired.group(0) if paired and paired.group(0) != station else None))


def _end_shift(table: Table, time_col: int, st_col: int | None,
               hour_col: int | None = None) -> dt.timedelta:
    """The period of a table stamped at period ends: the smallest step between two stamps of
    one station (an hour when it cannot be told)."""
    from kiosk.core.sensors.timeparse import parse_naive_or_aware

    seen: dict[str, dt.datetime] = {}
    best: dt.timedelta | None = None
    for row in table.rows[:500]:
        text = _c(row, time_col)
        if hour_col is not None and _c(row, hour_col):
            text = f"{text} {_hour(_c(row, hour_col))}"
        try:
            t = parse_naive_or_aware(text)
        except Rejected:
            continue
        key = row[st_col] if st_col is not None and st_col < len(row) else ""
        prev = seen.get(key)
        if prev is not None and prev.tzinfo == t.tzinfo:
            d = abs(t - prev)
            if d and (best is None or d < best):
                best = d
        seen[key] = t
    # Periods are a quarter, an hour or a day; a larger gap between two stamps is missing
    # rows, not a longer period.
    if best is not None and (best <= dt.timedelta(hours=1) or best == dt.timedelta(days=1)):
        return best
    return dt.timedelta(hours=1)
