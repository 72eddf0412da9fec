"""The allow-list of journal events: which kinds exist and which typed fields each may carry.

Nothing else can reach the journal. Text fields are identifiers (an exhibit module id, a screen
id, a sensor quantity): short ASCII tokens without spaces, so no free text, no name and no
network identifier can be stored. Numbers are bounded. An event that breaks a rule is refused
with ValueError before it is queued.

A QR code's target may also be the http(s) address the content put in it (cut before its
query). Every stored event also carries its time (UNIX seconds, UTC), the visitor session id (random
hex, or none outside a visit), the territory and the interface language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kiosk.core.settings import LANGUAGES, TERRITORIES

_IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
_SESSION = re.compile(r"[0-9a-f]{8,32}")


@dataclass(frozen=True)
class Field:
    """One column an event may fill: an identifier, an integer, a number or a yes/no."""

    name: str
    type: str  # "ident" | "int" | "float" | "bool" | "language" | "target"
    low: float | None = None
    high: float | None = None
    doc: str = ""


# Every field any event may carry; each is one column of the table and of the CSV export.
FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("screen", "ident", doc="screen id (home, exhibit, videos, sensors, agenda…)"),
        Field("item", "ident", doc="what the screen or QR code showed (module id, event id…)"),
        Field("module", "ident", doc="exhibit module id"),
        Field("page", "int", 0, 999, doc="page number inside a module"),
        Field("video", "ident", doc="video id of the catalog"),
        Field("seconds", "float", 0, 86_400, doc="time spent or seconds of video watched"),
        Field("completed", "bool", doc="the video was watched to its end"),
        Field("question", "ident", doc="quiz question id or end-of-visit question id"),
        Field("correct", "bool", doc="the quiz answer was right"),
        Field("answer", "int", 1, 5, doc="end-of-visit answer on the five-face scale (1-5)"),
        Field("from_language", "language", doc="language before a switch"),
        Field("site", "ident", doc="sensor site id"),
        Field("quantity", "ident", doc="sensor quantity (pm25, no2, temperature…)"),
        Field("feed", "ident", doc="agenda feed id"),
        Field("target", "target", doc="what a QR code leads to: an id, or the content's "
                                      "http(s) address without its query"),
    )
}

# Other names screens may use for a field.
ALIASES = {"seconds_watched": "seconds"}

# kind → the fields it accepts (any may be left out; nothing else is accepted).
KINDS: dict[str, tuple[str, ...]] = {
    "session_start": (),
    "session_end": ("seconds",),
    "screen_view": ("screen", "item", "seconds"),
    "page_view": ("module", "page", "seconds"),
    "video_play": ("video", "seconds", "completed"),
    "quiz_answer": ("module", "question", "correct"),
    "language_switch": ("from_language",),
    "qr_shown": ("screen", "module", "item", "target"),
    "sensor_view": ("site", "quantity"),
    "trends_view": ("site", "quantity"),
    "agenda_view": ("feed", "item"),
    "end_question": ("question", "answer"),
    "accessibility_on": ("item",),
    # An episode or seasonal promotion shown on attract/home, and tapped (issue 16).
    "promotion_shown": ("screen", "module", "item"),
    "promotion_followed": ("screen", "module", "item"),
}

BASE_COLUMNS = ("id", "time", "session", "kind", "territory", "language")
FIELD_NAMES = tuple(FIELDS)
ROW_COLUMNS = BASE_COLUMNS[1:] + FIELD_NAMES  # what the writer inserts (id is automatic)


def is_ident(value: Any) -> bool:
    return isinstance(value, str) and _IDENT.fullmatch(value) is not None


def _url(value: Any) -> str | None:
    """An http(s) address of the content, cut before its query and fragment."""
    if not isinstance(value, str) or len(value) > 300 or not value.isascii():
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or any(
            c.isspace() for c in value) or parts.username or parts.password:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _check(field: Field, value: Any) -> Any:
    name = field.name
    if field.type == "ident" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a question number
    if field.type == "target":
        if is_ident(value):
            return value
        url = _url(value)
        if url is None:
            raise ValueError(f"{name}: an identifier or an http(s) address is expected")
        return url
    if field.type == "ident":
        if not is_ident(value):
            raise ValueError(f"{name}: an identifier is expected (no spaces, ≤ 64 ASCII chars)")
        return value
    if field.type == "language":
        if value not in LANGUAGES:
            raise ValueError(f"{name}: {value!r} is not one of {LANGUAGES}")
        return value
    if field.type == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{name}: true or false is expected")
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name}: a number is expected")
    if field.type == "int":
        if not isinstance(value, int):
            raise ValueError(f"{name}: an integer is expected")
    else:
        value = float(value)
        if value != value:  # NaN
            raise ValueError(f"{name}: not a number")
        value = round(value, 3)
    if (field.low is not None and value < field.low) or (
            field.high is not None and value > field.high):
        raise ValueError(f"{name}: {value} is outside {field.low}…{field.high}")
    return value


_POSITION = {name: i for i, name in enumerate(FIELD_NAMES)}


def make_row(kind: str, fields: dict[str, Any], *, time: float, session: str | None,
             territory: str, language: str) -> tuple[Any, ...]:
    """Check one event against the allow-list; returns the row in ROW_COLUMNS order."""
    allowed = KINDS.get(kind)
    if allowed is None:
        raise ValueError(f"unknown journal event {kind!r}")
    if session is not None and not (isinstance(session, str) and _SESSION.fullmatch(session)):
        raise ValueError("session: random hex id expected")
    if territory not in TERRITORIES:
        raise ValueError(f"territory: {territory!r} unknown")
    if language not in LANGUAGES:
        raise ValueError(f"language: {language!r} unknown")
    values: list[Any] = [None] * len(FIELD_NAMES)
    for name, value in fields.items():
        name = ALIASES.get(name, name)
        if name not in allowed:
            raise ValueError(f"{kind}: field {name!r} is not allowed")
        if value is not None:
            values[_POSITION[name]] = _check(FIELDS[name], value)
    return (float(time), session, kind, territory, language, *values)
