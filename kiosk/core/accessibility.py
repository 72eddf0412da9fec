"""The visitor's accessibility choices and the text read aloud, Qt-free.

Choices are made in the accessibility panel, last for one visit and reset with it. The text
helpers turn what a screen shows into what a voice can say: sentences one by one (the one
being read is highlighted), and unit symbols as words ("µg/m³" is not pronounceable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kiosk.core.i18n import _

# The choices of the panel, in its order; each is a journal `item` when turned on.
OPTIONS = ("large_text", "high_contrast", "read_aloud", "easy_read", "low_reach")
# With any choice on, a visitor gets twice the time before the idle countdown (no timing trap).
IDLE_FACTOR = 2.0
VOLUME_STEPS = 10


@dataclass(frozen=True)
class Choices:
    large_text: bool = False
    high_contrast: bool = False
    read_aloud: bool = False
    easy_read: bool = False
    low_reach: bool = False
    volume: int = 7  # 0 … VOLUME_STEPS

    def with_option(self, name: str, on: bool) -> Choices:
        if name not in OPTIONS:
            raise ValueError(f"unknown accessibility choice {name!r}")
        return replace(self, **{name: on})

    def with_volume(self, step: int) -> Choices:
        return replace(self, volume=max(0, min(VOLUME_STEPS, step)))

    def on(self, name: str) -> bool:
        return bool(getattr(self, name))

    @property
    def any_on(self) -> bool:
        return any(self.on(n) for n in OPTIONS)

    def idle_factor(self) -> float:
        return IDLE_FACTOR if self.any_on else 1.0


def visit_defaults(large_text: bool = False, high_contrast: bool = False) -> Choices:
    """What a new visit starts with: the operator's display settings, nothing else."""
    return Choices(large_text=large_text, high_contrast=high_contrast)


# --- text to speech ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+(?=\S)")
_MARKUP = re.compile(r"(\*\*|__|[*_`#>])")
_LIST_MARK = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+", re.MULTILINE)
_SPACES = re.compile(r"\s+")


def plain(text: str) -> str:
    """Markdown emphasis, list marks and line breaks out: what the eye reads, as one line."""
    text = _LIST_MARK.sub("", text)
    text = _MARKUP.sub("", text)
    return _SPACES.sub(" ", text).strip()


def sentences(text: str) -> list[str]:
    """Sentences of a text in order (the unit the voice reads and the screen highlights).

    Paragraphs and list items end a sentence too, even without a full stop.
    """
    out: list[str] = []
    for block in re.split(r"\n\s*\n|\n\s*(?=[-•*]\s)", text):
        line = plain(block)
        if not line:
            continue
        out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def _unit_words() -> list[tuple[str, str]]:
    # Longest symbols first, so "µg/m³" is replaced before "m³" or "m".
    return [
        ("µg/m³", _("microgrammes par mètre cube")),
        ("μg/m³", _("microgrammes par mètre cube")),
        ("m/s", _("mètres par seconde")),
        ("km/h", _("kilomètres par heure")),
        ("°C", _("degrés Celsius")),
        ("hPa", _("hectopascals")),
        ("mm", _("millimètres")),
        ("%", _("pour cent")),
        ("°", _("degrés")),
    ]


_NUMBER_UNIT = r"(?<=\d)\s?{unit}(?![\w/])"
# Multi-letter symbols are said as words alone too ("PM2.5 (µg/m³)"); "%", "°" and "mm" only
# after a number.
_ALONE = ("µg/m³", "μg/m³", "m/s", "km/h", "°C", "hPa")
_ALONE_UNIT = r"(?<![\w/]){unit}(?![\w/])"
# Legend swatches drawn with box-drawing and block characters (━━, ██) say nothing.
_DRAWING = re.compile(r"[\u2500-\u259f]+")


def spoken(text: str) -> str:
    """`text` with unit symbols after a number said in words, in the current language."""
    text = _DRAWING.sub(" ", text)
    for symbol, words in _unit_words():
        text = re.sub(_NUMBER_UNIT.format(unit=re.escape(symbol)), " " + words, text)
        if symbol in _ALONE:
            text = re.sub(_ALONE_UNIT.format(unit=re.escape(symbol)), words, text)
    # Pollutant codes are read letter by letter otherwise.
    for code, words in (("PM2.5", _("particules fines PM 2,5")),
                        ("PM2,5", _("particules fines PM 2,5")),
                        ("PM10", _("particules PM 10")),
                        ("NO₂", _("dioxyde d'azote")), ("NO2", _("dioxyde d'azote")),
                        ("O₃", _("ozone")), ("O3", _("ozone"))):
        text = re.sub(rf"(?<![\w.]){re.escape(code)}(?![\w])", words, text)
    return _SPACES.sub(" ", text).strip()
