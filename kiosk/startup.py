"""What the kiosk knows before any Qt object exists: options, logging, paths and settings.

`load_core` resolves the data folder, reads the settings (a broken file runs on defaults and
says why on the problems board), applies the command line's overrides and sets the language.
kiosk.app builds the Qt side on the Core it returns. Qt-free but for `window_size`, which asks
the screen (lazily) when no size was given.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kiosk.core import i18n
from kiosk.core import paths as paths_mod
from kiosk.core import settings as settings_mod
from kiosk.core.health.problems import Problems
from kiosk.core.paths import Paths
from kiosk.core.settings import Settings

if TYPE_CHECKING:
    from kiosk.core.rehearsal.session import Rehearsal


def has_screen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def setup_logging(paths: Paths, verbose: bool = False) -> None:
    root = logging.getLogger()
    if getattr(root, "_kiosk_configured", False):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    err = logging.StreamHandler(sys.stderr)
    err.setLevel(logging.DEBUG if verbose else logging.WARNING)
    err.setFormatter(fmt)
    root.addHandler(err)
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(
            paths.logs / "kiosk.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        fh.setFormatter(fmt)
        root.addHandler(fh)
    except OSError as e:  # a read-only or full disk must not stop the kiosk
        root.warning("cannot write logs in %s: %s", paths.logs, e)
    # The mark rides on the root logger itself (one per process, whoever imports logging);
    # logging.Logger declares no such attribute.
    root._kiosk_configured = True  # type: ignore[attr-defined]


@dataclass
class Options:
    data_dir: str | None = None
    territory: str | None = None
    lang: str | None = None
    windowed: bool = False
    large_text: bool | None = None
    high_contrast: bool | None = None
    size: tuple[int, int] | None = None
    rehearse: str | None = None  # "2027-07-15T14:00": a rehearsal at that simulated time
    recording: str | None = None  # the recording folder it replays


def window_size(opts: Options) -> tuple[int, int]:
    """The size the kiosk's window will have: the theme's sizes derive from it."""
    if opts.size:
        return opts.size
    if opts.windowed:
        return (1280, 720)
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    return (screen.size().width(), screen.size().height()) if screen else (1920, 1080)


@dataclass
class Core:
    """What the kiosk knows before any Qt object exists."""

    paths: Paths
    settings: Settings
    problems: Problems = field(default_factory=Problems)
    rehearsal: Rehearsal | None = None

    def save_settings(self, new: Settings) -> None:
        settings_mod.save(new, self.paths.settings_file)
        self.settings = new


def load_core(opts: Options) -> Core:
    paths = paths_mod.resolve(opts.data_dir).ensure()
    rehearsal = None
    if opts.rehearse:  # its own fresh data folder: the kiosk's data stays untouched
        from kiosk.core.rehearsal import session

        paths, rehearsal = session.prepare(paths, opts.rehearse, opts.recording)
    problems = Problems()
    try:
        settings = settings_mod.load(paths.settings_file)
    except settings_mod.SettingsError as e:
        # A broken settings file must not leave a black screen: run on defaults, say why.
        problems.report("settings", str(paths.settings_file), str(e))
        settings = settings_mod.default_settings()
    kiosk = settings.kiosk
    if opts.territory:
        t = settings_mod.TERRITORIES[opts.territory]
        kiosk = replace(kiosk, territory=t.code, latitude=t.latitude, longitude=t.longitude,
                        parking_stop="")
    if opts.lang:
        kiosk = replace(kiosk, language=opts.lang)
    display = settings.display
    if opts.large_text is not None:
        display = replace(display, large_text=opts.large_text)
    if opts.high_contrast is not None:
        display = replace(display, high_contrast=opts.high_contrast)
    settings = replace(settings, kiosk=kiosk, display=display)
    if rehearsal is not None:
        settings = session.recorded_feeds(settings, rehearsal.recording)
    i18n.configure(paths.locales)
    i18n.set_language(settings.kiosk.language)
    return Core(paths, settings, problems, rehearsal)
