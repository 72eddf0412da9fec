"""What modules and the video catalog share: text in five languages and located problems."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core import nesting
from kiosk.core.settings import LANGUAGES

SOURCE = "fr"


@dataclass(frozen=True)
class Issue:
    """One problem of the content, located: the file, the item (module or video) and the field.

    `kind` is "error" (the item or the field cannot be used), "translation" (a language is
    missing; the screen falls back to French) or "easy-read" (a page has no easy-to-read
    French version, FALC; the visitor who asks for one gets the usual text).
    """

    kind: str
    file: Path
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.item or '?'}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "file": str(self.file), "item": self.item,
                "field": self.field, "message": self.message}


@dataclass(frozen=True)
class Localized:
    """A text in several languages; a missing language falls back to French, never a blank."""

    values: dict[str, Any] = field(default_factory=dict)

    def get(self, lang: str) -> Any:
        value = self.values.get(lang)
        if value:
            return value
        return self.values.get(SOURCE) or next((v for v in self.values.values() if v), "")

    def missing(self) -> list[str]:
        return [lang for lang in LANGUAGES if not self.values.get(lang)]

    def __bool__(self) -> bool:
        return any(self.values.values())


class Reader:
    """Reads fields of one TOML table and collects located issues instead of raising."""

    def __init__(self, file: Path, item: str, issues: list[Issue]) -> None:
        self.file = file
        self.item = item
        self.issues = issues

    def error(self, field_name: str, message: str) -> None:
        self.issues.append(Issue("error", self.file, self.item, field_name, message))

    def translation(self, field_name: str, message: str) -> None:
        self.issues.append(Issue("translation", self.file, self.item, field_name, message))

    def easy_read(self, field_name: str, message: str) -> None:
        self.issues.append(Issue("easy-read", self.file, self.item, field_name, message))

    def string(self, table: dict[str, Any], key: str, where: str, *, required: bool = True,
               default: str = "") -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.error(f"{where}{key}", "missing")
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(f"{where}{key}", f"expected a non-empty string, got {value!r}")
            return default
        return value

    def number(self, table: dict[str, Any], key: str, where: str, *, required: bool = True,
               default: float = 0.0, minimum: float | None = None) -> float:
        value = table.get(key)
        if value is None:
            if required:
                self.error(f"{where}{key}", "missing")
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(f"{where}{key}", f"expected a number, got {value!r}")
            return default
        if not math.isfinite(value):  # TOML reads nan and inf, which no order or time holds
            self.error(f"{where}{key}", f"expected a finite number, got {value!r}")
            return default
        if minimum is not None and value < minimum:
            self.error(f"{where}{key}", f"must be at least {minimum}, got {value!r}")
            return default
        return float(value)

    def localized(self, table: dict[str, Any], key: str, where: str, *, required: bool = True,
                  lists: bool = False) -> Localized:
        """A {lang: text} table (or {lang: [texts]} with `lists`); reports missing languages."""
        name = f"{where}{key}"
        value = table.get(key)
        if value is None:
            if required:
                self.error(name, "missing")
            return Localized()
        if not isinstance(value, dict):
            self.error(name, "expected a table of languages (fr = …, en = …)")
            return Localized()
        values: dict[str, Any] = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                self.error(f"{name}.{lang}", f"unknown language (known: {', '.join(LANGUAGES)})")
                continue
            ok = (isinstance(text, list) and text and all(
                isinstance(t, str) and t.strip() for t in text)) if lists else (
                isinstance(text, str) and text.strip())
            if not ok:
                kind = "a list of non-empty strings" if lists else "a non-empty string"
                self.error(f"{name}.{lang}", f"expected {kind}")
                continue
            values[lang] = list(text) if lists else text
        if SOURCE not in values:
            self.error(f"{name}.{SOURCE}", "French text missing (French is the source)")
        elif lists:
            n = len(values[SOURCE])
            for lang, texts in list(values.items()):
                if len(texts) != n:
                    self.error(f"{name}.{lang}", f"{len(texts)} items where French has {n}")
                    del values[lang]
        loc = Localized(values)
        for lang in loc.missing():
            if lang != SOURCE and SOURCE in values:
                self.translation(f"{name}.{lang}", "missing translation (French shown)")
        return loc

    def file_ref(self, base: Path, table: dict[str, Any], key: str, where: str, *,
                 required: bool = True) -> Path | None:
        """A relative path inside `base` that must exist."""
        rel = self.string(table, key, where, required=required)
        if not rel:
            return None
        p = Path(rel)
        if p.is_absolute() or ".." in p.parts:
            self.error(f"{where}{key}", f"{rel!r} must be a relative path inside {base.name}/")
            return None
        path = base / p
        if not path.is_file():
            self.error(f"{where}{key}", f"file not found: {rel}")
        return path


def read_toml(path: Path, item: str, issues: list[Issue]) -> dict[str, Any] | None:
    import tomllib

    try:
        with path.open("rb") as f:
            return nesting.loads_toml(f.read().decode("utf-8"))
    except FileNotFoundError:
        issues.append(Issue("error", path, item, "", "file not found"))
    except (OSError, UnicodeDecodeError) as e:
        issues.append(Issue("error", path, item, "", f"cannot read: {e}"))
    except tomllib.TOMLDecodeError as e:
        issues.append(Issue("error", path, item, "", f"not valid TOML: {e}"))
    return None


class HasIssues:
    """What the loaders found wrong; `errors` are the ones that leave an item out."""

    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.kind == "error"]
