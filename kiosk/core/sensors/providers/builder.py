"""What every provider's parser shares: the observation builder and flat records as a table.

`Builder.add(...)` turns one cell (label, value, unit, time, quality) into an Observation or
counts why not; `quality_of` maps a provider's flag to a contract quality; `rows_only()` makes
the parsers hand the sync plain tuples; `records_table` turns JSON records into a Table for
the generic reader (table_reader.py).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.core.sensors import units
from kiosk.core.sensors.model import UNITS, Observation, ParseResult, Row, Station
from kiosk.core.sensors.tables import Table
from kiosk.core.sensors.timeparse import UTC, Resolver
from kiosk.core.sensors.units import Rejected

INVALID = None  # what quality_of returns for a value flagged invalid
# What a record of an unexpected shape raises while it is read (a list where a number was…).
MALFORMED = (TypeError, AttributeError, KeyError, IndexError, ValueError, OverflowError)
_ROWS_ONLY = contextvars.ContextVar("sensors_rows_only", default=False)


@contextlib.contextmanager
def rows_only() -> Iterator[None]:
    """Parsers called inside give ParseResult.rows (plain tuples), not Observation objects.

    For the sync, which stores them at once: thousands of Observation objects alive together
    outlive young-generation collections and set off full ones, which hold the GIL for tens
    of milliseconds and so stall the GUI thread; tuples of plain values are soon untracked.
    """
    token = _ROWS_ONLY.set(True)
    try:
        yield
    finally:
        _ROWS_ONLY.reset(token)


def quality_of(flag: object, default: str, *, valid_as: str = "valid") -> str | None:
    """A contract quality from a provider's flag; None means flagged invalid (skip it)."""
    return _quality_of(flag if isinstance(flag, bool) else units.hashable(flag), default,
                       valid_as)


@functools.lru_cache(maxsize=1024, typed=True)
def _quality_of(flag: object, default: str, valid_as: str) -> str | None:
    if flag is None:
        return default
    if isinstance(flag, bool):
        return valid_as if flag else "unvalidated"
    key = units.fold(str(flag))
    if key in ("", "none", "null"):
        return default
    if key in ("corrected", "corrige", "corrigee", "corrigé"):
        return "corrected"
    if key in ("uncorrected", "raw", "brut", "brute", "non corrige", "non corrigee"):
        return "uncorrected"
    if key in ("invalid", "invalide", "invalidee", "i", "n", "-1", "rejected", "rejete",
               "rejetee", "error", "erreur", "faux", "bad"):
        return INVALID
    if key in ("unvalidated", "provisional", "provisoire", "non validee", "non valide",
               "non-validee", "not validated", "false", "0", "p", "pending", "brute non validee"):
        return "unvalidated"
    if key in ("valid", "valide", "validee", "validated", "a", "1", "2", "true", "ok", "v",
               "verified", "good", "oui", "yes", "moyenne horaire validee"):
        return valid_as
    return default


@dataclass
class Builder:
    provider: str
    zone: dt.tzinfo = UTC
    explicit_zone: bool = False  # the caller declared the zone: a file's own hint yields

    def __post_init__(self) -> None:
        # The sensor's own measuring range per quantity (units.OPTICAL_PM_RANGE for the
        # micro-sensors' particle counters): a value beyond it is flagged and not shown.
        self.measuring_range: dict[str, tuple[float, float]] = {}
        self.result = ParseResult([], {}, [])
        self._rows: list[Row] = []
        self.resolver = Resolver(self.zone)
        self._stations: dict[str, Station] = {}

    def skip(self, reason: str, n: int = 1) -> None:
        self.result.skip(reason, n)

    @contextlib.contextmanager
    def record(self) -> Iterator[None]:
        """Read one record; one of an unexpected shape is counted and skipped."""
        try:
            yield
        except MALFORMED:
            self.skip("malformed record")

    def station(self, station: Station) -> None:
        known = self._stations.get(station.id)
        if known is None or (known.latitude is None and station.latitude is not None):
            self._stations[station.id] = station

    def quantity(self, label: object, *, codes: bool = True) -> str | None:
        q = units.quantity_of(label, codes=codes)
        if q is None:
            self.skip("unsupported quantity" if units.is_other(label) else
                      f"unknown quantity {str(label).strip()[:40]!r}")
        return q

    def add(self, station: str, quantity: str, value: object, unit: object, time: object, *,
            quality: str | None = "valid", raw: object = None, period: int | None = None,
            decimal_comma: bool = False, shift: dt.timedelta | None = None) -> bool:
        """Add one observation of a known quantity, or count why it is skipped."""
        try:
            number = units.number(value, decimal_comma=decimal_comma)
            if quality is None:  # a sentinel counts as a sentinel, even when flagged
                raise Rejected("flagged invalid")
            v = units.normalise(quantity, number, unit)
        except Rejected as e:
            self.skip(e.reason)
            return False
        r = None
        if raw is not None:
            try:
                r = units.normalise(quantity, units.number(raw, decimal_comma=decimal_comma),
                                    unit)
            except Rejected:
                r = None
        limits = self.measuring_range.get(quantity)
        if limits is not None and not limits[0] <= (v if r is None else max(v, r)) <= limits[1]:
            self.skip("outside the sensor's measuring range")
            return False
        try:
            t = self.resolver.resolve((station, quantity), time)
        except Rejected as e:
            self.skip(e.reason)
            return False
        if shift:
            t -= shift
        # A tuple of plain values until finish(): the garbage collector soon stops tracking
        # it, so a large payload does not feed the full collections that pause every thread.
        self._rows.append((str(station), quantity, t, v, quality, r, period))
        return True

    def finish(self) -> ParseResult:
        """Sorted by (station, quantity, time); a later duplicate replaces an earlier one."""
        unique: dict[tuple[str, str, dt.datetime], Row] = {}
        for row in self._rows:
            key = row[:3]
            if key in unique:
                self.skip("duplicate")
            unique[key] = row
        self._rows = []
        if _ROWS_ONLY.get():
            self.result.rows = [unique[k] for k in sorted(unique)]
        else:
            p = self.provider
            self.result.observations = [
                Observation(p, st, q, v, UNITS[q], t, quality, r, period)
                for (st, q, t), (_, _, _, v, quality, r, period) in sorted(unique.items())]
        self.result.stations = sorted(self._stations.values(), key=lambda s: s.id)
        return self.result


def as_dict(v: object) -> dict[str, Any]:
    """A JSON object, or {} for anything else (a record's optional nested object)."""
    return v if isinstance(v, dict) else {}


def as_float(v: object) -> float | None:
    """A JSON number or numeric text as a float (a coordinate), None for anything else."""
    if not isinstance(v, int | float | str):
        return None
    try:
        return float(v)
    except ValueError:
        return None


def as_list(v: object) -> list[Any]:
    """A JSON array, or [] for anything else."""
    return v if isinstance(v, list) else []


def records_table(records: list[dict[str, Any]]) -> Table:
    """Flat JSON records as a table (nested values serialised), keys in first-seen order."""
    header: list[str] = []
    for r in records:
        for k in r:
            if k not in header:
                header.append(k)
    # Tuples of strings: the garbage collector stops tracking them, so a big payload adds
    # nothing to the full collections that would pause the GUI thread.
    rows: list[Sequence[str]] = [tuple(_cell(r.get(k)) for k in header) for r in records]
    return Table(header, rows, ",")


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)
    return str(v)
