"""Read-aloud: QTextToSpeech (speech-dispatcher and espeak-ng voices on the kiosk) fed one
sentence at a time, so the sentence being read can be highlighted on screen.

Qt's own queue (`enqueue`) does not say reliably which utterance starts on every engine, so the
Speaker keeps its own: it says one sentence, waits for the engine to be ready again, and says
the next one. `stop()` empties the queue (a page change, the end of the visit).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.core.accessibility import VOLUME_STEPS, sentences, spoken

log = logging.getLogger(__name__)

# The voice of each interface language (espeak-ng has one for each).
HISTORY = 200
LOCALES = {"fr": "fr_FR", "en": "en_GB", "es": "es_ES", "it": "it_IT", "de": "de_DE"}


@dataclass
class Utterance:
    """One sentence to say, and the widget showing it (None for a spoken-only message)."""

    text: str
    widget: QWidget | None = None
    shown: str = ""  # the sentence as the widget shows it (to highlight); `text` is said


def utterances(items: list[tuple[QWidget | None, str]]) -> list[Utterance]:
    """(widget, text) pairs → one Utterance per sentence, units said in words."""
    out = []
    for widget, text in items:
        for s in sentences(text):
            out.append(Utterance(spoken(s), widget, s))
    return out


class Speaker(QObject):
    """Signals:
    started(object): an Utterance starts being said.
    finished(): the queue is empty (read to the end, or stopped).
    failed(str): the engine cannot speak (no speech-dispatcher…); the message says why.
    """

    started = Signal(object)
    finished = Signal()
    failed = Signal(str)

    def __init__(self, engine: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._states = QTextToSpeech.State
        self.engine_name = engine
        self.tts = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        self.tts.stateChanged.connect(self._on_state)
        self.tts.errorOccurred.connect(lambda _reason, message: self._fail(message))
        self.queue: list[Utterance] = []
        self.current: Utterance | None = None
        self._language = ""
        self._speaking = False
        self._heard = False  # the engine said it started the current sentence
        self.error = ""
        # The last sentences said, in order (the tests read it); bounded, so ten thousand
        # visits leave nothing behind.
        self.history: deque[str] = deque(maxlen=HISTORY)
        # True while the voice must keep quiet (a video's own sound is playing).
        self.quiet: Callable[[], bool] = lambda: False

    # --- settings -----------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        if lang == self._language:
            return
        self._language = lang
        wanted = QLocale(LOCALES.get(lang, lang))
        locales = self.tts.availableLocales()
        match = next((loc for loc in locales if loc.name() == wanted.name()), None) or next(
            (loc for loc in locales if loc.language() == wanted.language()), None)
        if match is not None:
            self.tts.setLocale(match)
        elif locales:
            log.warning("read-aloud: no %s voice in engine %s", lang, self.engine_name)

    def set_volume(self, step: int) -> None:
        self.tts.setVolume(max(0, min(VOLUME_STEPS, step)) / VOLUME_STEPS)

    # --- speaking -------------------------------------------------------------------------
    @property
    def speaking(self) -> bool:
        return self.current is not None or bool(self.queue)

    def say(self, items: list[Utterance], *, interrupt: bool = True) -> None:
        """Say `items` in order; by default what was being said stops first."""
        if interrupt:
            self.stop()
        self.queue.extend(u for u in items if u.text)
        if self.current is None:
            self._next()

    def stop(self) -> None:
        was = self.speaking
        self.queue.clear()
        self.current = None
        if self._speaking:
            self._speaking = False
            self.tts.stop(self.tts.BoundaryHint.Immediate)
        if was:
            self.finished.emit()

    def _next(self) -> None:
        if self.queue and self.quiet():
            self.queue.clear()  # the voice never talks over a video (EN 301 549 5.1.3.10)
        if not self.queue:
            self.current = None
            self.finished.emit()
            return
        if self.tts.state() == self._states.Error:
            self._fail(self.tts.errorString() or "text-to-speech engine error")
            return
        self.current = self.queue.pop(0)
        self.history.append(self.current.text)
        self._speaking = True
        self._heard = False
        self.started.emit(self.current)
        self.tts.say(self.current.text)

    def _on_state(self, state) -> None:
        if state == self._states.Speaking:
            self._heard = True
        elif state == self._states.Ready and self._speaking and self._heard:
            self._speaking = False
            self._next()
        elif state == self._states.Error:
            self._fail(self.tts.errorString() or "text-to-speech engine error")

    def _fail(self, message: str) -> None:
        if message and message != self.error:
            self.error = message
            log.warning("read-aloud (%s): %s", self.engine_name, message)
            self.failed.emit(message)
        self.queue.clear()
        self.current = None
        self._speaking = False
