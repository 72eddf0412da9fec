"""CSV export columns and the statistics, on a journal written by the real writer."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from kiosk.core.journal import events
from kiosk.core.journal.export import COLUMNS, export_csv
from kiosk.core.journal.stats import compute
from kiosk.core.journal.writer import JournalWriter

# 2026-11-27 10:00 and 2026-11-28 10:00, Paris time (UTC+1).
DAY1 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC).timestamp()
DAY2 = DAY1 + 86_400
S1, S2, S3 = "a" * 16, "b" * 16, "c" * 16


@pytest.fixture
def journal(tmp_path):
    path = tmp_path / "journal.db"
    w = JournalWriter(path, clock=lambda: DAY2 + 3600).start()

    def log(kind, at, session, lang="fr", **fields):
        w.log(kind, fields, session=session, territory="TPM", language=lang, at=at)

    log("session_start", DAY1, S1)
    log("screen_view", DAY1 + 5, S1, screen="exhibit", item="ilot-chaleur", seconds=40)
    log("page_view", DAY1 + 10, S1, module="ilot-chaleur", page=0, seconds=12)
    log("quiz_answer", DAY1 + 20, S1, module="ilot-chaleur", question="q1", correct=True)
    log("video_play", DAY1 + 30, S1, video="mooc-1", seconds=75.5, completed=False)
    log("session_end", DAY1 + 100, S1, seconds=100)
    log("session_start", DAY2, S2)
    log("language_switch", DAY2 + 1, S2, lang="de", from_language="fr")
    log("page_view", DAY2 + 2, S2, lang="de", module="ilot-chaleur", page=1, seconds=3)
    log("quiz_answer", DAY2 + 3, S2, lang="de", module="ilot-chaleur", question="q1",
        correct=False)
    log("quiz_answer", DAY2 + 4, S2, lang="de", module="arbres", question="q2", correct=True)
    log("video_play", DAY2 + 5, S2, lang="de", video="mooc-1", seconds=120, completed=True)
    log("video_play", DAY2 + 6, S2, lang="de", video="mooc-2", seconds=10, completed=False)
    log("end_question", DAY2 + 7, S2, lang="de", question="learned", answer=4)
    log("session_end", DAY2 + 300, S2, lang="de", seconds=300)
    log("session_start", DAY2 + 400, S3)
    log("end_question", DAY2 + 410, S3, question="learned", answer=5)
    log("session_end", DAY2 + 420, S3, seconds=20)
    w.close()
    return path


def test_export_has_the_documented_columns_and_one_row_per_event(journal, tmp_path):
    out = tmp_path / "out.csv"
    n = export_csv(journal, out)
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(COLUMNS)
    assert COLUMNS == ("id", "time", "session", "kind", "territory", "language",
                       "screen", "item", "module", "page", "video", "seconds", "completed",
                       "question", "correct", "answer", "from_language", "site", "quantity",
                       "feed", "target")
    assert n == len(rows) - 1 == 18
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["time"] == "2026-11-27T09:00:00.000Z"
    assert first["kind"] == "session_start"
    assert first["territory"] == "TPM"
    assert first["module"] == ""
    video = dict(zip(COLUMNS, rows[5], strict=True))
    assert (video["video"], video["seconds"], video["completed"]) == ("mooc-1", "75.5", "0")
    assert set(events.FIELD_NAMES) <= set(COLUMNS)
    assert not list(tmp_path.glob(".out.csv.*"))


def test_export_since_a_local_day(journal, tmp_path):
    out = tmp_path / "since.csv"
    n = export_csv(journal, out, since=dt.date(2026, 11, 28))
    assert n == 12
    with out.open(newline="") as f:
        kinds = [r["kind"] for r in csv.DictReader(f)]
    assert kinds[0] == "session_start"


def test_export_to_a_vanished_folder_raises_and_leaves_nothing(journal, tmp_path):
    with pytest.raises(OSError):
        export_csv(journal, tmp_path / "pulled-stick" / "out.csv")


def test_stats(journal):
    s = compute(journal)
    assert s["events"] == 18
    assert s["sessions"] == 3
    assert s["visits_per_day"] == [{"day": "2026-11-27", "visits": 1},
                                   {"day": "2026-11-28", "visits": 2}]
    assert s["median_session_seconds"] == 100
    assert s["top_modules"][0] == {"module": "ilot-chaleur", "sessions": 2, "seconds": 40.0}
    assert len(s["top_modules"]) == 1  # a quiz answer alone is not a module view
    assert s["top_videos"][0] == {"video": "mooc-1", "plays": 2, "seconds_watched": 195.5,
                                  "completed": 1}
    # S2 was started in French (the default) and used only German.
    assert {x["language"]: x["sessions"] for x in s["languages"]} == {"fr": 2, "de": 1}
    assert s["territories"] == [{"territory": "TPM", "sessions": 3}]
    assert s["quiz"]["answers"] == 3
    assert s["quiz"]["success_rate"] == pytest.approx(2 / 3, abs=1e-4)
    q1 = next(q for q in s["quiz"]["questions"] if q["question"] == "q1")
    assert (q1["answers"], q1["correct"], q1["success_rate"]) == (2, 1, 0.5)
    eq = s["end_question"]["learned"]
    assert eq["answers"] == 2
    assert eq["distribution"]["4"] == 1
    assert eq["distribution"]["5"] == 1
    assert eq["mean"] == 4.5


def test_stats_since(journal):
    s = compute(journal, since=dt.date(2026, 11, 28))
    assert s["sessions"] == 2
    assert s["top_modules"] == [{"module": "ilot-chaleur", "sessions": 1, "seconds": 0.0}]
    assert s["median_session_seconds"] == 160


def test_stats_of_a_kiosk_without_a_journal_yet_are_zero(tmp_path):
    s = compute(tmp_path / "journal.db")
    assert not (tmp_path / "journal.db").exists()
    assert (s["events"], s["sessions"]) == (0, 0)
    assert s["visits_per_day"] == s["languages"] == s["territories"] == s["top_videos"] == []
    assert s["median_session_seconds"] is None
    assert s["quiz"] == {"answers": 0, "correct": 0, "success_rate": None, "questions": []}
    assert s["end_question"] == {}
