"""Territories, demonstration sites, reference stations, trail stops and the nearest sites.

Qt-free. The sites come from `sites.toml` in `paths.content_dir("sites")` (shipped in
media/sites/, replaceable by a signed bundle). Distances are great-circle (haversine on a
sphere of the mean Earth radius); directions are the initial bearing from the centre's parking
spot, named on an 8-point compass in the visitor's language.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core import nesting
from kiosk.core.i18n import N_, _, format_number

if TYPE_CHECKING:
    from kiosk.core.settings import KioskSection


SITES_FILE = "sites.toml"
EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius
KINDS = ("demo", "reference")
# Which badge a provider's data wears on screen (model.SOURCE_CLASSES).
PROVIDER_CLASSES = {
    "atmosud": "reference",
    "geodair": "reference",
    "openaq": "reference",
    "microspot": "project",
    "atmosud-capteurs": "project",
    "project": "project",
    "sensor.community": "community",
}
# Clockwise from north, 45° each; French msgids translated when shown.
COMPASS = (N_("nord"), N_("nord-est"), N_("est"), N_("sud-est"), N_("sud"),
           N_("sud-ouest"), N_("ouest"), N_("nord-ouest"))


class SitesError(ValueError):
    """A sites.toml that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class SensorRef:
    """One sensor of a site: the provider and the provider's own station (or device) id."""

    provider: str
    station: str
    quantities: tuple[str, ...] = ()
    # True when the code was checked against a public source (see the comments in sites.toml).
    confirmed: bool = False
    # This sensor's own URL, used instead of the provider's configured base URL.
    endpoint: str = ""
    # sensor.community: the sensor ids of the location (its PM and its weather sensor).
    sensor_ids: tuple[str, ...] = ()

    @property
    def source_class(self) -> str:
        return PROVIDER_CLASSES.get(self.provider, "project")

    @property
    def key(self) -> str:
        """`provider:station`, the id the sensor cache files observations under."""
        return f"{self.provider}:{self.station}"


@dataclass(frozen=True)
class Site:
    id: str
    territory: str
    name: str
    kind: str  # "demo" (a project micro-sensor on a trail) or "reference" (a station)
    latitude: float
    longitude: float
    reference: str | None = None  # the paired reference site's id (demo sites)
    sensors: tuple[SensorRef, ...] = ()
    trail: str = ""

    @property
    def is_reference(self) -> bool:
        return self.kind == "reference"

    @property
    def source_class(self) -> str:
        return self.sensors[0].source_class if self.sensors else (
            "reference" if self.is_reference else "project")


@dataclass(frozen=True)
class TrailStop:
    """A stop of a territory's urban trail where the centre can park."""

    id: str
    territory: str
    trail: str
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Stage:
    """A named point of a trail's line (a town, a park, a square), in walking order."""

    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Trail:
    """A territory's trail: its stages draw its line; `url` is its official page ("" when it
    has none, and the kiosk then shows no QR code)."""

    id: str
    name: str
    territory: str = ""
    url: str = ""
    stages: tuple[Stage, ...] = ()
    loop: bool = False  # the line closes back to its first stage


@dataclass(frozen=True)
class Nearby:
    """One of the nearest sites as the visitor sees it.

    `site` is what is shown: the demonstration site, or its reference station when the
    micro-sensor is stale (`replaces` then names the stale site). Distance and direction are
    those of the site shown, from the parking spot.
    """

    site: Site
    distance_m: float
    bearing_deg: float
    replaces: Site | None = None

    @property
    def direction(self) -> str:
        """The compass point as a French msgid; translate with `_()`."""
        return compass_point(self.bearing_deg)

    def describe(self) -> str:
        """ "Parc X — 850 m, nord-est" in the current language."""
        return _("{name} — {distance}, {direction}").format(
            name=self.site.name, distance=format_distance(self.distance_m),
            direction=_(self.direction))


@dataclass
class SiteCatalog:
    sites: dict[str, Site] = field(default_factory=dict)
    stops: dict[str, TrailStop] = field(default_factory=dict)
    trails: dict[str, Trail] = field(default_factory=dict)
    source: str = ""

    def in_territory(self, territory: str) -> list[Site]:
        return [s for s in self.sites.values() if s.territory == territory]

    def trail_stops(self, territory: str) -> list[TrailStop]:
        """The facilitator's choices of parking spot for a territory, in file order."""
        return [s for s in self.stops.values() if s.territory == territory]

    def reference_of(self, site: Site) -> Site | None:
        return self.sites.get(site.reference) if site.reference else None

    def sensors(self) -> list[tuple[Site, SensorRef]]:
        return [(site, ref) for site in self.sites.values() for ref in site.sensors]

    def nearest(
        self,
        territory: str,
        latitude: float,
        longitude: float,
        n: int = 3,
        *,
        is_stale: Callable[[Site], bool] = lambda site: False,
    ) -> list[Nearby]:
        """The `n` nearest sites of `territory` to a point, demonstration sites first.

        A demonstration site whose micro-sensor is stale gives its place to its paired
        reference station (or, when none is paired, the nearest reference station of the
        territory); a station already listed is not listed twice.
        """
        sites = self.in_territory(territory)
        demos = [s for s in sites if not s.is_reference]
        refs = [s for s in sites if s.is_reference]
        pool = demos or refs
        ordered = sorted(pool, key=lambda s: distance_m(latitude, longitude,
                                                         s.latitude, s.longitude))
        out: list[Nearby] = []
        shown: set[str] = set()
        for site in ordered:
            if len(out) >= n:
                break
            replaces = None
            if not site.is_reference and is_stale(site):
                fallback = self.reference_of(site) or _nearest_of(refs, site.latitude,
                                                                 site.longitude)
                if fallback is None:
                    continue
                replaces, site = site, fallback
            if site.id in shown:
                continue
            shown.add(site.id)
            out.append(Nearby(site, distance_m(latitude, longitude, site.latitude,
                                               site.longitude),
                              bearing_deg(latitude, longitude, site.latitude, site.longitude),
                              replaces))
        # Stale micro-sensors sharing one reference leave room: fill it with the nearest
        # other reference stations rather than show fewer sites.
        for site in sorted(refs, key=lambda s: distance_m(latitude, longitude,
                                                          s.latitude, s.longitude)):
            if len(out) >= n:
                break
            if site.id not in shown:
                shown.add(site.id)
                out.append(Nearby(site, distance_m(latitude, longitude, site.latitude,
                                                   site.longitude),
                                  bearing_deg(latitude, longitude, site.latitude,
                                              site.longitude)))
        return out


def _nearest_of(sites: Iterable[Site], lat: float, lon: float) -> Site | None:
    return min(sites, key=lambda s: distance_m(lat, lon, s.latitude, s.longitude), default=None)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2, degrees clockwise from true north [0, 360)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0


def compass_point(bearing: float) -> str:
    """The 8-point compass name (French msgid) of a bearing."""
    return COMPASS[int(((bearing % 360.0) + 22.5) // 45.0) % 8]


def format_distance(metres: float) -> str:
    """850 m under a kilometre (rounded to 10 m), else kilometres with one decimal."""
    if metres < 995:
        return _("{n} m").format(n=format_number(round(metres, -1) or 10, 0))
    return _("{n} km").format(n=format_number(metres / 1000, 1))


# --- loading -----------------------------------------------------------------------------

def _float(entry: dict[str, Any], key: str, where: str, lo: float, hi: float) -> float:
    v = entry.get(key)
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise SitesError(f"{where}: {key} must be a number")
    if not lo <= v <= hi:
        raise SitesError(f"{where}: {key} {v} is out of range")
    return float(v)


def _str(entry: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    v = entry.get(key, default)
    if not isinstance(v, str) or (default is None and not v):
        raise SitesError(f"{where}: {key} must be a non-empty string")
    return v


def _trail(entry: dict[str, Any], source: str, i: int, allowed: set[str] | None) -> Trail:
    tid = _str(entry, "id", f"{source}: trail[{i}]")
    where = f"{source}: trail {tid!r}"
    territory = _str(entry, "territory", where, "")
    if territory and allowed is not None and territory not in allowed:
        raise SitesError(f"{where}: unknown territory {territory!r}")
    url = _str(entry, "url", where, "")
    if url and not url.startswith("https://"):
        raise SitesError(f"{where}: url must be an https:// address")
    raw = entry.get("stage", [])
    if not isinstance(raw, list) or not all(isinstance(s, dict) for s in raw):
        raise SitesError(f"{where}: stages must be [[trail.stage]] tables")
    stages = []
    for j, s in enumerate(raw):
        w = f"{where}: stage[{j}]"
        stages.append(Stage(_str(s, "name", w), _float(s, "latitude", w, -90, 90),
                            _float(s, "longitude", w, -180, 180)))
    return Trail(tid, _str(entry, "name", where), territory, url, tuple(stages),
                 entry.get("loop", False) is True)


def parse(data: dict[str, Any], source: str = SITES_FILE, territories: Iterable[str] | None = None
          ) -> SiteCatalog:
    """Build a catalog from the parsed TOML; every error names the entry."""
    allowed = set(territories) if territories is not None else None
    cat = SiteCatalog(source=source)
    for i, t in enumerate(data.get("trail", [])):
        trail = _trail(t, source, i, allowed)
        cat.trails[trail.id] = trail
    for i, entry in enumerate(data.get("site", [])):
        where = f"{source}: site[{i}]"
        sid = _str(entry, "id", where)
        where = f"{source}: site {sid!r}"
        if sid in cat.sites:
            raise SitesError(f"{where}: duplicate id")
        territory = _str(entry, "territory", where)
        if allowed is not None and territory not in allowed:
            raise SitesError(f"{where}: unknown territory {territory!r}")
        kind = _str(entry, "kind", where)
        if kind not in KINDS:
            raise SitesError(f"{where}: kind must be one of {', '.join(KINDS)}")
        sensors = []
        for j, s in enumerate(entry.get("sensors", [])):
            w = f"{where}: sensors[{j}]"
            quantities = s.get("quantities", [])
            if not isinstance(quantities, list) or not all(isinstance(q, str)
                                                          for q in quantities):
                raise SitesError(f"{w}: quantities must be a list of names")
            sensor_ids = s.get("sensor_ids", [])
            if not isinstance(sensor_ids, list) or not all(
                    isinstance(x, str | int) and not isinstance(x, bool) for x in sensor_ids):
                raise SitesError(f"{w}: sensor_ids must be a list of ids")
            endpoint = _str(s, "endpoint", w, "")
            if endpoint and not endpoint.startswith(("http://", "https://")):
                raise SitesError(f"{w}: endpoint must be an http(s) URL")
            sensors.append(SensorRef(_str(s, "provider", w), _str(s, "station", w),
                                     tuple(quantities), bool(s.get("confirmed", False)),
                                     endpoint, tuple(str(x) for x in sensor_ids)))
        reference = entry.get("reference")
        if reference is not None and not isinstance(reference, str):
            raise SitesError(f"{where}: reference must be a site id")
        cat.sites[sid] = Site(
            id=sid, territory=territory, name=_str(entry, "name", where), kind=kind,
            latitude=_float(entry, "latitude", where, -90, 90),
            longitude=_float(entry, "longitude", where, -180, 180),
            reference=reference, sensors=tuple(sensors), trail=entry.get("trail", ""))
    for site in cat.sites.values():
        if site.reference is not None:
            ref = cat.sites.get(site.reference)
            if ref is None or not ref.is_reference:
                raise SitesError(f"{source}: site {site.id!r}: reference {site.reference!r} "
                                 "is not a reference site of this file")
    for i, entry in enumerate(data.get("stop", [])):
        where = f"{source}: stop[{i}]"
        stop_id = _str(entry, "id", where)
        trail_id = _str(entry, "trail", where)
        if trail_id not in cat.trails:
            raise SitesError(f"{where}: unknown trail {trail_id!r}")
        territory = _str(entry, "territory", where)
        if allowed is not None and territory not in allowed:
            raise SitesError(f"{where}: unknown territory {territory!r}")
        cat.stops[stop_id] = TrailStop(
            stop_id, territory, trail_id, _str(entry, "name", where),
            _float(entry, "latitude", where, -90, 90),
            _float(entry, "longitude", where, -180, 180))
    return cat


def load(folder: Path | None, territories: Iterable[str] | None = None) -> SiteCatalog:
    """Read `sites.toml` from a content folder (`paths.content_dir("sites")`)."""
    if folder is None:
        raise SitesError("no sites folder")
    path = folder / SITES_FILE
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise SitesError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        data = nesting.loads_toml(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SitesError(f"{path}: not valid TOML: {e}") from None
    return parse(data, str(path), territories)


def parking_point(catalog: SiteCatalog, kiosk_settings: KioskSection) -> tuple[float, float]:
    """Where the centre is parked: the chosen trail stop, else the settings' coordinates."""
    stop = catalog.stops.get(kiosk_settings.parking_stop) if kiosk_settings.parking_stop else None
    if stop is not None:
        return stop.latitude, stop.longitude
    return kiosk_settings.latitude, kiosk_settings.longitude
