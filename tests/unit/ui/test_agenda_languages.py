"""Agenda entries in the visitor's language: the shipped example feeds carry the five; a real
feed keeps its organiser's words and the entry says in which language they are."""

from __future__ import annotations

import pytest

from kiosk.core import i18n
from tests.unit.ui.test_agenda_screen import cards, open_agenda

pytestmark = pytest.mark.gui

# Shaped like a real municipal export (Google Calendar): one language, no LANGUAGE parameter.
REAL_FEED = "\r\n".join([
    "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
    "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Ville de Marseille — nature",
    "X-WR-TIMEZONE:Europe/Paris", "BEGIN:VEVENT", "DTSTART:20260105T170000Z",
    "DTEND:20260105T183000Z", "RRULE:FREQ=WEEKLY;BYDAY=MO", "DTSTAMP:20261120T075303Z",
    "UID:5k1v9rq2te0m3o7dl0a4c1b2@google.com", "STATUS:CONFIRMED",
    "SUMMARY:Conseil de quartier : végétaliser la rue Consolat",
    "DESCRIPTION:Réunion publique\\, inscription conseillée.",
    "LOCATION:Mairie des 1er et 7e arrondissements\\, Marseille", "TRANSP:OPAQUE",
    "END:VEVENT", "END:VCALENDAR", ""])


def test_in_german_the_shipped_feed_speaks_german(kiosk_factory, qtbot):
    k = kiosk_factory({"kiosk": {"language": "de"}})
    try:
        screen = open_agenda(k, qtbot)
        assert i18n.current_language() == "de"
        summaries = {c.text.line("summary").text for c in cards(screen)}
        assert "Das Haus der Natur in der Stadt ist geöffnet" in summaries
        assert "Maison de la nature en ville ouverte au public" not in summaries
        opening = next(c for c in cards(screen)
                       if c.text.line("summary").text.startswith("Das Haus der Natur"))
        assert opening.text.line("description").text.startswith("Eintritt frei.")
        # Translated by the feed itself: no language tag on any shipped entry.
        assert all(c.text.line("language") is None for c in cards(screen))
    finally:
        i18n.set_language("fr")


@pytest.mark.parametrize(("lang", "tag"), [("en", "(in French)"), ("de", "(auf Französisch)"),
                                           ("fr", None)])
def test_a_real_feed_keeps_its_words_and_says_their_language(kiosk_factory, qtbot, tmp_path,
                                                             lang, tag):
    feed = tmp_path / "marseille.ics"
    feed.write_text(REAL_FEED, "utf-8")
    k = kiosk_factory({"kiosk": {"language": lang},
                       "agenda": {"feeds": [{"name": "Ville de Marseille", "url": str(feed),
                                             "territory": "AMP"}]}})
    try:
        screen = open_agenda(k, qtbot)
        shown = cards(screen)
        assert shown
        for card in shown:
            assert card.text.line("summary").text == (
                "Conseil de quartier : végétaliser la rue Consolat")
            assert card.text.line("description").text == (
                "Réunion publique, inscription conseillée.")
            line = card.text.line("language")
            assert (line.text if line else None) == tag
    finally:
        i18n.set_language("fr")
