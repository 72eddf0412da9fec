"""The shared HTTP layer against a real server on 127.0.0.1."""

from __future__ import annotations

import time

import pytest

from kiosk.core import net
from tests.helpers.http_server import Reply

pytestmark = pytest.mark.integration


@pytest.fixture
def session():
    s = net.make_session()
    yield s
    s.close()


def fetch(session, url, **kw):
    kw.setdefault("sleep", lambda s: None)
    kw.setdefault("timeout", (2, 2))
    return net.fetch(session, url, **kw)


def test_ok_body_and_validators(http_server, session):
    http_server.route("/a", body=b"hello", etag='"v1"',
                      last_modified="Sat, 28 Nov 2026 10:00:00 GMT")
    r = fetch(session, http_server.url("/a"))
    assert (r.status, r.content, r.etag) == (200, b"hello", '"v1"')
    assert r.last_modified == "Sat, 28 Nov 2026 10:00:00 GMT"
    assert "nature-en-ville-kiosk" in http_server.requests[-1].headers["User-Agent"]


def test_conditional_request_reports_not_modified(http_server, session):
    http_server.route("/a", body=b"hello", etag='"v1"')
    r = fetch(session, http_server.url("/a"), etag='"v1"')
    assert r.not_modified
    assert r.content == b""
    assert http_server.requests[-1].headers["If-None-Match"] == '"v1"'
    http_server.route("/b", body=b"x", last_modified="Sat, 28 Nov 2026 10:00:00 GMT")
    r = fetch(session, http_server.url("/b"), last_modified="Sat, 28 Nov 2026 10:00:00 GMT")
    assert r.not_modified


def test_429_honours_retry_after_then_succeeds(http_server, session):
    http_server.route("/r", responses=[Reply(status=429, headers={"Retry-After": "7"}),
                                       Reply(status=503), Reply(body=b"ok")])
    waits = []
    r = fetch(session, http_server.url("/r"), sleep=waits.append, backoff=0.5)
    assert r.content == b"ok"
    assert waits == [7.0, 1.0]


def test_retry_after_is_capped(http_server, session):
    http_server.route("/r", responses=[Reply(status=429, headers={"Retry-After": "86400"}),
                                       Reply(body=b"ok")])
    waits = []
    fetch(session, http_server.url("/r"), sleep=waits.append)
    assert waits == [net.MAX_RETRY_AFTER]


def test_retries_are_bounded(http_server, session):
    http_server.route("/r", status=503)
    with pytest.raises(net.FetchError, match="503") as e:
        fetch(session, http_server.url("/r"), retries=2)
    assert e.value.status == 503
    assert http_server.hits("/r") == 3


@pytest.mark.parametrize("status", [404, 500])
def test_client_and_server_errors_fail_at_once(http_server, session, status):
    http_server.route("/e", status=status)
    with pytest.raises(net.FetchError, match=str(status)):
        fetch(session, http_server.url("/e"))
    assert http_server.hits("/e") == 1


def test_huge_body_is_cut_at_the_cap(http_server, session):
    http_server.route("/big", body=b"x" * 300_000)
    with pytest.raises(net.FetchError, match="cap"):
        fetch(session, http_server.url("/big"), max_bytes=100_000)


def test_slow_body_times_out_and_says_so(http_server, session):
    http_server.route("/slow", body=b"x" * 40_000, chunk_delay=1.5)
    start = time.monotonic()
    with pytest.raises(net.FetchError, match="timed out"):
        fetch(session, http_server.url("/slow"), timeout=(1, 0.5), retries=0)
    assert time.monotonic() - start < 5


def test_unreachable_host_is_a_fetch_error(session):
    with pytest.raises(net.FetchError, match="unreachable"):
        fetch(session, "http://127.0.0.1:9/", retries=1)


def test_cancel_stops_before_the_request(http_server, session):
    http_server.route("/a", body=b"x")
    with pytest.raises(net.Cancelled):
        fetch(session, http_server.url("/a"), cancelled=lambda: True)
    assert http_server.hits("/a") == 0


def test_the_suite_never_reaches_a_real_host(http_server):
    """KIOSK_NET=loopback (set for every test) refuses anything but this machine."""
    import os

    assert os.environ["KIOSK_NET"] == "loopback"
    s = net.make_session()
    with pytest.raises(net.FetchError, match="refused"):
        net.fetch(s, "https://api.atmosud.org/observations/stations", retries=0)
    http_server.route("/ok", body=b"fine")
    assert net.fetch(s, http_server.url("/ok")).content == b"fine"
    assert net.is_loopback("http://localhost:8000/x")
    assert net.is_loopback("http://[::1]/x")
    assert not net.is_loopback("http://10.0.0.1/x")


def test_a_body_of_one_byte_per_second_hits_the_whole_request_deadline(http_server, session):
    # Each byte comes well within the read timeout, so only a deadline held during the body
    # stops it (before: the 12 bytes were waited for, 12 s, and returned as a success).
    http_server.route("/drip", body=b"x" * 12, chunk_size=1, chunk_delay=1.0)
    t0 = time.monotonic()
    with pytest.raises(net.DeadlineExceeded, match="within 2 s"):
        fetch(session, http_server.url("/drip"), timeout=(2, 5), deadline=2.0, retries=3)
    assert time.monotonic() - t0 < 6


def test_the_deadline_covers_retries_and_waits(http_server, session):
    http_server.route("/busy", status=503, headers={"Retry-After": "1"})
    with pytest.raises(net.DeadlineExceeded):
        net.fetch(session, http_server.url("/busy"), deadline=1.5, retries=50)
    assert http_server.hits("/busy") <= 3


def test_a_chunked_body_is_read_whole_under_a_deadline(http_server, session):
    http_server.route("/ok", body=b"y" * 300_000, chunk_size=1000)
    r = fetch(session, http_server.url("/ok"), deadline=10.0)
    assert r.content == b"y" * 300_000
