"""The sensors service the screens talk to (`ctx.sensors`): sites, cache, sync, views.

Plain blocking code (Qt-free): app.py runs `open`, `live`, `trends` and `sync` through
ctx.tasks and calls `notify_changed` on the GUI thread when something new landed. It knows
the connectivity of the last sync, so badges can say "hors ligne" with the age of the data.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiosk.core import net
from kiosk.core.health.problems import SourceStatus, SyncReport
from kiosk.core.listeners import ChangeListeners
from kiosk.core.paths import Paths
from kiosk.core.sensors import calendar_fr, territory, views
from kiosk.core.settings import TERRITORIES, Settings

if TYPE_CHECKING:
    from pathlib import Path

    import requests

    from kiosk.core.episodes import Conditions
    from kiosk.core.episodes.detect import Episode
    from kiosk.core.episodes.rules import Rules
    from kiosk.core.episodes.seasons import Season
    from kiosk.core.rehearsal.recording import Recording, ReplayReport
    from kiosk.core.sensors.cache import ObservationCache
    from kiosk.core.sensors.mixed import MixedSource
    from kiosk.core.sensors.series import Series
    from kiosk.core.sensors.sync import SensorSource
    from kiosk.core.sensors.territory import Site


class CacheNotOpen(RuntimeError):
    """A view or sync asked for before the cache was opened (or when it could not be)."""


class SensorsService(ChangeListeners):
    def __init__(self, paths: Paths, settings: Settings, *,
                 session_factory: Callable[[], requests.Session] = net.make_session,
                 clock: Callable[[], float] = time.time,
                 sync_options: dict[str, Any] | None = None) -> None:
        self.paths = paths
        self.settings = settings
        self._session_factory = session_factory
        self._session: requests.Session | None = None
        self._clock = clock
        # Extra keyword arguments for sync_sensors (tests: http_options, now, backfill).
        self._sync_options = dict(sync_options or {})
        self._lock = threading.Lock()
        self._cache: ObservationCache | None = None
        self._catalog: territory.SiteCatalog | None = None
        self._school: calendar_fr.SchoolCalendar | None = None
        self._demo: tuple[tuple[object, ...], views.DemoSource] | None = None
        self._episode_rules: Rules | None = None  # read with the sites
        self._seasons: list[Season] = []
        # A rehearsal (kiosk run --rehearse): the clock is simulated and demonstration data
        # may announce an episode; never set on a kiosk serving visitors.
        self.rehearsal = False
        self._opened = threading.Event()
        self._statuses: list[SourceStatus] = []
        self.problems: list[tuple[str, str]] = []  # (item, message) met while loading
        # Connectivity as the last sync saw it: None before any sync.
        self.online: bool | None = None
        self.last_sync_attempt: float | None = None
        self.last_sync_error: str | None = None

    # --- loading ----------------------------------------------------------------------------
    def open(self) -> None:
        """Open the cache and read sites.toml and holidays.toml; blocking (a worker thread)."""
        from kiosk.core.sensors.cache import ObservationCache

        try:
            with self._lock:
                if self._cache is None:
                    self._cache = ObservationCache(self.paths.cache_db)
                    self._statuses = self._cache.statuses()
            self.reload_sites()
        finally:
            self._opened.set()

    @property
    def is_open(self) -> bool:
        """True once `open` ran (on the db worker): the UI asks for views only then."""
        return self._opened.is_set()

    def _require_open(self) -> ObservationCache:
        """Views and syncs run on other workers than `open` and never wait for it (a worker
        blocked on another pool holds its pool): asked too early, they fail at once and the
        UI asks again on the notify_changed that follows the open. They never open cache.db
        themselves (two first opens of one SQLite file race for its lock, and a locked file
        must never pass for a corrupt one)."""
        if not self._opened.is_set():
            raise CacheNotOpen("the sensor cache is not open yet")
        cache = self._cache
        if cache is None:
            raise CacheNotOpen("the sensor cache could not be opened")
        return cache

    def reload_sites(self) -> None:
        folder = self.paths.content_dir("sites")
        problems: list[tuple[str, str]] = []
        try:
            catalog = territory.load(folder, TERRITORIES)
        except territory.SitesError as e:
            problems.append(("sites.toml", str(e)))
            catalog = territory.SiteCatalog()
        holidays_folder = folder
        if folder is None or not (folder / calendar_fr.HOLIDAYS_FILE).exists():
            # A sites bundle may carry only sites.toml: the shipped calendar still applies.
            holidays_folder = self.paths.shipped_content("sites")
        try:
            school = calendar_fr.load_school_calendar(holidays_folder)
        except calendar_fr.CalendarError as e:
            problems.append(("holidays.toml", str(e)))
            school = None
        rules, seasons = self._load_conditions(folder, problems)
        with self._lock:
            self._catalog, self._school, self._demo = catalog, school, None
            self._episode_rules, self._seasons = rules, seasons
            self.problems = problems

    def _load_conditions(self, folder: Path | None, problems: list[tuple[str, str]]
                         ) -> tuple[Rules | None, list[Season]]:
        """episodes.toml and seasons.toml of the sites folder (else the shipped ones)."""
        from kiosk.core.episodes import rules as rules_mod
        from kiosk.core.episodes import seasons as seasons_mod

        shipped = self.paths.shipped_content("sites")
        rules: Rules | None = None
        seasons: list[Season] | None = None
        try:
            rules = rules_mod.load(folder, shipped)
            here = self.settings.kiosk.territory
            for h in (h for h in rules.unconfirmed() if here in h.territories):
                problems.append((rules_mod.RULES_FILE,
                                 f"heat thresholds of {h.name} ({h.departement}) are not "
                                 "confirmed: no heat episode is computed for "
                                 f"{', '.join(h.territories)}"))
        except rules_mod.RulesError as e:
            problems.append((rules_mod.RULES_FILE, str(e)))
        try:
            seasons = seasons_mod.load(folder, shipped)
        except seasons_mod.SeasonsError as e:
            problems.append((seasons_mod.SEASONS_FILE, str(e)))
        return rules, seasons or []

    def close(self) -> None:
        with self._lock:
            if self._cache is not None:
                self._cache.close()
                self._cache = None

    def set_settings(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def catalog(self) -> territory.SiteCatalog:
        if self._catalog is None:
            self.reload_sites()
        assert self._catalog is not None
        return self._catalog

    @property
    def school(self) -> calendar_fr.SchoolCalendar | None:
        """The school calendar in use (shipped or from a sites bundle), None when unusable."""
        return self._school

    def trail_stops(self, territory_code: str) -> list[territory.TrailStop]:
        """For the facilitator's parking spot choice."""
        return self.catalog.trail_stops(territory_code)

    # --- data -------------------------------------------------------------------------------
    def has_data(self) -> bool:
        return self._cache_with_data() is not None

    def _cache_with_data(self) -> ObservationCache | None:
        cache = self._cache
        return cache if cache is not None and not cache.is_empty() else None

    def _source(self, now: float) -> views.CacheData | views.DemoSource:
        """The cache when any observation was ever stored, else the demonstration dataset."""
        self._require_open()
        cache = self._cache_with_data()
        if cache is not None:
            return views.CacheData(cache)
        return self._demo_source(now)

    def _demo_source(self, now: float) -> views.DemoSource:
        """The demonstration dataset of the nearest sites, kept for the hour."""
        k, n = self.settings.kiosk, max(3, self.settings.sensors.nearest_count)
        end_hour = int(now // 3600)
        key = (k.territory, k.parking_stop, k.latitude, k.longitude, n, end_hour)
        with self._lock:
            if self._demo is not None and self._demo[0] == key:
                return self._demo[1]
            # The last hour's dataset goes before the next one is made: one year of series
            # in memory at a time, not two (RSS kept the peak of both after each hour).
            self._demo = None
        data = views.make_demo(self.catalog, k, n, dt.datetime.fromtimestamp(now, dt.UTC))
        source = views.DemoSource(data)
        with self._lock:
            self._demo = (key, source)
        return source

    def _mixed(self, now: float) -> MixedSource:
        """Real data for every sensor that ever had some, generated data for the sites that
        never did (mixed.MixedSource); the demonstration dataset is made only if needed."""
        from kiosk.core.sensors.mixed import MixedSource

        self._require_open()
        stored = self._cache_with_data()
        cache = views.CacheData(stored) if stored is not None else None
        if cache is None:
            return MixedSource(self.catalog, None, lambda: self._source(now))
        return MixedSource(self.catalog, cache, lambda: self._demo_source(now))

    def live(self, *, now: float | None = None) -> views.LiveView:
        when = self._clock() if now is None else now
        return views.build_live(self.catalog, self.settings, self._mixed(when), when)

    def trends(self, *, now: float | None = None) -> views.TrendsView:
        when = self._clock() if now is None else now
        return views.build_trends(self.catalog, self.settings, self._mixed(when), when,
                                  self._school)

    def series(self, site_id: str | None, quantity: str, days: int = views.GRAPH_DAYS, *,
               now: float | None = None
               ) -> tuple[Site | None, Site | None, Series | None, Series | None, bool]:
        """(site, reference, site series, reference series, demo) for a `sensor` page."""
        when = self._clock() if now is None else now
        source = self._mixed(when)
        cat = self.catalog
        site = cat.sites.get(site_id) if site_id else None
        if site is None:
            lat, lon = territory.parking_point(cat, self.settings.kiosk)
            near = cat.nearest(self.settings.kiosk.territory, lat, lon, 1)
            site = near[0].site if near else None
        if site is None or not site.sensors:
            return None, None, None, None, False
        demo = source.is_demo(site.sensors[0])
        ref = cat.reference_of(site)
        if ref is not None and ref.sensors and not demo and source.is_demo(ref.sensors[0]):
            ref = None  # a real site is never drawn next to a generated reference
        start = when - days * 86400
        s = source.series(site.sensors[0], quantity, start, when)
        r = source.series(ref.sensors[0], quantity, start, when) if ref and ref.sensors else None
        return site, ref, s, r, demo

    @property
    def episode_rules(self) -> Rules | None:
        """The episode rules read with the sites (episodes.rules.Rules), None if unusable."""
        return self._episode_rules

    def conditions(self, *, now: float | None = None) -> Conditions:
        """The episodes in progress near the kiosk and the season (episodes.Conditions)."""
        from kiosk.core import episodes
        from kiosk.core.episodes.detect import detect
        from kiosk.core.episodes.gather import stations_near
        from kiosk.core.episodes.seasons import season_of

        when = self._clock() if now is None else now
        catalog = self.catalog
        rules = self._episode_rules
        found: list[Episode] = []
        if rules is not None:
            stations = stations_near(catalog, self.settings, self._source(when), when)
            found = detect(rules, self.settings.kiosk.territory, stations, when,
                           rehearsal=self.rehearsal)
        season = season_of(self._seasons, episodes.local_day(when))
        return episodes.Conditions(tuple(found), season, self.rehearsal, when)

    # --- sync -------------------------------------------------------------------------------
    def sources(self, territory_code: str | None = None) -> list[SensorSource]:
        """One SensorSource per sensor of a territory's sites (what sync fetches): the
        kiosk's territory by default, every territory for "*"."""
        from kiosk.core.sensors.sync import SensorSource

        here = territory_code or self.settings.kiosk.territory
        sites = (self.catalog.sites.values() if here == "*" else
                 self.catalog.in_territory(here))
        out: list[SensorSource] = []
        seen: set[str] = set()
        for site in sites:
            for ref in site.sensors:
                if ref.key in seen:
                    continue
                seen.add(ref.key)
                out.append(SensorSource(ref.provider, ref.station, tuple(ref.quantities),
                                        tuple(ref.sensor_ids), ref.endpoint))
        return out

    def sync(self, *, cancelled: Callable[[], bool] = lambda: False,
             progress: Callable[[int, int], None] = lambda done, total: None) -> SyncReport:
        from kiosk.core.sensors.sync import sync_sensors

        self._require_open()
        session = self._session
        if session is None:
            session = self._session = self._session_factory()
        self.last_sync_attempt = self._clock()
        try:
            report = sync_sensors(self.paths, self.settings, session, self.sources(),
                                  cancelled=cancelled, progress=progress,
                                  **self._sync_options)
        except Exception as e:
            self.online, self.last_sync_error = False, f"{type(e).__name__}: {e}"
            raise
        self.online = any(s.ok for s in report.statuses) if report.statuses else None
        failed = [s for s in report.statuses if not s.ok]
        self.last_sync_error = failed[0].error if failed and not self.online else None
        # The demonstration dataset stays cached: sites that never received a real
        # measurement still show it (mixed.MixedSource), the others never read it.
        self._statuses = list(report.statuses)
        return report

    def replay(self, recording: Recording) -> ReplayReport:
        """Load a recording (kiosk.core.rehearsal.recording) into the cache through the
        providers' parsers, as a sync would; returns its ReplayReport."""
        from kiosk.core.rehearsal.recording import replay_sensors

        cache = self._require_open()
        report = replay_sensors(recording, cache)
        if self.has_data():
            with self._lock:
                self._demo = None
        return report

    def statuses(self) -> list[SourceStatus]:
        """The last known status of each source; cheap (no disk), for the health screen."""
        return list(self._statuses)
