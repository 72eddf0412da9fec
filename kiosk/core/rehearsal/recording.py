"""A recording: provider payloads exactly as they were returned, replayable offline.

Layout of a recording folder::

    recording.json   {"format": 1, "created", "note", "territory",
                      "sensors": [{"provider", "station", "url", "fetched_at", "file"}],
                      "agenda": [{"feed", "url", "fetched_at", "file"}]}
    sensors/NNNN.<ext>   one body per request, byte for byte
    agenda/NNNN.ics

`kiosk record` writes one (kiosk.commands.record); `kiosk run --rehearse … --recording DIR`
and the shipped demonstration replay one: every sensor payload goes through the provider's
own parser (kiosk.core.sensors.providers.parse, the one a real sync uses) into a cache.db,
and the agenda feeds are read from their files. A payload that cannot be parsed is reported
and skipped; the others still load.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core.fileio import atomic_write_text

if TYPE_CHECKING:
    from kiosk.core.paths import Paths
    from kiosk.core.sensors.cache import ObservationCache


MANIFEST = "recording.json"
FORMAT = 1


class RecordingError(ValueError):
    """A recording folder that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Entry:
    kind: str  # "sensors" or "agenda"
    source: str  # "provider:station" for sensors, the feed id for agenda
    url: str
    fetched_at: str  # ISO 8601 UTC
    file: str  # relative POSIX path inside the recording
    territory: str = ""  # agenda: the feed's territory

    @property
    def provider(self) -> str:
        return self.source.partition(":")[0]

    @property
    def station(self) -> str:
        return self.source.partition(":")[2]


@dataclass
class Recording:
    folder: Path
    created: str = ""
    note: str = ""
    territory: str = ""
    entries: list[Entry] = field(default_factory=list)

    def of(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def body(self, entry: Entry) -> bytes:
        path = (self.folder / entry.file).resolve()
        if self.folder.resolve() not in path.parents:
            raise RecordingError(f"{self.folder / MANIFEST}: {entry.file!r} is outside it")
        try:
            return path.read_bytes()
        except OSError as e:
            raise RecordingError(f"{path}: cannot read: {e.strerror or e}") from None


def _iso_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def load(folder: Path) -> Recording:
    folder = Path(folder)
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as e:
        raise RecordingError(f"{path}: cannot read: {e.strerror or e}") from None
    except ValueError as e:
        raise RecordingError(f"{path}: not valid JSON: {e}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordingError(f"{path}: format must be {FORMAT}")
    rec = Recording(folder, str(data.get("created", "")), str(data.get("note", "")),
                    str(data.get("territory", "")))
    for kind in ("sensors", "agenda"):
        for i, item in enumerate(data.get(kind, [])):
            where = f"{path}: {kind}[{i}]"
            try:
                source = (f"{item['provider']}:{item['station']}" if kind == "sensors"
                          else str(item["feed"]))
                rec.entries.append(Entry(kind, source, str(item.get("url", "")),
                                         str(item.get("fetched_at", "")), str(item["file"]),
                                         str(item.get("territory", ""))))
            except (KeyError, TypeError):
                raise RecordingError(f"{where}: needs provider, station (or feed) and file"
                                     ) from None
    return rec


def available(paths: Paths) -> list[Path]:
    """Recording folders a facilitator may rehearse on: the shipped ones, then the kiosk's
    own (`<data>/recordings/*`), each holding a recording.json."""
    out: list[Path] = []
    for root in (paths.shipped_recordings, paths.recordings):
        if root.is_dir():
            out += sorted(p for p in root.iterdir() if (p / MANIFEST).is_file())
    return out


class Writer:
    """Adds payloads to a recording folder; the manifest is rewritten after each one, so a
    recording cut short (Ctrl-C, power loss) keeps everything saved until then."""

    def __init__(self, folder: Path, *, territory: str = "", note: str = "") -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self.recording = load(self.folder)
        except RecordingError:
            if (self.folder / MANIFEST).exists():
                raise
            self.recording = Recording(self.folder, _iso_now(), note, territory)
        self._lock = threading.Lock()

    def add(self, kind: str, source: str, url: str, body: bytes, ext: str, *,
            territory: str = "") -> Entry:
        with self._lock:
            n = len(self.recording.entries) + 1
            rel = f"{kind}/{n:04d}.{ext}"
            (self.folder / kind).mkdir(exist_ok=True)
            (self.folder / rel).write_bytes(body)
            entry = Entry(kind, source, url, _iso_now(), rel, territory)
            self.recording.entries.append(entry)
            self._save()
            return entry

    def saver(self, provider: str, station: str) -> Callable[[str, bytes], None]:
        """An `on_body(url, body)` for providers.http.Http that files bodies under a source."""
        def save(url: str, body: bytes) -> None:
            head = body.lstrip()[:1]
            ext = "json" if head in (b"{", b"[") else "csv"
            self.add("sensors", f"{provider}:{station}", url, body, ext)
        return save

    def _save(self) -> None:
        r = self.recording
        data: dict[str, Any] = {"format": FORMAT, "created": r.created, "note": r.note,
                      "territory": r.territory, "sensors": [], "agenda": []}
        for e in r.entries:
            item = {"url": e.url, "fetched_at": e.fetched_at, "file": e.file}
            if e.kind == "sensors":
                data["sensors"].append({"provider": e.provider, "station": e.station, **item})
            else:
                data["agenda"].append({"feed": e.source, "territory": e.territory, **item})
        atomic_write_text(self.folder / MANIFEST, json.dumps(data, indent=1,
                                                             ensure_ascii=False) + "\n")


@dataclass
class ReplayReport:
    payloads: int = 0
    observations: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, message)


def replay_sensors(recording: Recording, cache: ObservationCache) -> ReplayReport:
    """Parse every recorded sensor payload with its provider's parser into `cache`
    (a kiosk.core.sensors.cache.ObservationCache), filed under the recorded station."""
    import dataclasses

    from kiosk.core.sensors.model import UNITS, Observation
    from kiosk.core.sensors.providers import parse
    from kiosk.core.sensors.tables import InputRejected

    report = ReplayReport()
    for entry in recording.of("sensors"):
        try:
            result = parse(entry.provider, recording.body(entry), station=entry.station)
        except (InputRejected, ValueError) as e:  # RecordingError is a ValueError
            report.problems.append((entry.file, str(e)))
            continue
        report.payloads += 1
        if result.stations:
            cache.upsert_stations(
                dataclasses.replace(s, id=entry.station) if len(result.stations) == 1 else s
                for s in result.stations)
        report.observations += cache.insert(
            Observation(entry.provider, entry.station, o.quantity, o.value, UNITS[o.quantity],
                        o.time, o.quality, o.raw, o.period_seconds)
            for o in result.observations)
    return report
