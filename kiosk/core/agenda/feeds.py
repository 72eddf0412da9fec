"""Which feeds the kiosk shows: those of its territory, from the settings or an agenda bundle.

An installed content bundle of kind `agenda` may carry:
- `feeds.toml`, which replaces the settings' feeds when present:

      [[feeds]]
      name = "Ville de Marseille"            # shown on each event
      url = "https://example.org/agenda.ics"  # http(s), webcal, file: or a path in the bundle
      territory = "AMP"                       # AMP, NCA, TPM, or "*" for every territory
      colour = "#1f6fa3"                      # optional, default green
      example = false                         # optional: labels the events "exemple"

- `.ics` files for kiosks that never get a network: those at the top of the bundle are shown
  in every territory, those in an `AMP/`, `NCA/` or `TPM/` folder in that territory only
  (files a feeds.toml entry already names are not added twice).

Relative paths are read in the agenda content folder, then in the shipped `media/agenda/`
(the example feeds the default settings point to).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from kiosk.core import nesting
from kiosk.core.agenda.fetch import is_remote, local_path
from kiosk.core.agenda.model import FeedSource
from kiosk.core.paths import Paths
from kiosk.core.settings import TERRITORIES, Settings

FEEDS_FILE = "feeds.toml"
ALL_TERRITORIES = "*"
PALETTE = ("#2e7d32", "#1f6fa3", "#8e3b8a", "#b35c00", "#00796b", "#a3261f")


class FeedsFileError(ValueError):
    pass


def read_feeds_file(path: Path) -> list[FeedSource]:
    try:
        data = nesting.loads_toml(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise FeedsFileError(f"{path}: {e}") from None
    entries = data.get("feeds", [])
    if not isinstance(entries, list):
        raise FeedsFileError(f"{path}: feeds: expected a list of tables")
    out = []
    for i, entry in enumerate(entries):
        where = f"{path}: feeds[{i}]"
        if not isinstance(entry, dict):
            raise FeedsFileError(f"{where}: expected a table")
        unknown = set(entry) - {"name", "url", "territory", "colour", "example"}
        if unknown:
            raise FeedsFileError(f"{where}.{sorted(unknown)[0]}: unknown key")
        name, url = entry.get("name"), entry.get("url")
        if not isinstance(name, str) or not name.strip():
            raise FeedsFileError(f"{where}.name: a non-empty string is required")
        if not isinstance(url, str) or not url.strip():
            raise FeedsFileError(f"{where}.url: a non-empty string is required")
        territory = entry.get("territory", ALL_TERRITORIES)
        if territory != ALL_TERRITORIES and territory not in TERRITORIES:
            raise FeedsFileError(f"{where}.territory: unknown {territory!r}")
        colour = entry.get("colour", PALETTE[i % len(PALETTE)])
        if not isinstance(colour, str) or not colour.startswith("#"):
            raise FeedsFileError(f"{where}.colour: expected \"#rrggbb\"")
        out.append(FeedSource(name.strip(), url.strip(), territory, colour,
                              bool(entry.get("example", False))))
    return out


def active_feeds(paths: Paths, settings: Settings) -> tuple[list[FeedSource], list[str]]:
    """The feeds of the current territory, and the problems met finding them."""
    territory = settings.kiosk.territory
    base = paths.content_dir("agenda")
    shipped = paths.shipped_content("agenda")
    problems: list[str] = []
    feeds: list[FeedSource] | None = None
    bundle = base if base is not None and shipped is not None and base != shipped else None
    if bundle is not None and (bundle / FEEDS_FILE).is_file():
        try:
            feeds = read_feeds_file(bundle / FEEDS_FILE)
        except FeedsFileError as e:
            problems.append(str(e))
    if feeds is None:
        feeds = [FeedSource(f.name, f.url, f.territory, f.colour, f.example)
                 for f in settings.agenda.feeds]
    mine = [f for f in feeds if f.territory in (territory, ALL_TERRITORIES)]
    if bundle is not None:
        named = {resolve_local(paths, f.url) for f in mine if not is_remote(f.url)}
        for i, path in enumerate(_bundle_files(bundle, territory)):
            if path.resolve() in named:
                continue
            name = path.stem.replace("_", " ").replace("-", " ").strip() or path.name
            rel = path.relative_to(bundle).as_posix()
            scope = territory if path.parent != bundle else ALL_TERRITORIES
            mine.append(FeedSource(name, rel, scope, PALETTE[(len(mine) + i) % len(PALETTE)]))
    # The same feed named twice (a settings copy-paste) is shown once.
    unique: dict[str, FeedSource] = {}
    for f in mine:
        unique.setdefault(f.id, f)
    return list(unique.values()), problems


def _bundle_files(base: Path, territory: str) -> list[Path]:
    files = sorted(p for p in base.glob("*.ics") if p.is_file())
    files += sorted(p for p in (base / territory).glob("*.ics") if p.is_file())
    return files


def resolve_local(paths: Paths, url: str) -> Path:
    """A local feed's file: in the agenda content folder, else in the shipped one."""
    base = paths.content_dir("agenda")
    path = local_path(url, base)
    if not path.exists():
        shipped = paths.shipped_content("agenda")
        fallback = local_path(url, shipped)
        if fallback.exists():
            return fallback.resolve()
    return path.resolve() if path.exists() else path
