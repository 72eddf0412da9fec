"""Setting up a rehearsal: its own data folder, a simulated clock, recorded feeds.

A rehearsal never touches the kiosk's own data: it runs in `<data>/rehearsal/` (emptied at
each start), with a copy of the kiosk's settings whose agenda feeds are the recording's
files (when it holds any), so the visitor journal, the sensor cache and the clock file of
the real kiosk stay as they were. Nothing there is kept after the rehearsal.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.health.clock import ClockState
from kiosk.core.paths import Paths
from kiosk.core.rehearsal import recording as rec_mod

if TYPE_CHECKING:
    from kiosk.core.settings import Settings


FOLDER = "rehearsal"
PARIS = "Europe/Paris"


class RehearsalError(ValueError):
    """A rehearsal that cannot start; the message says why."""


def parse_start(text: str) -> float:
    """`2027-07-15T14:00` (Paris time when no offset is written) → UTC epoch seconds."""
    from zoneinfo import ZoneInfo

    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise RehearsalError(f"--rehearse {text!r}: expected a date and time such as "
                             "2027-07-15T14:00") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(PARIS))
    return when.timestamp()


class SimulatedClock:
    """The rehearsal's clock: starts at the chosen instant and runs at the normal pace.
    Offers what the kiosk asks of core.clock.ClockTrust (now, state, save, save_if_due)."""

    def __init__(self, start: float, *,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.start = start
        self._monotonic = monotonic
        self._t0 = monotonic()

    def now(self) -> float:
        return self.start + (self._monotonic() - self._t0)

    def state(self) -> ClockState:
        now = self.now()
        return ClockState(system=now, now=now, last_seen=now, behind_by=0.0,
                          synchronized=None)

    def ahead_by(self) -> float:  # a simulated time is never doubtful…
        return 0.0

    def accept_system_time(self, source: str = "operator") -> None:
        pass  # …nor corrected: the rehearsal chose it

    def confirm_with_server_date(self, date_header: str | None, source: str) -> bool:
        return False

    def save(self) -> None:  # a simulated time is never kept
        pass

    def save_if_due(self) -> None:
        pass


@dataclass
class Rehearsal:
    start: float  # UTC epoch seconds
    recording: rec_mod.Recording | None
    clock: SimulatedClock


def prepare(paths: Paths, start_text: str, recording_dir: str | Path | None) -> tuple[
        Paths, Rehearsal]:
    """The rehearsal's Paths (a fresh `<data>/rehearsal/`) and what it replays."""
    start = parse_start(start_text)
    recording = rec_mod.load(Path(recording_dir)) if recording_dir else None
    folder = paths.data / FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    rpaths = replace(paths, data=folder).ensure()
    if paths.settings_file.exists():
        shutil.copy2(paths.settings_file, rpaths.settings_file)
    return rpaths, Rehearsal(start, recording, SimulatedClock(start))


def recorded_feeds(settings: Settings, recording: rec_mod.Recording | None) -> Settings:
    """`settings` with the recording's agenda feeds instead of the configured ones."""
    if recording is None or not recording.of("agenda"):
        return settings
    from kiosk.core.settings import Feed

    feeds = [Feed(e.source, str((recording.folder / e.file).resolve()),
                  e.territory or settings.kiosk.territory)
             for e in recording.of("agenda")]
    return replace(settings, agenda=replace(settings.agenda, feeds=feeds))
