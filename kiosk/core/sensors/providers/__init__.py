"""One pure parser (bytes in, observations out) and one thin HTTP layer per source.

`parse(provider, data, station=…, zone=…, hour_ending=…)` dispatches on the provider name
of DESIGN.md's `kiosk sensors parse --provider` and raises tables.InputRejected for a payload
that cannot be read at all (the message names the reason).
"""

from __future__ import annotations

import datetime as dt

from kiosk.core.sensors.model import ParseResult
from kiosk.core.sensors.providers import atmosud, microspot, openaq, project, sensor_community
from kiosk.core.sensors.providers.builder import MALFORMED
from kiosk.core.sensors.tables import InputRejected

MODULES = {
    atmosud.NAME: atmosud,
    microspot.NAME: microspot,
    sensor_community.NAME: sensor_community,
    openaq.NAME: openaq,
    project.NAME: project,
}
NAMES = tuple(MODULES)


def parse(provider: str, data: bytes, *, station: str | None = None,
          zone: dt.tzinfo | None = None, hour_ending: bool = False) -> ParseResult:
    """Observations of one payload of `provider` (see each module for what it reads)."""
    try:
        module = MODULES[provider]
    except KeyError:
        raise ValueError(f"unknown provider {provider!r} (one of {', '.join(NAMES)})") from None
    try:
        return module.parse(data, station=station, zone=zone, hour_ending=hour_ending)
    except InputRejected:
        raise
    except MALFORMED as e:  # a structure no record-level guard expected
        raise InputRejected(f"unexpected structure ({type(e).__name__}: {e})") from e


def declared_zone(provider: str) -> dt.tzinfo:
    """The zone a provider's naive timestamps are read in."""
    return MODULES[provider].ZONE
