"""What the live-data and trends screens show, assembled off the GUI thread (Qt-free).

Reads the sensor cache (kiosk.core.sensors.cache) for the nearest sites of sites.toml, or,
when no observation was ever stored, the generated demonstration dataset — flagged `demo`
all the way to the screen, which labels it. Ages are computed from stored observation times;
`now` only measures how old they are and is never shown as a data time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from kiosk.core.sensors import calendar_fr, trends
from kiosk.core.sensors import demo as demo_mod
from kiosk.core.sensors.series import Series, resample_hourly
from kiosk.core.sensors.territory import Nearby, SensorRef, Site, SiteCatalog, parking_point

if TYPE_CHECKING:
    from kiosk.core.sensors.cache import ObservationCache
    from kiosk.core.settings import KioskSection, SensorsSection, Settings


# The order values are listed in, and which quantity a graph prefers.
SHOWN = ("pm25", "pm10", "no2", "o3", "temperature", "humidity")
GRAPH_PREFERENCE = ("pm25", "pm10", "no2", "temperature", "humidity", "o3")
GRAPH_DAYS = 7
TRENDS_DAYS = 365


def stale_limits(sensors_settings: SensorsSection) -> dict[str, float]:
    """Seconds after which a value of each source class is stale."""
    return {
        "reference": sensors_settings.stale_reference_minutes * 60.0,
        "project": sensors_settings.stale_project_minutes * 60.0,
        "community": sensors_settings.stale_community_minutes * 60.0,
    }


@dataclass
class Reading:
    """The newest stored value of one quantity at one site."""

    quantity: str
    value: float
    unit: str
    time: float  # UTC epoch seconds: the end of the averaging period (start when unknown)
    source_class: str
    limit_s: float
    raw: float | None = None
    quality: str = "valid"
    demo: bool = False
    # The paired reference station's name when its value fills a quantity the site lacks.
    filled_from: str = ""

    def age(self, now: float) -> float:
        return max(0.0, now - self.time)

    def stale(self, now: float) -> bool:
        return not self.demo and self.age(now) > self.limit_s


@dataclass
class SitePanel:
    nearby: Nearby
    readings: dict[str, Reading]
    reference: Site | None
    graph_quantity: str | None = None
    site_series: Series | None = None
    ref_series: Series | None = None
    ref_readings: dict[str, Reading] = field(default_factory=dict)
    demo: bool = False  # the site's values are generated (it never received a real one)

    @property
    def filled(self) -> list[str]:
        """Quantities the reference station fills because the site has none of its own."""
        return [q for q, r in self.readings.items() if r.filled_from]

    @property
    def site(self) -> Site:
        return self.nearby.site

    @property
    def newest(self) -> float | None:
        return max((r.time for r in self.readings.values()), default=None)


@dataclass
class LiveView:
    territory: str
    panels: list[SitePanel]
    demo: bool  # some value shown is generated (the screen then shows its banner)
    now: float  # when the view was computed, for ages only

    @property
    def newest(self) -> float | None:
        return max((p.newest for p in self.panels if p.newest is not None), default=None)


# --- data sources --------------------------------------------------------------------------

# A sensor's newest value: (value, unit, end of its period, raw value, quality).
Latest = tuple[float, str, float, float | None, str]


class DataSource(Protocol):
    """What the views read sensors from: CacheData, DemoSource or mixed.MixedSource."""

    @property
    def demo(self) -> bool: ...
    def is_demo(self, ref: SensorRef) -> bool: ...
    def site_is_demo(self, site: Site) -> bool: ...
    def latest(self, ref: SensorRef, quantity: str) -> Latest | None: ...
    def last_time(self, ref: SensorRef) -> float | None: ...
    def quantities(self, ref: SensorRef) -> list[str]: ...
    def series(self, ref: SensorRef, quantity: str, start: float, end: float) -> Series: ...


class CacheData:
    """Reads an ObservationCache (kiosk.core.sensors.cache)."""

    demo = False

    def __init__(self, cache: ObservationCache) -> None:
        self.cache = cache

    def is_demo(self, ref: SensorRef) -> bool:
        return False

    def site_is_demo(self, site: Site) -> bool:
        return False

    def latest(self, ref: SensorRef, quantity: str) -> Latest | None:
        o = self.cache.latest(ref.station, quantity, provider=ref.provider)
        if o is None:
            return None
        end = o.time.timestamp() + (o.period_seconds or 0)
        return o.value, o.unit, end, o.raw, o.quality

    def last_time(self, ref: SensorRef) -> float | None:
        t = self.cache.last_time(ref.provider, ref.station)
        return None if t is None else t.timestamp()

    def quantities(self, ref: SensorRef) -> list[str]:
        return self.cache.quantities(ref.station, provider=ref.provider)

    def series(self, ref: SensorRef, quantity: str, start: float, end: float) -> Series:
        import numpy as np

        points = self.cache.hourly(ref.station, quantity,
                                   dt.datetime.fromtimestamp(start, dt.UTC),
                                   dt.datetime.fromtimestamp(end, dt.UTC), provider=ref.provider)
        first = np.floor(start / 3600) * 3600
        t = np.arange(first, end, 3600, dtype=np.float64)
        v = np.full(len(t), np.nan)
        raw = np.full(len(t), np.nan)
        for p in points:
            i = int((p.time.timestamp() - first) // 3600)
            if 0 <= i < len(t):
                v[i] = p.value
                raw[i] = np.nan if p.raw is None else p.raw
        has_raw = bool(np.any(~np.isnan(raw)))
        return Series(t, v, quantity, "", raw if has_raw else None,
                      "corrected" if has_raw else "valid", 3600)


class DemoSource:
    """Serves a generated DemoData like the cache would."""

    demo = True

    def __init__(self, data: demo_mod.DemoData) -> None:
        self.data = data

    def is_demo(self, ref: SensorRef) -> bool:
        return True

    def site_is_demo(self, site: Site) -> bool:
        return True

    def _series(self, ref: SensorRef, quantity: str) -> Series | None:
        return self.data.get(ref.key, quantity)

    def latest(self, ref: SensorRef, quantity: str) -> Latest | None:
        s = self._series(ref, quantity)
        last = s.last_valid() if s is not None else None
        if s is None or last is None:
            return None
        t, v, raw = last
        return v, s.unit, t + s.period_seconds, raw, s.quality

    def last_time(self, ref: SensorRef) -> float | None:
        times = [s.t[-1] + s.period_seconds for (k, _q), s in self.data.series.items()
                 if k == ref.key]
        return float(max(times)) if times else None

    def quantities(self, ref: SensorRef) -> list[str]:
        return [q for (k, q) in self.data.series if k == ref.key]

    def series(self, ref: SensorRef, quantity: str, start: float, end: float) -> Series:
        import numpy as np

        s = self._series(ref, quantity)
        if s is None:
            return Series(np.zeros(0), np.zeros(0), quantity)
        return resample_hourly(s.window(start, end))


def demo_stations(catalog: SiteCatalog, sites: list[Site]) -> list[demo_mod.DemoStation]:
    """The stations to generate for some sites and their references."""
    out: dict[str, demo_mod.DemoStation] = {}
    for site in sites:
        ref = catalog.reference_of(site)
        ref_key = ref.sensors[0].key if ref and ref.sensors else None
        for sensor in site.sensors[:1]:
            kind = "reference" if site.is_reference else "demo"
            out[sensor.key] = demo_mod.DemoStation(sensor.key, kind, ref_key)
        if ref is not None and ref.sensors:
            out[ref.sensors[0].key] = demo_mod.DemoStation(ref.sensors[0].key, "reference")
    return list(out.values())


def make_demo(catalog: SiteCatalog, kiosk_settings: KioskSection, n: int, end: dt.datetime,
              days: int = TRENDS_DAYS) -> demo_mod.DemoData:
    """The demonstration dataset for a territory's nearest sites (a year by default)."""
    lat, lon = parking_point(catalog, kiosk_settings)
    near = catalog.nearest(kiosk_settings.territory, lat, lon, n)
    return demo_mod.generate(demo_stations(catalog, [x.site for x in near]), end, days=days,
                             day_off=calendar_fr.is_public_holiday)


# --- the live view -------------------------------------------------------------------------

def _readings(source: DataSource, site: Site, limits: dict[str, float]) -> dict[str, Reading]:
    out: dict[str, Reading] = {}
    for sensor in site.sensors:
        for q in SHOWN:
            if q in out:
                continue
            got = source.latest(sensor, q)
            if got is None:
                continue
            value, unit, end, raw, quality = got
            out[q] = Reading(q, value, unit, end, sensor.source_class,
                             limits.get(sensor.source_class, limits["reference"]), raw, quality,
                             source.is_demo(sensor))
    return {q: out[q] for q in SHOWN if q in out}


def build_live(catalog: SiteCatalog, settings: Settings, source: DataSource, now: float, *,
               days: int = GRAPH_DAYS) -> LiveView:
    """The nearest sites with their newest values, whatever their age, and a week of
    site-versus-reference.

    A site shows its own newest value of each quantity (its age says how fresh: never
    replaced because it is old); the paired reference station fills only the quantities the
    site has none of (Reading.filled_from). Generated values appear only for a site that
    never received a real one (`source` a mixed.MixedSource), and a generated reference
    never sits next to a real site.
    """
    k = settings.kiosk
    limits = stale_limits(settings.sensors)
    lat, lon = parking_point(catalog, k)
    panels = []
    for near in catalog.nearest(k.territory, lat, lon, settings.sensors.nearest_count):
        site = near.site
        ref = catalog.reference_of(site)
        panel = SitePanel(near, _readings(source, site, limits), None,
                          demo=source.site_is_demo(site))
        if ref is not None and (panel.demo or not source.site_is_demo(ref)):
            panel.reference = ref
            panel.ref_readings = _readings(source, ref, limits)
            own = dict(panel.readings)
            for q, r in panel.ref_readings.items():
                if q not in own:
                    own[q] = dataclasses.replace(r, filled_from=ref.name)
            panel.readings = own
        ref = panel.reference
        mine = [q for q in GRAPH_PREFERENCE if q in panel.readings
                and not panel.readings[q].filled_from]
        candidates = [q for q in mine if ref is None or q in panel.ref_readings] or mine
        if candidates and site.sensors:
            q = panel.graph_quantity = candidates[0]
            end = max(now, panel.newest or now)
            start = end - days * 86400
            panel.site_series = source.series(site.sensors[0], q, start, end)
            if ref is not None and ref.sensors:
                panel.ref_series = source.series(ref.sensors[0], q, start, end)
        panels.append(panel)
    return LiveView(k.territory, panels, any(p.demo for p in panels), now)


# --- the trends view -----------------------------------------------------------------------

@dataclass
class TrendsView:
    demo: bool
    site: Site | None
    reference: Site | None
    heat: dict[tuple[str, int], trends.Difference] = field(default_factory=dict)
    humidity: tuple[trends.Difference, trends.Difference] | None = None
    air_quantity: str | None = None
    week: trends.Comparison | None = None
    school: trends.Comparison | None = None
    by_weekday: list[float | None] = field(default_factory=list)
    school_source: str = ""
    first_day: dt.date | None = None
    last_day: dt.date | None = None


def _full(source: DataSource, ref: SensorRef, quantity: str, start: float, end: float
          ) -> Series | None:
    s = source.series(ref, quantity, start, end)
    if s is None or s.empty:
        return None
    import numpy as np

    return s if np.any(~np.isnan(s.v)) else None


def weekday_means(series: Series, is_public_holiday: Callable[[dt.date], bool]
                  ) -> list[float | None]:
    """Mean of the daily means for Monday … Sunday (public holidays left out)."""
    buckets: list[list[float]] = [[] for _ in range(7)]
    for day, value in trends.daily_means(series).items():
        if not is_public_holiday(day):
            buckets[day.weekday()].append(value)
    return [sum(b) / len(b) if b else None for b in buckets]


def build_trends(catalog: SiteCatalog, settings: Settings, source: DataSource, now: float,
                 school: calendar_fr.SchoolCalendar | None) -> TrendsView:
    """The year's trends for the nearest demonstration site that has a reference."""
    k = settings.kiosk
    lat, lon = parking_point(catalog, k)
    start, end = now - TRENDS_DAYS * 86400, now
    view = TrendsView(False, None, None,
                      school_source=school.source if school is not None else "")
    near = catalog.nearest(k.territory, lat, lon, max(3, settings.sensors.nearest_count))
    pair = next(((n.site, r) for n in near
                 if not n.site.is_reference and (r := catalog.reference_of(n.site)) is not None),
                None)
    if pair is None:
        return view
    site, ref = view.site, view.reference = pair
    s_ref, r_ref = site.sensors[0], ref.sensors[0]
    view.demo = source.is_demo(s_ref)
    if not view.demo and source.is_demo(r_ref):
        return view  # a real site is never compared with a generated reference
    t_site, t_ref = (_full(source, s_ref, "temperature", start, end),
                     _full(source, r_ref, "temperature", start, end))
    if t_site is not None and t_ref is not None:
        view.heat = trends.heat_island(t_site, t_ref)
    h_site, h_ref = (_full(source, s_ref, "humidity", start, end),
                     _full(source, r_ref, "humidity", start, end))
    if h_site is not None and h_ref is not None:
        view.humidity = trends.humidity_after_rain(h_site, h_ref)
    for q in ("no2", "pm25", "pm10"):
        air = _full(source, r_ref, q, start, end) or _full(source, s_ref, q, start, end)
        if air is None:
            continue
        view.air_quantity = q
        view.week = trends.weekdays_vs_weekends(air, calendar_fr.is_public_holiday)
        view.by_weekday = weekday_means(air, calendar_fr.is_public_holiday)
        if school is not None:
            view.school = trends.school_time_vs_holidays(air, calendar_fr.is_public_holiday,
                                                         school.is_holiday)
        days = sorted(trends.daily_means(air))
        if days:
            view.first_day, view.last_day = days[0], days[-1]
        break
    return view
