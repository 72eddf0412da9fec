"""The odd things real feeds do, one small file each in tests/data/agenda/."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kiosk import cli
from kiosk.core.agenda.expand import expand
from kiosk.core.agenda.parse import FeedError, parse_feed, read_text
from tests.conftest import TEST_DATA

DATA = TEST_DATA / "agenda"


def run(capsys, name: str, start: str, days: int, tz: str = "Europe/Paris"):
    code = cli.main(["agenda", "expand", str(DATA / name), "--start", start, "--days",
                     str(days), "--tz", tz])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def spans(rows):
    return [(r["uid"], r["start"], r["end"]) for r in rows]


def decode(data: bytes | str) -> str:
    return read_text(data)[0]


def test_bom_lf_and_fold_inside_an_escaped_comma(capsys):
    assert (DATA / "bom_lf.ics").read_bytes().startswith(b"\xef\xbb\xbf")
    code, rows, err = run(capsys, "bom_lf.ics", "2026-12-01", 10)
    assert code == 0, err
    assert rows == [{"uid": "bom-1", "start": "2026-12-05T10:00:00+01:00",
                     "end": "2026-12-05T12:00:00+01:00", "all_day": False,
                     "summary": "Balade urbaine, quartier nord",
                     "location": "Parc Longchamp, Marseille"}]


def test_decode_normalises_line_ends_and_encodings():
    assert decode(b"\xef\xbb\xbfA\nB\rC\r\nD") == "A\r\nB\r\nC\r\nD"
    assert decode("caf\u00e9".encode("utf-16")) == "caf\u00e9"
    assert decode("Visite guidée".encode("cp1252")) == "Visite guidée"


def test_windows_zone_names_with_and_without_vtimezone(capsys):
    code, rows, err = run(capsys, "windows_zone.ics", "2027-03-15", 30)
    assert code == 0, err
    assert spans(rows) == [
        ("win-1", "2027-03-20T14:00:00+01:00", "2027-03-20T16:00:00+01:00"),
        ("win-2", "2027-03-22T09:00:00+01:00", "2027-03-22T10:00:00+01:00"),
        ("win-1", "2027-03-27T14:00:00+01:00", "2027-03-27T16:00:00+01:00"),
        # after the last Sunday of March: still 14:00 on the wall, now +02:00
        ("win-1", "2027-04-03T14:00:00+02:00", "2027-04-03T16:00:00+02:00"),
    ]


def test_floating_times_use_x_wr_timezone(capsys):
    # Read in Paris by the feed's X-WR-TIMEZONE even when the window is asked in London.
    code, rows, _ = run(capsys, "xwr_floating.ics", "2026-12-10", 2, tz="Europe/London")
    assert code == 0
    assert spans(rows) == [
        ("float-1", "2026-12-10T17:30:00+00:00", "2026-12-10T19:00:00+00:00"),
        ("float-2", "2026-12-11T09:00:00+00:00", "2026-12-11T10:00:00+00:00"),
    ]


def test_floating_times_without_x_wr_timezone_use_tz(capsys):
    _, paris, _ = run(capsys, "floating_no_xwr.ics", "2026-12-10", 2)
    _, london, _ = run(capsys, "floating_no_xwr.ics", "2026-12-10", 2, tz="Europe/London")
    assert spans(paris) == [
        ("nf-1", "2026-12-10T18:30:00+01:00", "2026-12-10T20:00:00+01:00"),
        # a TZID nobody knows is read like a floating time
        ("nf-2", "2026-12-11T10:00:00+01:00", "2026-12-11T11:00:00+01:00"),
    ]
    assert spans(london)[0] == ("nf-1", "2026-12-10T18:30:00+00:00", "2026-12-10T20:00:00+00:00")


def test_this_and_future_moves_every_later_occurrence(capsys):
    _, rows, _ = run(capsys, "thisandfuture.ics", "2026-12-01", 60)
    assert [(r["start"][:16], r["summary"]) for r in rows] == [
        ("2026-12-07T10:00", "Balade du lundi"),
        ("2026-12-14T10:00", "Balade du lundi"),
        ("2026-12-21T14:00", "Balade du lundi (après-midi)"),
        ("2026-12-28T14:00", "Balade du lundi (après-midi)"),
        ("2027-01-04T14:00", "Balade du lundi (après-midi)"),
    ]


def test_override_without_its_master_still_shows(capsys):
    _, rows, _ = run(capsys, "orphan_override.ics", "2026-12-01", 30)
    assert spans(rows) == [("orphan-1", "2026-12-09T15:00:00+01:00",
                            "2026-12-09T16:00:00+01:00")]


def test_cancelled_events_and_cancelled_occurrences_are_absent(capsys):
    _, rows, err = run(capsys, "cancelled.ics", "2026-12-01", 30)
    assert err == ""
    assert [r["start"][:10] for r in rows] == ["2026-12-02", "2026-12-16"]
    assert {r["uid"] for r in rows} == {"cx-2"}


def test_missing_uid_gets_a_stable_derived_one(capsys):
    _, first, _ = run(capsys, "missing_uid.ics", "2026-12-10", 10)
    _, again, _ = run(capsys, "missing_uid.ics", "2026-12-10", 10)
    assert [r["uid"] for r in first] == [r["uid"] for r in again]
    assert all(r["uid"].startswith("derived-") for r in first)
    assert len({r["uid"] for r in first}) == 2
    assert [(r["start"], r["end"], r["all_day"]) for r in first] == [
        ("2026-12-12", "2026-12-13", True), ("2026-12-13", "2026-12-15", True)]


def test_derived_uid_ignores_dtstamp():
    a = parse_feed((DATA / "missing_uid.ics").read_bytes())
    text = decode((DATA / "missing_uid.ics").read_bytes()).replace(
        "SUMMARY:Troc de graines", "DTSTAMP:20300101T000000Z\r\nSUMMARY:Troc de graines")
    b = parse_feed(text)
    uids = [[str(e["UID"]) for e in f.calendar.walk("VEVENT")] for f in (a, b)]
    assert uids[0] == uids[1]


def test_broken_events_are_skipped_and_counted(capsys):
    code, rows, err = run(capsys, "broken_event.ics", "2026-12-01", 30)
    assert code == 0
    assert [r["uid"] for r in rows] == ["good-1", "good-2"]
    # an all-day event without DTEND lasts one day
    assert (rows[1]["start"], rows[1]["end"]) == ("2026-12-08", "2026-12-09")
    assert "skipped 4 broken event(s)" in err
    for uid in ("bad-date", "bad-line", "bad-rule", "no-start"):
        assert uid in err


def test_feed_cut_short_is_an_error_naming_the_line(capsys):
    code, rows, err = run(capsys, "cut_short.ics", "2026-12-01", 30)
    assert code == 3
    assert rows == []
    assert "line 4" in err
    assert "BEGIN:VEVENT" in err


@pytest.mark.parametrize(("text", "line"), [
    ("<!DOCTYPE html>\n<html><body>Not found</body></html>\n", 1),
    ("\n\nBEGIN:VCALENDAR\nEND:VEVENT\nEND:VCALENDAR\n", 4),
    ("", 1),
])
def test_unreadable_feeds_name_the_line(text, line):
    with pytest.raises(FeedError) as info:
        parse_feed(text.encode())
    assert info.value.line == line
    assert str(info.value).startswith(f"line {line}:")


def test_exdate_in_utc_for_a_zoned_series_in_windows_1252(capsys):
    _, rows, _ = run(capsys, "cp1252_exdate_utc.ics", "2026-12-01", 7)
    assert [r["start"] for r in rows] == [
        "2026-12-01T09:30:00+01:00", "2026-12-03T09:30:00+01:00", "2026-12-04T09:30:00+01:00"]
    assert rows[0]["summary"] == "Visite guidée du jardin éphémère"


def test_one_uid_reused_by_two_different_events_keeps_both():
    text = decode((DATA / "orphan_override.ics").read_bytes()).replace(
        "END:VCALENDAR",
        "BEGIN:VEVENT\r\nUID:same\r\nDTSTART:20261210T090000Z\r\nSUMMARY:Un\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:same\r\nDTSTART:20261211T090000Z\r\nSUMMARY:Deux\r\nEND:VEVENT\r\n"
        "END:VCALENDAR")
    occ = expand(parse_feed(text), dt.date(2026, 12, 1), 30, "Europe/Paris").occurrences
    assert [o.summary for o in occ] == ["Atelier déplacé", "Un", "Deux"]


def test_several_vcalendars_in_one_file_are_merged():
    one = decode((DATA / "bom_lf.ics").read_bytes())
    two = decode((DATA / "orphan_override.ics").read_bytes())
    occ = expand(parse_feed(one + two), dt.date(2026, 12, 1), 30, "Europe/Paris").occurrences
    assert [o.uid for o in occ] == ["bom-1", "orphan-1"]


def test_a_series_the_library_cannot_expand_does_not_hide_the_others(monkeypatch):
    import recurring_ical_events

    from kiosk.core.agenda import expand as expand_mod

    real_of = recurring_ical_events.of

    def picky_of(cal, *args, **kwargs):
        if any(str(e.get("UID")) == "bom-1" for e in cal.walk("VEVENT")):
            raise recurring_ical_events.InvalidCalendar("simulated library failure")
        return real_of(cal, *args, **kwargs)

    monkeypatch.setattr(expand_mod.recurring_ical_events, "of", picky_of)
    one = decode((DATA / "bom_lf.ics").read_bytes())
    two = decode((DATA / "orphan_override.ics").read_bytes())
    result = expand(parse_feed(one + two), dt.date(2026, 12, 1), 30, "Europe/Paris")
    assert [o.uid for o in result.occurrences] == ["orphan-1"]
    assert len(result.skipped) == 1
    assert "bom-1" in result.skipped[0]


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["agenda", "expand", str(DATA / "bom_lf.ics"), "--start", "2026-02-30",
                  "--days", "3"])
    assert info.value.code == 2
    assert cli.main(["agenda", "expand", str(DATA / "bom_lf.ics"), "--start", "2026-12-01",
                     "--days", "3", "--tz", "Mars/Olympus"]) == 2
    assert cli.main(["agenda", "expand", str(DATA / "nothing-here.ics"), "--start",
                     "2026-12-01", "--days", "3"]) == 1
    capsys.readouterr()


def test_a_rule_firing_every_minute_is_skipped_not_expanded():
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:spam\r\n"
            "DTSTART:20261201T100000Z\r\nRRULE:FREQ=MINUTELY\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:ok\r\nDTSTART:20261201T100000Z\r\nRRULE:FREQ=HOURLY;COUNT=3\r\n"
            "SUMMARY:y\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    feed = parse_feed(text)
    assert len(feed.skipped) == 1
    assert "spam" in feed.skipped[0]
    occ = expand(feed, dt.date(2026, 12, 1), 60, "Europe/Paris").occurrences
    assert [o.start.hour for o in occ] == [11, 12, 13]
