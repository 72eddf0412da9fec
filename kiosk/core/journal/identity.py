"""The kiosk's anonymous id: random, made once, kept in the data directory.

It names this kiosk's files in the fleet's collection (`kiosk=<id>/…`). It is drawn at random
the first time it is needed and never derived from the hardware, the host name or a network
address, so it says nothing about the machine; deleting its file (`paths.kiosk_id_file`,
`<data>/kiosk-id`) gives the kiosk a new one.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from kiosk.core.fileio import atomic_write_text

PATTERN = re.compile(r"k[0-9a-f]{12}")


def kiosk_id(path: Path) -> str:
    """This kiosk's id (`k` + 12 hex digits) kept in `path`, made and stored on first use."""
    path = Path(path)
    try:
        value = path.read_text("ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        value = ""
    if PATTERN.fullmatch(value):
        return value
    value = "k" + secrets.token_hex(6)
    atomic_write_text(path, value + "\n")
    return value


def is_kiosk_id(value: str) -> bool:
    return PATTERN.fullmatch(value) is not None
