"""The video library: catalog, player controls, subtitles and their chooser, resume, the end
of a video, idle pause, and broken files that are reported instead of crashing."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QPoint, Qt

from kiosk.core.exhibits import load_catalog
from kiosk.core.paths import app_root
from tests.unit.ui.exhibit_helpers import install_content

pytestmark = pytest.mark.gui

MEDIA = app_root() / "media"
CATALOG = load_catalog(MEDIA)


def tap(qtbot, widget, pos: QPoint | None = None):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def videos_screen(kiosk, qtbot):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    tap(qtbot, w.screens["home"].tiles["videos"])
    screen = w.current_screen()
    qtbot.waitUntil(lambda: len(screen.cards) == len(CATALOG.videos), timeout=10_000)
    return screen


def wait_loaded(qtbot, screen):
    qtbot.waitUntil(lambda: screen.player.duration() > 0 and screen.player.frames_shown > 0,
                    timeout=15_000)


def cue_text(video_id: str, lang: str, seconds: float) -> str:
    from kiosk.core.exhibits import subtitles as vtt

    video = CATALOG.video(video_id)
    return vtt.Track(vtt.load(video.subtitles[lang])).at(seconds)


def test_catalog_titles_follow_the_language(kiosk, qtbot):
    screen = videos_screen(kiosk, qtbot)
    qtbot.waitExposed(screen)
    for card in screen.cards.values():
        assert card.height() >= 400, "a poster card must be large enough to see and tap"
    assert {c.accessibleName() for c in screen.cards.values()} == {
        v.title.get("fr") for v in CATALOG.videos}
    tap(qtbot, kiosk.window.top_bar.language_buttons["de"])
    assert screen.cards["heat-island"].accessibleName() == "Die städtische Wärmeinsel"
    assert screen.heading.text() == "Die MOOC-Videos, untertitelt"


def test_subtitles_default_to_the_interface_language_and_the_chooser_switches(kiosk, qtbot):
    screen = videos_screen(kiosk, qtbot)
    tap(qtbot, kiosk.window.top_bar.language_buttons["en"])
    tap(qtbot, screen.cards["heat-island"])
    wait_loaded(qtbot, screen)
    screen.player.pause()
    assert screen.subtitle_buttons["en"].isChecked()
    screen.player.seek(7.0)
    assert screen.player.subtitle == cue_text("heat-island", "en", 7.0)
    assert screen.player.subtitle.startswith("At night")
    tap(qtbot, screen.subtitle_buttons["it"])
    assert screen.player.subtitle == cue_text("heat-island", "it", 7.0)
    # Between two cues nothing is shown; at the next cue's start its text appears.
    screen.player.seek(10.9)
    assert screen.player.subtitle == ""
    screen.player.seek(11.0)
    assert screen.player.subtitle == cue_text("heat-island", "it", 11.0) != ""
    tap(qtbot, screen.subtitle_buttons[""])
    assert screen.player.subtitle == ""
    # The visitor's choice holds when the interface language changes.
    tap(qtbot, kiosk.window.top_bar.language_buttons["de"])
    assert screen.player.subtitle == ""
    assert screen.subtitle_buttons[""].isChecked()
    assert screen.subtitle_buttons["de"].text() == "Deutsch"
    assert screen.subtitle_buttons[""].text() == "Keine"


def test_controls_chapters_idle_pause_and_resume(kiosk, qtbot):
    screen = videos_screen(kiosk, qtbot)
    events = []
    kiosk.ctx.add_recorder(lambda kind, data: events.append((kind, data)))
    tap(qtbot, screen.cards["corridors"])
    wait_loaded(qtbot, screen)
    qtbot.waitUntil(lambda: screen.player.is_playing(), timeout=5000)
    assert screen.pauses_idle
    tap(qtbot, screen.play_button)
    assert not screen.player.is_playing()
    assert not screen.pauses_idle
    tap(qtbot, screen.chapter_buttons[1])
    assert abs(screen.player.position() - 5.0) < 0.3
    tap(qtbot, screen.fwd10)
    assert abs(screen.player.position() - 15.0) < 0.3
    tap(qtbot, screen.back10)
    assert abs(screen.player.position() - 5.0) < 0.3
    # The seek bar jumps where it is tapped.
    seek = screen.seek
    tap(qtbot, seek, QPoint(int(seek.width() * 0.75), seek.height() // 2))
    assert 12.0 < screen.player.position() < 18.0
    qtbot.waitUntil(lambda: screen.chapter_buttons[2].isChecked(), timeout=3000)
    kept = screen.player.position()
    tap(qtbot, screen.all_button)
    assert screen.pages.currentWidget() is screen.catalog_page
    tap(qtbot, screen.cards["corridors"])
    qtbot.waitUntil(lambda: abs(screen.player.position() - kept) < 0.5, timeout=10_000)
    # A new visitor starts from the beginning.
    screen.reset()
    assert screen.resume == {}


def test_a_video_played_to_its_end_untouched_returns_to_the_library_then_attract(
        kiosk_factory, qtbot):
    """A visitor watches a shipped video and walks away: the video ends, no next one starts,
    nothing loops, the idle countdown (paused while it played) resumes and the attract loop
    comes back for the next visitor, in the kiosk's own language."""
    k = kiosk_factory({"session": {"idle_seconds": 6, "countdown_seconds": 3}})
    k.window.show()
    screen = videos_screen(k, qtbot)
    events = []
    k.ctx.add_recorder(lambda kind, data: events.append((kind, data)))
    tap(qtbot, k.window.top_bar.language_buttons["en"])
    tap(qtbot, screen.cards["rain-and-soil"])
    wait_loaded(qtbot, screen)
    qtbot.waitUntil(lambda: screen.player.is_playing(), timeout=5000)
    # The whole 20 s clip plays although the idle time is 6 s: the countdown is paused.
    with qtbot.waitSignal(screen.player.ended, timeout=60_000):
        pass
    assert k.window.current[0] == "videos"
    assert screen.pages.currentWidget() is screen.catalog_page
    assert screen.video is None
    assert not screen.player.is_playing()
    assert not screen.pauses_idle
    assert any(kind == "video_play" and d["video"] == "rain-and-soil" for kind, d in events)
    qtbot.waitUntil(lambda: k.window.countdown.isVisible(), timeout=8000)
    qtbot.waitUntil(lambda: k.window.current[0] == "attract", timeout=8000)
    assert not screen.player.is_playing()
    from kiosk.core.i18n import current_language

    assert current_language() == "fr"


def test_no_visit_outlives_the_untouched_cap_even_while_a_video_plays(kiosk_factory, qtbot):
    k = kiosk_factory({"session": {"idle_seconds": 60, "countdown_seconds": 2,
                                   "max_untouched_seconds": 5}})
    k.window.show()
    screen = videos_screen(k, qtbot)
    tap(qtbot, screen.cards["heat-island"])  # 24 s long
    qtbot.waitUntil(lambda: screen.player.is_playing(), timeout=15_000)
    qtbot.waitUntil(lambda: k.window.countdown.isVisible(), timeout=8000)
    assert screen.player.is_playing()  # the warning shows over the playing video
    qtbot.waitUntil(lambda: k.window.current[0] == "attract", timeout=8000)
    assert not screen.player.is_playing()
    assert screen.resume == {}


def test_truncated_and_undecodable_videos_are_reported_not_crashed(kiosk_factory, qtbot,
                                                                   tmp_path):
    k = kiosk_factory()
    src = tmp_path / "films"
    shutil.copytree(MEDIA, src, ignore=shutil.ignore_patterns("sites", "agenda"))
    good = (src / "videos" / "corridors.mp4").read_bytes()
    (src / "videos" / "heat-island.mp4").write_bytes(good[: len(good) // 2])
    install_content(k.core.paths, src, "videos", tmp_path)
    media = k.core.paths.installed("videos") / "current"
    k.window.show()
    screen = videos_screen_n(k, qtbot, 2)
    assert "heat-island" not in screen.cards
    assert "1 vidéo est indisponible" in screen.status.text()
    problems = [(p.source, p.item, p.message) for p in k.ctx.problems.latest(20)]
    assert any(s == "video" and i == "heat-island" and "truncated" in m
               for s, i, m in problems)
    # A file that breaks after the catalog was read, and one that no decoder understands.
    player = screen.player
    with qtbot.waitSignal(player.failed, timeout=10_000) as failed:
        player.open(media / "videos" / "heat-island.mp4", item="heat-island")
    assert "truncated" in failed.args[0]
    assert player.message().startswith("Cette vidéo ne peut pas être lue")
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(good[:32] + b"\0\0\0\x10moov" + b"\x01" * 8 + b"\0\0\x10\x08mdat"
                        + bytes(range(256)) * 16)
    with qtbot.waitSignal(player.failed, timeout=20_000):
        player.open(garbage, item="garbage")
    assert any(p.item == "garbage" for p in k.ctx.problems.latest(20))
    # The rest keeps working.
    tap(qtbot, screen.cards["corridors"])
    qtbot.waitUntil(lambda: screen.player.frames_shown > 0, timeout=15_000)
    assert not screen.player.error


def videos_screen_n(k, qtbot, n):
    w = k.window
    tap(qtbot, w.screens["attract"])
    w.go("videos")
    screen = w.current_screen()
    qtbot.waitUntil(lambda: len(screen.cards) == n, timeout=10_000)
    return screen
