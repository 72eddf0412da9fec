"""What is installed, and which folder each loader should read.

`status()` is what `kiosk content status` prints. `usable_dir()` refines
`Paths.content_dir`: the current version, else (when it is incomplete or its loader fails on
it) the previous one, else the content shipped with the app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.core.content.install import link_target, read_version
from kiosk.core.paths import CONTENT_KINDS, Paths

log = logging.getLogger(__name__)


def _describe(paths: Paths, kind: str, name: str | None,
              trusted: list[Ed25519PublicKey] | None) -> dict[str, Any] | None:
    if name is None:
        return None
    folder = paths.installed(kind) / "versions" / name
    m = read_version(folder, trusted)
    if m is None:
        return None
    return {"id": m.id, "version": m.version, "path": str(folder), "created": m.created}


def status(paths: Paths, trusted: list[Ed25519PublicKey] | None = None
           ) -> dict[str, dict[str, Any] | None]:
    """Installed bundles by kind: {id, version, path, previous: {id, version, path} | null}."""
    out: dict[str, dict[str, Any] | None] = {}
    for kind in CONTENT_KINDS:
        kind_dir = paths.installed(kind)
        cur = _describe(paths, kind, link_target(kind_dir, "current"), trusted)
        if cur is not None:
            prev = _describe(paths, kind, link_target(kind_dir, "previous"), trusted)
            cur["previous"] = prev
        out[kind] = cur
    return out


def installed_versions(paths: Paths) -> dict[str, tuple[str, str]]:
    """kind → (id, version) of what is current."""
    out = {}
    for kind, info in status(paths).items():
        if info is not None:
            out[kind] = (info["id"], info["version"])
    return out


def usable_dir(paths: Paths, kind: str, loads_ok: Callable[[Path], bool] | None = None,
               trusted: list[Ed25519PublicKey] | None = None) -> Path | None:
    """The folder a loader should read for `kind`.

    Candidates in order: the current version, the previous version, the shipped content.
    An installed version is a candidate when it is complete; it is chosen when `loads_ok`
    (the loader's own try, returning False or raising on failure) accepts it. The shipped
    folder is returned without asking `loads_ok` (it is the last resort); None when the app
    ships nothing for this kind.
    """
    kind_dir = paths.installed(kind)
    for link in ("current", "previous"):
        name = link_target(kind_dir, link)
        if name is None:
            continue
        folder = kind_dir / "versions" / name
        if read_version(folder, trusted) is None:
            log.warning("%s %s: %s is incomplete, not used", kind, link, name)
            continue
        if loads_ok is None:
            return folder
        try:
            if loads_ok(folder):
                return folder
        except Exception as e:  # the loader's failure is a reason to fall back, not crash
            log.warning("%s %s (%s) failed to load: %s", kind, link, name, e)
            continue
        log.warning("%s %s (%s) failed to load", kind, link, name)
    return paths.shipped_content(kind)
