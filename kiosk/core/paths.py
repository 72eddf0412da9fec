"""The one owner of every directory the kiosk reads or writes.

Order of precedence for the writable data directory: the explicit `--data-dir`, then the
`KIOSK_DATA_DIR` environment variable, then the platform default (platformdirs). When a data
directory is given, everything (settings, databases, content, logs) lives below it, so a test or
an operator can point the whole kiosk elsewhere with one flag.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk import APP_NAME

CONTENT_KINDS = ("exhibits", "videos", "sites", "agenda", "settings")


def app_root() -> Path:
    """Where the shipped exhibits/, media/ and locales/ live, frozen or not."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    # The one place that derives a path from __file__: the repository (or install) root.
    return Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Paths:
    """Every directory and file of one kiosk instance."""

    data: Path
    shipped: Path

    @property
    def settings_file(self) -> Path:
        return self.data / "settings.toml"

    @property
    def journal_db(self) -> Path:
        return self.data / "journal.db"

    @property
    def cache_db(self) -> Path:
        return self.data / "cache.db"

    @property
    def logs(self) -> Path:
        return self.data / "logs"

    @property
    def content(self) -> Path:
        return self.data / "content"

    @property
    def staging(self) -> Path:
        return self.content / "staging"

    @property
    def clock_file(self) -> Path:
        return self.data / "clock.json"

    @property
    def pin_state_file(self) -> Path:
        """The facilitator PIN's lockout state (wrong tries, lock end); survives a restart."""
        return self.data / "pin-lock.json"

    @property
    def kiosk_id_file(self) -> Path:
        """The kiosk's random anonymous id (core.journal.identity)."""
        return self.data / "kiosk-id"

    @property
    def journal_parquet(self) -> Path:
        """The journal's daily Parquet files, as pushed to the collection point."""
        return self.data / "journal-parquet"

    @property
    def journal_push_state(self) -> Path:
        """What each collection point confirmed, and how the last push went."""
        return self.data / "journal-push.json"

    @property
    def exports(self) -> Path:
        return self.data / "exports"

    @property
    def recordings(self) -> Path:
        """Recordings made by `kiosk record` for rehearsals (one folder each)."""
        return self.data / "recordings"

    @property
    def shipped_recordings(self) -> Path:
        """The demonstration recording(s) shipped with the app."""
        return self.shipped / "media" / "recordings"

    @property
    def locales(self) -> Path:
        return self.shipped / "locales"

    @property
    def shipped_exhibits(self) -> Path:
        return self.shipped / "exhibits"

    @property
    def shipped_media(self) -> Path:
        return self.shipped / "media"

    def installed(self, kind: str) -> Path:
        """`<data>/content/<kind>`: versions/ plus the `current` link of that kind."""
        if kind not in CONTENT_KINDS:
            raise ValueError(f"unknown content kind {kind!r}")
        return self.content / kind

    def shipped_content(self, kind: str) -> Path | None:
        """The folder shipped with the app that stands in for a content kind never installed."""
        return {
            "exhibits": self.shipped_exhibits,
            "videos": self.shipped_media,
            "sites": self.shipped_media / "sites",
            "agenda": self.shipped_media / "agenda",
        }.get(kind)

    def content_dir(self, kind: str) -> Path | None:
        """The folder to read a content kind from: the installed `current`, else the shipped.

        kiosk.core.content refines this (a version that fails to load falls back to the
        previous one, then to the shipped content); loaders call it on every (re)load.
        """
        current = self.installed(kind) / "current"
        if current.is_dir():
            return current.resolve()
        return self.shipped_content(kind)

    def ensure(self) -> Paths:
        for d in (self.data, self.logs, self.content):
            d.mkdir(parents=True, exist_ok=True)
        return self


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Paths for this run; `data_dir` (the `--data-dir` flag) overrides everything."""
    if data_dir is None:
        env = os.environ.get("KIOSK_DATA_DIR")
        data = Path(env) if env else default_data_dir()
    else:
        data = Path(data_dir)
    return Paths(data=data.expanduser().resolve(), shipped=app_root())
