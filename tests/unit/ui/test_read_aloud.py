"""Read-aloud with Qt's mock engine: the page, the focused control, quiz answers, agenda
entries, live values with their units; the sentence highlighted; stops on a page change or
the end of the visit; the volume of the panel."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.core.sensors.cache import ObservationCache
from kiosk.core.sensors.model import Observation
from kiosk.ui.screens.videos import VideoCard
from tests.helpers.kiosk import with_sensors

pytestmark = pytest.mark.gui
MOCK = {"display": {"speech_engine": "mock"}}


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def said(speaker) -> list[str]:
    """What was said, is being said and is queued, in order."""
    return list(speaker.history) + [u.text for u in speaker.queue]


def read_aloud_on(k, qtbot):
    w = k.window
    if w.current[0] == "attract":
        tap(qtbot, w.screens["attract"])
    w.access.set_option("read_aloud", True)
    return w.access.speaker


@pytest.fixture
def k(kiosk_factory):
    k = kiosk_factory(MOCK)
    k.window.show()
    return k


def test_the_shown_page_is_read_from_its_title_and_the_voice_speaks(k, qtbot):
    speaker = read_aloud_on(k, qtbot)
    assert speaker.engine_name == "mock"
    w = k.window
    w.go("videos")
    assert speaker.current.text == "Vidéos"  # the bar's title first
    screen = w.screens["videos"]
    qtbot.waitUntil(lambda: any(c.isVisible() for c in screen.findChildren(VideoCard)),
                    timeout=10000)
    w.access.read_page()
    texts = said(speaker)
    assert any("L'îlot de chaleur urbain" in t for t in texts)
    # The engine really speaks: the first sentence starts and ends, the next follows.
    first = speaker.current
    assert first is not None
    qtbot.waitUntil(lambda: speaker.current is not first, timeout=5000)


def test_the_sentence_being_read_is_highlighted_then_put_back(k, qtbot):
    speaker = read_aloud_on(k, qtbot)
    w = k.window
    w.go("home")
    greeting = w.screens["home"].greeting
    original = greeting.text()
    qtbot.waitUntil(lambda: w.access.highlight.marked_label is greeting, timeout=8000)
    assert "background-color" in greeting.text()  # the sentence is marked in the label
    assert greeting.textFormat() == Qt.TextFormat.RichText
    speaker.stop()
    assert greeting.text() == original
    assert greeting.textFormat() != Qt.TextFormat.RichText


def test_reading_stops_on_a_page_change_and_at_the_end_of_the_visit(k, qtbot):
    speaker = read_aloud_on(k, qtbot)
    w = k.window
    w.go("home")
    assert any("Bienvenue" in t for t in said(speaker))
    w.go("agenda")
    queued = [u.text for u in speaker.queue]
    assert not any("Bienvenue" in t for t in queued)
    assert speaker.current.text == "Agenda"
    w.end_session()
    assert not speaker.speaking
    assert not w.access.choices.read_aloud
    w.go("home")  # the next visitor is not read to
    assert not speaker.speaking


def test_each_control_reached_by_the_keypad_is_spoken(k, qtbot):
    speaker = read_aloud_on(k, qtbot)
    w = k.window
    qtbot.keyClick(w.windowHandle(), Qt.Key.Key_Tab)
    assert speaker.current.text == "Accueil, bouton"
    qtbot.keyClick(w.windowHandle(), Qt.Key.Key_Tab)
    assert speaker.current.text == "Accessibilité, bouton"  # "Retour" is off on home
    qtbot.keyClick(w.windowHandle(), Qt.Key.Key_Tab)
    assert speaker.current.text == "Français, bouton, activé"


def test_quiz_question_and_answers_are_read(k, qtbot):
    speaker = read_aloud_on(k, qtbot)
    w = k.window
    w.go("exhibit:heat-island")
    screen = w.screens["exhibit"]
    qtbot.waitUntil(lambda: screen.module is not None, timeout=10000)
    quiz_at = next(i for i, p in enumerate(screen.module.pages) if p.kind == "quiz")
    for _ in range(quiz_at):
        tap(qtbot, screen.next_button)
    texts = said(speaker)
    assert "Quand l'îlot de chaleur urbain est-il le plus marqué ?" in texts
    for choice in ("À midi, en plein soleil", "La nuit, par temps calme et clair",
                   "Les jours de vent et de pluie"):
        assert choice in texts
    assert "Page 4 sur 6" in texts or any(t.startswith("Page ") for t in texts)


def test_agenda_entries_are_read(k, qtbot):
    k._services_started = True
    k._start_agenda()
    speaker = read_aloud_on(k, qtbot)
    w = k.window
    w.go("agenda")
    screen = w.screens["agenda"]
    qtbot.waitUntil(lambda: screen.view is not None and k.tasks.in_flight == 0
                    and not screen.building and bool(screen.cards), timeout=10000)
    qtbot.wait(50)
    w.access.read_page()
    texts = " ".join(said(speaker))
    card = next(iter(screen.cards))
    assert card.occurrence.summary in texts
    assert "Sur mon téléphone" in texts


def _obs(station, quantity, value, unit, ago_s):
    t = dt.datetime.fromtimestamp((time.time() - ago_s) // 600 * 600, dt.UTC)
    return Observation("project", station, quantity, value, unit, t, "valid", None, 600)


def test_live_values_are_read_with_their_units_in_words(k, qtbot):

    with ObservationCache(k.core.paths.cache_db) as cache:
        cache.insert([_obs("amp-vieux-port", "pm25", 12.0, "µg/m³", 1200),
                      _obs("amp-vieux-port", "temperature", 14.2, "°C", 1200)])
    with_sensors(k)
    speaker = read_aloud_on(k, qtbot)
    w = k.window
    w.go("sensors")
    screen = w.screens["sensors"]
    qtbot.waitUntil(lambda: k.tasks.in_flight == 0 and any(
        lbl.text().endswith("µg/m³") for lbl in screen.findChildren(QLabel)
        if lbl.isVisible()), timeout=10000)
    w.access.read_page()
    texts = " ".join(said(speaker))
    assert "12 microgrammes par mètre cube" in texts
    assert "14,2 degrés Celsius" in texts
    assert "µg/m³" not in texts, texts


def test_the_panel_volume_sets_the_voice_volume(k, qtbot):
    speaker = read_aloud_on(k, qtbot)
    w = k.window
    tap(qtbot, w.top_bar.access_button)
    panel = w.access.panel
    before = speaker.tts.volume()
    tap(qtbot, panel.louder)
    assert speaker.tts.volume() == pytest.approx(before + 0.1, abs=0.01)
    for _ in range(12):
        if panel.quieter.isEnabled():
            tap(qtbot, panel.quieter)
    assert speaker.tts.volume() == 0
    assert panel.volume_label.text() == "Volume de la voix : 0 sur 10"


def test_each_language_has_its_voice_in_the_speech_engine(k, qtbot):
    """The locale follows the interface language (the mock engine has English voices only,
    so the check is that English is picked; speech-dispatcher has all five)."""
    speaker = read_aloud_on(k, qtbot)
    tap(qtbot, k.window.top_bar.language_buttons["en"])
    k.window.access.read_page()
    assert speaker.tts.locale().language() == speaker.tts.locale().Language.English


def test_the_volume_resets_with_the_visit_and_the_voice_keeps_quiet_over_a_video(k, qtbot):
    speaker = read_aloud_on(k, qtbot)
    w = k.window
    default = speaker.tts.volume()
    w.access.change_volume(3)
    assert speaker.tts.volume() > default
    w.end_session()
    assert speaker.tts.volume() == pytest.approx(default)
    # A video playing: nothing more is said over its sound.
    read_aloud_on(k, qtbot)
    w.go("videos")
    videos = w.screens["videos"]
    qtbot.waitUntil(lambda: bool(videos.findChildren(VideoCard)), timeout=10000)
    videos.open_video("heat-island")
    qtbot.waitUntil(lambda: videos.player.is_playing(), timeout=10000)
    qtbot.waitUntil(lambda: not speaker.speaking, timeout=5000)
    said_before = len(speaker.history)
    w.access.read_page()  # the speak key while the video plays
    assert not speaker.speaking
    assert len(speaker.history) == said_before
    assert videos.player.is_playing()
