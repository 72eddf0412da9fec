"""One pure parser (bytes in, observations out) and one fetch per source, in one registry.

Each provider module declares `PROVIDER` (base.Provider: its name, parser, fetch, zone,
documented default endpoint, whether it needs a key); REGISTRY lists them. A new provider is
one module here plus its line in REGISTRY: sync.py, `kiosk sensors parse|sources` and the
health screen find it there.

`parse(provider, data, station=…, zone=…, hour_ending=…)` dispatches on the provider name
of DESIGN.md's `kiosk sensors parse --provider` and raises tables.InputRejected for a payload
that cannot be read at all (the message names the reason).
"""

from __future__ import annotations

import datetime as dt

from kiosk.core.sensors.model import ParseResult
from kiosk.core.sensors.providers import atmosud, microspot, openaq, project, sensor_community
from kiosk.core.sensors.providers.base import Provider
from kiosk.core.sensors.providers.builder import MALFORMED
from kiosk.core.sensors.tables import InputRejected

REGISTRY: dict[str, Provider] = {p.name: p for p in (
    atmosud.PROVIDER, microspot.PROVIDER, sensor_community.PROVIDER, openaq.PROVIDER,
    project.PROVIDER)}
NAMES = tuple(REGISTRY)


def get(provider: str) -> Provider:
    """The provider of that name; ValueError naming the known ones."""
    try:
        return REGISTRY[provider]
    except KeyError:
        raise ValueError(f"unknown provider {provider!r} (one of {', '.join(NAMES)})") from None


def parse(provider: str, data: bytes, *, station: str | None = None,
          zone: dt.tzinfo | None = None, hour_ending: bool = False) -> ParseResult:
    """Observations of one payload of `provider` (see each module for what it reads)."""
    p = get(provider)
    try:
        return p.parse(data, station=station, zone=zone, hour_ending=hour_ending)
    except InputRejected:
        raise
    except MALFORMED as e:  # a structure no record-level guard expected
        raise InputRejected(f"unexpected structure ({type(e).__name__}: {e})") from e


def declared_zone(provider: str) -> dt.tzinfo:
    """The zone a provider's naive timestamps are read in."""
    return get(provider).zone
