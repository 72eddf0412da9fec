"""Events across the last Sundays of March and October (2027: the 28th and the 31st).

Recurring series are checked against dateutil.rrule driven directly (a different path from
recurring-ical-events); one-off events against what RFC 5545 says by hand.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil import rrule

from kiosk.core.agenda.expand import expand
from kiosk.core.agenda.parse import parse_feed
from tests.conftest import TEST_DATA

PARIS = ZoneInfo("Europe/Paris")
FEED = parse_feed((TEST_DATA / "agenda" / "dst_weekends.ics").read_bytes())


def occurrences(uid: str, start: dt.date, days: int):
    return [o for o in expand(FEED, start, days, "Europe/Paris").occurrences if o.uid == uid]


def wall(hour: int, minute: int, dates):
    return [dt.datetime.combine(d, dt.time(hour, minute), tzinfo=PARIS) for d in dates]


def test_weekly_series_keeps_its_wall_time_across_the_march_change():
    # dateutil on naive wall times, then placed in Paris: 10:00 every Saturday.
    dates = [d.date() for d in rrule.rrule(rrule.WEEKLY, dtstart=dt.datetime(2027, 3, 20, 10),
                                             until=dt.datetime(2027, 4, 3, 11))]
    got = occurrences("dst-weekly", dt.date(2027, 3, 15), 30)
    assert [o.start for o in got] == wall(10, 0, dates)
    assert [o.start.utcoffset() for o in got] == [dt.timedelta(hours=h) for h in (1, 1, 2)]
    assert all(o.end - o.start == dt.timedelta(hours=2) for o in got)


def test_daily_series_across_the_october_change():
    dates = [d.date() for d in rrule.rrule(rrule.DAILY, dtstart=dt.datetime(2027, 10, 23, 21),
                                             count=10)]
    got = occurrences("dst-oct", dt.date(2027, 10, 20), 20)
    assert [o.start for o in got] == wall(21, 0, dates)
    offsets = [o.start.utcoffset().total_seconds() / 3600 for o in got]
    assert offsets == [2] * 8 + [1] * 2  # 23…30 Oct summer time, 31 Oct and 1 Nov winter


def test_a_start_in_the_spring_gap_moves_forward():
    # 02:30 does not exist on 28 March 2027: RFC 5545 §3.3.5 reads it with the offset
    # before the gap, i.e. 01:30 UTC = 03:30 summer time.
    (occ,) = occurrences("dst-gap", dt.date(2027, 3, 28), 1)
    assert occ.start.isoformat() == "2027-03-28T03:30:00+02:00"
    assert occ.end.isoformat() == "2027-03-28T04:00:00+02:00"
    assert occ.start.astimezone(dt.UTC) == dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC)


def test_a_utc_event_in_the_repeated_autumn_hour_keeps_its_instant():
    # 01:30 UTC on 31 Oct 2027 is the second 02:30 of that night (winter time).
    (occ,) = occurrences("dst-utc", dt.date(2027, 10, 31), 1)
    assert occ.start.isoformat() == "2027-10-31T02:30:00+01:00"
    assert occ.end.isoformat() == "2027-10-31T03:30:00+01:00"
    assert occ.end - occ.start == dt.timedelta(hours=1)


def test_all_day_weekend_over_the_change_stays_two_dates():
    (occ,) = occurrences("dst-allday", dt.date(2027, 3, 28), 1)
    assert (occ.start, occ.end, occ.all_day) == (dt.date(2027, 3, 27), dt.date(2027, 3, 29),
                                                 True)
    assert occurrences("dst-allday", dt.date(2027, 3, 29), 1) == []


def test_window_days_are_local_days_even_when_23_or_25_hours_long():
    # [28 March, 29 March) is 23 hours: the 21:00 of 23 Oct is not in the 24 Oct window, etc.
    assert [o.start.day for o in occurrences("dst-oct", dt.date(2027, 10, 31), 1)] == [31]
    assert [o.uid for o in expand(FEED, dt.date(2027, 3, 28), 1, "Europe/Paris").occurrences
            ] == ["dst-allday", "dst-gap"]
