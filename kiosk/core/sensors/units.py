"""Normalisation shared by every provider: quantity names, units, sentinels, plausible ranges.

Everything here is a pure function (label look-ups are memoised: a file repeats them). A value
that cannot be a measurement (a sentinel such as -999, an empty cell, `nan`, "n/d", "-", a
negative concentration, a humidity over 100 %) is never turned into a number: `normalise`
raises `Rejected` with a short reason the parser counts ("negative value" apart from the
other impossible values, as agencies' files hold them near zero).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata

from kiosk.core.sensors.model import UNITS


class Rejected(ValueError):
    """A value that is not an observation; `reason` is what `skipped` counts."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@functools.lru_cache(maxsize=4096, typed=True)
def fold(text: str) -> str:
    """Lower case, accents removed, separators collapsed: a key to match labels on."""
    text = unicodedata.normalize("NFKD", str(text)).replace("µ", "u").replace("μ", "u")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
    return re.sub(r"[\s_]+", " ", text)


# AtmoSud / Geod'air / Microspot pollutant codes (`polluant_id`, `isoCode`: strings, leading 0).
CODES = {"03": "no2", "08": "o3", "24": "pm10", "39": "pm25", "68": "pm1", "51": "wind_speed",
         "52": "wind_direction", "53": "pressure", "54": "temperature", "58": "humidity"}
# Codes of things the kiosk does not show: skipped as "unsupported", not as "unknown".
OTHER_CODES = {"01", "02", "04", "05", "06", "07", "0N", "10", "11", "12", "14", "15", "16",
               "17", "19"}

_NAMES = {
    "pm25": ["pm2.5", "pm2,5", "pm25", "pm2 5", "pm 2.5", "pm2", "p2", "particules fines",
             "particules fines pm2", "particules fines pm2.5", "particules pm2.5",
             "particules pm2,5", "fine particulate matter", "fine particles",
             "particulate matter 2.5", "pm2.5 particulate matter"],
    "pm10": ["pm10", "pm 10", "p1", "particules pm10", "particules fines pm10",
             "particulate matter 10", "pm10 particulate matter"],
    "pm1": ["pm1", "pm 1", "pm1.0", "p0", "particules pm1", "particules fines pm1"],
    "no2": ["no2", "dioxyde d'azote", "dioxyde d azote", "nitrogen dioxide"],
    "o3": ["o3", "ozone"],
    "temperature": ["temperature", "temp", "t", "air temp.", "air temp", "air temperature",
                    "temperature de l'air", "temperature (c)", "bme280 temperature",
                    "bmp temperature", "bmp280 temperature", "sht3x temperature",
                    "htu21d temperature", "dht22 temperature"],
    "humidity": ["humidity", "humidite", "relativehumidity", "relative humidity", "rh", "hr",
                 "hum", "air hum.", "air hum", "humidite relative", "bme280 humidity",
                 "sht3x humidity", "htu21d humidity"],
    "pressure": ["pressure", "pression", "air pres.", "air pres", "air pressure",
                 "pression atmospherique", "bme280 pressure", "bmp pressure",
                 "bmp280 pressure", "atmospheric pressure"],
    "wind_speed": ["wind speed", "wind_speed", "windspeed", "ws", "vitesse du vent",
                   "vitesse vent", "vv"],
    "wind_direction": ["wind direction", "wind dir", "winddirection", "wd", "wind_dir",
                       "direction du vent", "direction vent", "dv"],
}
NAMES = {fold(alias): q for q, aliases in _NAMES.items() for alias in aliases}
# Labels of things the kiosk does not show (counted as "unsupported").
OTHER_NAMES = {fold(n) for n in (
    "no", "nox", "so2", "co", "c6h6", "benzene", "p4", "pm4", "noise", "noise laeq",
    "noise la min", "noise la max", "oxydes d'azote", "monoxyde d'azote", "dioxyde de soufre",
    "monoxyde de carbone", "pressure at sealevel", "pressure sealevel", "um003", "um005",
    "um010", "um025", "um050", "um100", "bc", "nh3", "co2", "nitric oxide",
    "nitrogen oxides", "sulphur dioxide", "sulfur dioxide", "carbon monoxide", "h2s")}


def hashable(v: object) -> object:
    """A memoisable stand-in for a JSON value (a list or an object becomes its text)."""
    return v if v is None or isinstance(v, str | int | float) else str(v)


def quantity_of(label: object, *, codes: bool = True) -> str | None:
    """The canonical quantity of a label or code, None when unknown or not shown.

    Args:
        label: a name ("Dioxyde d'azote", "PM2.5", "P2") or an AtmoSud code ("03", 3).
        codes: accept AtmoSud-style numeric codes (false for OpenAQ's own parameter ids).
    """
    return _quantity_of(hashable(label), codes)


@functools.lru_cache(maxsize=4096, typed=True)
def _quantity_of(label: object, codes: bool) -> str | None:
    if label is None:
        return None
    text = str(label).strip()
    if codes and text.isdigit() and len(text) <= 2:
        return CODES.get(text.zfill(2))
    if codes and text.upper() in CODES:
        return CODES[text.upper()]
    key = fold(text)
    if key in NAMES:
        return NAMES[key]
    # "PM2.5 (µg/m³)", "NO2 [ug/m3]": drop a trailing unit in brackets.
    bare = re.sub(r"\s*[\(\[].*?[\)\]]\s*$", "", key)
    if bare in NAMES:
        return NAMES[bare]
    # Device CSV columns named after the sensor: "SDS_P1", "BME280_pressure", "SPS30_P0".
    m = SENSOR_PREFIX.match(bare)
    if m and m.group(2) in NAMES:
        return NAMES[m.group(2)]
    # Longer labels that name a particle size: "Particules fines PM2,5", "PM10 - moyenne".
    for pattern, q in _PM_PATTERNS:
        if pattern.search(bare):
            return q
    return None


_PM_PATTERNS = [(re.compile(r"\bpm ?2[.,]5\b|\bpm ?25\b"), "pm25"),
                (re.compile(r"\bpm ?10\b"), "pm10"),
                (re.compile(r"\bpm ?1(?:[.,]0)?\b(?![.,]\d)"), "pm1")]


SENSOR_PREFIX = re.compile(
    r"^(sds011|sds|pms\d*|pmsx003|hpm|sps30|npm|ips|bme280|bme680|bmp280|bmp180|bmp|dht22|dht"
    r"|htu21d|sht3x|sht31|sht30|ds18b20|scd30)[ \-]?(.+)$")


def is_other(label: object) -> bool:
    """A quantity the kiosk knows of but does not show (NOx, SO2, noise…)."""
    return _is_other(hashable(label))


@functools.lru_cache(maxsize=4096, typed=True)
def _is_other(label: object) -> bool:
    text = str(label).strip()
    if text.isdigit() and len(text) <= 2:
        return text.zfill(2) in OTHER_CODES
    key = fold(text)
    # "NOX as NO2", "SO2 - moyenne": a label that opens with something not shown.
    return text.upper() in OTHER_CODES or key in OTHER_NAMES or (
        " " in key and key.split(" ", 1)[0] in OTHER_NAMES and key.split(" ", 1)[0] != "no")


# -- numbers ---------------------------------------------------------------------------------

SENTINEL_TEXT = {"", "nan", "null", "none", "na", "n/a", "n/d", "nd", "n.d.", "-", "--", "?",
                 "unavailable", "missing", "absent", "invalid", "#n/a", "inf", "-inf"}
SENTINEL_VALUES = {-999.0, -9999.0, -99.0, -999.9, -9999.9, -99999.0}


def number(value: object, *, decimal_comma: bool = False) -> float:
    """A finite float from a JSON number or a string; raises Rejected("missing") else."""
    if value is None or isinstance(value, bool):
        raise Rejected("missing")
    if isinstance(value, int | float):
        f = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if text.lower() in SENTINEL_TEXT or not any(c.isdigit() for c in text):
            # "n/d", "—", "panne", "maintenance": a cell without a digit holds no number.
            raise Rejected("missing")
        if decimal_comma or re.fullmatch(r"-?\d+,\d+", text):
            text = text.replace(",", ".")
        try:
            f = float(text)
        except ValueError:
            raise Rejected("not a number") from None
    if not math.isfinite(f):
        raise Rejected("missing")
    if f in SENTINEL_VALUES:
        raise Rejected("sentinel")
    return f


# -- units -----------------------------------------------------------------------------------

# Molar masses (g/mol) for ppb → µg/m³ at 20 °C and 1013.25 hPa (molar volume 24.06 L).
MOLAR_MASS = {"no2": 46.0055, "o3": 47.9982}
MOLAR_VOLUME = 24.055

_UNIT_ALIASES = {
    "ug/m3": ["ug/m3", "ug/m³", "ug m-3", "ug.m-3", "ug-m3", "ugm3", "ug/m^3", "ug/m**3",
              "microg/m3", "micrograms per cubic meter", "microgrammes par m3", "ug/m 3",
              "ug.m3", "µg/m3"],
    "mg/m3": ["mg/m3", "mg/m³", "mg.m-3", "mg-m3"],
    "ppb": ["ppb", "ppbv"],
    "ppm": ["ppm", "ppmv"],
    "c": ["c", "°c", "degc", "deg c", "celsius", "degres celsius", "oc", "° c"],
    "f": ["f", "°f", "degf", "fahrenheit"],
    "k": ["k", "kelvin"],
    "%": ["%", "percent", "%rh", "% rh", "pct", "pourcent"],
    "hpa": ["hpa", "mbar", "mb", "millibar"],
    "pa": ["pa", "pascal"],
    "kpa": ["kpa"],
    "m/s": ["m/s", "m.s-1", "m s-1", "ms-1", "mps", "m/sec"],
    "km/h": ["km/h", "kmh", "km.h-1", "kph"],
    "deg": ["°", "deg", "degree", "degrees", "degres", "°n"],
}
_UNITS = {fold(a): u for u, aliases in _UNIT_ALIASES.items() for a in aliases}

# Plausible ranges in canonical units; outside them a value is impossible, never shown.
RANGES = {
    "pm25": (0.0, 1500.0), "pm10": (0.0, 2000.0), "pm1": (0.0, 1500.0),
    "no2": (0.0, 2000.0), "o3": (0.0, 1000.0), "temperature": (-50.0, 60.0),
    "humidity": (0.0, 100.0), "pressure": (500.0, 1100.0), "wind_speed": (0.0, 75.0),
    "wind_direction": (0.0, 360.0),
}


# What the optical particle counters of micro-sensors can measure (SDS011, PMS5003, SPS30,
# Nexelec: 0–999.9 µg/m³, 1000 µg/m³ at most for some): a reading at or beyond the top is
# the counter saturating, not air quality. Reference analysers have no such ceiling here.
OPTICAL_PM_RANGE = {"pm25": (0.0, 999.8), "pm10": (0.0, 999.8), "pm1": (0.0, 999.8)}


def unit_key(unit: object) -> str | None:
    """The unit family of a label, "" for an empty label, None when unknown."""
    return _unit_key(hashable(unit))


@functools.lru_cache(maxsize=1024, typed=True)
def _unit_key(unit: object) -> str | None:
    if unit is None:
        return ""
    key = fold(str(unit))
    if key == "":
        return ""
    return _UNITS.get(key)


def normalise(quantity: str, value: float, unit: object) -> float:
    """`value` in the canonical unit of `quantity` (model.UNITS), or raise Rejected.

    An empty unit means the canonical one. Pressure is judged by its magnitude: a label
    that contradicts it (Microspot's "Pa" around 990) is a mislabelled hPa.
    """
    key = unit_key(unit)
    if key is None:
        raise Rejected(f"unknown unit {str(unit).strip()!r}")
    v = value
    if quantity in ("pm25", "pm10", "pm1", "no2", "o3"):
        if key == "mg/m3":
            v = value * 1000.0
        elif key in ("ppb", "ppm"):
            if quantity not in MOLAR_MASS:
                raise Rejected(f"unit {unit} for {quantity}")
            v = value * (1000.0 if key == "ppm" else 1.0) * MOLAR_MASS[quantity] / MOLAR_VOLUME
        elif key not in ("", "ug/m3"):
            raise Rejected(f"unit {unit} for {quantity}")
    elif quantity == "temperature":
        if key == "f":
            v = (value - 32.0) * 5.0 / 9.0
        elif key == "k":
            v = value - 273.15
        elif key not in ("", "c"):
            raise Rejected(f"unit {unit} for {quantity}")
    elif quantity == "humidity":
        if key not in ("", "%"):
            raise Rejected(f"unit {unit} for {quantity}")
    elif quantity == "pressure":
        if key not in ("", "hpa", "pa", "kpa"):
            raise Rejected(f"unit {unit} for {quantity}")
        v = _pressure_hpa(value, key)
    elif quantity == "wind_speed":
        if key == "km/h":
            v = value / 3.6
        elif key not in ("", "m/s"):
            raise Rejected(f"unit {unit} for {quantity}")
    elif quantity == "wind_direction" and key not in ("", "deg"):
        raise Rejected(f"unit {unit} for {quantity}")
    lo, hi = RANGES[quantity]
    if v < 0 <= lo:
        # Analysers write small negatives near zero; some agencies publish them as 0. A
        # clamped 0 would be a value nobody measured: it is skipped and counted apart.
        raise Rejected("negative value")
    if not lo <= v <= hi:
        raise Rejected(f"impossible {quantity}")
    return round(v, 4)


def _pressure_hpa(value: float, key: str) -> float:
    # Whatever the label says, air pressure at the surface is 500–1100 hPa: the magnitude
    # tells Pa (50 000–110 000) from hPa from kPa (50–110).
    if 50_000 <= value <= 110_000:
        return value / 100.0
    if 50 <= value <= 110 and key != "hpa":
        return value * 10.0
    if key == "pa" and not 500 <= value <= 1100:
        return value / 100.0
    return value


def canonical_unit(quantity: str) -> str:
    return UNITS[quantity]
