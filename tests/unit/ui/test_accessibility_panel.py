"""The accessibility button and panel as a visitor meets them: every screen, live choices,
reset with the visit, journal counts, no timing trap, low reach."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from kiosk.core.accessibility import OPTIONS
from kiosk.ui.screens import SCREENS, STAFF_SCREENS

pytestmark = pytest.mark.gui
MOCK = {"display": {"speech_engine": "mock"}}
VISITOR_SCREENS = [s for s in SCREENS if s not in STAFF_SCREENS and s != "attract"]


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def events(kiosk):
    assert kiosk.journal.flush()
    conn = sqlite3.connect(kiosk.ctx.paths.journal_db)
    try:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM events ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def k(kiosk_factory):
    k = kiosk_factory(MOCK)
    k.window.show()
    return k


def open_panel(k, qtbot):
    w = k.window
    if w.current[0] == "attract":
        tap(qtbot, w.screens["attract"])
    tap(qtbot, w.top_bar.access_button)
    panel = w.access.panel
    assert panel is not None
    assert panel.isVisible()
    return panel


def switch(k, qtbot, name):
    tap(qtbot, k.window.access.panel.switches[name])


def test_the_button_is_on_every_visitor_screen_in_the_same_place(k, qtbot):
    w = k.window
    tap(qtbot, w.screens["attract"])
    places = set()
    for screen_id in VISITOR_SCREENS:
        w.go(screen_id)
        qtbot.wait(10)
        b = w.top_bar.access_button
        assert w.top_bar.isVisible(), screen_id
        assert b.isVisible(), screen_id
        assert b.text() == "Accessibilité"  # a word, and the painted icon beside it
        assert b._icon_name == "access"
        places.add((b.mapTo(w, QPoint(0, 0)).toTuple(), b.size().toTuple()))
    assert len(places) == 1


def test_choices_apply_live_to_every_screen_and_reset_with_the_visit(k, qtbot):
    w = k.window
    open_panel(k, qtbot)
    body_px = k.ctx.theme.body
    switch(k, qtbot, "large_text")
    assert k.ctx.theme.body > body_px
    assert f"font-size: {k.ctx.theme.body}px" in k.qapp.styleSheet()
    # The panel was rebuilt at the new size, and shows the choice in words as well.
    panel = w.access.panel
    assert panel.isVisible()
    assert panel.switches["large_text"].isChecked()
    assert "activé" in panel.switches["large_text"].text()
    switch(k, qtbot, "high_contrast")
    tap(qtbot, w.access.panel.close_button)
    assert not w.access.panel.isVisible()
    qtbot.wait(20)
    # The home screen, rebuilt, paints black (high contrast); another screen too.
    img = w.grab().toImage()
    assert QColor(img.pixel(w.width() // 2, w.height() - 5)).name() == "#000000"
    w.go("videos")
    qtbot.wait(20)
    assert w.screens["videos"].isVisible()
    assert w.ctx.theme.name == "high-contrast+large"
    w.end_session()
    assert w.access.choices.any_on is False
    assert k.ctx.theme.name == "default"
    assert k.ctx.theme.body == body_px
    assert f"font-size: {body_px}px" in k.qapp.styleSheet()


def test_the_journal_counts_each_choice_turned_on(k, qtbot):
    k._services_started = True
    k._start_journal()  # the journal's part of start_services(), without the network
    open_panel(k, qtbot)
    for name in OPTIONS:
        switch(k, qtbot, name)
    switch(k, qtbot, "large_text")  # off: not counted
    k.window.end_session()  # the events of a visit are written when it ends
    rows = [r for r in events(k) if r["kind"] == "accessibility_on"]
    assert [r["item"] for r in rows] == list(OPTIONS)
    assert all(r["session"] for r in rows)


def test_any_choice_doubles_the_idle_time_and_the_countdown_is_spoken(kiosk_factory, qtbot):
    k = kiosk_factory({**MOCK, "session": {"idle_seconds": 2, "countdown_seconds": 1}})
    w = k.window
    w.show()
    open_panel(k, qtbot)
    assert w.visitor.idle_seconds == 2
    switch(k, qtbot, "read_aloud")
    assert (w.visitor.idle_seconds, w.visitor.countdown_seconds) == (4, 2)
    tap(qtbot, w.access.panel.close_button)
    qtbot.waitUntil(w.countdown.isVisible, timeout=5000)
    speaker = w.access.speaker
    qtbot.waitUntil(lambda: any("toujours là" in s for s in speaker.history), timeout=3000)
    assert any("Retour à l'accueil dans" in u.text for u in speaker.queue)
    # Its "continue" target is large: twice the touch size at least.
    b = w.countdown.button
    assert b.height() >= 2 * k.ctx.theme.touch
    assert b.width() >= 5 * k.ctx.theme.touch
    tap(qtbot, b)
    assert not w.countdown.isVisible()
    w.end_session()
    assert w.visitor.idle_seconds == 2


def test_low_reach_puts_home_back_languages_and_accessibility_in_the_lower_third(k, qtbot):
    w = k.window
    open_panel(k, qtbot)
    switch(k, qtbot, "low_reach")
    qtbot.wait(20)
    bar = w.top_bar
    controls = [bar.home_button, bar.back_button, bar.access_button,
                *bar.language_buttons.values()]
    for c in controls:
        top = c.mapTo(w, QPoint(0, 0)).y()
        assert top >= w.height() * 2 / 3, c.objectName()
    # The panel's card sits low too.
    card = w.access.panel.card
    assert card.mapTo(w, QPoint(0, card.height())).y() >= w.height() * 2 / 3
    w.end_session()
    tap(qtbot, w.screens["attract"])
    assert w.top_bar.mapTo(w, QPoint(0, 0)).y() == 0


def test_the_speak_key_and_the_panel_stay_in_step(k, qtbot):
    """Read-aloud turned on from the keypad shows as on in the panel."""
    w = k.window
    open_panel(k, qtbot)
    tap(qtbot, w.access.panel.close_button)
    qtbot.keyClick(w.windowHandle(), Qt.Key.Key_F1)
    assert w.access.choices.read_aloud
    tap(qtbot, w.top_bar.access_button)
    assert w.access.panel.switches["read_aloud"].isChecked()
    assert w.access.panel.switches["read_aloud"].text().endswith("activé")
