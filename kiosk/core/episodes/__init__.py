"""Conditions that drive the visit: pollution and heat episodes, and the seasonal emphasis.

`rules` reads the thresholds (episodes.toml), `seasons` the schedule (seasons.toml),
`detect` compares the nearest measurements with the thresholds, `gather` collects those
measurements from the sensors' data source, and `Conditions` says what to put forward.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from kiosk.core.episodes.detect import Episode
from kiosk.core.episodes.seasons import Season

PARIS = "Europe/Paris"


@dataclass(frozen=True)
class Conditions:
    episodes: tuple[Episode, ...] = ()
    season: Season | None = None
    rehearsal: bool = False
    now: float = 0.0

    @property
    def episode(self) -> Episode | None:
        """The episode the banner announces (the most severe)."""
        return self.episodes[0] if self.episodes else None

    @property
    def module_first(self) -> str | None:
        """The exhibit module to put first: the episode's, else the season's."""
        if self.episode is not None:
            return self.episode.module
        return self.season.module if self.season is not None else None

    @property
    def reason(self) -> str | None:
        """Why `module_first` leads: "episode", "season" or None (the journal records it)."""
        if self.episode is not None:
            return "episode"
        return "season" if self.season is not None else None


def local_day(now: float) -> dt.date:
    from zoneinfo import ZoneInfo

    return dt.datetime.fromtimestamp(now, ZoneInfo(PARIS)).date()


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_Identified)


def promoted_first(items: list[T], module_first: str | None,
                   key: Callable[[T], str] = lambda m: m.id) -> list[T]:
    """`items` (modules, in the exhibition's order) with the promoted module moved first."""
    lead = [m for m in items if key(m) == module_first]
    return lead + [m for m in items if key(m) != module_first]
