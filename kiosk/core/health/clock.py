"""Clock trust: the wall clock is never believed below the last time seen.

A kiosk without a battery-backed clock or network can boot in 1970 or an hour back. The
latest wall-clock time seen is kept in `paths.clock_file`; `ClockTrust.now()` never returns
less than it, and `state()` says whether the system clock is synchronised (the kernel's NTP
status, when it can be read), whether it went backwards and by how much.

A step forward of more than MAX_FORWARD_JUMP past the last time seen is not believed on the
clock's word alone (a clock set two years ahead would otherwise become the floor for ever
and, through the journal's retention, delete every event): it is reported (`ahead_by`) and
not adopted as the last time seen until something confirms it — the kernel saying NTP
synchronised the clock, the HTTP Date header of a configured server agreeing
(`confirm_with_server_date`), or the operator (`kiosk clock trust`, `accept_system_time`).
A wrong future value already kept (the clock file) is left behind the same way: the
operator's command or a server's Date sets the last time seen back to the true time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import email.utils
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.fileio import atomic_write_text

if TYPE_CHECKING:
    import requests

    from kiosk.core.settings import Settings


log = logging.getLogger(__name__)

# A clock before this is certainly wrong (the software did not exist).
EARLIEST_PLAUSIBLE = 1_767_225_600.0  # 2026-01-01T00:00:00Z
TOLERANCE = 120.0  # a step back smaller than this is clock discipline, not a fault
SAVE_EVERY = 300.0
MAX_FORWARD_JUMP = 2 * 86_400.0  # a longer step ahead needs a confirmation
SERVER_TOLERANCE = 300.0  # a server's Date within this of the system clock confirms it
_TIME_ERROR = 5  # adjtimex(2): clock not synchronised


@dataclass(frozen=True)
class ClockState:
    system: float  # what the system clock says
    now: float  # the trusted time: never below the last seen
    last_seen: float
    behind_by: float  # seconds the system clock is below the last time seen (0 when fine)
    synchronized: bool | None  # the kernel's NTP status; None when unknown
    ahead_by: float = 0.0  # an unconfirmed step forward past the last time seen (0 if none)

    @property
    def trusted(self) -> bool:
        return self.behind_by == 0 and self.ahead_by == 0 and (
            self.system >= EARLIEST_PLAUSIBLE) and self.synchronized is not False


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
    return bool(state != _TIME_ERROR)


class ClockTrust:
    def __init__(self, clock_file: Path, *, clock: Callable[[], float] = time.time,
                 synchronized: Callable[[], bool | None] = kernel_synchronized) -> None:
        self.clock_file = Path(clock_file)
        self.clock = clock
        self._synchronized = synchronized
        self._last_seen = self._load()
        self._saved = self._last_seen
        self._reported_jump: int | None = None

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
            if (self._last_seen and system - self._last_seen > MAX_FORWARD_JUMP
                    and not self._confirm_jump(system)):
                return system  # used, reported (ahead_by), not made the floor
            self._last_seen = system
        return max(system, self._last_seen)

    def _confirm_jump(self, system: float) -> bool:
        if self._synchronized() is True:
            log.info("the clock stepped ahead %.0f s; NTP confirms it", system - self._last_seen)
            return True
        if self._reported_jump != int(system // 3600):
            self._reported_jump = int(system // 3600)
            log.warning("the clock stepped ahead %.0f s past the last time seen: not believed "
                        "until NTP, a server's Date or the operator confirms it",
                        system - self._last_seen)
        return False

    def ahead_by(self) -> float:
        """An unconfirmed step forward of the system clock (0 when there is none)."""
        self.now()  # adopts the step when it has been confirmed meanwhile
        ahead = self.clock() - self._last_seen
        return ahead if self._last_seen and ahead > MAX_FORWARD_JUMP else 0.0

    def accept_system_time(self, source: str = "operator") -> None:
        """The system clock is right (the operator says so, or a server agreed): it becomes
        the last time seen, even below a wrong future value kept before."""
        system = self.clock()
        if system < EARLIEST_PLAUSIBLE:
            raise ValueError(f"the system clock says {system:.0f}: set it first")
        log.warning("clock: %s confirms the system time; last seen %.0f -> %.0f", source,
                    self._last_seen, system)
        self._last_seen = system
        self.save()

    def confirm_with_server_date(self, date_header: str | None, source: str) -> bool:
        """Compare the HTTP Date header of a configured server with the system clock; when
        they agree and the clock was doubtful (ahead, or behind a wrong future value), the
        system clock is accepted. Returns whether the server agreed."""
        try:
            server = email.utils.parsedate_to_datetime(date_header or "").timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        if abs(server - self.clock()) > SERVER_TOLERANCE:
            log.warning("clock: %s says %s, %.0f s from the system clock", source,
                        date_header, server - self.clock())
            return False
        if self.ahead_by() or self._last_seen - self.clock() > TOLERANCE:
            self.accept_system_time(f"the Date header of {source}")
        return True

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
                          synchronized=self._synchronized(), ahead_by=self.ahead_by())


def server_date_urls(settings: Settings) -> list[str]:
    """The configured servers whose HTTP Date may vouch for the clock (content sync, the
    project's sensor feed)."""
    urls = [settings.content.sync_url, settings.sensors.providers.project.url]
    return [u for u in urls if u and u.lower().startswith(("http://", "https://"))]


def check_with_servers(trust: ClockTrust, urls: list[str],
                       session: requests.Session | None = None) -> bool:
    """Ask each URL (HEAD) for its Date until one agrees with the system clock; a doubtful
    clock is then accepted (ClockTrust.confirm_with_server_date). Blocking: a worker thread."""
    from kiosk.core import net

    state = trust.state()
    if not (state.ahead_by or state.behind_by):
        return False
    session = session or net.make_session()
    for url in urls:
        try:  # any status will do: a 404 carries a Date too; a HEAD has no body to drip
            with session.head(url, timeout=(5.0, 10.0), allow_redirects=False) as r:
                date = r.headers.get("Date")
        except Exception as e:  # requests' errors, or the loopback guard
            log.info("clock: %s: %s", url, e)
            continue
        if trust.confirm_with_server_date(date, url):
            return True
    return False
