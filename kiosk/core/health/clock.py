"""Clock trust: the wall clock is never believed below the last time seen.

A kiosk without a battery-backed clock or network can boot in 1970 or an hour back. The
latest wall-clock time seen is kept in `paths.clock_file`; `ClockTrust.now()` never returns
less than it, and `state()` says whether the system clock is synchronised (the kernel's NTP
status, when it can be read), whether it went backwards and by how much.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.fileio import atomic_write_text

log = logging.getLogger(__name__)

# A clock before this is certainly wrong (the software did not exist).
EARLIEST_PLAUSIBLE = 1_767_225_600.0  # 2026-01-01T00:00:00Z
TOLERANCE = 120.0  # a step back smaller than this is clock discipline, not a fault
SAVE_EVERY = 300.0
_TIME_ERROR = 5  # adjtimex(2): clock not synchronised


@dataclass(frozen=True)
class ClockState:
    system: float  # what the system clock says
    now: float  # the trusted time: never below the last seen
    last_seen: float
    behind_by: float  # seconds the system clock is below the last time seen (0 when fine)
    synchronized: bool | None  # the kernel's NTP status; None when unknown

    @property
    def trusted(self) -> bool:
        return self.behind_by == 0 and self.system >= EARLIEST_PLAUSIBLE and (
            self.synchronized is not False)


def kernel_synchronized() -> bool | None:
    """The kernel's view (adjtimex with no change requested); None when it cannot say."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        adjtimex = libc.adjtimex
    except (OSError, AttributeError):
        return None
    buf = ctypes.create_string_buffer(512)  # struct timex, modes = 0: read only
    state = adjtimex(buf)
    if state < 0:
        return None
    return state != _TIME_ERROR


class ClockTrust:
    def __init__(self, clock_file: Path, *, clock: Callable[[], float] = time.time,
                 synchronized: Callable[[], bool | None] = kernel_synchronized) -> None:
        self.clock_file = Path(clock_file)
        self.clock = clock
        self._synchronized = synchronized
        self._last_seen = self._load()
        self._saved = self._last_seen

    def _load(self) -> float:
        try:
            return float(json.loads(self.clock_file.read_text("utf-8"))["last_seen"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0.0

    def save(self) -> None:
        """Persist the latest time seen (at shutdown, and by save_if_due)."""
        try:
            atomic_write_text(self.clock_file, json.dumps({"last_seen": self._last_seen}))
            self._saved = self._last_seen
        except OSError as e:
            log.warning("cannot keep the clock file %s: %s", self.clock_file, e)

    def now(self) -> float:
        system = self.clock()
        if system > self._last_seen and system >= EARLIEST_PLAUSIBLE:
            self._last_seen = system
        return max(system, self._last_seen)

    def save_if_due(self) -> None:
        """Persist when the last save is older than SAVE_EVERY (a worker calls it now and
        then; `now()` itself never touches the disk, so any thread may call it)."""
        if self._last_seen - self._saved >= SAVE_EVERY:
            self.save()

    def state(self) -> ClockState:
        system = self.clock()
        now = self.now()
        behind = self._last_seen - system
        return ClockState(system=system, now=now, last_seen=self._last_seen,
                          behind_by=behind if behind > TOLERANCE else 0.0,
                          synchronized=self._synchronized())
