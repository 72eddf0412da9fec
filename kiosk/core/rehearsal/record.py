"""`kiosk record`: real syncs captured into a recording (kiosk.core.rehearsal.recording).

Each round asks every sensor source of the territory exactly as the kiosk's sync does
(kiosk.core.sensors.sync, same providers, same requests), and keeps each body as the
provider returned it; it also keeps each agenda feed whose bytes changed. The sync's own
bookkeeping (its cache.db, ETags) lives in the recording's `.work/` folder, so the kiosk's
data is never touched. Blocking code for the command line.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.paths import Paths
from kiosk.core.rehearsal.recording import Writer

if TYPE_CHECKING:
    import requests

    from kiosk.core.sensors.sync import SensorSource
    from kiosk.core.settings import Settings


WORK = ".work"


@dataclass
class RoundReport:
    sensors_saved: int = 0
    agenda_saved: int = 0
    errors: list[str] = field(default_factory=list)


class Recorder:
    def __init__(self, paths: Paths, settings: Settings, folder: Path,
                 session: requests.Session) -> None:
        # Where each provider is read from is in the settings (sensors.providers) and in
        # sites.toml, as for the kiosk's own syncs.
        self.paths = paths
        self.settings = settings
        self.session = session
        self.writer = Writer(folder, territory=settings.kiosk.territory,
                             note="kiosk record: payloads as the providers returned them")
        self.work = Paths(data=Path(folder) / WORK, shipped=paths.shipped)
        self.work.data.mkdir(parents=True, exist_ok=True)
        self._feed_hashes: dict[str, str] = {}

    def sources(self) -> list[SensorSource]:
        from kiosk.core.sensors.service import SensorsService

        return SensorsService(self.paths, self.settings).sources()

    def round(self, *, cancelled: Callable[[], bool] = lambda: False) -> RoundReport:
        from kiosk.core.sensors.sync import sync_sensors

        report = RoundReport()
        before = len(self.writer.recording.entries)
        for source in self.sources():
            if cancelled():
                break
            saver = self.writer.saver(source.provider, source.station)
            result = sync_sensors(self.work, self.settings, self.session, [source],
                                  cancelled=cancelled, http_options={"on_body": saver})
            report.errors += [f"{s.source}: {s.error}" for s in result.statuses if not s.ok]
        report.sensors_saved = len(self.writer.recording.entries) - before
        self._agenda(report)
        return report

    def _agenda(self, report: RoundReport) -> None:
        from kiosk.core.agenda.feeds import active_feeds, resolve_local
        from kiosk.core.agenda.fetch import FeedUnavailable, fetch_feed, is_remote

        feeds, problems = active_feeds(self.paths, self.settings)
        report.errors += problems
        for feed in feeds:
            url = feed.url if is_remote(feed.url) else str(resolve_local(self.paths, feed.url))
            try:
                got = fetch_feed(self.session, url)
            except FeedUnavailable as e:
                report.errors.append(f"agenda {feed.name}: {e}")
                continue
            if got.content is None:
                continue
            digest = hashlib.sha256(got.content).hexdigest()
            if self._feed_hashes.get(feed.name) == digest:
                continue
            self._feed_hashes[feed.name] = digest
            self.writer.add("agenda", feed.name, feed.url, got.content, "ics",
                            territory=feed.territory)
            report.agenda_saved += 1


def record(recorder: Recorder, hours: float, every_s: float, *,
           on_round: Callable[[int, RoundReport], None] = lambda n, r: None,
           sleep: Callable[[float], None] = time.sleep,
           clock: Callable[[], float] = time.monotonic) -> int:
    """Rounds every `every_s` seconds for `hours` (one round when 0); returns the rounds."""
    end = clock() + hours * 3600
    n = 0
    while True:
        n += 1
        on_round(n, recorder.round())
        left = end - clock()
        if left <= 0:
            return n
        sleep(min(every_s, left))
