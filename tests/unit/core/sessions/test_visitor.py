"""The visitor session clock on a fake clock: start, countdown, continue, pause, end."""

from __future__ import annotations

from kiosk.core.sessions.visitor import Change, Phase, VisitorClock


def test_session_starts_on_first_touch_with_a_random_id():
    c = VisitorClock(90, 15)
    assert c.tick(0) is None
    assert c.touch(10) is Change.STARTED
    first = c.session_id
    assert first
    assert len(first) == 16
    assert c.touch(11) is None
    assert c.session_id == first


def test_countdown_at_75_then_end_at_90():
    c = VisitorClock(90, 15)
    c.touch(0)
    assert c.tick(74.9) is None
    assert c.tick(75) is Change.COUNTDOWN
    assert c.phase is Phase.COUNTDOWN
    assert c.remaining(80) == 10
    assert c.tick(89) is None
    assert c.tick(90) is Change.ENDED
    c.end()
    assert c.phase is Phase.ATTRACT
    assert c.session_id is None


def test_touch_during_countdown_continues_the_same_session():
    c = VisitorClock(90, 15)
    c.touch(0)
    sid = c.session_id
    c.tick(80)
    assert c.touch(81) is Change.CONTINUED
    assert c.session_id == sid
    assert c.tick(150) is None
    assert c.tick(156) is Change.COUNTDOWN


def test_paused_time_does_not_count():
    c = VisitorClock(90, 15)
    c.touch(0)
    c.pause(10)
    assert c.tick(500) is None
    c.resume(500)
    assert c.idle_for(500) == 10
    assert c.tick(564) is None
    assert c.tick(565) is Change.COUNTDOWN


def test_new_session_gets_a_new_id():
    c = VisitorClock(2, 1)
    c.touch(0)
    first = c.session_id
    c.tick(3)
    c.end()
    c.touch(4)
    assert c.session_id != first


def test_no_visit_outlives_the_untouched_cap_even_while_paused():
    c = VisitorClock(90, 15, max_untouched_seconds=900)
    c.touch(0)
    c.pause(10)  # a video starts and keeps playing (or loops) with nobody there
    assert c.tick(884) is None
    assert c.tick(885) is Change.COUNTDOWN
    assert c.remaining(890) == 10
    assert c.tick(900) is Change.ENDED


def test_a_touch_restarts_the_untouched_cap():
    c = VisitorClock(90, 15, max_untouched_seconds=900)
    c.touch(0)
    c.pause(1)
    c.touch(800)
    assert c.tick(1600) is None
    assert c.tick(1685) is Change.COUNTDOWN
