"""The journal's figures against scripted visits through the real shell (item 6 of issue 12):
a visit is counted in the language(s) its visitor used, never in the one the reset restores;
stats per language, territory, module, video and end-of-visit answer add up."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from kiosk.core.journal.stats import compute

pytestmark = pytest.mark.gui


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def visit(k, qtbot, *, languages=(), module=None, video=None, answer=None, territory=None):
    w = k.window
    if territory is not None:
        s = k.ctx.settings
        k.ctx.update_settings(replace(s, kiosk=replace(s.kiosk, territory=territory)))
    tap(qtbot, w.screens["attract"])
    session = w.visitor.session_id
    for lang in languages:
        tap(qtbot, w.top_bar.language_buttons[lang])
    if module:
        w.go(f"exhibit:{module}")
    if video:
        k.ctx.record("video_play", video=video, seconds=30.0, completed=True)
    if answer is not None:
        k.ctx.record("end_question", question="learned", answer=answer)
    w.go("home")
    w.end_session()  # the reset: back to French before the last view and the end are written
    return session


def rows_of(k, session):
    assert k.journal.flush()
    with sqlite3.connect(k.ctx.paths.journal_db) as conn:
        return conn.execute("SELECT kind, language, territory FROM events WHERE session = ?"
                            " ORDER BY id", (session,)).fetchall()


def test_stats_per_language_territory_module_video_and_answer(kiosk_factory, qtbot):
    k = kiosk_factory()
    k.window.show()
    k.start_services()
    german = visit(k, qtbot, languages=["de"], module="ilot-de-chaleur", video="mooc-1",
                   answer=4)
    visit(k, qtbot, module="ilot-de-chaleur", answer=5)  # stays in French
    visit(k, qtbot, languages=["en", "es"], video="mooc-1")
    visit(k, qtbot, languages=["it"], territory="NCA", video="mooc-2", answer=3)
    visit(k, qtbot, languages=["de"], territory="NCA")

    rows = rows_of(k, german)
    assert rows[0] == ("session_start", "fr", "AMP")  # touched before any choice
    assert rows[-1] == ("session_end", "de", "AMP")  # written after the reset, yet German
    assert {lang for kind, lang, _t in rows if kind != "session_start"} == {"de"}

    s = compute(k.ctx.paths.journal_db)
    assert s["sessions"] == 5
    assert {x["language"]: x["sessions"] for x in s["languages"]} == {
        "fr": 1, "de": 2, "en": 1, "es": 1, "it": 1}
    assert {x["territory"]: x["sessions"] for x in s["territories"]} == {"AMP": 3, "NCA": 2}
    assert s["top_modules"][0]["module"] == "ilot-de-chaleur"
    assert s["top_modules"][0]["sessions"] == 2
    assert {v["video"]: v["plays"] for v in s["top_videos"]} == {"mooc-1": 2, "mooc-2": 1}
    learned = s["end_question"]["learned"]
    assert learned["answers"] == 3
    assert learned["mean"] == 4.0
    assert learned["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1}
