"""iCalendar leniency where the meaning is clear (item 8 of issue 12): events outside a
VCALENDAR wrapper and UTF-8 with a few invalid bytes are read, with a warning; a legacy code
page is still recognised as one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.core.agenda.parse import FeedError, parse_feed, read_text
from tests.conftest import TEST_DATA

FEED = TEST_DATA / "agenda" / "events_unwrapped_bad_utf8.ics"


def summaries(feed):
    return sorted(str(e.get("SUMMARY")) for e in feed.calendar.walk("VEVENT"))


def test_unwrapped_events_with_an_invalid_byte_are_read_with_warnings():
    feed = parse_feed(FEED.read_bytes())
    assert feed.events == 2
    assert summaries(feed) == ["Atelier nichoirs – été comme hiver",
                               "Balade naturaliste à la colline Puget"]
    loc = next(str(e["LOCATION"]) for e in feed.calendar.walk("VEVENT") if "LOCATION" in e)
    assert loc == "Entr\ufffde du jardin"  # the one bad byte, replaced, not the whole feed
    assert feed.warnings == ["1 invalid UTF-8 byte(s) replaced (U+FFFD)",
                             "events outside a VCALENDAR wrapper: read as one calendar"]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_legacy_code_page_is_still_detected_without_warning(encoding):
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
            "DTSTART:20261205T100000Z\r\nSUMMARY:Fête de la forêt, été\r\nEND:VEVENT\r\n"
            "END:VCALENDAR\r\n")
    feed = parse_feed(text.encode(encoding))
    assert summaries(feed) == ["Fête de la forêt, été"]
    assert feed.warnings == []


def test_clean_utf8_needs_no_warning():
    text, warnings = read_text("BEGIN:VCALENDAR\nSUMMARY:Fête\nEND:VCALENDAR\n".encode())
    assert warnings == []
    assert text.endswith("\r\n")


def test_text_that_is_no_calendar_at_all_is_still_refused():
    with pytest.raises(FeedError, match="expected BEGIN:VCALENDAR"):
        parse_feed(b"<html><body>Not found</body></html>")
    with pytest.raises(FeedError):
        parse_feed(b"BEGIN:VTODO\r\nSUMMARY:x\r\nEND:VTODO\r\n")  # no event to wrap


def test_cli_warns_on_stderr(tmp_path):
    r = subprocess.run([sys.executable, "-m", "kiosk", "agenda", "expand", str(FEED),
                        "--start", "2026-12-01", "--days", "14", "--data-dir", str(tmp_path)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 2
    assert "warning: 1 invalid UTF-8 byte(s) replaced" in r.stderr
    assert "warning: events outside a VCALENDAR wrapper" in r.stderr
