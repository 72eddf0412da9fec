"""Progress of a long transfer (copy, verify, download): bytes, speed and time left."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Transfer:
    phase: str  # "verify", "install", "download"
    done: int
    total: int
    elapsed: float  # seconds since this phase started
    item: str = ""  # the file or bundle being worked on

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 1.0

    @property
    def speed(self) -> float | None:
        """Bytes per second so far, or None before there is anything to measure."""
        if self.elapsed <= 0.05 or self.done <= 0:
            return None
        return self.done / self.elapsed

    @property
    def eta(self) -> float | None:
        """Seconds left at the speed so far."""
        speed = self.speed
        if speed is None:
            return None
        return max(0.0, (self.total - self.done) / speed)
