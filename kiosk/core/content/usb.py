"""USB sticks: find a mounted `kiosk-content/` folder, list its bundles against what is
installed, install from it, and write the kiosk's health report back ("two-way stick").

A stick is any folder named `kiosk-content` at a mount root or one or two levels below it
(`/media/kiosk-content`, `/media/<label>/kiosk-content`, `/media/<user>/<label>/…`). Its
bundles are its sub-folders holding a manifest.json and its .zip files. Installing copies from
the stick with the same one-pass verify+copy as any install: a stick pulled mid-copy raises
SourceGone and leaves nothing behind but staging, which the install itself cleans.

For the admin panel: `stick_root(folder)` is where the journal export goes (next to
kiosk-content/), and `write_health_report(folder, report)` puts a JSON report there.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import shutil
import socket
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk import __version__
from kiosk.core.content import install, keys, store
from kiosk.core.content.manifest import MANIFEST, SIGNATURE, Rejected, newer, parse
from kiosk.core.content.source import SourceGone, open_source
from kiosk.core.fileio import atomic_write_text
from kiosk.core.health.problems import Problem, SourceStatus
from kiosk.core.paths import Paths
from kiosk.core.settings import Settings

log = logging.getLogger(__name__)

FOLDER = "kiosk-content"
ENV_ROOTS = "KIOSK_USB_ROOTS"


@dataclass(frozen=True)
class Offer:
    """One bundle found on a stick, compared with what is installed."""

    path: Path
    name: str
    state: str  # "new", "newer", "installed", "older", "rolled-back", "invalid"
    id: str = ""
    version: str = ""
    kind: str = ""
    bytes: int = 0
    installed_version: str | None = None
    error: str | None = None
    reason: str = ""  # an invalid bundle's Rejected.reason code, when it has one

    @property
    def installable(self) -> bool:
        return self.state in ("new", "newer", "older", "rolled-back")


@dataclass(frozen=True)
class Stick:
    folder: Path  # the kiosk-content/ folder
    offers: tuple[Offer, ...] = field(default_factory=tuple)

    @property
    def root(self) -> Path:
        return self.folder.parent

    @property
    def pending(self) -> tuple[Offer, ...]:
        """What an automatic install would take: new kinds and newer versions only."""
        return tuple(o for o in self.offers if o.state in ("new", "newer"))


def mount_roots(settings: Settings) -> list[Path]:
    env = os.environ.get(ENV_ROOTS)
    items = env.split(os.pathsep) if env is not None else settings.content.usb_roots
    return [Path(p) for p in items if p]


def find_folders(roots: Iterable[Path]) -> list[Path]:
    """Every kiosk-content/ folder at a root or up to two levels below it."""
    found: list[Path] = []
    for root in roots:
        level = [root]
        for _depth in range(3):
            nxt = []
            for d in level:
                try:
                    children = sorted(p for p in d.iterdir() if p.is_dir())
                except OSError:
                    continue
                for c in children:
                    if c.name == FOLDER:
                        found.append(c)
                    elif not c.name.startswith("."):
                        nxt.append(c)
            level = nxt
    return found


def _offer(path: Path, paths: Paths, installed: dict[str, tuple[str, str]],
           trusted: list[Ed25519PublicKey]) -> Offer:
    try:
        with open_source(path) as source:
            raw = source.read_small(MANIFEST, 4 * 1024 * 1024)
            if raw is None:
                raise Rejected("not-a-bundle", "no manifest.json")
            sig = source.read_small(SIGNATURE, keys.MAX_SIG_BYTES)
        m = parse(raw, app_version=__version__)
        keys.check_signature(raw, sig, m.signer, trusted)
    except Rejected as e:
        return Offer(path, path.name, "invalid", error=str(e), reason=e.reason)
    except SourceGone as e:
        return Offer(path, path.name, "invalid", error=str(e))
    except (OSError, ValueError, RuntimeError) as e:  # one hostile bundle: the others stay
        log.warning("USB bundle %s: %s", path, e)
        return Offer(path, path.name, "invalid", error=f"{type(e).__name__}: {e}")
    have = installed.get(m.kind)
    rolled_back = install.rolled_back(paths.installed(m.kind))
    offer = functools.partial(Offer, path, path.name, id=m.id, version=m.version, kind=m.kind,
                              bytes=m.total_bytes)
    if have is not None and have[0] != m.id and have[0] not in m.supersedes:
        return offer("invalid", error=f"{m.id} {m.version} does not say it "
                     f"supersedes the installed {have[0]} (supersedes, in its manifest)",
                     reason="not-superseding", installed_version=f"{have[0]} {have[1]}")
    if have is None or have[0] != m.id:
        return offer("new", installed_version=have and f"{have[0]} {have[1]}")
    if have[1] == m.version:
        state = "installed"
    elif rolled_back == m.dirname:
        state = "rolled-back"  # offered, never installed automatically
    elif newer(m.version, have[1]):
        state = "newer"
    else:
        state = "older"
    return offer(state, installed_version=have[1])


def list_offers(folder: Path, paths: Paths, trusted: list[Ed25519PublicKey]) -> tuple[Offer,
                                                                                      ...]:
    installed = store.installed_versions(paths)
    offers = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return ()
    for p in entries:
        if p.name.startswith("."):
            continue
        if (p.is_dir() and (p / MANIFEST).exists()) or (p.is_file()
                                                         and p.suffix.lower() == ".zip"):
            offers.append(_offer(p, paths, installed, trusted))
    return tuple(offers)


def scan(settings: Settings, paths: Paths) -> list[Stick]:
    """The sticks mounted now, each with its bundles compared to the installed ones.

    Cheap enough for a poll every few seconds: reads the manifests and signatures only.
    """
    trusted = keys.trusted_from_settings(settings.content.trusted_keys)
    return [Stick(f, list_offers(f, paths, trusted)) for f in find_folders(
        mount_roots(settings))]


def stick_root(folder: Path) -> Path:
    """Where files for the operator go: the stick's top, next to kiosk-content/."""
    return folder.parent


def health_report(paths: Paths, statuses: list[SourceStatus], problems: list[Problem],
                  now: float) -> dict[str, Any]:
    usage = shutil.disk_usage(paths.data)
    return {
        "generated": dt.datetime.fromtimestamp(now, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "host": socket.gethostname(),
        "app_version": __version__,
        "content": store.status(paths),
        "disk": {"free_bytes": usage.free, "total_bytes": usage.total},
        "sources": [asdict(s) for s in statuses],
        "problems": [asdict(p) for p in problems],
    }


def write_health_report(folder: Path, report: dict[str, Any]) -> Path:
    """Write `report` as JSON beside kiosk-content/ (atomically); returns the file."""
    stamp = report.get("generated", "").replace(":", "").replace("-", "") or "now"
    out = stick_root(folder) / f"kiosk-health-{report.get('host', 'kiosk')}-{stamp}.json"
    atomic_write_text(out, json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return out
