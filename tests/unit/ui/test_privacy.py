""""Ce que nous mesurons", the end-of-visit question, and what a visit leaves in the journal."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.core.journal.events import KINDS
from kiosk.ui.screens import privacy

pytestmark = pytest.mark.gui


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


def test_the_page_covers_every_kind_of_event():
    assert set(privacy.COVERS) == set(KINDS)
    assert set(privacy.COVERS.values()) <= set(privacy.RECORDED)


@pytest.mark.parametrize(("lang", "word"), [("fr", "jamais"), ("en", "never"),
                                            ("es", "nunca"), ("it", "mai"), ("de", "nie")])
def test_privacy_page_from_home_in_five_languages(kiosk, qtbot, lang, word):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    tap(qtbot, w.top_bar.language_buttons[lang])
    tap(qtbot, w.screens["home"].visit_links.privacy)
    assert w.current[0] == "privacy"
    text = " ".join(lbl.text() for lbl in w.current_screen().findChildren(QLabel)).lower()
    assert word in text
    assert "400" in text


def test_a_visit_is_journalled_without_anything_personal(kiosk_factory, qtbot):
    k = kiosk_factory({"session": {"idle_seconds": 3, "countdown_seconds": 1}})
    w = k.window
    w.show()
    k.start_services()
    tap(qtbot, w.screens["attract"])
    session = w.visitor.session_id
    tap(qtbot, w.top_bar.language_buttons["it"])
    tap(qtbot, w.screens["home"].tiles["videos"])
    qtbot.wait(200)
    w.go("exhibit:ilot-de-chaleur")
    w.go("home")
    k.ctx.record("quiz_answer", module="ilot-de-chaleur", question="q1", correct=True)
    k.ctx.record("quiz_answer", module="free text here", correct=True)  # refused, logged
    with qtbot.waitSignal(w.session_ended, timeout=6000):
        pass
    rows = events(k)
    kinds = [r["kind"] for r in rows]
    assert kinds[0] == "session_start"
    assert kinds[-1] == "session_end"
    assert {r["session"] for r in rows} == {session}
    assert all(r["territory"] == "AMP" for r in rows)
    switch = next(r for r in rows if r["kind"] == "language_switch")
    assert (switch["language"], switch["from_language"]) == ("it", "fr")
    views = [(r["screen"], r["item"]) for r in rows if r["kind"] == "screen_view"]
    assert views == [("home", None), ("videos", None), ("exhibit", "ilot-de-chaleur"),
                     ("home", None)]
    videos = next(r for r in rows if r["screen"] == "videos")
    assert videos["seconds"] >= 0.15  # waited 200 ms there; timers are not exact
    assert kinds.count("quiz_answer") == 1
    assert kinds.count("language_switch") == 1  # the reset to French is not a choice
    assert rows[-1]["seconds"] >= 3


def test_a_visit_that_opened_the_staff_panel_is_not_counted(kiosk_factory, qtbot):
    k = kiosk_factory({"session": {"idle_seconds": 2, "countdown_seconds": 1}})
    w = k.window
    w.show()
    k.start_services()
    k.ctx.record("qr_shown", item="outside-a-visit")
    # A visitor's visit, ended by the idle reset: counted.
    tap(qtbot, w.screens["attract"])
    visitor = w.visitor.session_id
    w.go("videos")
    with qtbot.waitSignal(w.session_ended, timeout=6000):
        pass
    # The facilitator wakes the kiosk and opens the panel: that visit leaves nothing.
    tap(qtbot, w.screens["attract"])
    w.go("sensors")
    w.go("admin")
    k.ctx.record("sensor_view", site="amp-borely", quantity="pm25")
    w.end_session()
    rows = events(k)
    assert {r["session"] for r in rows} == {None, visitor}
    assert [r["kind"] for r in rows if r["session"] == visitor][0] == "session_start"
    assert not [r for r in rows if r["kind"] == "sensor_view"]


def test_end_question_one_tap_then_the_visit_ends(kiosk, qtbot, monkeypatch):
    from kiosk.ui.screens import farewell

    monkeypatch.setattr(farewell, "THANKS_MS", 100)
    kiosk.start_services()
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    tap(qtbot, w.screens["home"].visit_links.finish)
    screen = w.current_screen()
    assert w.current[0] == "farewell"
    assert screen.faces[3].isVisible()
    with qtbot.waitSignal(w.session_ended, timeout=3000):
        tap(qtbot, screen.faces[3])
    assert w.current[0] == "attract"
    answers = [r for r in events(kiosk) if r["kind"] == "end_question"]
    assert [(r["question"], r["answer"]) for r in answers] == [(farewell.QUESTION_ID, 4)]


def test_end_question_switched_off_just_says_goodbye(kiosk_factory, qtbot, monkeypatch):
    from kiosk.ui.screens import farewell

    monkeypatch.setattr(farewell, "THANKS_MS", 100)
    k = kiosk_factory({"journal": {"end_question": False}})
    k.window.show()
    k.start_services()
    w = k.window
    tap(qtbot, w.screens["attract"])
    w.go("farewell")
    assert not w.current_screen().faces[0].isVisible()
    assert w.current_screen().thanks.isVisible()
    with qtbot.waitSignal(w.session_ended, timeout=3000):
        pass
    assert not [r for r in events(k) if r["kind"] == "end_question"]
