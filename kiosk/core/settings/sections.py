"""The settings' sections: one dataclass per TOML table, each field typed with its default.

Adding a setting is adding one typed field with its default to the right section here (and
its range to kiosk.core.settings.checks when it is a number).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 2
LANGUAGES = ("fr", "en", "es", "it", "de")


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
