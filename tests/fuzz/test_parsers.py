"""Parsers of outside input, fuzzed: no outcome but the documented result or rejection."""

from __future__ import annotations

import datetime as dt
import json
import tomllib

from hypothesis import given
from hypothesis import strategies as st

from kiosk.core import nesting
from kiosk.core import settings as s
from kiosk.core.agenda.expand import expand
from kiosk.core.agenda.parse import FeedError, parse_feed
from kiosk.core.content import manifest
from kiosk.core.exhibits import subtitles

RULE_PARTS = st.lists(st.sampled_from([
    "FREQ=DAILY", "FREQ=WEEKLY", "FREQ=HOURLY", "FREQ=MONTHLY", "FREQ=YEARLY", "FREQ=SECONDLY",
    "COUNT=3", "COUNT=-1", "INTERVAL=0", "INTERVAL=7", "UNTIL=20270101T000000Z",
    "UNTIL=2027", "BYDAY=MO,FR", "BYDAY=-1SU", "BYMONTHDAY=31", "BYMONTH=2", "BYHOUR=9,17",
    "BYMINUTE=0,30", "BYSETPOS=-1", "WKST=SU", "BYWEEKNO=53", "BYYEARDAY=366", "X=Y",
]), max_size=6).map(";".join)
STARTS = st.sampled_from(["20261201T100000Z", "20261201", "19990328T093000", "20261301T0000",
                          "", "TZID=Europe/Paris:20261202T090000", "00010101T000000Z"])


@st.composite
def feeds(draw) -> str:
    events = []
    for i in range(draw(st.integers(0, 4))):
        start = draw(STARTS)
        sep = ";" if start.startswith("TZID") else ":"
        lines = [f"UID:{i}", f"DTSTART{sep}{start}", f"SUMMARY:{draw(st.text(max_size=20))}"]
        if draw(st.booleans()):
            lines.append(f"RRULE:{draw(RULE_PARTS)}")
        if draw(st.booleans()):
            lines.append(f"EXDATE:{draw(STARTS)}")
        lines += draw(st.lists(st.text(max_size=30), max_size=2))
        events.append("BEGIN:VEVENT\r\n" + "\r\n".join(lines) + "\r\nEND:VEVENT\r\n")
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "".join(events) + "END:VCALENDAR\r\n"


@given(st.one_of(feeds(), st.binary(max_size=300)))
def test_an_ics_feed_is_events_or_a_feed_error(data):
    try:
        feed = parse_feed(data)
    except FeedError:
        return
    result = expand(feed, dt.date(2026, 12, 1), 30, "Europe/Paris")
    assert all(o.start <= o.end for o in result.occurrences if not o.all_day)


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                       lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=5), inner, max_size=3))


@given(st.one_of(JSONISH.map(json.dumps), st.text(max_size=200),
                 st.integers(1, 3000).map(lambda n: "[" * n + "]" * n)))
def test_json_is_a_value_or_a_decode_error(text):
    try:
        nesting.loads_json(text)
    except json.JSONDecodeError:
        pass


@given(st.one_of(st.text(max_size=200), st.integers(1, 3000).map(lambda n: "a = " + "[" * n)))
def test_toml_is_a_table_or_a_decode_error(text):
    try:
        nesting.loads_toml(text)
    except tomllib.TOMLDecodeError:
        pass


SETTINGS_LINES = st.lists(st.sampled_from([
    "[session]", "[admin]", "[kiosk]", "[journal]", "[[agenda.feeds]]", "idle_seconds = -5",
    "idle_seconds = 1e400", "countdown_seconds = 10", 'pin_hash = "scrypt$zz$00"',
    'territory = "AMP"', 'language = "pt"', "schema_version = 99", "retention_days = 0",
    'name = "x"', 'url = "http://127.0.0.1/"', "a = [[[[1]]]]", "= broken",
]), max_size=8).map("\n".join)


@given(st.one_of(SETTINGS_LINES, st.text(max_size=200)))
def test_a_settings_file_is_settings_or_a_settings_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("s") / "settings.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        s.load(path)
    except s.SettingsError as e:
        message = str(e)
    else:
        return
    assert str(path) in message


CUE_LINES = st.lists(st.sampled_from([
    "WEBVTT", "", "00:00:01.000 --> 00:00:02.000", "00:01.000 --> 00:00.500", "99:99:99.999",
    "00:00:01.000 --> 00:00:02.000 align:start", "<b>bonjour</b> &amp;", "NOTE x", "-->",
]), max_size=10).map("\n".join)


@given(st.one_of(CUE_LINES, st.text(max_size=200)))
def test_a_subtitle_file_is_cues_or_a_subtitle_error(text):
    try:
        cues = subtitles.parse(text)
    except subtitles.SubtitleError:
        return
    assert [c.start for c in cues] == sorted(c.start for c in cues)


@given(st.one_of(JSONISH.map(lambda v: json.dumps(v).encode()), st.binary(max_size=200),
                 st.fixed_dictionaries({"id": st.text(max_size=8),
                                        "version": st.text(max_size=8),
                                        "files": JSONISH}).map(lambda v: json.dumps(v).encode())))
def test_a_manifest_is_a_manifest_or_rejected(raw):
    try:
        manifest.parse(raw, app_version="0.1.0")
    except manifest.Rejected:
        pass
