"""The demonstration dataset: generated, deterministic, and always flagged as such.

When the kiosk has never received sensor data, the screens show this instead of an empty
graph, labelled "données de démonstration" in every language; nothing here is ever stored in
the cache or shown as live. Every series carries `meta["demo"] = True`.

The numbers are a plausible Provençal year, not measurements: a seasonal and daily temperature
cycle with weather noise, humidity rising with rain episodes, particles and NO2 with weekday
rush hours and a winter excess, ozone in summer afternoons. Micro-sensors follow their
reference with a site character (a park cooler at noon, a paved square warmer at night), a
raw PM value that overestimates in humid air beside the corrected one, a few missing points
and one outage, so gaps show as gaps.

Deterministic: the same stations and the same `end` always give the same numbers (each station
seeds its own generator from a CRC of its key).
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.core.sensors.series import PARIS, Series, local_hours

if TYPE_CHECKING:
    import numpy as np

    from kiosk.core.sensors.series import Array


DEMO_FLAG = "demo"
REFERENCE_QUANTITIES = ("temperature", "humidity", "pm25", "pm10", "no2", "o3")
MICRO_QUANTITIES = ("temperature", "humidity", "pm25", "pm10")
UNITS = {"temperature": "°C", "humidity": "%", "pm25": "µg/m³", "pm10": "µg/m³",
         "no2": "µg/m³", "o3": "µg/m³"}


@dataclass(frozen=True)
class DemoStation:
    key: str  # "provider:station", as the cache would file it
    kind: str  # "reference" or "demo" (a project micro-sensor)
    reference: str | None = None  # key of the paired reference (micro-sensors)


@dataclass
class DemoData:
    end: float  # UTC epoch seconds, exclusive
    series: dict[tuple[str, str], Series] = field(default_factory=dict)
    demo: bool = True

    def get(self, key: str, quantity: str) -> Series | None:
        return self.series.get((key, quantity))


def _rng(key: str, salt: str = "") -> np.random.Generator:
    import numpy as np

    return np.random.default_rng(zlib.crc32(f"{key}|{salt}".encode()))


def _smooth_noise(rng: np.random.Generator, n: int, scale: float, corr: int) -> Array:
    """Red noise: white noise smoothed over `corr` samples, rescaled to `scale`."""
    import numpy as np

    white = rng.normal(0.0, 1.0, n + corr)
    kernel = np.hanning(max(3, corr))
    red = np.convolve(white, kernel / kernel.sum(), mode="same")[:n]
    sd = red.std() or 1.0
    return red / sd * scale


def _calendar(t: Array, tz: dt.tzinfo, day_off: Callable[[dt.date], bool] | None
              ) -> tuple[Array, Array, Array]:
    import numpy as np

    days, hours = local_hours(t, tz)
    weekday = (days - 1) % 7  # ordinal 1 (0001-01-01) was a Monday
    off = weekday >= 5
    if day_off is not None:
        uniq, inv = np.unique(days, return_inverse=True)
        extra = np.array([day_off(dt.date.fromordinal(int(d))) for d in uniq])
        off = off | extra[inv]
    doy = np.array([dt.date.fromordinal(int(d)).timetuple().tm_yday for d in np.unique(days)])
    doy = doy[np.searchsorted(np.unique(days), days)]
    frac_hour = hours + (t % 3600) / 3600
    return doy.astype(np.float64), frac_hour, off


def _reference(key: str, t: Array, tz: dt.tzinfo,
               day_off: Callable[[dt.date], bool] | None) -> dict[str, Array]:
    import numpy as np

    rng = _rng(key)
    n = len(t)
    doy, hour, off = _calendar(t, tz, day_off)
    summer = 0.5 + 0.5 * np.cos(2 * np.pi * (doy - 200) / 365.25)  # 1 in late July
    winter = 1 - summer
    weather = _smooth_noise(rng, n, 2.0, 72)
    temp = (15.5 + 8.5 * (summer - 0.5) * 2 + (3.5 + 2.5 * summer)
            * np.cos(2 * np.pi * (hour - 15) / 24) + weather)
    # Rain episodes: a few hours of saturated air, more often outside summer.
    rain = np.zeros(n)
    tail = 0.6 * np.exp(-np.arange(24) / 8.0)  # the air dries over the following day
    start = 0
    while True:
        start += int(rng.exponential(24 * (6 + 14 * summer[min(start, n - 1)])))
        if start >= n:
            break
        stop = start + int(rng.integers(3, 9))
        rain[start:stop] = 1.0
        after = rain[stop:stop + 24]
        rain[stop:stop + len(after)] = np.maximum(after, tail[: len(after)])
        start = stop
    humidity = 68 - 2.0 * (temp - temp.mean()) - 8 * summer + _smooth_noise(rng, n, 5, 24)
    raining = rain >= 1
    humidity = np.clip(np.where(raining, rng.uniform(92, 100, n), humidity + 25 * rain), 12, 100)
    rush = np.where(off, 0.75, 1.0) * (
        1 + np.where(off, 0.1, 0.45) * np.exp(-((hour - 8.5) / 1.5) ** 2)
        + np.where(off, 0.1, 0.4) * np.exp(-((hour - 18.5) / 2.0) ** 2))
    washout = 1 - 0.35 * rain
    pm25 = np.clip((7 + 7 * winter) * rush * washout * np.exp(_smooth_noise(rng, n, 0.3, 36)),
                   1, None)
    pm10 = pm25 * np.exp(0.45 + np.clip(_smooth_noise(rng, n, 0.15, 12), -0.4, 0.4))  # ⊃ PM2.5
    no2 = np.clip((16 + 12 * winter) * rush ** 1.6 * np.exp(_smooth_noise(rng, n, 0.25, 12)),
                  2, None)
    o3 = np.clip((40 + 40 * summer) * (1 + 0.45 * np.cos(2 * np.pi * (hour - 15) / 24))
                 - 0.6 * (no2 - no2.mean()) + _smooth_noise(rng, n, 6, 12), 2, None)
    return {"temperature": temp, "humidity": humidity, "pm25": pm25, "pm10": pm10,
            "no2": no2, "o3": o3, "_rain": rain}


def _micro(key: str, t: Array, ref_t: Array, ref: dict[str, Array], tz: dt.tzinfo
           ) -> tuple[dict[str, Array], dict[str, Array]]:
    import numpy as np

    rng = _rng(key)
    n = len(t)
    doy, hour, _off = _calendar(t, tz, None)
    season = 0.5 + 0.5 * np.cos(2 * np.pi * (doy - 200) / 365.25)
    night = np.clip(np.cos(2 * np.pi * (hour - 2) / 24), 0, None)
    day = np.clip(np.cos(2 * np.pi * (hour - 13) / 24), 0, None)
    # The site's character: warmer nights (paved, enclosed) or cooler days (shade, water).
    warm_nights = rng.uniform(-0.6, 2.2)
    cool_days = rng.uniform(-2.0, 0.4)
    moist = rng.uniform(5.0, 10.0)
    local_pm = rng.uniform(0.9, 1.25)

    def follow(q: str) -> Array:
        return np.interp(t, ref_t + 1800, ref[q])

    temp = (follow("temperature") + (0.4 + season) * (warm_nights * night + cool_days * day)
            + rng.normal(0, 0.15, n))
    humidity = np.clip(follow("humidity") + moist * follow("_rain") - 0.8 * (temp - follow(
        "temperature")) + rng.normal(0, 1.0, n), 10, 100)
    pm25 = np.clip(follow("pm25") * local_pm + rng.normal(0, 1.2, n), 0.5, None)
    pm10 = np.maximum(follow("pm10") * local_pm + rng.normal(0, 2.0, n), pm25 + 0.5)
    growth = 1.15 + 0.02 * np.clip(humidity - 60, 0, None)  # optical sensors and humid air
    values = {"temperature": temp, "humidity": humidity, "pm25": pm25, "pm10": pm10}
    raws = {"pm25": pm25 * growth, "pm10": pm10 * (growth * 0.9 + 0.1)}
    # Gaps: a few lost points and one outage of some hours in the last days.
    lost = rng.random(n) < 0.004
    outage_start = n - int(rng.integers(20, 80)) * 6
    outage = np.zeros(n, dtype=bool)
    outage[max(0, outage_start): max(0, outage_start) + int(rng.integers(18, 48))] = True
    for q in values:
        values[q] = np.where(lost | outage, np.nan, values[q])
        if q in raws:
            raws[q] = np.where(lost | outage, np.nan, raws[q])
    return values, raws


def generate(stations: Iterable[DemoStation], end: dt.datetime, *, days: int = 365,
             tz: dt.tzinfo = PARIS, day_off: Callable[[dt.date], bool] | None = None,
             micro_step: int = 600) -> DemoData:
    """Generate `days` of data up to `end` (rounded down to the hour) for the stations.

    References are hourly, micro-sensors every `micro_step` seconds; `day_off` marks public
    and school holidays for the traffic pattern.
    """
    import numpy as np

    end_s = float(int(end.timestamp()) // 3600 * 3600)
    start_s = end_s - days * 86400
    data = DemoData(end=end_s)
    stations = list(stations)
    refs: dict[str, tuple[Array, dict[str, Array]]] = {}
    ref_t = np.arange(start_s, end_s, 3600, dtype=np.float64)
    wanted_refs = {s.key for s in stations if s.kind == "reference"}
    wanted_refs |= {s.reference for s in stations if s.kind != "reference" and s.reference}
    for key in sorted(wanted_refs):
        refs[key] = (ref_t, _reference(key, ref_t, tz, day_off))
    for s in stations:
        if s.kind == "reference":
            values = refs[s.key][1]
            for q in REFERENCE_QUANTITIES:
                data.series[(s.key, q)] = Series(ref_t, np.asarray(values[q]), q, UNITS[q],
                                                 None, "valid", 3600, {DEMO_FLAG: True})
            continue
        micro_t = np.arange(start_s, end_s, micro_step, dtype=np.float64)
        ref_key = s.reference or s.key
        if ref_key not in refs:
            refs[ref_key] = (ref_t, _reference(ref_key, ref_t, tz, day_off))
        values, raws = _micro(s.key, micro_t, ref_t, refs[ref_key][1], tz)
        for q in MICRO_QUANTITIES:
            quality = "corrected" if q in raws else "valid"
            data.series[(s.key, q)] = Series(micro_t, values[q], q, UNITS[q], raws.get(q),
                                             quality, micro_step, {DEMO_FLAG: True})
    return data
