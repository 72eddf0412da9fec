"""Reading payloads in general: JSON or CSV, encoding and BOM, delimiter, header aliases.

`load(data)` sniffs the payload (JSON when it starts with `{` or `[`, CSV otherwise) and
returns either the decoded JSON or a `Table`. A CSV header may carry a BOM, accents, trailing
empty names (a trailing delimiter on every line), and rows may hold more fields than the
header names (extra fields are kept under `Table.extra`). `Table.column(*aliases)` finds a
column by any of its usual names, accents and case ignored.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.core import nesting
from kiosk.core.sensors.units import fold

_BRACKETS = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]")


class InputRejected(ValueError):
    """A payload that cannot be read at all; the message names the reason."""


def decode(data: bytes) -> str:
    """Text of a payload: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@dataclass
class Table:
    header: list[str]
    rows: list[Sequence[str]]
    delimiter: str
    keys: list[str] = field(default_factory=list)  # folded header names

    def __post_init__(self) -> None:
        self.keys = [fold(h) for h in self.header]

    def column(self, *aliases: str) -> int | None:
        """Index of the first column named like one of `aliases` (in their order); a name
        followed by a note in brackets ("date (heure locale)") counts too."""
        for alias in aliases:
            key = fold(alias)
            if key in self.keys:
                return self.keys.index(key)
        bare = [_BRACKETS.sub("", k).strip() for k in self.keys]
        for alias in aliases:
            key = fold(alias)
            if key in bare:
                return bare.index(key)
        return None

    @property
    def decimal_comma(self) -> bool:
        return self.delimiter != ","


def sniff_delimiter(line: str) -> str:
    """The delimiter of a header line: the most frequent of ; , tab | outside quotes."""
    counts = {d: 0 for d in ";,\t|"}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ","


def read_table(text: str, is_header: Callable[[list[str]], bool] | None = None) -> Table:
    """A table from CSV text.

    Args:
        text: the decoded file.
        is_header: tells a header line among the first lines, for exports that open with a
            title or metadata lines; without it (or when no line qualifies) the first
            non-blank, non-comment line is the header.
    """
    lines = text.splitlines()
    # Skip blank lines and `#` comment lines before the header.
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].startswith("#")):
        start += 1
    if start >= len(lines):
        raise InputRejected("empty file")
    forced = None
    if lines[start].lower().startswith("sep=") and len(lines[start].strip()) == 5:
        forced = lines[start].strip()[4]  # Excel's "sep=;" hint line
        start += 1
        if start >= len(lines):
            raise InputRejected("empty file")
    if is_header is not None:
        for i in range(start, min(start + 15, len(lines))):
            d = forced or sniff_delimiter(lines[i])
            cells = next(csv.reader([lines[i]], delimiter=d), [])
            if is_header([c.strip().strip("\ufeff") for c in cells]):
                start = i
                break
    delimiter = forced or sniff_delimiter(lines[start])
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delimiter)
    try:
        header = [h.strip().strip("\ufeff") for h in next(reader)]
        rows: list[Sequence[str]] = [tuple(row) for row in reader
                                     if any(cell.strip() for cell in row)]
    except csv.Error as e:
        raise InputRejected(f"unreadable CSV: {e}") from None
    # A trailing delimiter gives empty names at the end: drop them.
    while header and not header[-1]:
        header.pop()
    if len(header) < 2:
        raise InputRejected("not a table: the first line has fewer than two columns")
    return Table(header, rows, delimiter)


def load(data: bytes, is_header: Callable[[list[str]], bool] | None = None) -> object:
    """Decoded JSON, or a Table for CSV; raises InputRejected when neither."""
    if not data or not data.strip():
        raise InputRejected("empty file")
    text = decode(data)
    head = text.lstrip()[:1]
    if head in ("{", "["):
        try:
            return nesting.loads_json(text)
        except json.JSONDecodeError as e:
            raise InputRejected(f"invalid JSON: {e.msg} at line {e.lineno} column {e.colno}"
                                ) from None
    if "\x00" in text:
        raise InputRejected("binary data, neither JSON nor CSV")
    return read_table(text, is_header)


def records(payload: object, *markers: str) -> list[dict[str, Any]] | None:
    """The list of dict records in a JSON payload: the top list, or the first list found
    under a marker key (e.g. "results", "mesures", "data"), or GeoJSON features' properties;
    Opendatasoft records are read as their `fields`.
    None when the payload holds no such list (an empty list is an answer with no data).
    """
    if isinstance(payload, list):
        return [_flat(r) for r in payload if isinstance(r, dict)]
    if not isinstance(payload, dict):
        return None
    if isinstance(payload.get("features"), list):
        out = []
        for f in payload["features"]:
            if not isinstance(f, dict):
                continue
            props = dict(f.get("properties") or {})
            geom = f.get("geometry") or {}
            coords = geom.get("coordinates") if isinstance(geom, dict) else None
            if isinstance(coords, list) and len(coords) >= 2:
                props.setdefault("lon", coords[0])
                props.setdefault("lat", coords[1])
            out.append(props)
        return out
    for key in (*markers, "results", "data", "items", "records"):
        value = payload.get(key)
        if isinstance(value, list):
            return [_flat(r) for r in value if isinstance(r, dict)]
        if isinstance(value, dict):
            inner = records(value, *markers)
            if inner is not None:
                return inner
    return None


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """An Opendatasoft record ({"datasetid", "recordid", "fields": {…}, "geometry"}) as its
    fields, with the point's coordinates; any other record as it is."""
    fields = record.get("fields")
    if not isinstance(fields, dict) or "recordid" not in record:
        return record
    out = dict(fields)
    geom = record.get("geometry")
    coords = geom.get("coordinates") if isinstance(geom, dict) else None
    if isinstance(coords, list) and len(coords) >= 2:
        out.setdefault("lon", coords[0])
        out.setdefault("lat", coords[1])
    return out
