"""Real data wherever some was ever received; demonstration data only for sites that never had.

The live, trends and sensor-page views ask one source per sensor (views.CacheData's
interface: latest, last_time, quantities, series). MixedSource answers from the cache for
every sensor that ever stored an observation, and from the generated demonstration dataset
only for a sensor whose site never received a real measurement, so the demonstration banner
shows exactly where a demonstration value is shown, and a site whose data is six hours old
shows those values with their age instead of giving way to generated ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.core.sensors.series import Series
from kiosk.core.sensors.territory import SensorRef, Site, SiteCatalog

if TYPE_CHECKING:
    from kiosk.core.sensors.views import CacheData, DataSource, Latest



class MixedSource:
    """Args:
        catalog: the sites (to know which site a sensor belongs to).
        cache: a views.CacheData, or None when the cache holds nothing at all.
        demo: builds the views.DemoSource when first needed (generating a year costs).
    """

    def __init__(self, catalog: SiteCatalog, cache: CacheData | None,
                 demo: Callable[[], DataSource]) -> None:
        self.catalog = catalog
        self.cache = cache
        self._make_demo = demo
        self._demo: DataSource | None = None
        self._real: dict[str, bool] = {}
        self._sites_of: dict[str, list[Site]] = {}
        for site in catalog.sites.values():
            for ref in site.sensors:
                self._sites_of.setdefault(ref.key, []).append(site)

    # -- which source a sensor is read from -----------------------------------------------------
    def real(self, ref: SensorRef) -> bool:
        """The sensor stored at least one real observation (memoised for one view)."""
        if ref.key not in self._real:
            self._real[ref.key] = (self.cache is not None
                                   and self.cache.last_time(ref) is not None)
        return self._real[ref.key]

    def site_has_real(self, site: Site) -> bool:
        return any(self.real(r) for r in site.sensors)

    def is_demo(self, ref: SensorRef) -> bool:
        """Its values are generated: it has no real data, nor does any site it belongs to."""
        if self.real(ref):
            return False
        sites = self._sites_of.get(ref.key, [])
        return not any(self.site_has_real(s) for s in sites)

    def site_is_demo(self, site: Site) -> bool:
        return bool(site.sensors) and not self.site_has_real(site)

    @property
    def demo(self) -> bool:
        """Nothing real at all (the episodes' and old callers' meaning)."""
        return self.cache is None

    def _pick(self, ref: SensorRef) -> DataSource | None:
        if self.real(ref):
            return self.cache
        if self.is_demo(ref):
            if self._demo is None:
                self._demo = self._make_demo()
            return self._demo
        return None  # a sensor without data on a site whose other sensors have some

    # -- the views' interface -------------------------------------------------------------------
    def latest(self, ref: SensorRef, quantity: str) -> Latest | None:
        src = self._pick(ref)
        return None if src is None else src.latest(ref, quantity)

    def last_time(self, ref: SensorRef) -> float | None:
        src = self._pick(ref)
        return None if src is None else src.last_time(ref)

    def quantities(self, ref: SensorRef) -> list[str]:
        src = self._pick(ref)
        return [] if src is None else src.quantities(ref)

    def series(self, ref: SensorRef, quantity: str, start: float, end: float) -> Series:
        src = self._pick(ref)
        if src is None:
            import numpy as np

            return Series(np.zeros(0), np.zeros(0), quantity)
        return src.series(ref, quantity, start, end)
