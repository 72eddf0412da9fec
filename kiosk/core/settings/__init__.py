"""Typed settings stored as TOML, with a schema version and errors that name the key.

The file holds only what differs from the defaults an operator may want to change; a missing
file means all defaults. Each section is a dataclass (`sections`); validation is derived from
the type hints (`store`) plus the ranges and formats of `checks`, so adding a setting is
adding one typed field with its default.
"""

from kiosk.core.settings.checks import RANGES, SettingsError, check
from kiosk.core.settings.sections import (
    LANGUAGES,
    SCHEMA_VERSION,
    TERRITORIES,
    AdminSection,
    AgendaSection,
    CollectSection,
    ContentSection,
    DisplaySection,
    Feed,
    JournalSection,
    KioskSection,
    ProviderSettings,
    ProvidersSection,
    SensorsSection,
    SessionSection,
    Settings,
    Territory,
    example_feeds,
)
from kiosk.core.settings.store import MIGRATIONS, default_settings, from_dict, load, save

__all__ = [
    "LANGUAGES", "MIGRATIONS", "RANGES", "SCHEMA_VERSION", "TERRITORIES", "AdminSection",
    "AgendaSection", "CollectSection", "ContentSection", "DisplaySection", "Feed",
    "JournalSection", "KioskSection", "ProviderSettings", "ProvidersSection", "SensorsSection",
    "SessionSection", "Settings", "SettingsError", "Territory", "check", "default_settings",
    "example_feeds", "from_dict", "load", "save",
]
