"""Where feeds come from (settings, an agenda bundle's feeds.toml and ICS files, the shipped
example), the cache, the service's offline load, and what a QR code hands to a phone."""

from __future__ import annotations

import datetime as dt
import shutil

import icalendar
import pytest

from kiosk.core import paths as paths_mod
from kiosk.core import settings as settings_mod
from kiosk.core.agenda.cache import AgendaStore
from kiosk.core.agenda.feeds import FeedsFileError, active_feeds, read_feeds_file
from kiosk.core.agenda.model import Occurrence, zone
from kiosk.core.agenda.service import AgendaService
from kiosk.core.agenda.share import event_ics, qr_payload
from kiosk.core.agenda.sync import sync_agenda
from tests.conftest import TEST_DATA


@pytest.fixture
def paths(tmp_path):
    return paths_mod.resolve(tmp_path / "data").ensure()


def bundle(paths) -> object:
    """An installed agenda bundle (the content kind's `current` folder)."""
    current = paths.installed("agenda") / "current"
    current.mkdir(parents=True)
    return current


def settings_for(territory: str, feeds=None):
    data = {"kiosk": {"territory": territory}}
    if feeds is not None:
        data["agenda"] = {"feeds": feeds}
    return settings_mod.from_dict(data)


def test_default_settings_point_to_the_shipped_example_of_each_territory(paths):
    for code in ("AMP", "NCA", "TPM"):
        feeds, problems = active_feeds(paths, settings_for(code))
        assert problems == []
        assert len(feeds) == 2
        assert all(f.example for f in feeds)
        assert len({f.colour for f in feeds}) == 2
        report = sync_agenda(paths, settings_for(code), None)
        assert report.ok, report.statuses


def test_shipped_example_never_runs_dry(paths):
    """The example feeds are recurring: years from now they still fill the window."""
    from kiosk.core.agenda.expand import expand
    from kiosk.core.agenda.parse import parse_feed

    for ics in sorted(paths.shipped_content("agenda").glob("*.ics")):
        feed = parse_feed(ics.read_bytes())
        assert feed.skipped == []
        for year in (2027, 2030, 2035):
            assert expand(feed, dt.date(year, 2, 1), 30, "Europe/Paris").occurrences, ics.name


def test_only_the_current_territory_feeds_are_active(paths):
    feeds = [{"name": "Marseille", "url": "https://example.org/amp.ics", "territory": "AMP"},
             {"name": "Nice", "url": "https://example.org/nca.ics", "territory": "NCA"},
             {"name": "Nice bis", "url": "https://example.org/nca2.ics", "territory": "NCA"}]
    names = [f.name for f in active_feeds(paths, settings_for("NCA", feeds))[0]]
    assert names == ["Nice", "Nice bis"]


def test_bundle_feeds_toml_replaces_the_settings_and_adds_its_ics_files(paths):
    current = bundle(paths)
    (current / "feeds.toml").write_text(
        '[[feeds]]\nname = "Ville de Toulon"\nurl = "https://example.org/toulon.ics"\n'
        'territory = "TPM"\ncolour = "#8e3b8a"\n\n'
        '[[feeds]]\nname = "Partout"\nurl = "commun.ics"\nterritory = "*"\n', "utf-8")
    shutil.copy(TEST_DATA / "agenda" / "orphan_override.ics", current / "commun.ics")
    (current / "TPM").mkdir()
    shutil.copy(TEST_DATA / "agenda" / "thisandfuture.ics", current / "TPM" / "balades.ics")
    (current / "NCA").mkdir()
    shutil.copy(TEST_DATA / "agenda" / "bom_lf.ics", current / "NCA" / "nice.ics")
    feeds, problems = active_feeds(paths, settings_for("TPM"))
    assert problems == []
    assert [(f.name, f.url, f.example) for f in feeds] == [
        ("Ville de Toulon", "https://example.org/toulon.ics", False),
        ("Partout", "commun.ics", False),  # named by feeds.toml: not added a second time
        ("balades", "TPM/balades.ics", False),
    ]
    assert feeds[0].colour == "#8e3b8a"


def test_bundle_ics_without_feeds_toml_keeps_the_settings_feeds(paths):
    current = bundle(paths)
    shutil.copy(TEST_DATA / "agenda" / "orphan_override.ics", current / "hors-reseau.ics")
    settings = settings_for("AMP")
    feeds, _ = active_feeds(paths, settings)
    assert [f.name for f in feeds][-1] == "hors reseau"
    # The example feeds still resolve: relative paths fall back to the shipped media/agenda.
    report = sync_agenda(paths, settings, None)
    assert report.ok, report.statuses
    view = AgendaService(paths, settings).load(now=dt.datetime(2026, 12, 1, tzinfo=zone())
                                               .timestamp())
    assert "orphan-1" in {o.uid for o in view.occurrences}


@pytest.mark.parametrize(("text", "message"), [
    ("feeds = 3", "expected a list"),
    ('[[feeds]]\nurl = "a.ics"\n', "name"),
    ('[[feeds]]\nname = "x"\nurl = "a.ics"\nterritory = "PAR"\n', "territory"),
    ('[[feeds]]\nname = "x"\nurl = "a.ics"\ncolor = "#fff"\n', "unknown key"),
    ("[[feeds]\n", "feeds.toml"),
])
def test_broken_feeds_toml_is_reported(tmp_path, text, message):
    path = tmp_path / "feeds.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(FeedsFileError, match=message):
        read_feeds_file(path)


def test_broken_feeds_toml_falls_back_to_settings_and_says_so(paths):
    current = bundle(paths)
    (current / "feeds.toml").write_text("not toml at all [", "utf-8")
    feeds, problems = active_feeds(paths, settings_for("AMP"))
    assert len(problems) == 1
    assert all(f.example for f in feeds)


def test_store_keeps_raw_and_occurrences_across_connections(paths):
    settings = settings_for("AMP")
    sync_agenda(paths, settings, None, now=dt.datetime(2026, 12, 1, 9, tzinfo=zone())
                .timestamp())
    store = AgendaStore.open(paths.cache_db)
    feeds, _ = active_feeds(paths, settings)
    state = store.feed_state(feeds[0].id)
    assert state.raw.startswith(b"BEGIN:VCALENDAR")
    assert state.expanded_start == "2026-12-01"
    lo = dt.datetime(2026, 12, 1, tzinfo=zone())
    occ = store.occurrences([f.id for f in feeds], lo, lo + dt.timedelta(days=30))
    store.close()
    assert occ
    assert all(isinstance(o.start, dt.datetime) and o.start.tzinfo for o in occ if not o.all_day)


def test_corrupt_cache_is_rebuilt_and_refilled(paths):
    paths.cache_db.write_bytes(b"this is not a database" * 100)
    view = AgendaService(paths, settings_for("NCA")).load()
    assert view.occurrences  # the shipped example is read again, no network needed


def test_view_groups_by_local_day_and_shows_long_events_once():
    tz = zone()
    start = dt.date(2026, 12, 5)
    from kiosk.core.agenda.service import AgendaView

    view = AgendaView(start, 3, occurrences=[
        Occurrence("a", dt.date(2026, 12, 4), dt.date(2026, 12, 7), True, "Expo"),
        Occurrence("b", dt.datetime(2026, 12, 6, 23, 30, tzinfo=tz),
                   dt.datetime(2026, 12, 7, 0, 30, tzinfo=tz), False, "Nuit"),
        Occurrence("c", dt.datetime(2026, 12, 7, 10, tzinfo=tz),
                   dt.datetime(2026, 12, 7, 10, tzinfo=tz), False, "Instant"),
    ])
    # "a" began before the window: it heads the first day; "b" crosses midnight: its start
    # day only.
    assert [(d.day, [o.uid for o in items]) for d, items in view.by_day()] == [
        (5, ["a"]), (6, ["b"]), (7, ["c"])]


def test_qr_hands_the_url_or_the_event_itself():
    tz = zone()
    occ = Occurrence("walk-1@exemple", dt.datetime(2026, 12, 5, 10, tzinfo=tz),
                     dt.datetime(2026, 12, 5, 12, tzinfo=tz), False, "Balade, GR 2013",
                     "Gare de L'Estaque", "x" * 3000)
    assert qr_payload(Occurrence(**{**occ.__dict__, "url": "https://example.org/e/1"})) \
        == "https://example.org/e/1"
    text = qr_payload(occ)
    assert len(text.encode()) <= 480
    cal = icalendar.Calendar.from_ical(text)
    (ev,) = cal.walk("VEVENT")
    assert str(ev["SUMMARY"]) == "Balade, GR 2013"
    assert ev.decoded("DTSTART") == dt.datetime(2026, 12, 5, 9, tzinfo=dt.UTC)
    assert ev.decoded("DTEND") == dt.datetime(2026, 12, 5, 11, tzinfo=dt.UTC)
    day = Occurrence("d", dt.date(2026, 12, 5), dt.date(2026, 12, 6), True, "Fête")
    (ev,) = icalendar.Calendar.from_ical(event_ics(day)).walk("VEVENT")
    assert ev.decoded("DTSTART") == dt.date(2026, 12, 5)


def test_an_unexpected_error_on_one_feed_leaves_the_others(paths, monkeypatch):
    from kiosk.core.agenda import sync as sync_mod

    real = sync_mod.parse_feed

    def exploding(raw):
        if b"exemple-maison" in raw or b"Maison de la nature en ville (exemple)" in raw:
            raise RuntimeError("simulated bug")
        return real(raw)

    monkeypatch.setattr(sync_mod, "parse_feed", exploding)
    report = sync_agenda(paths, settings_for("AMP"), None)
    ok = {s.source: s.ok for s in report.statuses}
    assert ok == {"agenda:Maison de la nature en ville": False, "agenda:Balades et ateliers": True}
    failed = next(s for s in report.statuses if not s.ok)
    assert "simulated bug" in failed.error


def test_the_same_event_in_two_feeds_shows_once(paths, tmp_path):
    ics = (TEST_DATA / "agenda" / "bom_lf.ics").read_bytes()
    (tmp_path / "ville.ics").write_bytes(ics)
    (tmp_path / "asso.ics").write_bytes(ics)
    settings = settings_for("AMP", [
        {"name": "Ville", "url": str(tmp_path / "ville.ics"), "territory": "AMP"},
        {"name": "Asso", "url": str(tmp_path / "asso.ics"), "territory": "AMP"}])
    view = AgendaService(paths, settings).load(
        now=dt.datetime(2026, 12, 1, tzinfo=zone()).timestamp())
    assert [o.uid for o in view.occurrences] == ["bom-1"]
    assert view.feeds[view.occurrences[0].feed_id].name == "Ville"


def test_today_comes_from_the_kiosk_clock(paths):
    trusted = dt.datetime(2031, 3, 30, 0, 30, tzinfo=zone()).timestamp()
    view = AgendaService(paths, settings_for("TPM"), clock=lambda: trusted).load()
    assert view.start == dt.date(2031, 3, 30)
    assert view.occurrences  # the example runs years ahead
    assert all(o.end_instant(zone()) > dt.datetime(2031, 3, 30, tzinfo=zone())
               for o in view.occurrences)
