"""The kiosk shell as a visitor meets it: attract, home, sections, back, languages, lockdown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from kiosk.core import i18n
from kiosk.ui.screens import SECTIONS

pytestmark = pytest.mark.gui


def tap(qtbot, widget, pos: QPoint | None = None):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def test_first_touch_leaves_attract_for_home(kiosk, qtbot):
    w = kiosk.window
    assert w.current[0] == "attract"
    assert not w.top_bar.isVisible()
    with qtbot.waitSignal(w.session_started):
        tap(qtbot, w.screens["attract"])
    assert w.current[0] == "home"
    assert w.top_bar.isVisible()


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_is_one_tap_from_home_and_back(kiosk, qtbot, section):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    home = w.screens["home"]
    tap(qtbot, home.tiles[section])
    assert w.current[0] == section
    assert w.top_bar.title.text()
    tap(qtbot, w.top_bar.back_button)
    assert w.current[0] == "home"
    tap(qtbot, home.tiles[section])
    tap(qtbot, w.top_bar.home_button)
    assert w.current[0] == "home"
    assert not w.history


def test_touch_targets_are_at_least_60px(kiosk, qtbot):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    buttons = [w.top_bar.home_button, w.top_bar.back_button,
               *w.top_bar.language_buttons.values(), *w.screens["home"].tiles.values()]
    for b in buttons:
        assert b.width() >= 60, b.objectName()
        assert b.height() >= 60, b.objectName()


def test_language_switch_redraws_everything_live(kiosk, qtbot):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    home = w.screens["home"]
    assert home.greeting.text() == "Bienvenue à la maison de la nature en ville"
    for lang, back in (("en", "Back"), ("es", "Atrás"), ("it", "Indietro"), ("de", "Zurück")):
        with qtbot.waitSignal(w.language_changed):
            tap(qtbot, w.top_bar.language_buttons[lang])
        assert i18n.current_language() == lang
        assert w.top_bar.back_button.text() == back
        assert home.greeting.text() != "Bienvenue à la maison de la nature en ville"
        assert w.top_bar.language_buttons[lang].isChecked()
    # Each language keeps its own name on the picker, whatever the interface language.
    assert [b.text() for b in w.top_bar.language_buttons.values()] == [
        "Français", "English", "Español", "Italiano", "Deutsch"]


def test_idle_countdown_then_reset_to_attract_in_default_language(kiosk_factory, qtbot):
    k = kiosk_factory({"session": {"idle_seconds": 2, "countdown_seconds": 1}})
    w = k.window
    w.show()
    tap(qtbot, w.screens["attract"])
    tap(qtbot, w.top_bar.language_buttons["de"])
    tap(qtbot, w.screens["home"].tiles["videos"])
    qtbot.waitUntil(w.countdown.isVisible, timeout=3000)
    assert "Sekunde" in w.countdown.seconds.text()
    with qtbot.waitSignal(w.session_ended, timeout=3000) as ended:
        pass
    assert ended.args[1] >= 2
    assert w.current[0] == "attract"
    assert not w.countdown.isVisible()
    assert i18n.current_language() == "fr"
    assert not w.history


def test_a_closed_kiosk_ends_no_visit_of_another(kiosk_factory, qtbot):
    # The language is the process's: a closed kiosk whose idle timer still ran reset a
    # visitor of another kiosk in the same process to French, mid-visit.
    closed = kiosk_factory({"session": {"idle_seconds": 2, "countdown_seconds": 1}})
    closed.window.show()
    tap(qtbot, closed.window.screens["attract"])
    closed.window.allow_close()
    closed.window.close()
    k = kiosk_factory({"session": {"idle_seconds": 3600}})
    w = k.window
    w.show()
    tap(qtbot, w.screens["attract"])
    tap(qtbot, w.top_bar.language_buttons["de"])
    qtbot.wait(3500)
    assert i18n.current_language() == "de"
    assert w.current[0] == "home"


def test_continue_button_keeps_the_session(kiosk_factory, qtbot):
    k = kiosk_factory({"session": {"idle_seconds": 3, "countdown_seconds": 2}})
    w = k.window
    w.show()
    tap(qtbot, w.screens["attract"])
    qtbot.waitUntil(w.countdown.isVisible, timeout=3000)
    session = w.visitor.session_id
    tap(qtbot, w.countdown.button)
    assert not w.countdown.isVisible()
    assert w.current[0] == "home"
    assert w.visitor.session_id == session


def test_idle_pauses_while_a_screen_says_so(kiosk_factory, qtbot):
    k = kiosk_factory({"session": {"idle_seconds": 2, "countdown_seconds": 1}})
    w = k.window
    w.show()
    tap(qtbot, w.screens["attract"])
    w.screens["home"].pauses_idle = True
    qtbot.wait(2600)
    assert w.current[0] == "home"
    assert not w.countdown.isVisible()
    w.screens["home"].pauses_idle = False
    qtbot.waitUntil(lambda: w.current[0] == "attract", timeout=4000)


@pytest.mark.parametrize(
    ("key", "mods"),
    [
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    ],
)
def test_close_shortcuts_do_nothing(kiosk, qtbot, key, mods):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    event = QKeyEvent(QKeyEvent.Type.KeyPress, key, mods)
    assert w.eventFilter(w, event) is True
    qtbot.keyClick(w, key, mods)
    assert w.isVisible()
    assert w.current[0] == "home"


def test_close_request_is_refused_until_the_panel_allows_it(kiosk, qtbot):
    w = kiosk.window
    w.close()
    assert w.isVisible()
    w.allow_close()
    w.close()
    assert not w.isVisible()


def test_right_click_opens_nothing(kiosk, qtbot):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    before = set(QApplication.topLevelWidgets())
    qtbot.mouseClick(w.screens["home"], Qt.MouseButton.RightButton)
    from PySide6.QtGui import QContextMenuEvent

    ev = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(10, 10), QPoint(10, 10))
    assert w.eventFilter(w.screens["home"], ev) is True
    assert set(QApplication.topLevelWidgets()) == before


def test_input_through_the_native_window_as_the_platform_delivers_it(kiosk, qtbot):
    """Taps and keys reach the shell's filter on the native window, not an app-wide one."""
    w = kiosk.window
    native = w.windowHandle()
    assert native is not None
    pressed = []
    w.press_observers.append(pressed.append)
    with qtbot.waitSignal(w.session_started):
        qtbot.mouseClick(native, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    assert w.current[0] == "home"
    assert len(pressed) == 1
    # A right click never reaches a widget, so no context menu can open.
    assert w.eventFilter(native, QMouseEvent(
        QMouseEvent.Type.MouseButtonPress, QPointF(10, 10), QPointF(10, 10),
        Qt.MouseButton.RightButton, Qt.MouseButton.RightButton,
        Qt.KeyboardModifier.NoModifier)) is True
    qtbot.keyClick(native, Qt.Key.Key_Escape)
    qtbot.keyClick(native, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert w.isVisible()
    assert w.current[0] == "home"


def test_no_application_wide_event_filter_taxes_every_qt_event(kiosk, qtbot):
    """Layout and paint events must not cross into Python: the shell filters input only."""
    w = kiosk.window
    seen = []
    original = w.eventFilter

    def counting(obj, event):
        seen.append(event.type())
        return original(obj, event)

    w.eventFilter = counting
    qtbot.mouseClick(w.windowHandle(), Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    assert w.current[0] == "home"
    assert seen, "the counting filter never ran: the test would prove nothing"
    for section in SECTIONS:
        w.go(section)
        w.current_screen().repaint()
    w.eventFilter = original
    from PySide6.QtCore import QEvent

    assert QEvent.Type.Paint not in seen
    assert QEvent.Type.LayoutRequest not in seen
