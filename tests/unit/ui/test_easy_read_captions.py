"""Easy-to-read French chosen from the panel; a video's transcript; captions that follow
larger text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.ui.player import caption_px
from kiosk.ui.theme import build

pytestmark = pytest.mark.gui


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


@pytest.fixture
def k(kiosk_factory):
    k = kiosk_factory({"display": {"speech_engine": "mock"}})
    k.window.show()
    return k


def page_texts(screen) -> str:
    view = screen.pages[screen.index]
    return " ".join(lbl.text() for lbl in view.findChildren(QLabel) if lbl.isVisible())


def test_easy_to_read_french_replaces_the_page_text_live_and_only_in_french(k, qtbot):
    w = k.window
    tap(qtbot, w.screens["attract"])
    w.go("exhibit:heat-island")
    screen = w.screens["exhibit"]
    qtbot.waitUntil(lambda: screen.module is not None, timeout=10000)
    assert "stockent la chaleur du soleil" in page_texts(screen)
    tap(qtbot, w.top_bar.access_button)
    tap(qtbot, w.access.panel.switches["easy_read"])
    tap(qtbot, w.access.panel.close_button)
    texts = page_texts(screen)
    assert "La nuit, ils rendent la chaleur. La ville reste chaude." in texts
    assert "stockent la chaleur du soleil" not in texts
    assert screen.index == 0
    # The quiz page has its easy question too.
    quiz_at = next(i for i, p in enumerate(screen.module.pages) if p.kind == "quiz")
    screen.turn(quiz_at)
    assert "Quand la ville est-elle beaucoup plus chaude que la campagne ?" in page_texts(
        screen)
    # In another language, the usual text of that language.
    tap(qtbot, w.top_bar.language_buttons["en"])
    screen.turn(-quiz_at)
    assert "At night they give it back" in page_texts(screen)
    w.end_session()
    assert not k.ctx.easy_read


def test_a_video_has_its_transcript_in_the_subtitles_language(k, qtbot):
    w = k.window
    tap(qtbot, w.screens["attract"])
    w.go("videos")
    videos = w.screens["videos"]
    qtbot.waitUntil(lambda: bool(videos.findChildren(QAbstractButton, "video-heat-island")),
                    timeout=10000)
    videos.open_video("heat-island")
    qtbot.waitUntil(lambda: "fr" in videos.player.tracks, timeout=10000)
    tap(qtbot, videos.transcript_button)
    assert videos.pages.currentWidget() is videos.transcript
    assert not videos.player.is_playing()
    text = videos.transcript.text.text()
    first = videos.player.tracks["fr"].cues[0]
    assert text.startswith(f"0:{int(first.start):02d}  {first.text}")
    assert text.count("\n\n") == len(videos.player.tracks["fr"].cues) - 1
    assert "Transcription" in videos.transcript.heading.text()
    tap(qtbot, videos.transcript.back_button)
    assert videos.pages.currentWidget() is videos.player_page


def test_captions_grow_with_larger_text():
    normal, large = build(), build(large_text=True)
    for height in (400, 700, 1000):
        assert caption_px(large, height) > caption_px(normal, height)
        assert caption_px(normal, height) >= normal.body
