"""The one sensor data model every provider parses into (DESIGN.md, DATA-FORMATS.md §6).

`time` is the start of the averaging period in UTC; `quantity` and `unit` are canonical;
`value` is what to show (corrected when the provider corrects), `raw` what the sensor said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

QUANTITIES = ("pm25", "pm10", "pm1", "no2", "o3", "temperature", "humidity", "pressure",
              "wind_speed", "wind_direction")
UNITS = {
    "pm25": "µg/m³", "pm10": "µg/m³", "pm1": "µg/m³", "no2": "µg/m³", "o3": "µg/m³",
    "temperature": "°C", "humidity": "%", "pressure": "hPa", "wind_speed": "m/s",
    "wind_direction": "°",
}
QUALITIES = ("valid", "corrected", "uncorrected", "unvalidated")
# Where a value comes from, for the source badge on screen.
SOURCE_CLASSES = ("reference", "project", "community")


@dataclass(frozen=True)
class Station:
    provider: str  # "atmosud", "microspot", "sensor.community", "openaq", "project"
    id: str  # the provider's station (or site / device) id
    name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    source_class: str = "reference"
    paired_reference: str | None = None  # e.g. AtmoSud's code_station_commun


@dataclass(frozen=True)
class Observation:
    provider: str
    station: str
    quantity: str
    value: float
    unit: str
    time: dt.datetime  # aware, UTC, start of the averaging period
    quality: str = "valid"
    raw: float | None = None
    period_seconds: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The `kiosk sensors parse` line."""
        return {
            "provider": self.provider,
            "station": self.station,
            "quantity": self.quantity,
            "value": self.value,
            "unit": self.unit,
            "time": self.time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "quality": self.quality,
        }


# A parsed observation in its compact form (see ParseResult.rows): (station, quantity, time,
# value, quality, raw, period_seconds).
Row = tuple[str, str, dt.datetime, float, str, float | None, int | None]


@dataclass
class ParseResult:
    """Observations parsed from one payload, and how many values were dropped and why."""

    observations: list[Observation]
    skipped: dict[str, int]
    stations: list[Station] | None = None
    # The compact form a sync reads instead of `observations` (which is then empty): tuples
    # (station, quantity, time, value, quality, raw, period_seconds), unit canonical. Set only
    # inside providers.builder.rows_only(); see there why.
    rows: list[Row] | None = None

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + n
