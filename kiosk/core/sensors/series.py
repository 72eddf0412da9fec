"""Time series for graphs and trends: numpy arrays, gaps as NaN, times in UTC epoch seconds.

numpy is imported inside the functions: kiosk.core.sensors must not pull it in before the
first screen is painted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from numpy.typing import NDArray

    # A numpy array of any dtype (the module imports numpy only inside its functions).
    Array = NDArray[Any]

PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Series:
    """One quantity at one station: `t` period starts (UTC epoch s), `v` values (NaN = none).

    `raw` holds the sensor's own value when `v` is corrected (micro-sensors), else None.
    """

    t: Any  # numpy float64 array
    v: Any  # numpy float64 array
    quantity: str = ""
    unit: str = ""
    raw: Any = None
    quality: str = "valid"
    period_seconds: int = 3600
    meta: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.t)

    @property
    def empty(self) -> bool:
        return len(self.t) == 0

    def window(self, start: float, end: float) -> Series:
        """The points with start <= t < end."""
        import numpy as np

        lo, hi = np.searchsorted(self.t, [start, end])
        return Series(self.t[lo:hi], self.v[lo:hi], self.quantity, self.unit,
                      None if self.raw is None else self.raw[lo:hi], self.quality,
                      self.period_seconds, self.meta)

    def last_valid(self) -> tuple[float, float, float | None] | None:
        """(time, value, raw) of the newest point with a value, or None."""
        import numpy as np

        ok = np.flatnonzero(~np.isnan(self.v))
        if len(ok) == 0:
            return None
        i = ok[-1]
        raw = None if self.raw is None or np.isnan(self.raw[i]) else float(self.raw[i])
        return float(self.t[i]), float(self.v[i]), raw


def from_points(points: Iterable[Sequence[Any]], quantity: str = "", unit: str = "",
                period_seconds: int = 3600, quality: str = "valid") -> Series:
    """A Series from (aware datetime or epoch seconds, value or None[, raw]) tuples."""
    import numpy as np

    rows = sorted(points, key=lambda p: _epoch(p[0]))
    t = np.array([_epoch(p[0]) for p in rows], dtype=np.float64)
    v = np.array([np.nan if p[1] is None else p[1] for p in rows], dtype=np.float64)
    raw = None
    if rows and len(rows[0]) > 2:
        raw = np.array([np.nan if p[2] is None else p[2] for p in rows], dtype=np.float64)
    return Series(t, v, quantity, unit, raw, quality, period_seconds)


def _epoch(value: dt.datetime | float) -> float:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: a series needs aware times")
        return value.timestamp()
    return float(value)


def with_gaps(t: Array, v: Array, period_seconds: int) -> tuple[Array, Array]:
    """Insert a NaN wherever two points are more than 1.5 periods apart, so a graph
    draws a gap instead of a line across missing data."""
    import numpy as np

    if len(t) < 2:
        return t, v
    jumps = np.flatnonzero(np.diff(t) > 1.5 * period_seconds)
    if len(jumps) == 0:
        return t, v
    t2 = np.insert(t, jumps + 1, t[jumps] + period_seconds)
    v2 = np.insert(v.astype(np.float64), jumps + 1, np.nan)
    return t2, v2


def local_hours(t: Array | Sequence[float], tz: dt.tzinfo = PARIS) -> tuple[Array, Array]:
    """(local date ordinal, local hour) for each UTC epoch second, DST-exact.

    The UTC offset is looked up once per distinct UTC hour, so a year of 10-minute data
    costs ~9,000 zone look-ups, not 52,000.
    """
    import numpy as np

    t = np.asarray(t, dtype=np.float64)
    if len(t) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    hours = np.floor(t / 3600).astype(np.int64)
    uniq, inverse = np.unique(hours, return_inverse=True)
    offsets = np.array([
        (dt.datetime.fromtimestamp(int(h) * 3600, dt.UTC).astimezone(tz).utcoffset()
         or dt.timedelta(0)).total_seconds() for h in uniq], dtype=np.float64)
    local = t + offsets[inverse]
    days = np.floor(local / 86400).astype(np.int64)
    hour = np.floor((local - days * 86400) / 3600).astype(np.int64)
    # 1970-01-01 is ordinal 719163.
    return days + 719163, hour


def hourly(series: Series, tz: dt.tzinfo = PARIS) -> dict[tuple[int, int], float]:
    """Hourly means keyed by (local date ordinal, local hour) → value, gaps skipped.

    During the autumn DST change the repeated local hour 02:00 holds both UTC hours.
    """
    import numpy as np

    ok = ~np.isnan(series.v)
    days, hours = local_hours(series.t[ok], tz)
    v = series.v[ok]
    key = days * 24 + hours
    if len(key) == 0:
        return {}
    uniq, inverse = np.unique(key, return_inverse=True)
    sums = np.bincount(inverse, weights=v)
    counts = np.bincount(inverse)
    return {(int(k) // 24, int(k) % 24): float(s / c) for k, s, c in zip(uniq, sums, counts,
                                                                         strict=True)}


def resample_hourly(series: Series) -> Series:
    """Hourly means on UTC hour starts (what comparison graphs use), gaps as NaN."""
    import numpy as np

    if series.empty:
        return series
    h = np.floor(series.t / 3600).astype(np.int64)
    start, stop = h[0], h[-1] + 1
    idx = h - start
    ok = ~np.isnan(series.v)
    n = int(stop - start)
    sums = np.bincount(idx[ok], weights=series.v[ok], minlength=n)
    counts = np.bincount(idx[ok], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    raw = None
    if series.raw is not None:
        okr = ~np.isnan(series.raw)
        rs = np.bincount(idx[okr], weights=series.raw[okr], minlength=n)
        rc = np.bincount(idx[okr], minlength=n)
        raw = np.where(rc > 0, rs / np.maximum(rc, 1), np.nan)
    t = (np.arange(start, stop, dtype=np.float64)) * 3600
    return Series(t, v, series.quantity, series.unit, raw, series.quality, 3600, series.meta)
