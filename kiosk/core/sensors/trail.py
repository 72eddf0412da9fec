"""The trail screen's geometry: which trail, where "vous êtes ici" is, the demonstration sites
on or near it with their distance and direction, and the projection of it all onto a picture.

Qt-free. No map tiles: the line is the trail's stages from sites.toml, projected on a local
equirectangular plane (metres east and north of the centre of the drawing; over the few tens
of kilometres of a metropolis this is within a fraction of a percent of the true distances),
then scaled to fit a rectangle with north up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.core.i18n import N_, _, format_number
from kiosk.core.sensors.territory import (
    EARTH_RADIUS_M,
    Site,
    SiteCatalog,
    Stage,
    Trail,
    bearing_deg,
    compass_point,
    distance_m,
    format_distance,
    parking_point,
)
from kiosk.core.settings import KioskSection

# A demonstration site not tagged with the trail still counts as on it this close to its line.
NEAR_M = 1000.0
# Closer than this, the site is where the visitor stands.
HERE_M = 30.0
# "1,2 km au nord-est": whole phrases, for languages that put the direction first or decline it.
DIRECTION_PHRASES = {
    "nord": N_("{distance} au nord"), "nord-est": N_("{distance} au nord-est"),
    "est": N_("{distance} à l'est"), "sud-est": N_("{distance} au sud-est"),
    "sud": N_("{distance} au sud"), "sud-ouest": N_("{distance} au sud-ouest"),
    "ouest": N_("{distance} à l'ouest"), "nord-ouest": N_("{distance} au nord-ouest"),
}
SCALE_STEPS = (1, 2, 5)


def direction_phrase(metres: float, bearing: float) -> str:
    """ "1,2 km au nord-est" in the current language; "ici même" when it is under HERE_M."""
    if metres < HERE_M:
        return _("ici même")
    return _(DIRECTION_PHRASES[compass_point(bearing)]).format(
        distance=format_distance(metres))


@dataclass(frozen=True)
class TrailSite:
    """A demonstration site on or near the trail, seen from the parking spot."""

    site: Site
    distance_m: float
    bearing_deg: float
    off_line_m: float  # how far from the trail's drawn line

    def where(self) -> str:
        return direction_phrase(self.distance_m, self.bearing_deg)


@dataclass(frozen=True)
class TrailView:
    """What the trail screen shows; `key` changes exactly when the picture must change."""

    trail: Trail
    here: tuple[float, float]  # the parking spot (latitude, longitude)
    here_name: str  # the trail stop's name, "" for typed coordinates
    sites: tuple[TrailSite, ...]
    nearest_stage: Stage  # the stage closest to the parking spot
    nearest_stage_m: float

    def here_text(self) -> str:
        """ "Vous êtes ici : <the stop>", or how far from the nearest stage for typed
        coordinates, in the current language."""
        if self.here_name:
            return _("Vous êtes ici : {place}").format(place=self.here_name)
        if self.nearest_stage_m < HERE_M:
            return _("Vous êtes ici : {place}").format(place=self.nearest_stage.name)
        return _("Vous êtes ici, à {distance} de : {place}").format(
            distance=format_distance(self.nearest_stage_m), place=self.nearest_stage.name)

    @property
    def key(self) -> tuple[object, ...]:
        return (self.trail, self.here, self.here_name, tuple(s.site.id for s in self.sites))

    def points(self) -> list[tuple[float, float]]:
        """Every point the drawing must hold: stages, the parking spot, the sites."""
        return ([(s.latitude, s.longitude) for s in self.trail.stages] + [self.here]
                + [(s.site.latitude, s.site.longitude) for s in self.sites])


def trail_for(catalog: SiteCatalog, territory: str, stop_id: str = "") -> Trail | None:
    """The territory's trail: the parking stop's, else the one that names the territory, else
    the trail of the territory's first stop."""
    stop = catalog.stops.get(stop_id) if stop_id else None
    if stop is not None and stop.territory == territory and stop.trail in catalog.trails:
        return catalog.trails[stop.trail]
    for trail in catalog.trails.values():
        if trail.territory == territory:
            return trail
    for stop in catalog.trail_stops(territory):
        if stop.trail in catalog.trails:
            return catalog.trails[stop.trail]
    return None


def build(catalog: SiteCatalog, kiosk_settings: KioskSection) -> TrailView | None:
    """The trail view for the kiosk's territory and parking spot; None when the territory has
    no trail with stages in the sites file."""
    territory = kiosk_settings.territory
    trail = trail_for(catalog, territory, kiosk_settings.parking_stop)
    if trail is None or not trail.stages:
        return None
    lat, lon = parking_point(catalog, kiosk_settings)
    stop = catalog.stops.get(kiosk_settings.parking_stop)
    here_name = stop.name if stop is not None and stop.territory == territory else ""
    plane = Plane.around(trail_points(trail))
    line = plane.line(trail_points(trail))
    sites = []
    for site in catalog.in_territory(territory):
        if site.is_reference:
            continue
        off = distance_to_line(plane.xy(site.latitude, site.longitude), line)
        if site.trail == trail.id or off <= NEAR_M:
            sites.append(TrailSite(site, distance_m(lat, lon, site.latitude, site.longitude),
                                   bearing_deg(lat, lon, site.latitude, site.longitude), off))
    sites.sort(key=lambda s: s.distance_m)
    nearest = min(trail.stages, key=lambda s: distance_m(lat, lon, s.latitude, s.longitude))
    return TrailView(trail, (lat, lon), here_name, tuple(sites), nearest,
                     distance_m(lat, lon, nearest.latitude, nearest.longitude))


def trail_points(trail: Trail) -> list[tuple[float, float]]:
    """The stages as (latitude, longitude), the first repeated at the end of a loop."""
    pts = [(s.latitude, s.longitude) for s in trail.stages]
    return pts + pts[:1] if trail.loop and len(pts) > 2 else pts


# --- the plane and the picture -----------------------------------------------------------

@dataclass(frozen=True)
class Plane:
    """Metres east (x) and north (y) of a centre point, equirectangular."""

    lat0: float
    lon0: float

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]]) -> Plane:
        pts = list(points)
        if not pts:
            raise ValueError("no points to draw")
        lats, lons = [p[0] for p in pts], [p[1] for p in pts]
        return cls((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        k = math.pi / 180 * EARTH_RADIUS_M
        return ((lon - self.lon0) * k * math.cos(math.radians(self.lat0)),
                (lat - self.lat0) * k)

    def line(self, points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
        return [self.xy(lat, lon) for lat, lon in points]


def distance_to_line(p: tuple[float, float], line: list[tuple[float, float]]) -> float:
    """Shortest distance in metres from a plane point to a polyline (its segments)."""
    if not line:
        return math.inf
    if len(line) == 1:
        return math.dist(p, line[0])
    best = math.inf
    for (ax, ay), (bx, by) in zip(line, line[1:], strict=False):
        dx, dy = bx - ax, by - ay
        seg = dx * dx + dy * dy
        t = 0.0 if seg == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / seg))
        best = min(best, math.dist(p, (ax + t * dx, ay + t * dy)))
    return best


@dataclass(frozen=True)
class Fit:
    """The plane scaled into a `width` × `height` picture, north up, aspect kept."""

    plane: Plane
    metres_per_px: float
    x0: float  # picture x of plane x = 0
    y0: float  # picture y of plane y = 0

    @classmethod
    def of(cls, points: Iterable[tuple[float, float]], width: float, height: float,
           margin: float = 0.0) -> Fit:
        pts = list(points)
        plane = Plane.around(pts)
        xy = plane.line(pts)
        xs, ys = [p[0] for p in xy], [p[1] for p in xy]
        span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
        room_x, room_y = max(1.0, width - 2 * margin), max(1.0, height - 2 * margin)
        # A single point (or a line along one axis) still gets a sensible scale: 100 m across.
        mpp = max(span_x / room_x, span_y / room_y, 100.0 / max(room_x, room_y))
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        return cls(plane, mpp, width / 2 - cx / mpp, height / 2 + cy / mpp)

    def to_px(self, lat: float, lon: float) -> tuple[float, float]:
        x, y = self.plane.xy(lat, lon)
        return self.x0 + x / self.metres_per_px, self.y0 - y / self.metres_per_px


def scale_bar(metres_per_px: float, max_px: float) -> tuple[float, float]:
    """(metres, pixels) of the longest 1-2-5 × 10ⁿ length that fits in `max_px`."""
    if metres_per_px <= 0 or max_px <= 0:
        raise ValueError("a scale needs a positive size")
    most = metres_per_px * max_px
    exp = math.floor(math.log10(most))
    for power in (exp, exp - 1):
        for step in reversed(SCALE_STEPS):
            metres = step * 10.0 ** power
            if metres <= most * (1 + 1e-9):
                return metres, metres / metres_per_px
    raise AssertionError("unreachable: 1 × 10^(n-1) always fits")


def scale_label(metres: float) -> str:
    """A scale bar's length, "500 m" or "2 km" (whole kilometres from 1 km on)."""
    if metres < 1000:
        return _("{n} m").format(n=format_number(metres, 0))
    return _("{n} km").format(n=format_number(metres / 1000, 0))
