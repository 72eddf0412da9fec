"""The visitor session clock: starts at the first touch, warns, then ends after idle time.

Pure state machine fed with monotonic times, so the UI drives it from a timer and tests drive it
with a fake clock. While paused (a video playing) idle time does not accumulate; but no visit
outlives `max_untouched_seconds` without a touch, whatever plays: a visitor who walked away from
a video must not leave the next one to find the kiosk mid-film in someone else's language.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass


class Phase(enum.Enum):
    ATTRACT = "attract"
    ACTIVE = "active"
    COUNTDOWN = "countdown"


class Change(enum.Enum):
    STARTED = "started"
    COUNTDOWN = "countdown"
    CONTINUED = "continued"
    ENDED = "ended"


@dataclass
class VisitorClock:
    idle_seconds: float = 90.0
    countdown_seconds: float = 15.0
    max_untouched_seconds: float = 900.0

    def __post_init__(self) -> None:
        self.phase = Phase.ATTRACT
        self.session_id: str | None = None
        self._last_touch = 0.0  # shifted forward by paused time
        self._touched_at = 0.0  # the real last touch, never shifted
        self._paused_since: float | None = None

    def touch(self, now: float) -> Change | None:
        """A touch anywhere: starts a session, or cancels a running countdown."""
        previous = self.phase
        self._last_touch = now
        self._touched_at = now
        if self._paused_since is not None:
            self._paused_since = now
        if previous is Phase.ATTRACT:
            self.phase = Phase.ACTIVE
            self.session_id = secrets.token_hex(8)
            return Change.STARTED
        self.phase = Phase.ACTIVE
        return Change.CONTINUED if previous is Phase.COUNTDOWN else None

    def pause(self, now: float) -> None:
        if self._paused_since is None:
            self._paused_since = now

    def resume(self, now: float) -> None:
        if self._paused_since is not None:
            self._last_touch += now - self._paused_since
            self._paused_since = None

    @property
    def paused(self) -> bool:
        return self._paused_since is not None

    def idle_for(self, now: float) -> float:
        end = self._paused_since if self._paused_since is not None else now
        return max(0.0, end - self._last_touch)

    def remaining(self, now: float) -> float:
        """Seconds until the session ends (idle time or the untouched cap, the sooner)."""
        idle_left = self.idle_seconds - self.idle_for(now)
        cap_left = self.max_untouched_seconds - (now - self._touched_at)
        return max(0.0, min(idle_left, cap_left))

    def tick(self, now: float) -> Change | None:
        if self.phase is Phase.ATTRACT:
            return None
        left = self.remaining(now)
        if left <= 0:
            return Change.ENDED  # the caller resets its screens, then calls end()
        if self.phase is Phase.ACTIVE and left <= self.countdown_seconds:
            self.phase = Phase.COUNTDOWN
            return Change.COUNTDOWN
        return None

    def end(self) -> Change:
        self.phase = Phase.ATTRACT
        self.session_id = None
        self._paused_since = None
        return Change.ENDED
