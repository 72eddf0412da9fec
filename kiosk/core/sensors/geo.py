"""Lambert-93 (RGF93, EPSG:2154) to WGS84 latitude/longitude, for AtmoSud CSV exports.

The inverse Lambert conformal conic projection on the GRS80 ellipsoid, with its constants
derived from the projection's definition (standard parallels 44° and 49°, origin 46.5° N 3° E,
false easting 700 000 m, false northing 6 600 000 m). RGF93 and WGS84 differ by well under a
metre, far below what a station marker on a map needs. (pyproj does this too, but brings the
whole PROJ library for one formula.)
"""

from __future__ import annotations

import math
import re

_A = 6378137.0
_E = math.sqrt(0.00669438002290)  # GRS80 first eccentricity
_LON0 = math.radians(3.0)
_PHI0, _PHI1, _PHI2 = (math.radians(d) for d in (46.5, 44.0, 49.0))
_X0, _Y0 = 700000.0, 6600000.0


def _iso_lat(phi: float) -> float:
    s = _E * math.sin(phi)
    return math.log(math.tan(math.pi / 4 + phi / 2) * ((1 - s) / (1 + s)) ** (_E / 2))


def _m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (_E * math.sin(phi)) ** 2)


_N = math.log(_m(_PHI1) / _m(_PHI2)) / (_iso_lat(_PHI2) - _iso_lat(_PHI1))
_C = _A * _m(_PHI1) * math.exp(_N * _iso_lat(_PHI1)) / _N
_YS = _Y0 + _C * math.exp(-_N * _iso_lat(_PHI0))


def lambert93_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """(latitude, longitude) in degrees of a Lambert-93 point in metres."""
    dx, dy = x - _X0, y - _YS
    r = math.hypot(dx, dy)
    gamma = math.atan2(dx, -dy)
    lon = _LON0 + gamma / _N
    latiso = -math.log(r / _C) / _N
    phi = 2 * math.atan(math.exp(latiso)) - math.pi / 2
    for _ in range(20):
        s = _E * math.sin(phi)
        nxt = 2 * math.atan(((1 + s) / (1 - s)) ** (_E / 2) * math.exp(latiso)) - math.pi / 2
        if abs(nxt - phi) < 1e-12:
            phi = nxt
            break
        phi = nxt
    return math.degrees(phi), math.degrees(lon)


def wgs84_to_lambert93(lat: float, lon: float) -> tuple[float, float]:
    """The forward projection, (x, y) in metres; used to check the inverse."""
    phi, lam = math.radians(lat), math.radians(lon)
    r = _C * math.exp(-_N * _iso_lat(phi))
    gamma = _N * (lam - _LON0)
    return _X0 + r * math.sin(gamma), _YS - r * math.cos(gamma)


def looks_like_lambert93(x: float, y: float) -> bool:
    """Metropolitan France in Lambert-93: x 0–1.3e6 m, y 6.0e6–7.2e6 m."""
    return 0 < x < 1_300_000 and 6_000_000 < y < 7_200_000


_WKT_POINT = re.compile(r"point\s*z?\s*\(\s*(-?[\d.]+)[\s,]+(-?[\d.]+)", re.IGNORECASE)
_PAIR = re.compile(r"^\[?\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\]?$")


def point_of(text: str) -> tuple[float | None, float | None]:
    """(lat, lon) of a point written as WKT (lon first) or as a "lat, lon" pair."""
    m = _WKT_POINT.search(text)
    if m:
        lon, lat = float(m.group(1)), float(m.group(2))
        if looks_like_lambert93(lon, lat):
            return lambert93_to_wgs84(lon, lat)
        return lat, lon
    m = _PAIR.match(text.strip())
    if m:
        return float(m.group(1)), float(m.group(2))
    return None, None
