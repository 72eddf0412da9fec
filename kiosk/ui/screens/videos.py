"""The video library: a catalog of posters, then a player with chapters and subtitles.

Screen id "videos"; "videos:<id>" opens that video at once. Within one visitor session each
video resumes where it was left. At the end of a video the visitor is back in the library:
no next video starts by itself and nothing loops, so a visitor who walks away leaves a kiosk
that returns to its attract loop. While a video plays the idle countdown is paused
(`pauses_idle`) and resumes when it ends; the session's untouched cap still applies.
Journal: `video_play` (video, seconds_watched) each time the visitor leaves a video.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.exhibits import Video
from kiosk.core.i18n import LANGUAGE_NAMES, _, current_language, ngettext
from kiosk.ui.context import UiContext
from kiosk.ui.library import videos_of
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.video_transcript import TranscriptView
from kiosk.ui.screens.videos_parts import SKIP_SECONDS, SeekBar, VideoCard, clock
from kiosk.ui.widgets.touch import TouchButton
from kiosk.ui.widgets.wrap_button import WrapButton

if TYPE_CHECKING:
    from kiosk.core.exhibits import VideoCatalog
    from kiosk.ui.library import Library
    from kiosk.ui.player import PlayerView



class VideosScreen(Screen):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        self.library: Library | None = None
        self.video: Video | None = None
        self.resume: dict[str, float] = {}
        self.subtitle_choice: str | None = None  # None: follow the interface language
        self._watched = 0.0
        self._playing_since: float | None = None
        self.pages = QStackedWidget()
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.pages)
        # The catalog.
        self.catalog_page = QWidget()
        ccol = QVBoxLayout(self.catalog_page)
        ccol.setContentsMargins(t.margin, t.gap, t.margin, t.margin)
        ccol.setSpacing(t.gap)
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        ccol.addWidget(self.heading)
        ccol.addWidget(self.status)
        self.grid = QGridLayout()
        self.grid.setSpacing(t.gap)
        ccol.addLayout(self.grid)
        ccol.addStretch(1)
        self.cards: dict[str, VideoCard] = {}
        self.pages.addWidget(self.catalog_page)
        # The player.
        self.player_page = QWidget()
        prow = QHBoxLayout(self.player_page)
        prow.setContentsMargins(t.gap, t.gap, t.gap, t.gap)
        prow.setSpacing(t.gap)
        left = QVBoxLayout()
        self._left = left
        # Built on the first video: QtMultimedia costs a lot to start.
        self._player: PlayerView | None = None
        controls = QHBoxLayout()
        controls.setSpacing(t.gap // 2)
        self.play_button = TouchButton(min_px=t.touch, role="primary")
        self.play_button.setObjectName("play")
        self.back10 = TouchButton(min_px=t.touch)
        self.back10.setObjectName("back10")
        self.fwd10 = TouchButton(min_px=t.touch)
        self.fwd10.setObjectName("forward10")
        self.seek = SeekBar(ctx)
        self.seek.setObjectName("seek")
        self.time_label = QLabel()
        self.time_label.setObjectName("time")
        self.time_label.setMinimumWidth(t.body * 6)
        for w in (self.play_button, self.back10):
            controls.addWidget(w)
        controls.addWidget(self.seek, 1)
        controls.addWidget(self.fwd10)
        controls.addWidget(self.time_label)
        left.addLayout(controls)
        prow.addLayout(left, 1)
        side = QVBoxLayout()
        side.setSpacing(t.gap // 2)
        self.video_title = QLabel()
        self.video_title.setProperty("role", "title")
        self.video_title.setWordWrap(True)
        self.chapters_label = QLabel()
        self.chapters_label.setProperty("role", "muted")
        self.chapters_box = QVBoxLayout()
        self.chapter_buttons: list[WrapButton] = []
        self.subtitles_label = QLabel()
        self.subtitles_label.setProperty("role", "muted")
        self.subtitle_grid = QGridLayout()
        self.subtitle_group = QButtonGroup(self)
        self.subtitle_buttons: dict[str, TouchButton] = {}
        self.all_button = TouchButton(min_px=t.touch)
        self.all_button.setObjectName("all-videos")
        self.transcript_button = TouchButton(min_px=t.touch)
        self.transcript_button.setObjectName("transcript-button")
        side.addWidget(self.video_title)
        side.addWidget(self.chapters_label)
        side.addLayout(self.chapters_box)
        side.addSpacing(t.gap)
        side.addWidget(self.subtitles_label)
        side.addLayout(self.subtitle_grid)
        side.addStretch(1)
        side.addWidget(self.transcript_button)
        side.addWidget(self.all_button)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(t.px(580))
        prow.addWidget(side_widget)
        self.pages.addWidget(self.player_page)
        self.transcript = TranscriptView(t)
        self.pages.addWidget(self.transcript)
        self.transcript_button.clicked.connect(self.show_transcript)
        self.transcript.closed.connect(lambda: self.pages.setCurrentWidget(self.player_page))
        # Wiring.
        self.play_button.clicked.connect(lambda: self.player.toggle())
        self.back10.clicked.connect(lambda: self.player.skip(-SKIP_SECONDS))
        self.fwd10.clicked.connect(lambda: self.player.skip(SKIP_SECONDS))
        self.seek.sliderMoved.connect(lambda v: self.player.seek(v / 10))
        self.all_button.clicked.connect(self.show_catalog)
        self.retranslate()

    @property
    def player(self) -> PlayerView:
        """The PlayerView, made when first needed (the catalog opens without QtMultimedia)."""
        if self._player is None:
            from kiosk.ui.player import PlayerView

            player = PlayerView(self.ctx)
            player.setObjectName("player")
            self._left.insertWidget(0, player, 1)
            player.position_changed.connect(self.on_player_position)
            player.duration_changed.connect(self.on_player_duration)
            player.playing_changed.connect(self.on_player_playing)
            player.ended.connect(self.on_player_ended)
            player.failed.connect(lambda _why: self._refresh_controls())
            self._player = player
        return self._player

    # --- life cycle --------------------------------------------------------------------------
    def title(self) -> str:
        return _("Vidéos")

    def enter(self, arg: str | None) -> None:
        if self.library is None:
            self.library = videos_of(self.ctx)
            self.library.ready.connect(self._on_library_ready)
        self._arg = arg
        self._rebuild_catalog()
        if arg and self._catalog() is not None:
            self.open_video(arg)
        elif not arg:
            self.show_catalog()

    def leave(self) -> None:
        self._stop_video()
        self.pauses_idle = False

    def reset(self) -> None:
        self._stop_video(record=False)
        self.resume.clear()
        self.subtitle_choice = None
        self.pages.setCurrentWidget(self.catalog_page)

    def _catalog(self) -> VideoCatalog | None:
        return self.library.catalog if self.library else None

    def _on_library_ready(self) -> None:
        self._rebuild_catalog()
        arg = getattr(self, "_arg", None)
        if arg and self.isVisible() and self.video is None:
            self.open_video(arg)

    # --- catalog -----------------------------------------------------------------------------
    def _rebuild_catalog(self) -> None:
        cat = self._catalog()
        ids = [v.id for v in cat.videos] if cat else []
        if ids != list(self.cards):
            for card in self.cards.values():
                card.deleteLater()
            self.cards.clear()
            for i, video in enumerate(cat.videos if cat else []):
                card = VideoCard(self.ctx, video,
                                 self.library.picture(video.poster) if self.library else None)
                card.clicked.connect(lambda _=False, v=video.id: self.open_video(v))
                self.cards[video.id] = card
                self.grid.addWidget(card, i // 3, i % 3)
        self.retranslate()

    def show_catalog(self) -> None:
        self._stop_video()
        self.pages.setCurrentWidget(self.catalog_page)

    def show_transcript(self) -> None:
        """The video's words as text, in the subtitles' language (the player pauses)."""
        if self.video is None:
            return
        self.player.pause()
        lang = self._subtitle_lang() or "fr"
        self.transcript.show_track(self.video.title.get(current_language()), lang,
                                   self.player.tracks.get(lang))
        self.pages.setCurrentWidget(self.transcript)
        self.page_changed.emit()

    # --- playing -----------------------------------------------------------------------------
    def open_video(self, video_id: str) -> None:
        cat = self._catalog()
        video = cat.video(video_id) if cat else None
        if video is None:
            self.status.setText(_("Cette vidéo n'est pas disponible pour le moment."))
            self.pages.setCurrentWidget(self.catalog_page)
            return
        self._stop_video()
        self.video = video
        self.pages.setCurrentWidget(self.player_page)
        self._build_side()
        start = self.resume.get(video.id, 0.0)
        self.player.open(video.file, video.subtitles, self._subtitle_lang(), item=video.id,
                         start=start)
        self._refresh_controls()

    def _stop_video(self, record: bool = True) -> None:
        if self.video is None:
            return
        self._account()
        position = self.player.position()
        near_end = self.video.duration and position > self.video.duration - 2
        self.resume[self.video.id] = 0.0 if near_end else position
        if record and self._watched >= 1:
            self.ctx.record("video_play", video=self.video.id,
                            seconds_watched=round(self._watched))
        self._watched = 0.0
        self.player.pause()
        self.video = None

    def _account(self) -> None:
        if self._playing_since is not None:
            self._watched += time.monotonic() - self._playing_since
            self._playing_since = time.monotonic() if self.player.is_playing() else None

    def on_player_playing(self, playing: bool) -> None:
        self._account()
        self._playing_since = time.monotonic() if playing else None
        self.pauses_idle = playing
        self._refresh_controls()

    def on_player_ended(self) -> None:
        current = self.video
        if current is None:
            return
        self.show_catalog()
        self.resume[current.id] = 0.0
        self.pauses_idle = False

    def on_player_position(self, seconds: float) -> None:
        if not self.seek.isSliderDown():
            self.seek.setValue(int(seconds * 10))
        self.time_label.setText(f"{clock(seconds)} / {clock(self.player.duration())}")
        self._highlight_chapter(seconds)

    def on_player_duration(self, seconds: float) -> None:
        self.seek.setRange(0, max(1, int(seconds * 10)))
        self.time_label.setText(f"{clock(self.player.position())} / {clock(seconds)}")

    def _refresh_controls(self) -> None:
        playing = self._player is not None and self._player.is_playing()
        self.play_button.setText(_("Pause") if playing else _("Lecture"))
        self.play_button.setAccessibleName(self.play_button.text())
        usable = self._player is None or not self._player.error
        for w in (self.play_button, self.back10, self.fwd10, self.seek):
            w.setEnabled(usable)

    # --- chapters and subtitles ----------------------------------------------------------------
    def _subtitle_lang(self) -> str | None:
        if self.subtitle_choice is not None:
            return self.subtitle_choice or None  # "" means subtitles off
        lang = current_language()
        if self.video is not None and lang not in self.video.subtitles:
            return "fr" if "fr" in self.video.subtitles else None
        return lang

    def choose_subtitles(self, lang: str) -> None:
        """The chooser: a language code, or "" for no subtitles."""
        self.subtitle_choice = lang
        self.player.set_subtitle_language(lang or None)
        self._check_subtitle_button()

    def _check_subtitle_button(self) -> None:
        current = self._subtitle_lang() or ""
        button = self.subtitle_buttons.get(current)
        if button is not None:
            button.setChecked(True)

    def _build_side(self) -> None:
        t = self.ctx.theme
        for b in self.chapter_buttons:
            b.deleteLater()
        self.chapter_buttons = []
        for sb in self.subtitle_buttons.values():
            self.subtitle_group.removeButton(sb)
            sb.deleteLater()
        self.subtitle_buttons = {}
        if self.video is None:
            return
        for n, chapter in enumerate(self.video.chapters):
            b = WrapButton("", t)
            b.setObjectName(f"chapter-{n}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, s=chapter.start: self.player.seek(s))
            self.chapter_buttons.append(b)
            self.chapters_box.addWidget(b)
        choices = ["", *[lang for lang in LANGUAGE_NAMES if lang in self.video.subtitles]]
        for i, lang in enumerate(choices):
            sb = TouchButton(min_px=t.touch)
            sb.setObjectName(f"subtitles-{lang or 'off'}")
            sb.setCheckable(True)
            sb.clicked.connect(lambda _=False, code=lang: self.choose_subtitles(code))
            self.subtitle_group.addButton(sb)
            self.subtitle_buttons[lang] = sb
            self.subtitle_grid.addWidget(sb, i // 2, i % 2)
        self._retranslate_side()
        self._check_subtitle_button()

    def _highlight_chapter(self, seconds: float) -> None:
        if self.video is None:
            return
        current = -1
        for n, chapter in enumerate(self.video.chapters):
            if chapter.start <= seconds + 0.05:
                current = n
        for n, b in enumerate(self.chapter_buttons):
            b.setChecked(n == current)

    def _retranslate_side(self) -> None:
        lang = current_language()
        if self.video is not None:
            self.video_title.setText(self.video.title.get(lang))
            for b, chapter in zip(self.chapter_buttons, self.video.chapters, strict=False):
                b.setText(f"{clock(chapter.start)}  {chapter.title.get(lang)}")
        for code, sb in self.subtitle_buttons.items():
            sb.setText(LANGUAGE_NAMES[code] if code else _("Aucun"))

    def retranslate(self) -> None:
        self.heading.setText(_("Les vidéos du MOOC, sous-titrées"))
        self.chapters_label.setText(_("Chapitres"))
        self.subtitles_label.setText(_("Sous-titres"))
        self.all_button.setText(_("Toutes les vidéos"))
        self.transcript_button.setText(_("Transcription"))
        self.transcript.retranslate()
        self.back10.setText(_("−10 s"))
        self.fwd10.setText(_("+10 s"))
        self.back10.setAccessibleName(_("Reculer de 10 secondes"))
        self.fwd10.setAccessibleName(_("Avancer de 10 secondes"))
        self._refresh_controls()
        library = self.library
        cat = self._catalog()
        if library is None or (library.loaded is None and not library.failed):
            self.status.setText(_("Chargement des vidéos…"))
        elif not self.cards or cat is None:
            self.status.setText(_("Les vidéos ne sont pas disponibles pour le moment. "
                                  "L'équipe de la maison en est informée."))
        else:
            broken = len({i.item for i in cat.errors if cat.video(i.item) is None})
            text = _("Touchez une vidéo pour la regarder.")
            if broken:
                text += " " + ngettext("{n} vidéo est indisponible pour le moment.",
                                       "{n} vidéos sont indisponibles pour le moment.",
                                       broken).format(n=broken)
            self.status.setText(text)
        for card in self.cards.values():
            card.retranslate()
        self._retranslate_side()
        if self.subtitle_choice is None and self.video is not None:
            # Subtitles follow the interface language until the visitor picks one.
            self.player.set_subtitle_language(self._subtitle_lang())
            self._check_subtitle_button()
