"""The transcript of a video: every subtitle cue of one language, with its time, as text to
read at one's own pace (or to have read aloud), in place of the player."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.exhibits.subtitles import Track
from kiosk.core.i18n import LANGUAGE_NAMES, _
from kiosk.ui.screens.videos_parts import clock
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.scrolling import touch_scroll
from kiosk.ui.widgets.touch import TouchButton


class TranscriptView(QWidget):
    """Signals:
    closed(): back to the video.
    """

    closed = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        col = QVBoxLayout(self)
        col.setContentsMargins(theme.margin, theme.gap, theme.margin, theme.gap)
        col.setSpacing(theme.gap)
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        col.addWidget(self.heading)
        self.scroll_area = touch_scroll(name="transcript-scroll")
        self.text = QLabel()
        self.text.setObjectName("transcript-text")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.scroll_area.setWidget(self.text)
        col.addWidget(self.scroll_area, 1)
        self.back_button = TouchButton(min_px=theme.touch, role="primary")
        self.back_button.setObjectName("transcript-back")
        self.back_button.clicked.connect(self.closed)
        col.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def show_track(self, title: str, lang: str, track: Track | None) -> None:
        self.heading.setText(_("Transcription : {title} ({language})").format(
            title=title, language=LANGUAGE_NAMES.get(lang, lang)))
        if track is None or not track.cues:
            self.text.setText(_("Cette vidéo n'a pas de sous-titres dans cette langue."))
            return
        # One paragraph per cue; its time first, for who wants to find it in the video.
        self.text.setText("\n\n".join(f"{clock(c.start)}  {c.text}" for c in track.cues))

    def retranslate(self) -> None:
        self.back_button.setText(_("Retour à la vidéo"))
