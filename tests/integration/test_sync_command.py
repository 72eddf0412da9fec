"""`kiosk sync` from the shell against a real server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kiosk.core import settings as settings_mod

pytestmark = pytest.mark.integration

FEED = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:walk-1@test\r\nDTSTAMP:20261101T000000Z\r\n"
    b"DTSTART;TZID=Europe/Paris:20261205T100000\r\nDTEND;TZID=Europe/Paris:20261205T120000\r\n"
    b"RRULE:FREQ=WEEKLY;COUNT=300\r\nSUMMARY:Balade sur le GR 2013\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


def kiosk(*args):
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, timeout=120, env=dict(os.environ))


def write_settings(data_dir, url):
    s = settings_mod.from_dict({"agenda": {"feeds": [
        {"name": "Balades", "url": url, "territory": "AMP", "colour": "#336699"}]}})
    settings_mod.save(s, data_dir / "settings.toml")


def test_sync_agenda_reports_each_source_and_keeps_data_when_the_server_fails(
        http_server, data_dir):
    http_server.route("/feed.ics", body=FEED, etag='"1"')
    write_settings(data_dir, http_server.url("/feed.ics"))
    r = kiosk("sync", "--only", "agenda", "--data-dir", str(data_dir))
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [(x["area"], x["ok"]) for x in lines] == [("agenda", True)]
    assert lines[0]["data_time"].endswith("Z")
    http_server.route("/feed.ics", status=500)
    r = kiosk("sync", "--only", "agenda", "--data-dir", str(data_dir))
    assert r.returncode == 1
    failed = json.loads(r.stdout.splitlines()[0])
    assert failed["ok"] is False
    assert "500" in failed["error"]
    # The last good feed is still what the kiosk shows offline.
    shot = kiosk("agenda", "expand", http_server.url("/feed.ics"), "--start", "2026-12-01",
                 "--days", "7", "--data-dir", str(data_dir))
    assert shot.returncode != 0  # the server is down: expand itself fails …
    import sqlite3

    with sqlite3.connect(data_dir / "cache.db") as db:  # … but the cache kept the feed
        kept = db.execute("SELECT COUNT(*) FROM agenda_occurrences WHERE summary LIKE "
                          "'Balade%'").fetchone()[0]
    assert kept > 0


def test_broken_settings_are_rejected_by_name(data_dir):
    (data_dir / "settings.toml").write_text("[agenda]\nrefresh_minutes = 'often'\n")
    r = kiosk("sync", "--data-dir", str(data_dir))
    assert r.returncode == 3
    assert "agenda.refresh_minutes" in r.stderr


def test_usage_error(data_dir):
    r = kiosk("sync", "--only", "weather", "--data-dir", str(data_dir))
    assert r.returncode == 2
