"""WebVTT subtitles: a small Qt-free parser and a cue lookup by time.

Reads what the kiosk needs of https://www.w3.org/TR/webvtt1/: the WEBVTT header, cues with
optional identifiers and settings, NOTE/STYLE/REGION blocks (skipped), multi-line cue text,
and the tags inside cues (<b>, <i>, <v Speaker>, timestamps), which are stripped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

_TIME = re.compile(r"^(?:(\d+):)?([0-5]\d):([0-5]\d)[.,](\d{3})$")
_TAG = re.compile(r"<[^>]*>")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": "\u00a0", "&lrm;": "\u200e",
             "&rlm;": "\u200f"}


class SubtitleError(ValueError):
    """A WebVTT file that cannot be used; the message names the line."""


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str


def parse_time(value: str) -> float:
    m = _TIME.match(value.strip())
    if not m:
        raise ValueError(f"not a WebVTT timestamp: {value!r}")
    h, mnt, s, ms = m.groups()
    return int(h or 0) * 3600 + int(mnt) * 60 + int(s) + int(ms) / 1000


def _clean(text: str) -> str:
    text = _TAG.sub("", text)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return text


def parse(text: str) -> list[Cue]:
    """Cues sorted by start time. Raises SubtitleError naming the line of a broken file."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not (lines[0] == "WEBVTT" or lines[0].startswith(("WEBVTT ", "WEBVTT\t"))):
        raise SubtitleError("line 1: a WebVTT file starts with 'WEBVTT'")
    cues: list[Cue] = []
    i = 1
    n = len(lines)
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        block_start = i
        block: list[str] = []
        while i < n and lines[i].strip():
            block.append(lines[i])
            i += 1
        head = block[0]
        if head.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in head:
            continue
        timing_at = 0 if "-->" in head else 1
        if timing_at >= len(block) or "-->" not in block[timing_at]:
            raise SubtitleError(f"line {block_start + 1}: a cue needs 'start --> end'")
        left, _, right = block[timing_at].partition("-->")
        try:
            start = parse_time(left)
            end = parse_time(right.split()[0] if right.split() else "")
        except ValueError as e:
            raise SubtitleError(f"line {block_start + timing_at + 1}: {e}") from None
        if end <= start:
            raise SubtitleError(
                f"line {block_start + timing_at + 1}: the cue ends before it starts")
        body = "\n".join(_clean(t) for t in block[timing_at + 1:]).strip()
        if body:
            cues.append(Cue(start, end, body))
    cues.sort(key=lambda c: (c.start, c.end))
    return cues


def load(path: Path) -> list[Cue]:
    try:
        return parse(path.read_text("utf-8"))
    except UnicodeDecodeError as e:
        raise SubtitleError(f"{path.name}: not UTF-8 ({e.reason})") from None
    except SubtitleError as e:
        raise SubtitleError(f"{path.name}: {e}") from None


class Track:
    """The cues of one language, with the text to show at a given time."""

    def __init__(self, cues: list[Cue]) -> None:
        self.cues = sorted(cues, key=lambda c: (c.start, c.end))
        self._starts = [c.start for c in self.cues]

    def at(self, seconds: float) -> str:
        """Every cue showing at `seconds` (start inclusive, end exclusive), one per line."""
        i = bisect.bisect_right(self._starts, seconds)
        active = [c.text for c in self.cues[:i] if c.end > seconds]
        return "\n".join(active)
