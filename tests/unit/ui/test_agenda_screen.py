"""The agenda screen as a visitor meets it: offline example events, QR codes, languages,
territory switch, empty state, and screenshots in French and English."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QScroller

from kiosk.core import i18n
from kiosk.ui.screens.agenda import AgendaScreen, EventCard

pytestmark = pytest.mark.gui


def tap(qtbot, widget, pos: QPoint | None = None):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def start_agenda_only(k) -> None:
    """The agenda's part of start_services(): the other services would go to the network."""
    k._services_started = True
    k._start_agenda()


def open_agenda(k, qtbot) -> AgendaScreen:
    w = k.window
    w.show()
    start_agenda_only(k)
    tap(qtbot, w.screens["attract"])
    tap(qtbot, w.screens["home"].tiles["agenda"])
    screen = w.screens["agenda"]
    qtbot.waitUntil(lambda: screen.view is not None and k.tasks.in_flight == 0
                    and not screen.building, timeout=10000)
    qtbot.wait(50)  # let the new cards be laid out and shown
    return screen


def cards(screen) -> list[EventCard]:
    return list(screen.cards)


def test_example_events_show_offline_grouped_by_day(kiosk, qtbot):
    seen = []
    kiosk.ctx.add_recorder(lambda kind, data: seen.append((kind, data)))
    screen = open_agenda(kiosk, qtbot)
    assert ("agenda_view", {}) in seen
    assert screen.pages.currentWidget() is screen.scroll_area
    shown = cards(screen)
    assert len(shown) >= 5
    days = [lbl.text() for lbl in screen.list.findChildren(QLabel, "day")
            if lbl.isVisibleTo(screen.list)]
    assert days
    assert days[0].startswith(("Aujourd'hui", "Demain")) or days[0][0].isupper()
    # Every example event says so, in the interface language.
    badges = {c.text.line("source").badge for c in shown}
    assert badges == {"exemple"}
    # Each feed has its colour on its events, down the card's edge and on its time.
    assert len({c.colour for c in shown}) == 2
    for c in shown:
        assert c.text.line("when").colour.name() == c.colour.lower()
        image = c.grab().toImage()
        assert image.pixelColor(5, image.height() // 2).name() == c.colour.lower()
    assert screen.updated.isVisible()
    assert screen.updated.text().startswith("Mis à jour")


def test_readable_and_touchable(kiosk, qtbot):
    screen = open_agenda(kiosk, qtbot)
    card = cards(screen)[0]
    for name in ("when", "summary", "location", "description"):
        assert card.text.line(name).font.pixelSize() >= 28, name
    # The card is as tall as its wrapped text needs, and taller when narrower.
    assert card.height() >= card.heightForWidth(card.width())
    long_text = next(c for c in cards(screen) if c.text.line("description"))
    assert long_text.heightForWidth(700) > long_text.heightForWidth(1800)
    assert card.qr_button.width() >= 60
    assert card.qr_button.height() >= 60
    assert QScroller.hasScroller(screen.scroll_area.viewport())


def test_finger_drag_scrolls_the_list(kiosk, qtbot):
    from PySide6.QtTest import QTest

    screen = open_agenda(kiosk, qtbot)
    bar = screen.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0
    viewport = screen.scroll_area.viewport()
    finger = QTest.createTouchDevice()
    # The offscreen platform's screen is 800×600: touch points beyond it are dropped.
    start = QPoint(viewport.width() // 3, 400)
    QTest.touchEvent(viewport, finger).press(0, start, viewport).commit()
    for step in range(1, 16):
        qtbot.wait(16)
        QTest.touchEvent(viewport, finger).move(0, start - QPoint(0, step * 25),
                                                viewport).commit()
    QTest.touchEvent(viewport, finger).release(0, start - QPoint(0, 375), viewport).commit()
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=3000)


def test_qr_code_hands_the_event_to_a_phone(kiosk, qtbot):
    seen = []
    kiosk.ctx.add_recorder(lambda kind, data: seen.append((kind, data)))
    screen = open_agenda(kiosk, qtbot)
    card = cards(screen)[0]
    tap(qtbot, card.qr_button)
    panel = screen.qr_panel
    assert panel.isVisible()
    assert panel.qr.data().startswith("BEGIN:VCALENDAR")
    assert card.occurrence.summary in panel.qr.data()
    assert "agenda" in panel.caption.text()
    assert ("qr_shown", {"screen": "agenda", "target": "event"}) in seen
    # The journal's allow-list accepts what the agenda records.
    from kiosk.core.journal.events import make_row

    for kind, fields in seen:
        make_row(kind, fields, time=0.0, session=None, territory="AMP", language="fr")
    assert panel.close_button.height() >= 60
    tap(qtbot, panel.close_button)
    assert not panel.isVisible()


def test_language_switch_redraws_dates_and_labels(kiosk, qtbot):
    screen = open_agenda(kiosk, qtbot)
    w = kiosk.window
    tap(qtbot, w.top_bar.language_buttons["en"])
    qtbot.waitUntil(lambda: not screen.building)
    qtbot.wait(50)
    shown = cards(screen)
    assert {c.text.line("source").badge for c in shown} == {"example"}
    assert all(c.qr_button.text() == "On my phone" for c in shown)
    days = " ".join(lbl.text() for lbl in screen.list.findChildren(QLabel, "day")
                    if lbl.isVisibleTo(screen.list))
    assert any(day in days for day in ("Monday", "Tuesday", "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"))
    assert screen.updated.text().startswith("Updated")
    i18n.set_language("fr")


def test_territory_switch_reloads_the_feeds_live(kiosk, qtbot):
    screen = open_agenda(kiosk, qtbot)
    before = {c.occurrence.summary for c in cards(screen)}
    assert not any("Nice" in c.occurrence.location for c in cards(screen))
    s = kiosk.ctx.settings
    kiosk.ctx.update_settings(dataclasses.replace(
        s, kiosk=dataclasses.replace(s.kiosk, territory="NCA")))
    qtbot.waitUntil(lambda: any("Nice" in c.occurrence.location for c in cards(screen)),
                    timeout=10000)
    assert {c.occurrence.summary for c in cards(screen)} != before


def test_empty_agenda_says_so_kindly(kiosk_factory, qtbot, tmp_path):
    empty = tmp_path / "vide.ics"
    empty.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n")
    k = kiosk_factory({"agenda": {"feeds": [{"name": "Vide", "url": str(empty),
                                             "territory": "AMP"}]}})
    screen = open_agenda(k, qtbot)
    assert screen.pages.currentWidget() is screen.message
    assert "Aucun événement" in screen.message.text()
    assert "30" in screen.message.text()
    assert cards(screen) == []


def test_without_the_service_the_screen_says_so(kiosk, qtbot):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    tap(qtbot, w.screens["home"].tiles["agenda"])
    screen = w.screens["agenda"]
    assert kiosk.ctx.agenda is None
    assert "pas disponible" in screen.message.text()


@pytest.mark.parametrize(("lang", "today"), [("fr", "Aujourd'hui"), ("en", "Today")])
def test_screenshot_in_french_and_english(kiosk_factory, tmp_path, lang, today):
    from kiosk import app

    k = kiosk_factory(lang=lang)
    start_agenda_only(k)
    out = tmp_path / f"agenda-{lang}.png"
    app.render(k, "agenda", out, (1920, 1080))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    screen = k.window.screens["agenda"]
    assert cards(screen)
    titles = [lbl.text() for lbl in screen.list.findChildren(QLabel, "day")]
    assert titles
    # The shipped example holds events most days; the first header is today's or later.
    assert titles[0].startswith(today) or titles[0][:1].isupper()
    # Something was painted besides the background: the cards and their colour strips.
    colours = {image.pixel(x, y) for x in range(0, 1920, 60) for y in range(150, 1080, 60)}
    assert len(colours) > 4


def test_html_descriptions_show_as_plain_text(qtbot):
    from kiosk.ui.screens.agenda_parts import plain_text

    assert plain_text("Jeden letzten Freitag <a href=\"https://x.org/p\">https://x.org/p</a>"
                      ) == "Jeden letzten Freitag https://x.org/p"
    assert plain_text("<b>Balade</b><br>Toulon &amp; La Seyne") == "Balade\nToulon & La Seyne"
    assert plain_text("Toulon & La Seyne") == "Toulon & La Seyne"
    assert plain_text("Sans balise") == "Sans balise"


def test_never_loaded_feed_says_the_kiosk_waits_for_the_network(kiosk_factory, qtbot,
                                                                 http_server):
    http_server.route("/agenda.ics", status=404, body=b"missing")
    k = kiosk_factory({"agenda": {"feeds": [{"name": "Ville", "territory": "AMP",
                                             "url": http_server.url("/agenda.ics")}]}})
    screen = open_agenda(k, qtbot)
    qtbot.waitUntil(lambda: screen.view is not None and bool(screen.view.failing),
                    timeout=10000)
    assert "attend le réseau" in screen.message.text()
    assert screen.pages.currentWidget() is screen.message
    assert any(p.source == "agenda" and "404" in p.message for p in k.ctx.problems.latest())
    (status,) = k.ctx.status.collect()
    assert status.source == "agenda:Ville"
    assert not status.ok


def test_time_lines(qtbot):
    import datetime as dt

    from kiosk.core.agenda.model import Occurrence, zone
    from kiosk.ui.screens.agenda_parts import when_text

    tz = zone()
    day = dt.date(2026, 12, 5)

    def at(d, h, m=0):
        return dt.datetime(2026, 12, d, h, m, tzinfo=tz)

    assert when_text(Occurrence("a", at(5, 10), at(5, 12), False), day) == "10:00 – 12:00"
    assert when_text(Occurrence("b", at(5, 21, 30), at(5, 21, 30), False), day) == "21:30"
    assert when_text(Occurrence("c", dt.date(2026, 12, 5), dt.date(2026, 12, 6), True),
                     day) == "Toute la journée"
    assert when_text(Occurrence("d", dt.date(2026, 12, 4), dt.date(2026, 12, 8), True),
                     day) == "Jusqu'au lun. 7 décembre"
    assert when_text(Occurrence("e", at(5, 0), at(6, 0), False), day) == "Toute la journée"
    assert when_text(Occurrence("f", at(5, 22), at(6, 2), False), day) == "22:00 – 02:00"
    assert when_text(Occurrence("g", at(5, 10), at(7, 18), False), day) == \
        "10:00 → lun. 7 décembre, 18:00"
    assert when_text(Occurrence("h", at(3, 10), at(7, 18), False), day) == \
        "Jusqu'au lun. 7 décembre, 18:00"
    i18n.set_language("en")
    assert when_text(Occurrence("a", at(5, 10), at(5, 12), False), day) == \
        "10:00\u202fAM – 12:00\u202fPM"


def test_an_installed_agenda_bundle_shows_at_once(kiosk, qtbot):
    import shutil

    from tests.conftest import TEST_DATA

    screen = open_agenda(kiosk, qtbot)
    assert not any(c.occurrence.uid == "orphan-1" for c in cards(screen))
    current = kiosk.ctx.paths.installed("agenda") / "current"
    current.mkdir(parents=True)
    shutil.copy(TEST_DATA / "agenda" / "orphan_override.ics", current / "hors-reseau.ics")
    kiosk.ctx.content.notify_installed(["agenda"])
    qtbot.waitUntil(lambda: kiosk.tasks.in_flight == 0 and not screen.building, timeout=10000)
    feeds = {f.name for f in screen.view.feeds.values()}
    assert "hors reseau" in feeds


def test_a_sync_that_changes_nothing_keeps_the_list_and_its_scroll(kiosk, qtbot):
    screen = open_agenda(kiosk, qtbot)
    bar = screen.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    first = screen.cards[0]
    kiosk.agenda_sync.sync()
    qtbot.waitUntil(lambda: kiosk.tasks.in_flight == 0, timeout=10000)
    qtbot.wait(50)
    assert screen.cards[0] is first
    assert bar.value() == bar.maximum() // 2
    # A territory switch does rebuild it.
    s = kiosk.ctx.settings
    kiosk.ctx.update_settings(dataclasses.replace(
        s, kiosk=dataclasses.replace(s.kiosk, territory="TPM")))
    qtbot.waitUntil(lambda: screen.cards and screen.cards[0] is not first, timeout=10000)
