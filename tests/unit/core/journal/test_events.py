"""The allow-list: only known kinds, known fields, identifiers and bounded numbers get in."""

from __future__ import annotations

import pytest

from kiosk.core.journal import events
from kiosk.core.journal.events import make_row

BASE = dict(time=1_790_000_000.0, session="0123456789abcdef", territory="AMP", language="fr")


def test_a_valid_event_becomes_a_row_in_column_order():
    row = make_row("video_play", {"video": "ilot-chaleur", "seconds": 42, "completed": True},
                   **BASE)
    named = dict(zip(events.ROW_COLUMNS, row, strict=True))
    assert named["kind"] == "video_play"
    assert named["video"] == "ilot-chaleur"
    assert named["seconds"] == 42.0
    assert named["completed"] == 1
    assert named["module"] is None


@pytest.mark.parametrize(("kind", "fields", "why"), [
    ("free_text", {}, "unknown journal event"),
    ("quiz_answer", {"text": "my answer"}, "not allowed"),
    ("quiz_answer", {"module": "heat island"}, "identifier"),
    ("quiz_answer", {"module": "jean.dupont@example.org"}, "identifier"),
    ("quiz_answer", {"module": "x" * 65}, "identifier"),
    ("quiz_answer", {"correct": "yes"}, "true or false"),
    ("end_question", {"answer": 6}, "outside"),
    ("end_question", {"answer": 2.5}, "integer"),
    ("video_play", {"seconds": -1}, "outside"),
    ("video_play", {"seconds": float("nan")}, "not a number"),
    ("language_switch", {"from_language": "xx"}, "not one of"),
])
def test_anything_outside_the_allow_list_is_refused(kind, fields, why):
    with pytest.raises(ValueError, match=why):
        make_row(kind, fields, **BASE)


def test_session_territory_and_language_are_checked():
    with pytest.raises(ValueError, match="session"):
        make_row("session_start", {}, **{**BASE, "session": "192.168.1.20"})
    with pytest.raises(ValueError, match="territory"):
        make_row("session_start", {}, **{**BASE, "territory": "PAR"})
    with pytest.raises(ValueError, match="language"):
        make_row("session_start", {}, **{**BASE, "language": "pt"})
    assert make_row("session_start", {}, **{**BASE, "session": None})[1] is None


def test_every_kind_names_only_known_fields():
    for kind, names in events.KINDS.items():
        assert set(names) <= set(events.FIELDS), kind
