"""What a provider declares: its parser, its fetch, its documented default endpoint and key.

Every provider module ends with one `PROVIDER = Provider(...)`; providers/__init__.py lists
them (REGISTRY) and sync.py only ever calls `provider.fetch(FetchContext(...))` — no provider
is named outside its own module. Where data comes from is data, not code:

- sites.toml (or a sites bundle) names, per sensor, the provider, the provider's station or
  sensor id and optionally the sensor's own `endpoint`;
- the settings hold each provider's base URL and API key (`[sensors.providers.<setting>]`
  `url`, `api_key`); an empty `url` means the provider's documented `default_url`, today's
  public endpoint (docs/operator-guide.*.md, "Sources des capteurs").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.core.sensors.model import ParseResult
from kiosk.core.sensors.providers.http import Http


@dataclass(frozen=True)
class SensorSource:
    """One thing to sync: one sensor of sites.toml.

    - `provider`: a name of providers.REGISTRY;
    - `station`: the provider's station id, also the id the cache files the data under;
    - `quantities`: what to fetch and keep (empty: all the provider gives);
    - `sensor_ids` (sensor.community): the sensor ids of that location (PM and weather);
    - `endpoint`: this sensor's own URL, used instead of the provider's base URL (each
      provider's docstring says what it points at).
    """

    provider: str
    station: str
    quantities: tuple[str, ...] = ()
    sensor_ids: tuple[str, ...] = ()
    endpoint: str = ""

    @property
    def key(self) -> str:
        return f"sensors:{self.provider}:{self.station}"


@dataclass(frozen=True)
class FetchContext:
    """Everything one fetch needs, resolved by sync.py from sites.toml and the settings."""

    http: Http
    source: SensorSource
    base: str  # the sensor's endpoint, else the provider's configured or default URL
    key: str  # the provider's API key ("" when none is configured)
    since: dt.datetime
    until: dt.datetime


@dataclass(frozen=True)
class Provider:
    name: str  # as written in sites.toml and `kiosk sensors parse --provider`
    setting: str  # the settings table: [sensors.providers.<setting>]
    parse: Callable[..., ParseResult]
    fetch: Callable[[FetchContext], list[ParseResult]]
    zone: dt.tzinfo  # the zone naive timestamps are read in
    default_url: str  # today's public endpoint ("" when there is none to default to)
    # The URL a source is read from, for `kiosk sensors sources` and the health screen.
    source_url: Callable[[str, SensorSource], str]
    needs_key: bool = False
    source_class: str = "reference"  # the badge its data wears (model.SOURCE_CLASSES)
