"""What a settings value must be beyond its type: ranges, formats, coherence between keys."""

from __future__ import annotations

import re

from kiosk.core.settings.sections import LANGUAGES, TERRITORIES, Settings


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and the key."""


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


def check_ranges(s: Settings) -> None:
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


def check(s: Settings) -> Settings:
    check_ranges(s)
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
