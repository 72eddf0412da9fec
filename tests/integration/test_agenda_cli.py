"""`kiosk agenda expand URL` against a real server on 127.0.0.1: the contract's exit codes."""

from __future__ import annotations

import json

import pytest

from kiosk import cli
from tests.conftest import TEST_DATA

pytestmark = pytest.mark.integration


def run(capsys, url: str):
    code = cli.main(["agenda", "expand", url, "--start", "2026-12-01", "--days", "30"])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_url_feed_is_expanded(http_server, capsys):
    http_server.route("/ok.ics", body=(TEST_DATA / "agenda" / "cancelled.ics").read_bytes(),
                      headers={"Content-Type": "text/calendar; charset=utf-8"})
    code, rows, err = run(capsys, http_server.url("/ok.ics"))
    assert code == 0, err
    assert [r["start"] for r in rows] == ["2026-12-02T18:00:00+01:00",
                                          "2026-12-16T18:00:00+01:00"]
    assert http_server.requests[-1].headers["Accept"].startswith("text/calendar")


def test_webcal_scheme_is_fetched_as_https_and_fails_cleanly_on_a_plain_server(http_server,
                                                                             capsys):
    # webcal:// means https://; the local test server speaks plain HTTP, so this fails as a
    # fetch error (exit 1) rather than a parse error.
    code, rows, err = run(capsys, http_server.url("/ok.ics").replace("http://", "webcal://"))
    assert code == 1
    assert rows == []
    assert "https://127.0.0.1" in err


def test_http_error_exits_1_and_unreadable_feed_exits_3(http_server, capsys):
    http_server.route("/gone.ics", status=404, body=b"no")
    code, _, err = run(capsys, http_server.url("/gone.ics"))
    assert code == 1
    assert "HTTP 404" in err
    http_server.route("/page.ics", body=b"<html><body>Maintenance</body></html>")
    code, _, err = run(capsys, http_server.url("/page.ics"))
    assert code == 3
    assert "line 1" in err


def test_expand_of_a_dripping_url_stops_at_the_deadline(http_server, capsys, monkeypatch):
    from kiosk.core.agenda import fetch as fetch_mod
    monkeypatch.setattr(fetch_mod, "FEED_DEADLINE", 2.0)
    http_server.route("/drip.ics", body=(TEST_DATA / "agenda" / "cancelled.ics").read_bytes(),
                      chunk_size=1, chunk_delay=1.0)
    code, rows, err = run(capsys, http_server.url("/drip.ics"))
    assert (code, rows) == (1, [])
    assert "within 2 s" in err


def test_expand_refuses_a_fifo(tmp_path, capsys):
    import os
    fifo = tmp_path / "feed.ics"
    os.mkfifo(fifo)  # before: open() blocked for ever waiting for a writer
    code, rows, err = run(capsys, str(fifo))
    assert (code, rows) == (1, [])
    assert "not a regular file" in err


def test_expand_refuses_a_device(capsys):
    code, rows, err = run(capsys, "/dev/zero")
    assert (code, rows) == (1, [])
    assert "not a regular file" in err
