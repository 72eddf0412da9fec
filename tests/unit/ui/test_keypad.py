"""Operation without the touchscreen (EN 301 549 5.1.6): a keypad-only visit, the focus ring
measured on screen, the order, no trap, and the lockdown's keys still blocked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton

from kiosk.ui.accessibility.keypad import RING_PX
from tests.helpers.contrast import ratio

pytestmark = pytest.mark.gui
K = Qt.Key


@pytest.fixture
def k(kiosk_factory):
    k = kiosk_factory({"display": {"speech_engine": "mock"}})
    k.window.show()
    return k


def press(qtbot, w, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(w.windowHandle(), key, modifier)


def tab_to(qtbot, w, wanted, *, limit=80):
    """Tab until the keypad's focus is on a control `wanted(control)` accepts."""
    pad = w.access.keypad
    for _ in range(limit):
        press(qtbot, w, K.Key_Tab)
        if pad.focused is not None and wanted(pad.focused):
            return pad.focused
    raise AssertionError("no control reached by Tab matches")


def named(name):
    return lambda c: c.objectName() == name


def test_a_keypad_only_visit_attract_module_quiz_video_agenda_home(k, qtbot):
    w = k.window
    k._services_started = True
    k._start_agenda()
    press(qtbot, w, K.Key_Tab)  # any keypad key wakes the kiosk
    assert w.current[0] == "home"
    # Home → the exhibition → a module.
    tab_to(qtbot, w, named("tile-exhibits"))
    press(qtbot, w, K.Key_Return)
    assert w.current[0] == "exhibits"
    exhibits = w.screens["exhibits"]
    qtbot.waitUntil(lambda: bool(exhibits.findChildren(QAbstractButton, "module-heat-island")),
                    timeout=10000)
    tab_to(qtbot, w, named("module-heat-island"))
    press(qtbot, w, K.Key_Enter)
    assert w.current == ("exhibit", "heat-island")
    screen = w.screens["exhibit"]
    qtbot.waitUntil(lambda: screen.module is not None, timeout=10000)
    # Pages turn with the "next" control until the quiz.
    quiz_at = next(i for i, p in enumerate(screen.module.pages) if p.kind == "quiz")
    tab_to(qtbot, w, named("next"))
    for _ in range(quiz_at):
        press(qtbot, w, K.Key_Return)
    assert screen.index == quiz_at
    # The ring stays on "next" after each turn; the answers are reachable and work.
    assert w.access.keypad.focused is screen.next_button
    tab_to(qtbot, w, named("choice-1"))
    press(qtbot, w, K.Key_Space)
    quiz = screen.pages[quiz_at].findChild(QAbstractButton, "choice-1").parentWidget()
    assert quiz.picked == 1
    assert quiz.verdict.text() == "Bonne réponse !"
    # Back to home with the back key twice (module list, then home), then the videos.
    press(qtbot, w, K.Key_Backspace)
    press(qtbot, w, K.Key_Backspace)
    assert w.current[0] == "home"
    tab_to(qtbot, w, named("tile-videos"))
    press(qtbot, w, K.Key_Return)
    videos = w.screens["videos"]
    qtbot.waitUntil(lambda: bool(videos.findChildren(QAbstractButton, "video-heat-island")),
                    timeout=10000)
    tab_to(qtbot, w, lambda c: c.objectName() == "video-heat-island" and c.isVisible())
    press(qtbot, w, K.Key_Return)
    qtbot.waitUntil(lambda: videos.player is not None and videos.player.is_playing(),
                    timeout=10000)
    tab_to(qtbot, w, lambda c: c is videos.play_button)
    press(qtbot, w, K.Key_Return)  # pause
    assert not videos.player.is_playing()
    # The agenda, from the bar's home button.
    tab_to(qtbot, w, named("home"))
    press(qtbot, w, K.Key_Return)
    assert w.current[0] == "home"
    tab_to(qtbot, w, named("tile-agenda"))
    press(qtbot, w, K.Key_Return)
    agenda = w.screens["agenda"]
    qtbot.waitUntil(lambda: bool(agenda.cards) and not agenda.building, timeout=10000)
    qr = tab_to(qtbot, w, named("qr"))
    assert qr.window() is w
    # And home again with the back key.
    press(qtbot, w, K.Key_Backspace)
    assert w.current[0] == "home"


def test_the_order_is_the_reading_order_and_wraps_around_no_trap(k, qtbot):
    w = k.window
    press(qtbot, w, K.Key_Right)
    pad = w.access.keypad
    targets = pad.targets()
    names = [t.objectName() for t in targets]
    # The bar first (left to right), then the screen by rows.
    assert names[:3] == ["home", "accessibility", "lang-fr"]
    assert names.index("tile-exhibits") < names.index("tile-videos") < names.index(
        "tile-sensors") < names.index("tile-trends")
    seen = []
    for _ in range(len(targets) + 1):
        press(qtbot, w, K.Key_Tab)
        seen.append(pad.focused)
    assert seen[-1] is seen[0]  # after the last one, the first again
    assert set(seen) == set(targets)
    press(qtbot, w, K.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert pad.focused is targets[-1]
    press(qtbot, w, K.Key_Up)
    assert pad.focused is targets[-2]


def test_the_panel_and_the_countdown_hold_the_focus_and_let_it_go(k, qtbot):
    w = k.window
    press(qtbot, w, K.Key_Tab)
    tab_to(qtbot, w, named("accessibility"))
    press(qtbot, w, K.Key_Return)
    assert w.access.panel.isVisible()
    pad = w.access.keypad
    inside = {t.objectName() for t in pad.targets()}
    assert "a11y-close" in inside
    assert "home" not in inside  # only the panel while it is open
    switch = tab_to(qtbot, w, named("a11y-large_text"))
    press(qtbot, w, K.Key_Return)
    assert w.access.choices.large_text
    assert switch is not None
    press(qtbot, w, K.Key_Backspace)  # the back key closes the panel: no trap
    assert not w.access.panel.isVisible()
    assert w.current[0] == "home"


@pytest.mark.parametrize("mode", ["normal", "high_contrast"])
def test_the_focus_ring_is_thick_and_contrasts_3_to_1(k, qtbot, mode):
    w = k.window
    press(qtbot, w, K.Key_Tab)
    if mode == "high_contrast":
        w.access.set_option("high_contrast", True)
    for name in ("home", "tile-exhibits", "finish-visit"):
        target = tab_to(qtbot, w, named(name))
        qtbot.wait(20)
        img = w.grab().toImage()
        ring = w.access.keypad.ring.geometry()
        # Along the middle of the ring's left side: outside, outer band, inner band.
        y = ring.center().y()
        x0 = ring.left()
        outside = QColor(img.pixel(x0 - 3, y))
        outer = [QColor(img.pixel(x0 + i, y)) for i in range(RING_PX)]
        inner = [QColor(img.pixel(x0 + RING_PX + i, y)) for i in range(RING_PX)]
        under = QColor(img.pixel(target.mapTo(w, QPoint(0, 0)).x() + 3, y))
        assert len({c.name() for c in outer}) == 1, name  # a solid band 4 px wide
        assert len({c.name() for c in inner}) == 1, name
        best = max(ratio(outer[0], outside), ratio(inner[0], under),
                   ratio(inner[0], outside))
        assert best >= 3.0, (name, outer[0].name(), inner[0].name(), outside.name())


def test_the_lockdown_keys_stay_blocked_with_the_keypad(k, qtbot):
    w = k.window
    press(qtbot, w, K.Key_Tab)  # wakes
    press(qtbot, w, K.Key_Tab)  # focuses
    press(qtbot, w, K.Key_Escape)
    press(qtbot, w, K.Key_F4, Qt.KeyboardModifier.AltModifier)
    press(qtbot, w, K.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert w.isVisible()
    assert w.current[0] == "home"
    assert w.access.keypad.focused is not None  # Escape is not a back key either
