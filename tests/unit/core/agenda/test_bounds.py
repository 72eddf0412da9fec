"""Recurrence bombs: whatever the rule, a feed's expansion is bounded, reported, and the
other series (and the feed's last good events, see test_agenda_sync) stay."""

from __future__ import annotations

import datetime as dt

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
