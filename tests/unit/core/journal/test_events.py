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


def test_what_the_screens_send_is_accepted_in_its_own_words():
    named = lambda row: dict(zip(events.ROW_COLUMNS, row, strict=True))  # noqa: E731
    v = named(make_row("video_play", {"video": "corridors", "seconds_watched": 64}, **BASE))
    assert v["seconds"] == 64.0
    q = named(make_row("quiz_answer", {"module": "m", "question": 2, "correct": False}, **BASE))
    assert q["question"] == "2"
    r = named(make_row("qr_shown", {"target": "https://example.org/mooc/s3?utm=kiosk#top"},
                       **BASE))
    assert r["target"] == "https://example.org/mooc/s3"
    assert named(make_row("qr_shown", {"target": "event"}, **BASE))["target"] == "event"
    assert named(make_row("trends_view", {"site": "amp-borely"}, **BASE))["site"] == "amp-borely"


@pytest.mark.parametrize("target", ["ftp://example.org/x", "https://user:pw@example.org/",
                                    "javascript:alert(1)", "my phone is 0601020304",
                                    "https://exa mple.org/"])
def test_a_qr_target_is_an_id_or_a_plain_web_address(target):
    with pytest.raises(ValueError, match="target"):
        make_row("qr_shown", {"target": target}, **BASE)
