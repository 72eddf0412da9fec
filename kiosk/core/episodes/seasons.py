"""The seasonal emphasis (`seasons.toml`): which module leads outside any episode.

Periods are MM-DD days, both ends included, and may run over New Year (15 November to
28 February). The first period that holds the day wins; a day in none has no emphasis.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEASONS_FILE = "seasons.toml"


class SeasonsError(ValueError):
    """A seasons file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Season:
    id: str
    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]
    module: str

    def holds(self, day: dt.date) -> bool:
        d = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= d <= self.end
        return d >= self.start or d <= self.end  # over New Year


def _month_day(value: object, where: str) -> tuple[int, int]:
    if not isinstance(value, str):
        raise SeasonsError(f"{where}: a day must be written MM-DD")
    try:
        parsed = dt.datetime.strptime(f"2000-{value}", "%Y-%m-%d")  # 2000: 29 Feb exists
    except ValueError:
        raise SeasonsError(f"{where}: {value!r} is not a MM-DD day") from None
    return parsed.month, parsed.day


def parse(data: dict[str, Any], where: str = SEASONS_FILE) -> list[Season]:
    if data.get("format") != 1:
        raise SeasonsError(f"{where}: format must be 1")
    out = []
    for i, entry in enumerate(data.get("season", [])):
        w = f"{where}: season[{i}]"
        sid, module = entry.get("id"), entry.get("module")
        if not isinstance(sid, str) or not sid or not isinstance(module, str) or not module:
            raise SeasonsError(f"{w}: id and module must be non-empty strings")
        out.append(Season(sid, _month_day(entry.get("from"), w),
                          _month_day(entry.get("to"), w), module))
    return out


def load(folder: Path | None, fallback: Path | None = None) -> list[Season]:
    candidates = [f for f in (folder, fallback) if f is not None]
    path = next((f / SEASONS_FILE for f in candidates if (f / SEASONS_FILE).exists()), None)
    if path is None:
        return []  # no schedule: no seasonal emphasis
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as e:
        raise SeasonsError(f"{path}: cannot read: {e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SeasonsError(f"{path}: not valid TOML: {e}") from None
    return parse(data, str(path))


def season_of(seasons: list[Season], day: dt.date) -> Season | None:
    return next((s for s in seasons if s.holds(day)), None)
