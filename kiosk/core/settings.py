"""Typed settings stored as TOML, with a schema version and errors that name the key.

The file holds only what differs from the defaults an operator may want to change; a missing
file means all defaults. Each section is a dataclass; validation is derived from the type hints,
so adding a setting is adding one typed field with its default.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from kiosk.core import nesting
from kiosk.core.fileio import atomic_write_text

SCHEMA_VERSION = 2
LANGUAGES = ("fr", "en", "es", "it", "de")


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Territory:
    code: str
    name: str
    latitude: float
    longitude: float


# Default parking spot of each territory: a central stop of its urban trail.
TERRITORIES: dict[str, Territory] = {
    "AMP": Territory("AMP", "Aix-Marseille-Provence", 43.2965, 5.3698),
    "NCA": Territory("NCA", "Nice Côte d'Azur", 43.6961, 7.2718),
    "TPM": Territory("TPM", "Toulon Provence Méditerranée", 43.1242, 5.9280),
}


@dataclass
class KioskSection:
    territory: str = "AMP"
    language: str = "fr"
    # Trail stop id of the parking spot; empty means the coordinates below are used.
    parking_stop: str = ""
    latitude: float = TERRITORIES["AMP"].latitude
    longitude: float = TERRITORIES["AMP"].longitude


@dataclass
class SessionSection:
    idle_seconds: int = 90
    countdown_seconds: int = 15
    # No visit outlives this without a touch, even while a video plays (idle is paused then).
    max_untouched_seconds: int = 900
    attract_caption_seconds: int = 5


@dataclass
class DisplaySection:
    large_text: bool = False
    high_contrast: bool = False
    # QTextToSpeech engine of read-aloud: "speechd" (speech-dispatcher + espeak-ng), "mock".
    speech_engine: str = "speechd"


@dataclass
class AdminSection:
    # "scrypt$<salt hex>$<hash hex>"; empty means the first-boot PIN is still in force.
    pin_hash: str = ""
    logout_seconds: int = 120


@dataclass
class Feed:
    name: str
    url: str
    territory: str = "AMP"
    colour: str = "#2e7d32"
    example: bool = False


def example_feeds() -> list[Feed]:
    """The shipped example feeds (media/agenda/), until an operator configures real ones.

    `file:` paths are read in the agenda content folder, then in the shipped media/agenda/.
    """
    feeds = []
    for code in ("AMP", "NCA", "TPM"):
        feeds.append(Feed("Maison de la nature en ville", "file:exemple-maison.ics", code,
                          "#2e6b3a", example=True))
        feeds.append(Feed("Balades et ateliers", f"file:exemple-{code.lower()}.ics", code,
                          "#1f6fa3", example=True))
    return feeds


@dataclass
class AgendaSection:
    feeds: list[Feed] = field(default_factory=example_feeds)
    refresh_minutes: int = 60
    days: int = 30


@dataclass
class ProviderSettings:
    # Empty: the provider's documented public endpoint (operator guide, "Sources des
    # capteurs"); the project's own feed has none and must be set.
    url: str = ""
    # OpenAQ (X-API-Key) and Microspot (a bearer key handed out by AtmoSud) need one.
    api_key: str = ""


@dataclass
class ProvidersSection:
    """One table per sensor provider (the names of sensors/providers' REGISTRY; the
    sensor.community provider is `sensor_community` here)."""

    atmosud: ProviderSettings = field(default_factory=ProviderSettings)
    microspot: ProviderSettings = field(default_factory=ProviderSettings)
    sensor_community: ProviderSettings = field(default_factory=ProviderSettings)
    openaq: ProviderSettings = field(default_factory=ProviderSettings)
    project: ProviderSettings = field(default_factory=ProviderSettings)


@dataclass
class SensorsSection:
    providers: ProvidersSection = field(default_factory=ProvidersSection)
    refresh_minutes: int = 15
    nearest_count: int = 3
    retention_days: int = 400
    # Past these ages a value is shown grey ("stale"): per source class, from the time of the
    # newest stored observation, never the current time.
    stale_reference_minutes: int = 180
    stale_project_minutes: int = 60
    stale_community_minutes: int = 60


@dataclass
class ContentSection:
    trusted_keys: list[str] = field(default_factory=list)
    sync_url: str = ""
    sync_minutes: int = 60
    # "HH:MM-HH:MM" local time during which network updates may install; empty means any time.
    update_window: str = ""
    usb_auto_install: bool = False
    max_bundle_mb: int = 4096
    # Where USB sticks get mounted; each is searched (and two levels below it, as in
    # /media/<user>/<label>) for a kiosk-content/ folder. KIOSK_USB_ROOTS overrides it.
    usb_roots: list[str] = field(default_factory=lambda: ["/media", "/run/media", "/mnt"])
    # Space an install must leave free on the data disk (journal, logs, caches).
    reserve_mb: int = 200


@dataclass
class JournalSection:
    retention_days: int = 400
    end_question: bool = True
    # Folders whose sub-folders are USB sticks for the panel's export; empty means the
    # automounter's /media/<user>/<label> and /run/media/<user>/<label>.
    usb_roots: list[str] = field(default_factory=list)


@dataclass
class CollectSection:
    """Where `kiosk journal push` sends the journal's Parquet files and the health report
    (docs/fleet.md). `url` (http/https, WebDAV or plain PUT) wins over the bucket; with
    neither, nothing is pushed (the USB stick still receives the files)."""

    url: str = ""
    http_user: str = ""
    http_password: str = ""
    # An S3-compatible bucket: empty endpoint means AWS itself.
    s3_endpoint: str = ""
    s3_bucket: str = ""
    s3_prefix: str = ""
    s3_region: str = ""
    s3_access_key: str = ""
    s3_secret_key: str = ""
    push_minutes: int = 60


@dataclass
class Settings:
    schema_version: int = SCHEMA_VERSION
    kiosk: KioskSection = field(default_factory=KioskSection)
    session: SessionSection = field(default_factory=SessionSection)
    display: DisplaySection = field(default_factory=DisplaySection)
    admin: AdminSection = field(default_factory=AdminSection)
    agenda: AgendaSection = field(default_factory=AgendaSection)
    sensors: SensorsSection = field(default_factory=SensorsSection)
    content: ContentSection = field(default_factory=ContentSection)
    journal: JournalSection = field(default_factory=JournalSection)
    collect: CollectSection = field(default_factory=CollectSection)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @property
    def territory(self) -> Territory:
        return TERRITORIES[self.kiosk.territory]


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp))


def _convert(value: Any, tp: Any, key: str) -> Any:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise SettingsError(f"{key}: expected a table, got {type(value).__name__}")
        return _build(tp, value, key)
    if origin is list:
        (item_tp,) = typing.get_args(tp)
        if not isinstance(value, list):
            raise SettingsError(f"{key}: expected a list, got {type(value).__name__}")
        return [_convert(v, item_tp, f"{key}[{i}]") for i, v in enumerate(value)]
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(value, args[0], key)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp is int and isinstance(value, bool):
        raise SettingsError(f"{key}: expected int, got bool")
    if not isinstance(value, tp):
        raise SettingsError(f"{key}: expected {_type_name(tp)}, got {type(value).__name__}")
    return value


def _build(cls: type, data: dict[str, Any], prefix: str) -> Any:
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        where = f"{prefix}." if prefix else ""
        raise SettingsError(f"{where}{unknown[0]}: unknown setting")
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            key = f"{prefix}.{f.name}" if prefix else f.name
            kwargs[f.name] = _convert(data[f.name], hints[f.name], key)
    try:
        return cls(**kwargs)
    except TypeError as e:  # a required field of a list item is missing
        raise SettingsError(f"{prefix}: {e}") from None


# Ranges of the numbers (inclusive): a type alone let a negative idle timeout through.
RANGES: dict[str, tuple[int, int]] = {
    "session.idle_seconds": (2, 3600),  # the low ends let tests run in seconds
    "session.countdown_seconds": (1, 600),
    "session.max_untouched_seconds": (5, 86_400),
    "session.attract_caption_seconds": (1, 120),
    "admin.logout_seconds": (1, 3600),
    "agenda.refresh_minutes": (1, 1440),
    "agenda.days": (1, 366),
    "sensors.refresh_minutes": (1, 1440),
    "sensors.nearest_count": (1, 20),
    "sensors.retention_days": (1, 3660),
    "sensors.stale_reference_minutes": (1, 10_080),
    "sensors.stale_project_minutes": (1, 10_080),
    "sensors.stale_community_minutes": (1, 10_080),
    "content.sync_minutes": (1, 1440),
    "content.max_bundle_mb": (1, 65_536),
    "content.reserve_mb": (0, 65_536),
    "journal.retention_days": (0, 3660),  # 0 keeps everything
    "collect.push_minutes": (1, 1440),
}
_PIN_HASH = re.compile(r"^(?:|scrypt\$[0-9a-f]{32}\$[0-9a-f]{64})$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_WINDOW = re.compile(r"^(?:|([01]?\d|2[0-3]):[0-5]\d-([01]?\d|2[0-3]):[0-5]\d)$")


def _check_ranges(s: Settings) -> None:
    for key, (lo, hi) in RANGES.items():
        section, name = key.split(".")
        value = getattr(getattr(s, section), name)
        if value < lo:
            raise SettingsError(f"{key}: must be at least {lo} (got {value})")
        if value > hi:
            raise SettingsError(f"{key}: must be at most {hi} (got {value})")
    if not _PIN_HASH.match(s.admin.pin_hash):
        raise SettingsError("admin.pin_hash: not a hash written by the kiosk "
                            "(scrypt$<32 hex>$<64 hex>, or empty for the first-boot PIN)")
    if not _WINDOW.match(s.content.update_window.strip()):
        raise SettingsError(f"content.update_window: {s.content.update_window!r} is not "
                            "HH:MM-HH:MM")
    for i, feed in enumerate(s.agenda.feeds):
        if not _COLOUR.match(feed.colour):
            raise SettingsError(f"agenda.feeds[{i}].colour: {feed.colour!r} is not #rrggbb")
        if not feed.url.strip():
            raise SettingsError(f"agenda.feeds[{i}].url: empty")


def _check(s: Settings) -> Settings:
    _check_ranges(s)
    if s.kiosk.territory not in TERRITORIES:
        raise SettingsError(
            f"kiosk.territory: {s.kiosk.territory!r} is not one of {', '.join(TERRITORIES)}"
        )
    if s.kiosk.language not in LANGUAGES:
        raise SettingsError(f"kiosk.language: {s.kiosk.language!r} is not one of {LANGUAGES}")
    if not -90 <= s.kiosk.latitude <= 90 or not -180 <= s.kiosk.longitude <= 180:
        raise SettingsError("kiosk.latitude/longitude: outside the globe")
    if s.session.countdown_seconds >= s.session.idle_seconds:
        raise SettingsError("session.countdown_seconds: must be shorter than idle_seconds")
    if s.session.countdown_seconds >= s.session.max_untouched_seconds:
        raise SettingsError(
            "session.countdown_seconds: must be shorter than max_untouched_seconds")
    for i, feed in enumerate(s.agenda.feeds):
        if feed.territory not in TERRITORIES:
            raise SettingsError(f"agenda.feeds[{i}].territory: unknown {feed.territory!r}")
    for name in ("refresh_minutes", "nearest_count", "stale_reference_minutes",
                 "stale_project_minutes", "stale_community_minutes"):
        if getattr(s.sensors, name) < 1:
            raise SettingsError(f"sensors.{name}: must be at least 1")
    if s.collect.url and not s.collect.url.startswith(("http://", "https://")):
        raise SettingsError("collect.url: an http:// or https:// address is expected")
    if s.collect.push_minutes < 1:
        raise SettingsError("collect.push_minutes: must be at least 1")
    return s


# One function per schema version upgrade: migrations[n] turns version n into n + 1.
def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """sensors.project_feed_url / openaq_api_key / microspot_api_key became
    sensors.providers.<provider>.url / api_key."""
    sensors = dict(data.get("sensors") or {})
    providers = dict(sensors.get("providers") or {})
    for old, provider, key in (("project_feed_url", "project", "url"),
                               ("openaq_api_key", "openaq", "api_key"),
                               ("microspot_api_key", "microspot", "api_key")):
        if old in sensors:
            value = sensors.pop(old)
            if value:
                providers[provider] = {**dict(providers.get(provider) or {}), key: value}
    if providers:
        sensors["providers"] = providers
    if sensors or "sensors" in data:
        data = {**data, "sensors": sensors}
    return data


MIGRATIONS: dict[int, typing.Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def from_dict(data: dict[str, Any], source: str = "settings") -> Settings:
    data = dict(data)
    # A file that names no version is read as the first one (its keys are migrated).
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise SettingsError(f"{source}: schema_version: expected int")
    if version < 1:
        raise SettingsError(f"{source}: schema_version: {version} is not a known version "
                            f"(1 to {SCHEMA_VERSION})")
    if version > SCHEMA_VERSION:
        raise SettingsError(
            f"{source}: schema_version: {version} is newer than this app's {SCHEMA_VERSION}"
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    data["schema_version"] = SCHEMA_VERSION
    try:
        return _check(_build(Settings, data, ""))
    except SettingsError as e:
        raise SettingsError(f"{source}: {e}") from None


def default_settings() -> Settings:
    return Settings()


def load(path: Path) -> Settings:
    """Read settings; a missing file gives the defaults, a broken one raises SettingsError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return default_settings()
    except OSError as e:  # a folder in its place, no permission, an I/O error
        raise SettingsError(f"{path}: cannot read: {e.strerror or e}") from None
    _owner_only(path)
    try:
        data = nesting.loads_toml(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SettingsError(f"{path}: not valid TOML: {e}") from None
    return from_dict(data, str(path))


def _owner_only(path: Path) -> None:
    """settings.toml holds the PIN hash and the trusted keys: 0600, even if copied in."""
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:
        pass  # a read-only disk: reading still works


def save(settings: Settings, path: Path) -> None:
    _check(settings)
    atomic_write_text(path, tomli_w.dumps(settings.to_dict()))
