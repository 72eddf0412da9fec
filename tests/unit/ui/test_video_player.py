"""The player plays a real shipped H.264 clip to its end, frame by frame, with subtitles."""

from __future__ import annotations

import pytest
from PySide6.QtMultimedia import QVideoFrame

from kiosk.core.exhibits import load_catalog
from kiosk.core.health import problems as health
from kiosk.core.paths import app_root, resolve
from kiosk.core.settings import default_settings
from kiosk.ui import theme as theme_mod
from kiosk.ui.context import UiContext
from kiosk.ui.player import PlayerView
from kiosk.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def ctx(qtbot, tmp_path):
    tasks = TaskRunner()
    c = UiContext(paths=resolve(tmp_path), settings=default_settings(),
                  theme=theme_mod.build(), tasks=tasks, problems=health.Problems())
    yield c
    tasks.shutdown(wait=True)


@pytest.fixture
def catalog():
    cat = load_catalog(app_root() / "media")
    assert not cat.errors, cat.errors
    return cat


@pytest.fixture
def player(qtbot, ctx):
    view = PlayerView(ctx)
    qtbot.addWidget(view)
    view.resize(640, 360)
    view.show()
    yield view
    view.stop()


def test_a_shipped_clip_plays_to_the_end_with_valid_frames(qtbot, player, catalog):
    video = catalog.video("rain-and-soil")
    valid = []

    def count(frame: QVideoFrame) -> None:
        if frame.isValid() and frame.width() == 640 and frame.height() == 360:
            valid.append(frame.startTime())

    shown: list[str] = []
    player.subtitle_changed.connect(shown.append)
    player._deck.sink.videoFrameChanged.connect(count)
    player._spare.sink.videoFrameChanged.connect(count)
    with qtbot.waitSignal(player.ended, timeout=60_000):
        player.open(video.file, video.subtitles, "fr")
    expected = video.duration * 12  # the clips are made at 12 frames per second
    assert len(valid) >= expected * 0.8, (len(valid), expected)
    assert player.frames_shown >= expected * 0.8
    assert not player.error
    assert player.image is not None
    assert not player.image.isNull()
    # The French narration came up cue after cue, each one once, in order.
    from kiosk.core.exhibits import subtitles as vtt

    cues = [c.text for c in vtt.load(video.subtitles["fr"])]
    assert [t for t in shown if t] == cues
    assert abs(player.duration() - video.duration) < 0.5
