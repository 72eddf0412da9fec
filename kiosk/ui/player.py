"""The video player behind a small interface: QMediaPlayer → QVideoSink → our own painting.

Frames are painted by this widget (not a QVideoWidget) so that subtitles can be drawn over
the picture, and so that the last frame stays on glass while the next video starts: nothing
goes black between two videos. The next video can be preloaded in a second QMediaPlayer.

A video that will not play (missing, truncated, undecodable, no picture after a while) shows
a message in the visitor's language and is reported once to the health screen.

Signals:
    position_changed(float): seconds.
    duration_changed(float): seconds.
    playing_changed(bool)
    ended(): the video reached its end.
    failed(str): the technical reason (the visitor sees a translated message).
    subtitle_changed(str): the subtitle text now shown ("" when none).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPaintEvent
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.core.exhibits import check_mp4
from kiosk.core.exhibits import subtitles as vtt
from kiosk.core.i18n import _
from kiosk.ui.context import UiContext

log = logging.getLogger(__name__)
NO_PICTURE_MS = 8000  # playing this long without one decoded frame means it cannot decode


def caption_px(theme, height: float) -> int:
    """Subtitle type: 5 % of the picture's height, never below the body size; larger text
    (the visitor's choice) makes it larger too."""
    large = 1.3 if theme.name.endswith("+large") else 1.0
    return max(theme.body, round(height * 0.05 * large))


def prepare(path: Path | None, subtitles: dict[str, Path]) -> tuple[str | None, dict, dict]:
    """Worker side of open(): check the file, parse every subtitle track.

    Returns (why the video cannot play or None, {lang: Track}, {lang: error}).
    """
    why = (f"file not found: {path}" if path is None or not path.is_file()
           else check_mp4(path))
    tracks: dict[str, vtt.Track] = {}
    errors: dict[str, str] = {}
    for lang, sub in subtitles.items():
        try:
            tracks[lang] = vtt.Track(vtt.load(sub))
        except (OSError, vtt.SubtitleError) as e:
            errors[lang] = str(e)
    return why, tracks, errors


class _Deck:
    """One QMediaPlayer with its sink; two decks let the next video load ahead."""

    def __init__(self, owner: PlayerView) -> None:
        self.player = QMediaPlayer(owner)
        self.sink = QVideoSink(owner)
        self.player.setVideoSink(self.sink)
        self.path: Path | None = None
        if owner.audio is not None:
            self.player.setAudioOutput(owner.audio)


class PlayerView(QWidget):
    position_changed = Signal(float)
    duration_changed = Signal(float)
    playing_changed = Signal(bool)
    ended = Signal()
    failed = Signal(str)
    subtitle_changed = Signal(str)

    def __init__(self, ctx: UiContext, *, item: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.audio = self._audio_output()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(320, 180))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._deck = _Deck(self)
        self._spare = _Deck(self)
        for deck in (self._deck, self._spare):
            self._wire(deck)
        self.image: QImage | None = None
        self.frames_shown = 0
        self.error = ""
        self.tracks: dict[str, vtt.Track] = {}
        self.subtitle_lang: str | None = None
        self.subtitle = ""
        self._want_play = False
        self._pending_seek: float | None = None
        self._generation = 0
        self._watchdog = QTimer(self)
        self._watchdog.setObjectName("video-no-picture")
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(NO_PICTURE_MS)
        self._watchdog.timeout.connect(self._on_no_picture)

    @staticmethod
    def _audio_output():
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices

        # With no sound card there is nothing to play the sound on; the picture still plays.
        if not QMediaDevices.audioOutputs():
            return None
        return QAudioOutput()

    def _on_duration(self, deck: _Deck, ms: int) -> None:
        if deck is self._deck:
            self.duration_changed.emit(ms / 1000)

    def _on_state(self, deck: _Deck, state: QMediaPlayer.PlaybackState) -> None:
        if deck is self._deck:
            self.playing_changed.emit(state == QMediaPlayer.PlaybackState.PlayingState)

    def _wire(self, deck: _Deck) -> None:
        p = deck.player
        p.positionChanged.connect(lambda ms, d=deck: self._on_position(d, ms))
        p.durationChanged.connect(lambda ms, d=deck: self._on_duration(d, ms))
        p.playbackStateChanged.connect(lambda s, d=deck: self._on_state(d, s))
        p.mediaStatusChanged.connect(lambda s, d=deck: self._on_status(d, s))
        p.errorOccurred.connect(lambda e, text, d=deck: self._on_error(d, e, text))
        deck.sink.videoFrameChanged.connect(lambda f, d=deck: self._on_frame(d, f))

    # --- the small interface -----------------------------------------------------------------
    def open(self, path: Path | None, subtitles: dict[str, Path] | None = None,
             lang: str | None = None, *, item: str | None = None, start: float = 0.0,
             autoplay: bool = True) -> None:
        """Open a video (checked and its subtitles parsed off the GUI thread), then play."""
        self._generation += 1
        generation = self._generation
        self.item = item or (path.stem if path else self.item)
        self.error = ""
        self.tracks = {}
        self.subtitle_lang = lang
        self._set_subtitle("")
        self._want_play = autoplay
        self._pending_seek = start if start > 0 else None
        self._deck.player.pause()
        self.frames_shown = 0
        self.ctx.tasks.run(prepare, path, dict(subtitles or {}), pool="net",
                           on_done=lambda r: self._on_prepared(generation, path, r),
                           on_error=lambda e: self._on_prepared(
                               generation, path, (f"{type(e).__name__}: {e}", {}, {})))
        self.update()

    def preload(self, path: Path | None) -> None:
        """Let the next video load in the spare player, so that it starts at once."""
        if path is None or not path.is_file() or self._spare.path == path:
            return
        self._spare.path = path
        self._spare.player.setSource(QUrl.fromLocalFile(str(path)))

    def play(self) -> None:
        self._want_play = True
        if self.error or self._deck.path is None:
            return
        self._deck.player.play()
        if self.frames_shown == 0:
            self._watchdog.start()

    def pause(self) -> None:
        self._want_play = False
        self._deck.player.pause()

    def stop(self) -> None:
        self._generation += 1
        self._want_play = False
        self._watchdog.stop()
        for deck in (self._deck, self._spare):
            deck.player.stop()

    def toggle(self) -> None:
        self.pause() if self.is_playing() else self.play()

    def is_playing(self) -> bool:
        return self._deck.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def position(self) -> float:
        return self._deck.player.position() / 1000

    def duration(self) -> float:
        return self._deck.player.duration() / 1000

    def seek(self, seconds: float) -> None:
        d = self.duration()
        seconds = max(0.0, min(seconds, d - 0.05) if d > 0 else seconds)
        self._deck.player.setPosition(int(seconds * 1000))
        self._update_subtitle(seconds)

    def skip(self, delta: float) -> None:
        self.seek(self.position() + delta)

    def set_subtitle_language(self, lang: str | None) -> None:
        self.subtitle_lang = lang
        self._update_subtitle(self.position())

    def subtitle_languages(self) -> list[str]:
        return list(self.tracks)

    # --- internals ---------------------------------------------------------------------------
    def _on_prepared(self, generation: int, path: Path | None, result: tuple) -> None:
        if generation != self._generation:
            return  # another video was opened meanwhile
        why, tracks, errors = result
        self.tracks = tracks
        for lang, message in errors.items():
            self.ctx.problems.report("video", self.item, f"subtitles {lang}: {message}")
        if why:
            self._fail(why)
            return
        if self._spare.path == path:
            # The preloaded deck takes over; the last frame stays on glass meanwhile.
            self._deck.player.stop()
            self._deck, self._spare = self._spare, self._deck
            self._spare.path = None
        else:
            self._deck.path = path
            self._deck.player.setSource(QUrl.fromLocalFile(str(path)))
        self.duration_changed.emit(self.duration())
        if self._pending_seek is not None and self._deck.player.isSeekable():
            self.seek(self._pending_seek)
            self._pending_seek = None
        if self._want_play:
            self.play()
        self._update_subtitle(self.position())

    def _on_status(self, deck: _Deck, status: QMediaPlayer.MediaStatus) -> None:
        if deck is not self._deck:
            return
        S = QMediaPlayer.MediaStatus
        if status in (S.LoadedMedia, S.BufferedMedia) and self._pending_seek is not None:
            seek, self._pending_seek = self._pending_seek, None
            self.seek(seek)
        elif status == S.EndOfMedia:
            self._watchdog.stop()
            self.ended.emit()
        elif status == S.InvalidMedia:
            self._fail(deck.player.errorString() or "invalid media")

    def _on_error(self, deck: _Deck, error, text: str) -> None:
        if deck is self._deck and error != QMediaPlayer.Error.NoError:
            self._fail(text or str(error))
        elif deck is self._spare:
            log.warning("preloading %s failed: %s", deck.path, text)
            deck.path = None

    def _on_frame(self, deck: _Deck, frame: QVideoFrame) -> None:
        if deck is not self._deck or not frame.isValid():
            return
        image = frame.toImage()
        if image.isNull():
            return
        self.image = image
        self.frames_shown += 1
        self._watchdog.stop()
        self.update()

    def _on_position(self, deck: _Deck, ms: int) -> None:
        if deck is self._deck:
            self._update_subtitle(ms / 1000)
            self.position_changed.emit(ms / 1000)

    def _on_no_picture(self) -> None:
        if self.frames_shown == 0 and not self.error and self._deck.path is not None:
            self._fail("no picture decoded (unsupported codec?)")

    def _fail(self, why: str) -> None:
        if self.error:
            return
        self.error = why
        self._watchdog.stop()
        self._deck.player.stop()
        self.ctx.problems.report("video", self.item, why)
        self.failed.emit(why)
        self.update()

    def _update_subtitle(self, seconds: float) -> None:
        track = self.tracks.get(self.subtitle_lang or "")
        self._set_subtitle(track.at(seconds) if track else "")

    def _set_subtitle(self, text: str) -> None:
        if text != self.subtitle:
            self.subtitle = text
            self.subtitle_changed.emit(text)
            self.update()

    def message(self) -> str:
        """What the visitor reads when the video cannot play, in their language."""
        if not self.error:
            return ""
        return _("Cette vidéo ne peut pas être lue pour le moment. "
                 "Choisissez-en une autre ; l'équipe de la maison est prévenue.")

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#000000"))
        box = QRectF(self.rect())
        t = self.ctx.theme
        picture = box
        if self.image is not None and not self.error:
            iw, ih = self.image.width(), self.image.height()
            scale = min(box.width() / iw, box.height() / ih)
            w, h = iw * scale, ih * scale
            picture = QRectF((box.width() - w) / 2, (box.height() - h) / 2, w, h)
            p.drawImage(picture, self.image)
        if self.error:
            font = QFont(t.font_family)
            font.setPixelSize(t.title)
            p.setFont(font)
            p.setPen(QColor("#ffffff"))
            p.drawText(box.adjusted(t.margin, t.margin, -t.margin, -t.margin),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message())
        elif self.subtitle:
            self._paint_subtitle(p, box, picture)
        p.end()

    def _paint_subtitle(self, p: QPainter, box: QRectF, picture: QRectF) -> None:
        """White on a dark band, near the bottom of the picture (not of the letterbox)."""
        t = self.ctx.theme
        font = QFont(t.font_family)
        font.setPixelSize(caption_px(t, box.height()))
        font.setBold(True)
        p.setFont(font)
        metrics = QFontMetrics(font)
        width = box.width() * 0.86
        rect = metrics.boundingRect(0, 0, int(width), 10_000,
                                    int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap),
                                    self.subtitle)
        pad = t.gap // 2
        area = QRectF((box.width() - rect.width()) / 2 - pad,
                      picture.bottom() - rect.height() - t.gap - pad,
                      rect.width() + 2 * pad, rect.height() + 2 * pad)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 190))
        p.drawRoundedRect(area, 10, 10)
        p.setPen(QColor("#ffffff"))
        p.drawText(area.adjusted(pad, pad, -pad, -pad),
                   Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, self.subtitle)
