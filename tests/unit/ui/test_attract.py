"""The attract loop (issue 13, item 3): real content in turn — the modules, the live value
nearest the kiosk, the next event, the trail — in the five languages in turn, and a touch that
opens home in the language shown at that instant."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt

from kiosk.core import i18n
from kiosk.core.exhibits import load_exhibition
from kiosk.core.sensors.service import SensorsService
from kiosk.core.sensors.views import LiveView
from kiosk.core.settings import LANGUAGES
from kiosk.ui import attract_slides
from kiosk.ui.periodic_sync import start_agenda
from tests.helpers.kiosk import with_sensors

pytestmark = pytest.mark.gui
DEMO = "Données de démonstration : des valeurs générées, pas des mesures"


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def loaded(k, qtbot, *kinds: str):
    """The attract screen once its slides hold `kinds` (and the modules)."""
    screen = k.window.screens["attract"]
    screen.load(force=True)
    qtbot.waitUntil(lambda: k.tasks.in_flight == 0 and all(
        any(s.kind == kind for s in screen.slides) for kind in ("module", *kinds)),
        timeout=15_000)
    return screen


def with_services(k):
    """The agenda (its shipped example feeds, offline) and the sensors (the demonstration
    dataset: the cache holds no measurement), without their network syncs."""
    start_agenda(k.ctx, k.window, time.time).stop()
    with_sensors(k)


def test_the_loop_shows_the_shipped_content_in_turn_in_five_languages(kiosk, qtbot):
    with_services(kiosk)
    screen = loaded(kiosk, qtbot, "live", "event", "trail")
    exhibition = load_exhibition(kiosk.core.paths.content_dir("exhibits"))
    seen: dict[str, set[str]] = {}
    titles: dict[tuple[str, str], str] = {}
    screen.enter(None)  # the loop starts again: over five rounds, every pair shows
    for tick in range(len(screen.slides) * len(LANGUAGES)):
        if tick:
            screen.advance()
        slide, lang = screen.position()
        words = screen.words()
        assert words.title
        seen.setdefault(slide.key, set()).add(lang)
        titles[slide.key, lang] = words.title
        if slide.kind == "live":
            assert words.note == i18n.gettext_in(lang, DEMO)  # generated, and it says so
        assert screen.caption() == i18n.gettext_in(lang, "Touchez l'écran pour commencer")
    # Every module and every piece of news, each in every language.
    assert {key for key in seen if key.startswith("module:")} == {
        f"module:{m.id}" for m in exhibition.modules}
    assert {"welcome", "live", "event", "trail"} <= set(seen)
    assert all(langs == set(LANGUAGES) for langs in seen.values())
    heat = exhibition.module("heat-island")
    assert titles["module:heat-island", "en"] == heat.title.get("en") == "The urban heat island"
    assert titles["module:heat-island", "de"] == heat.title.get("de")
    assert titles["live", "fr"] == "Particules fines PM2,5"
    assert titles["trail", "fr"] == "GR 2013"
    trail = screen._news["trail"]
    assert trail.words("fr", time.time()).body.startswith("4 étapes")
    assert trail.words("en", time.time()).body.startswith("4 stops")
    event = screen._news["event"]  # the first example event still to come
    assert event.occurrence.end_instant(dt.UTC).timestamp() > time.time()
    assert titles["event", "it"] == event.occurrence.summary
    # Each slide is drawn (into its pixmap) without error.
    screen.repaint()
    assert screen._content is not None
    assert not screen._content.isNull()


@pytest.mark.parametrize(("ticks", "lang", "back"), [(1, "en", "Back"), (4, "de", "Zurück")])
def test_a_touch_opens_home_in_the_language_on_screen(kiosk, qtbot, ticks, lang, back):
    w = kiosk.window
    screen = w.screens["attract"]
    for _ in range(ticks):
        screen.advance()
    assert screen.language_shown() == lang
    tap(qtbot, screen)
    assert w.current[0] == "home"
    assert i18n.current_language() == lang
    assert w.top_bar.back_button.text() == back
    assert w.top_bar.language_buttons[lang].isChecked()
    # The visit ends: the next one starts again from the kiosk's own language.
    w.end_session()
    assert i18n.current_language() == "fr"
    assert screen.language_shown() == "fr"


def test_with_no_agenda_and_no_live_data_the_loop_shows_the_rest(kiosk, qtbot):
    assert kiosk.ctx.sensors is None
    assert kiosk.ctx.agenda is None
    screen = loaded(kiosk, qtbot, "trail")
    kinds = {s.kind for s in screen.slides}
    assert kinds == {"welcome", "module", "trail"}
    for _ in range(len(screen.slides)):
        screen.advance()
        screen.repaint()
        assert screen.words().title


def test_no_value_and_no_event_make_no_slide():
    assert attract_slides.nearest_reading(LiveView("AMP", [], False, time.time())) is None

    class Empty:  # an AgendaView's shape with nothing in it
        occurrences: list = []
        feeds: dict = {}

    assert attract_slides.next_event(Empty(), time.time()) is None


@pytest.mark.parametrize("count", range(1, 13))
def test_every_slide_comes_in_every_language_and_both_change_at_each_tick(count):
    n = len(LANGUAGES)
    shown = [attract_slides.position(k, count) for k in range(count * n)]
    assert set(shown) == {(s, lang) for s in range(count) for lang in range(n)}
    for a, b in zip(shown, shown[1:], strict=False):
        assert a[1] != b[1]
        assert count == 1 or a[0] != b[0]


@pytest.mark.parametrize("size", [(1280, 800), (1080, 1920), (3840, 2160)],
                         ids=["1280x800", "portrait", "4k"])
def test_every_slide_fits_its_card_in_every_language(kiosk_factory, qtbot, size):
    """The slides are painted, not widgets (tests/helpers/fit.py cannot see them): each line
    is measured with its own font against its rectangle, and the card against the window."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetrics

    from kiosk.ui.widgets import attract_card

    k = kiosk_factory(size=size)
    k.window.setFixedSize(*size)
    k.window.show()
    with_services(k)
    screen = loaded(k, qtbot, "live", "event", "trail")
    t = k.ctx.theme
    card, invitation = screen._frames()
    window = QRectF(screen.rect())
    assert window.contains(card)
    assert window.contains(QRectF(invitation))
    assert card.bottom() < invitation.top()
    local = QRectF(0, 0, card.width(), card.height())
    for slide in screen.slides:
        _visual, box = attract_card.split(local, t, slide.kind != "welcome")
        for lang in LANGUAGES:
            words = slide.words(lang, time.time())
            lines = attract_card.layout_words(box, words, t, demo=slide.kind == "live")
            assert {line.text for line in lines} == {words.kicker, words.title, words.body,
                                                     words.note} - {""}
            for line in lines:
                where = f"{slide.key} {lang} {line.text!r}"
                assert box.adjusted(-1, -1, 1, 1).contains(line.rect), where
                metrics = QFontMetrics(line.font)
                need = metrics.boundingRect(0, 0, int(line.rect.width()), 100_000,
                                            attract_card.WRAP, line.text)
                assert need.height() <= line.rect.height() + 1, where
                assert max(metrics.horizontalAdvance(w) for w in line.text.split()) <= (
                    line.rect.width()), where


def test_the_loop_speaks_the_kiosk_language_first(kiosk_factory, qtbot):
    k = kiosk_factory({"kiosk": {"language": "it"}})
    k.window.show()
    screen = k.window.screens["attract"]
    assert screen.language_shown() == "it"
    screen.advance()
    assert screen.language_shown() == "fr"
    assert sorted(screen.languages()) == sorted(LANGUAGES)


def test_a_failing_sensor_service_leaves_the_rest_and_says_why(kiosk, qtbot):
    db = kiosk.core.paths.cache_db
    db.parent.mkdir(parents=True, exist_ok=True)
    db.mkdir()  # a cache that cannot be opened
    sensors = SensorsService(kiosk.core.paths, kiosk.ctx.settings)
    with pytest.raises(Exception):  # noqa: B017 - whatever SQLite raises for it
        sensors.open()
    kiosk.ctx.sensors = sensors
    screen = loaded(kiosk, qtbot, "trail")
    assert {s.kind for s in screen.slides} == {"welcome", "module", "trail"}
    assert any((p.source, p.item) == ("sensors", "attract loop")
               for p in kiosk.ctx.problems.latest(20))


def test_the_cycle_timer_turns_slide_and_language(kiosk_factory, qtbot):
    k = kiosk_factory({"session": {"attract_caption_seconds": 1}})
    k.window.show()
    screen = k.window.screens["attract"]
    first = screen.position()
    qtbot.waitUntil(lambda: screen.language_shown() == "en", timeout=3000)
    assert screen.position()[0].key != first[0].key or len(screen.slides) == 1
    tap(qtbot, screen)
    assert i18n.current_language() == "en"
    assert k.window.screens["home"].greeting.text() == i18n.gettext_in(
        "en", "Bienvenue à la maison de la nature en ville")


@pytest.mark.parametrize("kind", ["module", "live", "event", "trail"])
def test_the_loop_can_start_on_a_kind_of_slide(kiosk, qtbot, kind):
    """`kiosk screenshot --screen attract:event` pictures a slide of data for the guides."""
    with_services(kiosk)
    kiosk.window.go(f"attract:{kind}")
    screen = kiosk.window.current_screen()
    qtbot.waitUntil(lambda: screen.position()[0].kind == kind, timeout=15_000)
    assert screen.language_shown() == "fr"


@pytest.mark.parametrize(("newest_ago_s", "age"), [(40 * 60, r"il y a (3\d|40) minutes"),
                                                   (6 * 3600, r"il y a (5|6) heures")])
def test_a_measured_value_says_its_age_fresh_or_stale(kiosk, qtbot, newest_ago_s, age):
    # Real-shaped rows in cache.db (the project's own feed, as a sync stores them) for the
    # nearest site: the slide shows the measurement with its age, never "démonstration".
    import re

    from tests.unit.ui.test_sensors_screen import fill, history

    fill(kiosk.core.paths, history("project", "amp-vieux-port", "pm25", 12, newest_ago_s,
                                   quality="corrected", period=600))
    with_services(kiosk)
    screen = loaded(kiosk, qtbot, "live")
    live = next(s for s in screen.slides if s.kind == "live")  # one per turn of the loop
    words = live.words("fr", time.time())
    assert not live.reading.demo
    assert words.note != DEMO
    assert re.search(age, words.note), words.note
