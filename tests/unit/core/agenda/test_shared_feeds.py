"""Every real feed of ../shared/fixtures/real/ics, expanded by `kiosk agenda expand` and
compared occurrence by occurrence with a list written by hand from reading the file.

Each expectation says which window it covers and why the occurrences are what they are.
"""

from __future__ import annotations

import json

import pytest

from kiosk import cli

# file → [(start, days, [(uid, start, end, all_day), ...]), ...]; times in Europe/Paris.
G = "@google.com"
EXPECTED = {
    # WEEKLY COUNT=8 from Mon 2019-03-04 00:30 Berlin; EXDATE 2019-03-10T23:30Z is 00:30 on
    # 03-11 in Berlin. Paris has Berlin's rules; summer time from 03-31.
    "each_week_but_one_deleted_exdate.ics": [("2019-03-01", 60, [
        ("SX2CURHKFTKKFFU3VUD7K", "2019-03-04T00:30:00+01:00", "2019-03-04T01:00:00+01:00", False),
        ("SX2CURHKFTKKFFU3VUD7K", "2019-03-18T00:30:00+01:00", "2019-03-18T01:00:00+01:00", False),
        ("SX2CURHKFTKKFFU3VUD7K", "2019-03-25T00:30:00+01:00", "2019-03-25T01:00:00+01:00", False),
        ("SX2CURHKFTKKFFU3VUD7K", "2019-04-01T00:30:00+02:00", "2019-04-01T01:00:00+02:00", False),
        ("SX2CURHKFTKKFFU3VUD7K", "2019-04-08T00:30:00+02:00", "2019-04-08T01:00:00+02:00", False),
        ("SX2CURHKFTKKFFU3VUD7K", "2019-04-15T00:30:00+02:00", "2019-04-15T01:00:00+02:00", False),
        ("SX2CURHKFTKKFFU3VUD7K", "2019-04-22T00:30:00+02:00", "2019-04-22T01:00:00+02:00", False),
    ])],
    "google_europe_paris_simple_and_weekly_trimmed.ics": [
        # One-off events in UTC (…Z), shown in Paris winter time (+1 h).
        ("2024-01-08", 3, [
            ("7pac2b9tl8psbagsl1nue72acd" + G, "2024-01-08T10:00:00+01:00",
             "2024-01-08T11:00:00+01:00", False),
            ("5mka3d8avptip05rclsak4m9eg" + G, "2024-01-08T11:00:00+01:00",
             "2024-01-08T12:30:00+01:00", False),
            ("534kiq9o7ufh42a54gf96uuc37" + G, "2024-01-08T14:00:00+01:00",
             "2024-01-08T16:00:00+01:00", False),
            ("2uhn72kn9q0s4q5n1ar4aiefsn" + G, "2024-01-08T16:00:00+01:00",
             "2024-01-08T17:00:00+01:00", False),
            ("10ddv1lu2kl9c1jqhvjn674hg4" + G, "2024-01-09T10:30:00+01:00",
             "2024-01-09T12:00:00+01:00", False),
            ("3dg38kvvnppsu7qamrrpf3g0oe" + G, "2024-01-09T14:00:00+01:00",
             "2024-01-09T16:00:00+01:00", False),
            ("A9AD674D-58CF-46BB-B0E7-CD728AB66A46", "2024-01-09T16:30:00+01:00",
             "2024-01-09T17:30:00+01:00", False),
            ("3ul64fp5m88smfinltcoharkgl" + G, "2024-01-10T08:45:00+01:00",
             "2024-01-10T09:45:00+01:00", False),
            ("E3A83CD6-AAC4-4DEC-A35F-61FE7937E068", "2024-01-10T14:30:00+01:00",
             "2024-01-10T16:00:00+01:00", False),
        ]),
        # WEEKLY from 02-19 10:30 until 03-04 09:30Z (= 10:30 Paris), 02-26 excluded, the
        # 03-04 occurrence moved to 10:00–12:00 by a RECURRENCE-ID; a one-off on 02-15.
        ("2024-02-15", 30, [
            ("204a2bj03oqkmaqcbrvhqqqlm7" + G, "2024-02-15T20:30:00+01:00",
             "2024-02-15T22:30:00+01:00", False),
            ("22E2CAB5-D3BA-422E-9832-BD549F0025FF", "2024-02-19T10:30:00+01:00",
             "2024-02-19T12:00:00+01:00", False),
            ("22E2CAB5-D3BA-422E-9832-BD549F0025FF", "2024-03-04T10:00:00+01:00",
             "2024-03-04T12:00:00+01:00", False),
        ]),
        # WEEKLY INTERVAL=9 on Wednesdays from 2024-12-11: the next one is 63 days later.
        ("2024-12-01", 80, [
            ("uf5pf7opvu0qa6hj86dirckev3" + G, "2024-12-11T09:30:00+01:00",
             "2024-12-11T11:30:00+01:00", False),
            ("uf5pf7opvu0qa6hj86dirckev3" + G, "2025-02-12T09:30:00+01:00",
             "2025-02-12T11:30:00+01:00", False),
        ]),
    ],
    # A calendar with no events at all: nothing, and no error.
    "icalendar_calendar_with_unicode.ics": [("2024-01-01", 365, [])],
    # 13 Feb 10:00 → 17 Feb 18:00 Vienna: overlaps a one-day window in the middle.
    "icalendar_timezoned_multiday_vienna.ics": [("2012-02-15", 1, [
        ("123456", "2012-02-13T10:00:00+01:00", "2012-02-17T18:00:00+01:00", False),
    ])],
    # DAILY 05:00 Los Angeles. US summer time ends on 4 Nov 2012, a week after Europe's:
    # 05:00 PDT = 13:00 Paris on the 3rd, 05:00 PST = 14:00 Paris from the 4th.
    "icaljs_daily_recur_google_valarm.ics": [("2012-11-03", 3, [
        ("tgh9qho17b07pk2n2ji3gluans" + G, "2012-11-03T13:00:00+01:00",
         "2012-11-03T14:00:00+01:00", False),
        ("tgh9qho17b07pk2n2ji3gluans" + G, "2012-11-04T14:00:00+01:00",
         "2012-11-04T15:00:00+01:00", False),
        ("tgh9qho17b07pk2n2ji3gluans" + G, "2012-11-05T14:00:00+01:00",
         "2012-11-05T15:00:00+01:00", False),
    ])],
    # Last Friday of each month 21:30 (zero length); the 31 Dec one moved to 17 Dec by an
    # override listed before its master (it has no DTEND: it ends when it starts).
    "issue_62_monthly_last_friday_moved.ics": [("2021-12-01", 60, [
        ("38m812jicsrer5gorh3mlp7qhc" + G, "2021-12-17T21:30:00+01:00",
         "2021-12-17T21:30:00+01:00", False),
        ("38m812jicsrer5gorh3mlp7qhc" + G, "2022-01-28T21:30:00+01:00",
         "2022-01-28T21:30:00+01:00", False),
    ])],
    # DAILY COUNT=4 from 23 Oct 14:30 Los Angeles (no VTIMEZONE): the 23rd moved to the
    # 22nd, the 24th moved to the 27th (after Europe's change, not yet the US one), the
    # 25th excluded, the 26th as planned.
    "magicmirror_exdate_and_recurrence_together.ics": [("2024-10-20", 10, [
        ("18rd721lfqpue2o08icsqek198" + G, "2024-10-22T23:30:00+02:00",
         "2024-10-23T00:30:00+02:00", False),
        ("18rd721lfqpue2o08icsqek198" + G, "2024-10-26T23:30:00+02:00",
         "2024-10-27T00:30:00+02:00", False),
        ("18rd721lfqpue2o08icsqek198" + G, "2024-10-27T22:30:00+01:00",
         "2024-10-27T23:30:00+01:00", False),
    ])],
    # All-day DAILY from 2024-03-06, across the March change: dates, end exclusive.
    "magicmirror_full_day_events_vtimezone_berlin.ics": [("2024-03-30", 3, [
        ("1709765647426-75770@ical.marudot.com", "2024-03-30", "2024-03-31", True),
        ("1709765647426-75770@ical.marudot.com", "2024-03-31", "2024-04-01", True),
        ("1709765647426-75770@ical.marudot.com", "2024-04-01", "2024-04-02", True),
    ])],
    # 25 → 31 Oct exclusive: the 30th is its last day, the 31st is free.
    "magicmirror_fullday_multiple_days_nonrepeating.ics": [
        ("2024-10-30", 5, [("60nobfcu0ct96jgsh5nhcia24b" + G, "2024-10-25", "2024-10-31", True)]),
        ("2024-10-31", 5, []),
    ],
    # A year later only the YEARLY ones come back.
    "magicmirror_slice_multiday_google.ics": [("2025-09-18", 10, [
        ("6gb19havnq6vp2qput51e5rmml" + G, "2025-09-19", "2025-09-20", True),
        ("0ui78rk6hpcv8rmbb6nuonhmgg" + G, "2025-09-23", "2025-09-25", True),
    ])],
    # Endless all-day DAILY: still there in 2030.
    "one_day_event_repeat_every_day_allday.ics": [("2030-06-01", 2, [
        ("UYDQSG9TH4DE0WM3QFL2J", "2030-06-01", "2030-06-02", True),
        ("UYDQSG9TH4DE0WM3QFL2J", "2030-06-02", "2030-06-03", True),
    ])],
    # "New Event": DAILY 02:00 Berlin until 10 Mar 01:00Z (= 02:00, included); the 8th moved
    # to 01:00, the 9th to 03:00 (overrides carry DTEND and DURATION:PT0S: DTEND wins).
    # "test7": DAILY 04:00 until 20 Mar 03:00Z (= 04:00, included); the 19th renamed.
    "recurring_events_moved_recurrence_id.ics": [("2019-03-07", 14, [
        ("a0c78729-30b1-4ba3-a86e-6aedd995d788", "2019-03-07T02:00:00+01:00",
         "2019-03-07T03:00:00+01:00", False),
        ("a0c78729-30b1-4ba3-a86e-6aedd995d788", "2019-03-08T01:00:00+01:00",
         "2019-03-08T02:00:00+01:00", False),
        ("a0c78729-30b1-4ba3-a86e-6aedd995d788", "2019-03-09T03:00:00+01:00",
         "2019-03-09T04:00:00+01:00", False),
        ("a0c78729-30b1-4ba3-a86e-6aedd995d788", "2019-03-10T02:00:00+01:00",
         "2019-03-10T03:00:00+01:00", False),
        ("5d4c6843-9300-4f91-8d88-6094d4b0b840", "2019-03-18T04:00:00+01:00",
         "2019-03-18T05:00:00+01:00", False),
        ("5d4c6843-9300-4f91-8d88-6094d4b0b840", "2019-03-19T04:00:00+01:00",
         "2019-03-19T05:00:00+01:00", False),
        ("5d4c6843-9300-4f91-8d88-6094d4b0b840", "2019-03-20T04:00:00+01:00",
         "2019-03-20T05:00:00+01:00", False),
    ])],
}


def expand_json(capsys, path, start: str, days: int, tz: str = "Europe/Paris"):
    code = cli.main(["agenda", "expand", str(path), "--start", start, "--days", str(days),
                     "--tz", tz])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_every_shared_feed_has_an_expectation(shared_fixtures):
    names = sorted(p.name for p in (shared_fixtures / "ics").glob("*.ics"))
    assert names, "no shared feeds"
    assert sorted(EXPECTED) == names


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expand_matches_hand_written_occurrences(shared_fixtures, capsys, name):
    path = shared_fixtures / "ics" / name
    for start, days, expected in EXPECTED[name]:
        code, rows, err = expand_json(capsys, path, start, days)
        assert code == 0, err
        assert err == ""  # no broken events in these feeds
        got = [(r["uid"], r["start"], r["end"], r["all_day"]) for r in rows]
        assert got == expected, f"{name} from {start} for {days} days"
        for r in rows:
            assert set(r) == {"uid", "start", "end", "all_day", "summary", "location"}


def test_overrides_bring_their_own_text(shared_fixtures, capsys):
    _, rows, _ = expand_json(capsys, shared_fixtures / "ics" /
                             "recurring_events_moved_recurrence_id.ics", "2019-03-18", 3)
    assert [(r["summary"], r["location"]) for r in rows] == [
        ("test7", ""), ("test7 - edited", "location"), ("test7", "")]


def test_folded_escaped_description_and_location_unescaped(shared_fixtures):
    import datetime as dt

    from kiosk.core.agenda.expand import expand
    from kiosk.core.agenda.parse import parse_feed

    feed = parse_feed((shared_fixtures / "ics" /
                       "magicmirror_exdate_and_recurrence_together.ics").read_bytes())
    occ = expand(feed, dt.date(2024, 10, 22), 1, "Europe/Paris").occurrences[0]
    assert "start/end, middle moved" in occ.description
    vienna = parse_feed((shared_fixtures / "ics" /
                         "icalendar_timezoned_multiday_vienna.ics").read_bytes())
    occ = expand(vienna, dt.date(2012, 2, 13), 1, "Europe/Paris").occurrences[0]
    assert occ.location == "aka bild, wien"


def test_other_zone_shifts_every_timed_occurrence(shared_fixtures, capsys):
    """--tz changes the window and the offsets, not the instants."""
    path = shared_fixtures / "ics" / "icalendar_timezoned_multiday_vienna.ics"
    _, rows, _ = expand_json(capsys, path, "2012-02-15", 1, tz="America/New_York")
    assert [(r["start"], r["end"]) for r in rows] == [
        ("2012-02-13T04:00:00-05:00", "2012-02-17T12:00:00-05:00")]
