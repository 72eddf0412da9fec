"""settings.toml: read (typed from the sections' hints, older schema versions migrated),
checked, and written atomically with owner-only permissions."""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from pathlib import Path
from typing import Any

import tomli_w

from kiosk.core import nesting
from kiosk.core.fileio import atomic_write_text
from kiosk.core.settings.checks import SettingsError, check
from kiosk.core.settings.sections import SCHEMA_VERSION, Settings


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp))


def _convert(value: Any, tp: Any, key: str) -> Any:
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
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
        return check(_build(Settings, data, ""))
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
    check(settings)
    atomic_write_text(path, tomli_w.dumps(settings.to_dict()))
