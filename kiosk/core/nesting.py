"""JSON and TOML from outside, with their nesting depth bounded before the parser runs.

Python's json and tomllib parsers recurse once per level: `[` × 100,000 ends in a
RecursionError (a traceback where a rejection belongs, and in a sync it skipped every other
source). The text is scanned first, strings and comments skipped, counting `[` and `{`; past
MAX_DEPTH it is refused with the parser's own error type (json.JSONDecodeError,
tomllib.TOMLDecodeError), so every caller's existing handler reports it. TOML's dotted keys
(`a.b.c… = 1`, `[a.b.c…]`) nest without brackets and without recursion in tomllib, but the
result would break whatever walks it next: its depth is checked after parsing, without
recursion. The scans are linear: each string is skipped with one regex match.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable
from typing import Any

MAX_DEPTH = 64  # real manifests, indexes, settings and sensor replies stay under 10

_JSON_SPECIAL = re.compile(r'[\[\]{}"]')
_JSON_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.S)
_TOML_SPECIAL = re.compile(r"[\[\]{}\"'#]")
_TOML_BASIC_REST = re.compile(r'(?:[^"\\\n]|\\.)*"')
_TOML_ML_BASIC_REST = re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""', re.S)


def json_depth_error(text: str, max_depth: int = MAX_DEPTH) -> int | None:
    """The offset where `text` (JSON) goes deeper than `max_depth`, or None."""
    depth, pos = 0, 0
    while m := _JSON_SPECIAL.search(text, pos):
        c = m.group()
        pos = m.end()
        if c == '"':
            end = _JSON_STRING_REST.match(text, pos)
            if end is None:
                return None  # an unterminated string: the parser says so
            pos = end.end()
        elif c in "[{":
            depth += 1
            if depth > max_depth:
                return m.start()
        else:
            depth = max(0, depth - 1)
    return None


def loads_json(data: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """json.loads, refusing (json.JSONDecodeError) nesting deeper than `max_depth`."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    at = json_depth_error(text, max_depth)
    if at is not None:
        raise json.JSONDecodeError(f"nested deeper than {max_depth} levels", text, at)
    return json.loads(text)


def toml_depth_error(text: str, max_depth: int = MAX_DEPTH) -> int | None:
    """The offset where `text` (TOML) nests arrays / inline tables deeper than allowed."""
    depth, pos = 0, 0
    while m := _TOML_SPECIAL.search(text, pos):
        c = m.group()
        pos = m.end()
        if c == "#":
            nl = text.find("\n", pos)
            pos = len(text) if nl < 0 else nl + 1
        elif c == '"':
            if text.startswith('""', pos):
                end = _TOML_ML_BASIC_REST.match(text, pos + 2)
            else:
                end = _TOML_BASIC_REST.match(text, pos)
            if end is None:
                return None
            pos = end.end()
        elif c == "'":
            close = "'''" if text.startswith("''", pos) else "'"
            start = pos + 2 if close == "'''" else pos
            found = text.find(close, start)
            if found < 0:
                return None
            pos = found + len(close)
        elif c in "[{":
            depth += 1
            if depth > max_depth:
                return m.start()
        else:
            depth = max(0, depth - 1)
    return None


def value_too_deep(value: Any, max_depth: int = MAX_DEPTH) -> bool:
    """Whether a parsed value nests dicts / lists deeper than `max_depth` (no recursion)."""
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        children: Iterable[Any]
        if isinstance(v, dict):
            children = v.values()
        elif isinstance(v, list):
            children = v
        else:
            continue
        if d > max_depth:
            return True
        stack.extend((c, d + 1) for c in children if isinstance(c, dict | list))
    return False


def loads_toml(text: str, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """tomllib.loads, refusing (tomllib.TOMLDecodeError) nesting deeper than `max_depth`."""
    at = toml_depth_error(text, max_depth)
    if at is not None:
        line = text.count("\n", 0, at) + 1
        raise tomllib.TOMLDecodeError(f"nested deeper than {max_depth} levels (at line {line})")
    data = tomllib.loads(text)
    if value_too_deep(data, max_depth):
        raise tomllib.TOMLDecodeError(f"nested deeper than {max_depth} levels (dotted keys)")
    return data
