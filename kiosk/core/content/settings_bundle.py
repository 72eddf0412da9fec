"""How a bundle of kind `settings` applies.

A settings bundle holds `settings.toml`, written like the kiosk's own settings file but usually
partial. Applying it merges it over the local settings file: tables merge key by key, any
other value (lists included) replaces the local one, keys the bundle does not name keep their
local value. Some keys are never taken from a bundle, whoever signed it: `admin.pin_hash` (the
facilitators' PIN is local to each kiosk), `content.trusted_keys` (a key compromise must not
let its holder add keys; trust is changed only with `kiosk bundle trust` on the kiosk) and the
collection point's credentials (`collect.http_user`, `collect.http_password`,
`collect.s3_access_key`, `collect.s3_secret_key`: a bundle may say where to push, never with
which keys). A bundle naming them is still installed; those keys are ignored and logged.

The merged result must validate as settings, or the bundle is rejected before its version
becomes current. The name of the version applied last is kept in
`content/settings/applied`; at start-up a current settings version not applied yet (a power
cut between the switch and the write) is applied then. A rollback applies the previous
version the same way: its keys win again, a key only the newer bundle set keeps its value.
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path
from typing import Any

from kiosk.core import nesting
from kiosk.core import settings as settings_mod
from kiosk.core.content.manifest import Rejected
from kiosk.core.fileio import atomic_write_text
from kiosk.core.paths import Paths

log = logging.getLogger(__name__)

FILENAME = "settings.toml"
# The collection point's credentials are local too: a bundle may say where to push, never
# with which keys (nor carry keys to every kiosk that installs it).
PROTECTED = (("admin", "pin_hash"), ("content", "trusted_keys"), ("collect", "http_user"),
             ("collect", "http_password"), ("collect", "s3_access_key"),
             ("collect", "s3_secret_key"))


def _read_toml(path: Path, what: str) -> dict[str, Any]:
    try:
        return nesting.loads_toml(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise Rejected("invalid-settings", f"{what} is not valid TOML: {e}") from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def merged(local_file: Path, bundle_dir: Path) -> tuple[dict[str, Any], list[str]]:
    """The local settings with the bundle's merged over them, and the keys ignored."""
    if not (bundle_dir / FILENAME).is_file():
        raise Rejected("invalid-settings", f"a settings bundle must hold {FILENAME}")
    over = _read_toml(bundle_dir / FILENAME, f"the bundle's {FILENAME}")
    try:
        local = nesting.loads_toml(local_file.read_text("utf-8-sig"))
    except FileNotFoundError:
        local = {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        # A broken local file runs on defaults already (app.load_core); start from those,
        # keeping nothing of it rather than failing the bundle.
        local = {}
    ignored = []
    for section, key in PROTECTED:
        table = over.get(section)
        if isinstance(table, dict) and key in table:
            table = dict(table)
            del table[key]
            over = {**over, section: table}
            ignored.append(f"{section}.{key}")
    result = _merge(local, over)
    for section, key in PROTECTED:  # the local value, or none at all
        table = result.get(section)
        if isinstance(table, dict):
            table = {k: v for k, v in table.items() if k != key}
            local_table = local.get(section)
            if isinstance(local_table, dict) and key in local_table:
                table[key] = local_table[key]
            result[section] = table
    try:
        settings_mod.from_dict(result, f"the bundle's {FILENAME}")
    except settings_mod.SettingsError as e:
        raise Rejected("invalid-settings", str(e)) from None
    return result, ignored


def check(paths: Paths, bundle_dir: Path) -> None:
    """Raise Rejected("invalid-settings") when the bundle would not make valid settings."""
    merged(paths.settings_file, bundle_dir)


def applied_marker(paths: Paths) -> Path:
    return paths.installed("settings") / "applied"


def apply(paths: Paths, bundle_dir: Path) -> list[str]:
    """Merge the bundle over the local settings file (atomically); returns ignored keys."""
    result, ignored = merged(paths.settings_file, bundle_dir)
    settings = settings_mod.from_dict(result, f"the bundle's {FILENAME}")
    settings_mod.save(settings, paths.settings_file)
    atomic_write_text(applied_marker(paths), bundle_dir.name + "\n")
    for key in ignored:
        log.warning("settings bundle %s: %s is never taken from a bundle; ignored",
                    bundle_dir.name, key)
    return ignored


def applied(paths: Paths) -> str | None:
    try:
        return applied_marker(paths).read_text("utf-8").strip() or None
    except FileNotFoundError:
        return None

