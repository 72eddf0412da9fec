"""The measurements the episode rules look at: the nearest sites and their references.

Reads the sensors' data source (kiosk.core.sensors.views: `CacheData` over cache.db, or the
generated `DemoSource`, flagged demo) for the quantities the rules need, over the last four
days (three 24-hour periods for heat, and the hours before them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.core.episodes.detect import Sample, StationData
from kiosk.core.sensors.territory import Site, SiteCatalog, parking_point
from kiosk.core.sensors.views import CacheData, DemoSource

if TYPE_CHECKING:
    from kiosk.core.sensors.cache import ObservationCache
    from kiosk.core.sensors.demo import DemoData
    from kiosk.core.settings import Settings


QUANTITIES = ("o3", "pm10", "no2", "temperature")
LOOKBACK_S = 4 * 86400.0


def _samples_from_cache(cache: ObservationCache, provider: str, station: str, quantity: str,
                        start: float, now: float) -> list[Sample]:
    return list(map(Sample._make, cache.samples(station, quantity, start, now,
                                                provider=provider)))


def _samples_from_demo(data: DemoData, key: str, quantity: str, start: float, now: float
                       ) -> list[Sample]:
    import math

    s = data.get(key, quantity)
    if s is None:
        return []
    out: list[Sample] = []
    for t, v in zip(s.t.tolist(), s.v.tolist(), strict=True):
        if start <= t < now and not math.isnan(v):
            out.append(Sample(float(t), float(v), s.quality, float(s.period_seconds)))
    return out


def stations_near(catalog: SiteCatalog, settings: Settings, source: CacheData | DemoSource,
                  now: float) -> list[StationData]:
    """One StationData per nearest site and per reference station paired with one."""
    k = settings.kiosk
    lat, lon = parking_point(catalog, k)
    sites: list[Site] = []
    for near in catalog.nearest(k.territory, lat, lon, max(1, settings.sensors.nearest_count)):
        for site in (near.site, catalog.reference_of(near.site)):
            if site is not None and site not in sites:
                sites.append(site)
    start = now - LOOKBACK_S
    out: list[StationData] = []
    for site in sites:
        data = StationData(site.id, site.name, demo=bool(source.demo))
        for ref in site.sensors:
            for q in QUANTITIES:
                if q in data.samples or (ref.quantities and q not in ref.quantities):
                    continue  # a sensor that declares its quantities is asked for those only
                if isinstance(source, DemoSource):
                    got = _samples_from_demo(source.data, ref.key, q, start, now)
                else:
                    got = _samples_from_cache(source.cache, ref.provider, ref.station, q,
                                              start, now)
                if got:
                    data.samples[q] = got
        out.append(data)
    return out
