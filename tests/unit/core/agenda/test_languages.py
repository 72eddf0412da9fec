"""An event's words in several languages (LANGUAGE, RFC 5545 §3.2.10), and the shipped
example feeds that carry the five."""

from __future__ import annotations

import datetime as dt

import icalendar

from kiosk.core.agenda.expand import expand
from kiosk.core.agenda.languages import base_language, texts
from kiosk.core.agenda.parse import parse_feed
from kiosk.core.paths import app_root
from kiosk.core.settings import LANGUAGES


def _event(*lines: str) -> icalendar.Event:
    body = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT",
                        "UID:e1", "DTSTART:20261205T100000Z", *lines, "END:VEVENT",
                        "END:VCALENDAR", ""])
    return next(iter(icalendar.Calendar.from_ical(body).walk("VEVENT")))


def test_language_tags_are_reduced_to_the_language():
    assert [base_language(t) for t in ("fr-FR", "EN", "de_AT", "", None)] == [
        "fr", "en", "de", "", ""]


def test_the_feed_s_own_words_are_the_ones_without_language():
    e = _event("SUMMARY;LANGUAGE=en-GB:Walk", "SUMMARY:Balade", "SUMMARY;LANGUAGE=de:Wanderung")
    assert texts(e, "SUMMARY") == ("Balade", "fr", {"en": "Walk", "de": "Wanderung"})


def test_without_a_plain_one_the_first_given_is_the_feed_s_own():
    e = _event("SUMMARY;LANGUAGE=en:Walk", "SUMMARY;LANGUAGE=fr:Balade")
    assert texts(e, "SUMMARY") == ("Walk", "en", {"fr": "Balade"})
    assert texts(_event("SUMMARY:Balade"), "SUMMARY") == ("Balade", "fr", {})
    assert texts(_event("LOCATION:x"), "DESCRIPTION") == ("", "fr", {})


def test_occurrences_carry_every_language_and_read_the_visitor_s():
    feed = parse_feed("\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT", "UID:e1",
        "DTSTART:20261205T100000Z", "DTEND:20261205T110000Z",
        "SUMMARY;LANGUAGE=fr:Atelier compost", "SUMMARY;LANGUAGE=de:Kompost-Werkstatt",
        "DESCRIPTION;LANGUAGE=fr:Apportez vos épluchures.",
        "DESCRIPTION;LANGUAGE=de:Bringen Sie Ihre Schalen mit.",
        "END:VEVENT", "END:VCALENDAR", ""]))
    (occ,) = expand(feed, dt.date(2026, 12, 1), 30, "Europe/Paris").occurrences
    assert (occ.summary, occ.language) == ("Atelier compost", "fr")
    assert occ.in_language("de") == ("Kompost-Werkstatt", "Bringen Sie Ihre Schalen mit.", "de")
    assert occ.in_language("it") == ("Atelier compost", "Apportez vos épluchures.", "fr")
    assert occ.to_json()["summary"] == "Atelier compost"  # `agenda expand` is unchanged


def test_every_shipped_example_event_speaks_the_five_languages():
    files = sorted((app_root() / "media" / "agenda").glob("*.ics"))
    assert len(files) >= 4
    for path in files:
        occurrences = expand(parse_feed(path.read_bytes()), dt.date(2026, 12, 1), 400,
                             "Europe/Paris").occurrences
        assert occurrences, path.name
        for occ in occurrences:
            assert occ.language == "fr", (path.name, occ.uid)
            for lang in LANGUAGES:
                summary, description, said = occ.in_language(lang)
                assert said == lang, (path.name, occ.uid, lang)
                assert summary, (path.name, occ.uid, lang)
                assert description, (path.name, occ.uid, lang)
            assert len({occ.in_language(lang)[0] for lang in LANGUAGES}) == 5, occ.uid
