"""Agenda sync against a real HTTP server on 127.0.0.1: 200, 304, 404, 500, a timeout, a huge
body, a broken feed next to good ones, and a reboot with no network."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from kiosk.core import paths as paths_mod
from kiosk.core import settings as settings_mod
from kiosk.core.agenda import fetch as fetch_mod
from kiosk.core.agenda.cache import AgendaStore
from kiosk.core.agenda.model import FeedSource
from kiosk.core.agenda.service import AgendaService
from kiosk.core.agenda.sync import sync_agenda
from kiosk.core.net import make_session
from tests.helpers.http_server import Reply

pytestmark = pytest.mark.integration


def feed_ics(summary: str, uid: str = "walk") -> bytes:
    # Mondays and Thursdays at 10:00 Paris, from January 2026, no end: every window has some.
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\n"
        "BEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Europe/Paris:20260105T100000\r\n"
        "DTEND;TZID=Europe/Paris:20260105T120000\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TH\r\n"
        f"SUMMARY:{summary}\r\nLOCATION:Parc Borély\\, Marseille\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def make(tmp_path, http_server, *routes: str, territory: str = "AMP"):
    paths = paths_mod.resolve(tmp_path / "data").ensure()
    feeds = [{"name": f"Feed {r}", "url": http_server.url(r), "territory": "AMP",
              "colour": "#1f6fa3"} for r in routes]
    settings = settings_mod.from_dict({"kiosk": {"territory": territory},
                                       "agenda": {"feeds": feeds}})
    return paths, settings


def by_source(report):
    return {s.source: s for s in report.statuses}


def stored(paths, settings, route_url):
    feed = next(FeedSource(f.name, f.url, f.territory, f.colour)
                for f in settings.agenda.feeds if f.url == route_url)
    store = AgendaStore.open(paths.cache_db)
    try:
        return store.feed_state(feed.id)
    finally:
        store.close()


@pytest.fixture
def fast_network(monkeypatch):
    """Short timeouts so a silent server fails the test in about a second, not a minute."""
    monkeypatch.setattr(fetch_mod, "FEED_TIMEOUT", (1.0, 0.5))
    monkeypatch.setattr(fetch_mod, "FEED_RETRIES", 1)


def test_200_then_304_by_etag_is_not_downloaded_again(tmp_path, http_server):
    http_server.route("/a.ics", body=feed_ics("Balade"), etag='"v1"')
    paths, settings = make(tmp_path, http_server, "/a.ics")
    session = make_session()
    first = sync_agenda(paths, settings, session)
    assert first.ok
    assert first.changed
    assert by_source(first)["agenda:Feed /a.ics"].detail == "1 events"
    second = sync_agenda(paths, settings, session)
    assert second.ok
    assert not second.changed
    assert http_server.requests[-1].headers.get("If-None-Match") == '"v1"'
    assert http_server.hits("/a.ics") == 2
    view = AgendaService(paths, settings).load()
    assert view.occurrences
    assert {o.summary for o in view.occurrences} == {"Balade"}
    assert view.occurrences[0].location == "Parc Borély, Marseille"


def test_last_modified_is_sent_back(tmp_path, http_server):
    stamp = "Wed, 25 Nov 2026 08:00:00 GMT"
    http_server.route("/lm.ics", body=feed_ics("Atelier"), last_modified=stamp)
    paths, settings = make(tmp_path, http_server, "/lm.ics")
    assert sync_agenda(paths, settings, None).ok
    report = sync_agenda(paths, settings, None)
    assert report.ok
    assert http_server.requests[-1].headers.get("If-Modified-Since") == stamp
    assert not report.changed


def test_changed_feed_replaces_its_occurrences(tmp_path, http_server):
    http_server.route("/c.ics", responses=[Reply(body=feed_ics("Avant")),
                                           Reply(body=feed_ics("Après"))])
    paths, settings = make(tmp_path, http_server, "/c.ics")
    service = AgendaService(paths, settings)
    service.sync()
    assert {o.summary for o in service.load().occurrences} == {"Avant"}
    service.sync()
    assert {o.summary for o in service.load().occurrences} == {"Après"}


@pytest.mark.usefixtures("fast_network")
def test_failures_keep_the_last_good_data_and_never_hide_other_feeds(tmp_path, http_server):
    http_server.route("/good.ics", body=feed_ics("Toujours là", uid="good"))
    http_server.route("/flaky.ics", responses=[
        Reply(body=feed_ics("Dernière bonne version", uid="flaky")),
        Reply(status=500, body=b"oops"),
        Reply(status=404, body=b"gone"),
        Reply(body=b"<html>maintenance</html>"),
    ])
    paths, settings = make(tmp_path, http_server, "/good.ics", "/flaky.ics")
    service = AgendaService(paths, settings)
    assert service.sync().ok
    for expected in ("HTTP 500", "HTTP 404", "line 1: expected BEGIN:VCALENDAR"):
        report = service.sync()
        statuses = by_source(report)
        assert statuses["agenda:Feed /good.ics"].ok
        flaky = statuses["agenda:Feed /flaky.ics"]
        assert not flaky.ok
        assert expected in flaky.error
        assert flaky.last_success is not None  # the last good download still counts
        view = service.load()
        assert {o.summary for o in view.occurrences} == {"Toujours là",
                                                         "Dernière bonne version"}
        assert [f.name for f in view.failing] == ["Feed /flaky.ics"]


@pytest.mark.usefixtures("fast_network")
def test_503_is_retried_a_bounded_number_of_times(tmp_path, http_server):
    http_server.route("/busy.ics", responses=[Reply(status=503, headers={"Retry-After": "0"}),
                                              Reply(body=feed_ics("Enfin"))])
    paths, settings = make(tmp_path, http_server, "/busy.ics")
    assert sync_agenda(paths, settings, None).ok
    assert http_server.hits("/busy.ics") == 2
    http_server.route("/down.ics", status=503, headers={"Retry-After": "0"})
    paths2, settings2 = make(tmp_path / "2", http_server, "/down.ics")
    report = sync_agenda(paths2, settings2, None)
    assert not report.ok
    assert http_server.hits("/down.ics") == 1 + fetch_mod.FEED_RETRIES


@pytest.mark.usefixtures("fast_network")
def test_a_silent_server_times_out(tmp_path, http_server):
    http_server.route("/slow.ics", body=feed_ics("Trop tard"), delay=3)
    http_server.route("/ok.ics", body=feed_ics("À l'heure", uid="ok"))
    paths, settings = make(tmp_path, http_server, "/slow.ics", "/ok.ics")
    started = time.monotonic()
    report = sync_agenda(paths, settings, None)
    assert time.monotonic() - started < 10
    statuses = by_source(report)
    assert "timed out" in statuses["agenda:Feed /slow.ics"].error
    assert statuses["agenda:Feed /ok.ics"].ok


def test_a_feed_dripping_one_byte_per_second_is_cut_at_its_deadline(tmp_path, http_server,
                                                                      monkeypatch):
    # Before: each byte came within the read timeout, so the feed synced "without end".
    monkeypatch.setattr(fetch_mod, "FEED_DEADLINE", 2.0)
    http_server.route("/drip.ics", body=feed_ics("Au compte-gouttes"), chunk_size=1,
                      chunk_delay=1.0)
    http_server.route("/ok.ics", body=feed_ics("À l'heure", uid="ok"))
    paths, settings = make(tmp_path, http_server, "/drip.ics", "/ok.ics")
    report = sync_agenda(paths, settings, None)
    statuses = by_source(report)
    assert "within 2 s" in statuses["agenda:Feed /drip.ics"].error
    assert statuses["agenda:Feed /ok.ics"].ok


def test_a_feed_over_the_expansion_bound_is_reported_and_keeps_its_last_good_events(
        tmp_path, http_server, monkeypatch):
    from kiosk.core.agenda import expand as expand_mod
    http_server.route("/a.ics", body=feed_ics("Balade"))
    paths, settings = make(tmp_path, http_server, "/a.ics")
    assert sync_agenda(paths, settings, None).ok
    good = stored(paths, settings, http_server.url("/a.ics"))
    # Before: the bomb's expansion replaced the events (or exhausted memory) and the feed
    # was reported ok.
    monkeypatch.setattr(expand_mod, "MAX_OCCURRENCES", 5)
    http_server.route("/a.ics", body=feed_ics("Bombe").replace(b"BYDAY=MO,TH", b"BYHOUR=9,17"))
    report = sync_agenda(paths, settings, None)
    (status,) = report.statuses
    assert not status.ok
    assert "more than 5 occurrences" in status.error
    state = stored(paths, settings, http_server.url("/a.ics"))
    assert state.raw == good.raw
    service = AgendaService(paths, settings)
    try:
        shown = service.load().occurrences
    finally:
        service.close()
    assert shown
    assert {o.summary for o in shown} == {"Balade"}


def test_a_huge_body_is_refused(tmp_path, http_server, monkeypatch):
    monkeypatch.setattr(fetch_mod, "MAX_FEED_BYTES", 64 * 1024)
    http_server.route("/huge.ics", body=feed_ics("x") + b"X-PAD:" + b"y" * 300_000)
    paths, settings = make(tmp_path, http_server, "/huge.ics")
    report = sync_agenda(paths, settings, None)
    (status,) = report.statuses
    assert not status.ok
    assert "cap" in status.error
    assert stored(paths, settings, http_server.url("/huge.ics")).raw is None


def test_reboot_with_no_network_shows_the_agenda(tmp_path, http_server):
    http_server.route("/walks.ics", body=feed_ics("Balade du GR 2013"), etag='"1"')
    paths, settings = make(tmp_path, http_server, "/walks.ics")
    before = AgendaService(paths, settings)
    before.sync()
    shown = before.load().occurrences
    assert shown
    before.close()
    http_server.close()  # the network is gone; the kiosk reboots

    after = AgendaService(paths, settings)
    view = after.load()
    assert [(o.uid, o.start) for o in view.occurrences] == [(o.uid, o.start) for o in shown]
    assert view.updated is not None  # "last updated" comes from the stored sync time
    # Ten days later, still offline: the stored raw feed is expanded for the new window.
    later = after.load(now=time.time() + 10 * 86400)
    assert later.start == view.start + dt.timedelta(days=10)
    assert later.occurrences
    assert all(o.end_instant(dt.UTC) > dt.datetime.combine(later.start, dt.time(),
                                                           tzinfo=dt.UTC) - dt.timedelta(hours=2)
               for o in later.occurrences)
    report = after.sync()  # the sync fails, the agenda stays
    assert not report.ok
    assert after.load().occurrences


def test_a_feed_read_leniently_says_so_in_its_status(tmp_path, http_server):
    from tests.conftest import TEST_DATA

    body = (TEST_DATA / "agenda" / "events_unwrapped_bad_utf8.ics").read_bytes()
    http_server.route("/lenient.ics", body=body)
    paths, settings = make(tmp_path, http_server, "/lenient.ics")
    now = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC).timestamp()
    status = by_source(sync_agenda(paths, settings, make_session(),
                                   now=now))["agenda:Feed /lenient.ics"]
    assert status.ok
    assert "2 events" in status.detail
    assert "read leniently: 1 invalid UTF-8 byte(s) replaced (U+FFFD); events outside a " \
           "VCALENDAR wrapper" in status.detail
    kept = stored(paths, settings, http_server.url("/lenient.ics"))
    assert kept.warnings.count("\n") == 1


def five_language_ics(uid: str = "forum") -> bytes:
    # As the shipped feeds write it (RFC 5545 §3.2.10): the French words without LANGUAGE,
    # each translation as another SUMMARY/DESCRIPTION with its LANGUAGE parameter.
    words = {"en": ("Citizens' forum", "Bring your questions."),
             "de": ("Bürgerforum", "Bringen Sie Ihre Fragen mit."),
             "es": ("Foro ciudadano", "Traiga sus preguntas."),
             "it": ("Forum dei cittadini", "Portate le vostre domande.")}
    lines = "".join(f"SUMMARY;LANGUAGE={lang}:{s}\r\nDESCRIPTION;LANGUAGE={lang}:{d}\r\n"
                    for lang, (s, d) in words.items())
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\n"
        "BEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Europe/Paris:20260105T183000\r\n"
        "DTEND;TZID=Europe/Paris:20260105T203000\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO\r\n"
        "SUMMARY:Forum citoyen\r\nDESCRIPTION:Venez avec vos questions.\r\n"
        f"{lines}LOCATION:Maison de la nature en ville\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def test_a_five_language_feed_keeps_its_languages_fresh_stale_slow_and_broken(
        tmp_path, http_server, monkeypatch):
    monkeypatch.setattr(fetch_mod, "FEED_DEADLINE", 2.0)
    good = five_language_ics()
    http_server.route("/forum.ics", responses=[
        Reply(body=good),                                          # fresh
        Reply(status=500, body=b"maintenance"),                    # down: stale data
        Reply(body=good, chunk_size=1, chunk_delay=1.0),           # dripping past 2 s
        Reply(body=good[: len(good) // 2]),                        # cut mid-event
    ])
    paths, settings = make(tmp_path, http_server, "/forum.ics")
    service = AgendaService(paths, settings)

    def seen(lang):
        occurrences = service.load().occurrences
        assert occurrences
        return {o.in_language(lang) for o in occurrences}

    assert service.sync().ok
    assert seen("de") == {("Bürgerforum", "Bringen Sie Ihre Fragen mit.", "de")}
    assert seen("fr") == {("Forum citoyen", "Venez avec vos questions.", "fr")}
    for expected in ("HTTP 500", "within 2 s", "is never closed"):
        report = service.sync()
        (status,) = report.statuses
        assert not status.ok, expected
        assert expected in status.error
        assert status.last_success is not None
        # The last good download still speaks every language, offline or not.
        assert seen("it") == {("Forum dei cittadini", "Portate le vostre domande.", "it")}
    service.close()
