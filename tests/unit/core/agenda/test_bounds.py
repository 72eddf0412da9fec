"""Recurrence bombs: whatever the rule, a feed's expansion is bounded, reported, and the
other series (and the feed's last good events, see test_agenda_sync) stay."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from kiosk import cli
from kiosk.core.agenda import expand as expand_mod
from kiosk.core.agenda.expand import expand
from kiosk.core.agenda.parse import parse_feed

START = dt.date(2026, 12, 1)


def calendar(*events: str) -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + "".join(events)
            + "END:VCALENDAR\r\n")


def event(uid: str, rule: str, start: str = "20261201T100000Z") -> str:
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\nRRULE:{rule}\r\n"
            f"SUMMARY:{uid}\r\nEND:VEVENT\r\n")


ALL_SECONDS = ("FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24)))
               + ";BYMINUTE=" + ",".join(map(str, range(60)))
               + ";BYSECOND=" + ",".join(map(str, range(60))))


@pytest.mark.parametrize("rule", [
    ALL_SECONDS,  # SECONDLY in all but name: 86,400 a day (before: memory exhausted)
    "FREQ=HOURLY;BYMINUTE=0,15,30,45",  # 96 a day
    "FREQ=WEEKLY;BYDAY=MO;BYMINUTE=" + ",".join(map(str, range(60))),  # 60 on Mondays
])
def test_a_rule_multiplying_by_parts_is_skipped_at_parse(rule):
    feed = parse_feed(calendar(event("bomb", rule), event("ok", "FREQ=DAILY;COUNT=3")))
    (reason,) = feed.skipped
    assert "bomb" in reason
    assert "occurrences a day" in reason
    occ = expand(feed, START, 30, "Europe/Paris").occurrences
    assert [o.uid for o in occ] == ["ok"] * 3


def test_hourly_and_two_a_day_rules_are_still_events():
    feed = parse_feed(calendar(event("h", "FREQ=HOURLY;COUNT=5"),
                               event("d", "FREQ=DAILY;BYHOUR=9,17;COUNT=4")))
    assert feed.skipped == []
    # 5 hourly + DTSTART (always an occurrence, RFC 5545) + 4 at 9:00 and 17:00
    assert len(expand(feed, START, 30, "Europe/Paris").occurrences) == 10


def test_too_many_occurrences_stop_the_expansion_and_say_so(monkeypatch):
    monkeypatch.setattr(expand_mod, "MAX_OCCURRENCES", 100)
    # 20 series of 48 a day, each allowed on its own: together far over the bound.
    feed = parse_feed(calendar(*(event(f"s{i}", "FREQ=HOURLY;INTERVAL=1;BYMINUTE=0,30")
                                 for i in range(20))))
    assert feed.skipped == []
    result = expand(feed, START, 60, "Europe/Paris")
    assert "more than 100 occurrences" in result.bounded
    assert len(result.occurrences) <= 100


def test_the_time_bound_stops_the_expansion_and_says_so(monkeypatch):
    monkeypatch.setattr(expand_mod, "MAX_EXPAND_SECONDS", 0.0)
    feed = parse_feed(calendar(event("d", "FREQ=DAILY")))
    assert "took over 0 s" in expand(feed, START, 30, "Europe/Paris").bounded


def test_a_feed_within_bounds_is_not_marked():
    feed = parse_feed(calendar(event("d", "FREQ=DAILY")))
    result = expand(feed, START, 30, "Europe/Paris")
    assert (result.bounded, len(result.occurrences)) == ("", 30)


def test_agenda_expand_exits_3_on_a_bounded_feed(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(expand_mod, "MAX_OCCURRENCES", 10)
    path = tmp_path / "bomb.ics"
    path.write_text(calendar(event("d", "FREQ=DAILY")))
    code = cli.main(["agenda", "expand", str(path), "--start", "2026-12-01", "--days", "30"])
    out, err = capsys.readouterr()
    assert (code, out) == (3, "")
    assert "more than 10 occurrences" in err


# Rules that never yield, or start centuries before the window, keep the rule library busy
# between two occurrences, where no bound was checked (before: one series of a year-1 hourly
# rule took minutes; ten never-matching daily rules, 4 s each).
@pytest.mark.parametrize(("rule", "start", "copies"), [
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "20261201T100000Z", 10),
    ("FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31", "20261201T100000Z", 10),
    ("FREQ=HOURLY;BYMINUTE=0,30", "00010101T000000Z", 3),  # 17 million hours to walk
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5", "20261201T100000Z", 10),
    ("FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30;COUNT=5", "00010101T000000Z", 3),
    ("FREQ=WEEKLY;UNTIL=99991231T000000Z;BYMONTH=2;BYMONTHDAY=30",
     "20261201T100000Z", 10),
])
def test_rules_that_walk_without_yielding_are_bounded_too(monkeypatch, rule, start, copies):
    monkeypatch.setattr(expand_mod, "MAX_EXPAND_SECONDS", 1.0)
    feed = parse_feed(calendar(*(event(f"b{i}", rule, start) for i in range(copies)),
                               event("ok", "FREQ=DAILY;COUNT=3")))
    began = time.monotonic()
    result = expand(feed, START, 30, "Europe/Paris")
    assert time.monotonic() - began < 4.0
    assert "ok" in {o.uid for o in result.occurrences}


def test_a_series_started_long_ago_lands_on_its_own_grid():
    # Moved forward to the window, an old series must keep its weekdays, hours and steps.
    feed = parse_feed(calendar(
        event("w", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "19900102T090000Z"),
        event("d", "FREQ=DAILY;INTERVAL=3", "19700101T180000Z"),
        event("h", "FREQ=HOURLY;INTERVAL=5;BYMINUTE=15", "20000101T000000Z"),
        "BEGIN:VEVENT\r\nUID:z\r\nDTSTART;TZID=Europe/Paris:19990328T093000\r\n"
        "DTEND;TZID=Europe/Paris:19990328T110000\r\nRRULE:FREQ=DAILY;INTERVAL=7\r\n"
        "SUMMARY:z\r\nEND:VEVENT\r\n",
    ))
    got = expand(feed, START, 30, "Europe/Paris").occurrences
    want = {uid: [t for t in _brute_force(uid) if START <= t.astimezone(PARIS).date() < END]
            for uid in "wdhz"}
    for uid in "wdhz":
        assert [o.start.astimezone(dt.UTC) for o in got if o.uid == uid] == want[uid], uid
    (z,) = {o.end - o.start for o in got if o.uid == "z"}
    assert z == dt.timedelta(hours=1, minutes=30)


def test_a_count_series_keeps_its_count():
    feed = parse_feed(calendar(event("c", "FREQ=DAILY;BYDAY=MO,FR;COUNT=4", "20261130T080000Z")))
    got = [o.start.date() for o in expand(feed, START, 30, "Europe/Paris").occurrences]
    # Monday 30 November (DTSTART, before the window) is the first of the four.
    assert got == [dt.date(2026, 12, 4), dt.date(2026, 12, 7), dt.date(2026, 12, 11)]


def test_an_old_count_series_too_far_to_walk_is_skipped_and_named():
    feed = parse_feed(calendar(event("far", "FREQ=HOURLY;COUNT=100000000", "00010101T000000Z"),
                               event("ok", "FREQ=DAILY;COUNT=3")))
    result = expand(feed, START, 30, "Europe/Paris")
    (reason,) = result.skipped
    assert "far" in reason
    assert "too far before the window" in reason
    assert [o.uid for o in result.occurrences] == ["ok"] * 3


PARIS = ZoneInfo("Europe/Paris")
END = START + dt.timedelta(days=30)


def _brute_force(uid: str) -> list[dt.datetime]:
    """The same series by plain stepping from its own start (slow, but these are small)."""
    if uid == "w":
        first, step = dt.datetime(1990, 1, 2, 9, tzinfo=dt.UTC), dt.timedelta(weeks=2)
        days = [dt.timedelta(0), dt.timedelta(days=2)]
    elif uid == "d":
        first, step, days = dt.datetime(1970, 1, 1, 18, tzinfo=dt.UTC), dt.timedelta(days=3), [
            dt.timedelta(0)]
    elif uid == "h":
        first, step = dt.datetime(2000, 1, 1, 0, 15, tzinfo=dt.UTC), dt.timedelta(hours=5)
        days = [dt.timedelta(0)]
    else:  # 09:30 Paris wall time every 7 days, across DST changes
        out, day = [], dt.date(1999, 3, 28)
        while day < END + dt.timedelta(days=7):
            out.append(dt.datetime.combine(day, dt.time(9, 30), PARIS).astimezone(dt.UTC))
            day += dt.timedelta(days=7)
        return out
    out, t = [], first
    while t < dt.datetime(2027, 2, 1, tzinfo=dt.UTC):
        out.extend(t + d for d in days)
        t += step
    return out


def test_an_interval_of_zero_is_skipped_not_looped_for_ever():
    # Found by tests/fuzz: dateutil never moves on with INTERVAL=0 (before: a hang).
    feed = parse_feed(calendar(event("zero", "INTERVAL=0;FREQ=HOURLY", "19990328T093000Z"),
                               event("ok", "FREQ=DAILY;COUNT=3")))
    result = expand(feed, START, 30, "Europe/Paris")
    assert any("zero" in r and "INTERVAL below 1" in r for r in result.skipped)
    assert [o.uid for o in result.occurrences] == ["ok"] * 3


@pytest.mark.parametrize(("rule", "never"), [
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", True),
    ("FREQ=DAILY;BYMONTH=4,6,9,11;BYMONTHDAY=31", True),
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=-30", True),
    ("FREQ=DAILY;BYMONTH=6;BYYEARDAY=1", True),
    ("FREQ=DAILY;BYYEARDAY=367", True),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", False),  # every leap year
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=-29", False),  # 1 February of a leap year
    ("FREQ=DAILY;BYMONTH=4,5;BYMONTHDAY=31", False),  # 31 May
    ("FREQ=DAILY;BYYEARDAY=366", False),
    ("FREQ=DAILY;BYYEARDAY=-366;BYMONTH=1", False),
    ("FREQ=WEEKLY;BYDAY=MO", False),
])
def test_a_rule_no_date_can_satisfy_is_found_before_the_walk(rule, never):
    from icalendar.prop import vRecur

    from kiosk.core.agenda.bounds import _no_day_matches
    assert _no_day_matches(vRecur.from_ical(rule)) is never


def test_a_never_occurring_series_is_named_and_the_others_kept():
    feed = parse_feed(calendar(event("feb30", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),
                               event("ok", "FREQ=DAILY;COUNT=3")))
    began = time.monotonic()
    result = expand(feed, START, 30, "Europe/Paris")
    assert time.monotonic() - began < 3.0  # the walk to 9999 alone takes 4-7 s
    (reason,) = result.skipped
    assert "feb30" in reason
    assert "never occurs" in reason
    assert [o.uid for o in result.occurrences] == ["ok"] * 3
