"""Finishing touches a visitor notices (issue 13, item 8): the idle countdown on its own card
with a large "continue" and never "0 seconds"; farewell faces with readable words and a real
"skip" button; no "install (0)" on the USB page; finger scrolling in every scroll area."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QGraphicsView,
    QLabel,
    QScroller,
)

from kiosk.core import i18n
from kiosk.core.content import store
from kiosk.ui.content_bridge import ContentBridge
from kiosk.ui.screens import SCREENS
from tests.helpers import fit
from tests.helpers.kiosk import open_staff_screen
from tests.unit.ui.test_usb_screen import _kiosk, stick  # noqa: F401 - the fixture

pytestmark = pytest.mark.gui


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def settle(k, qtbot):
    qtbot.waitUntil(lambda: k.tasks.in_flight == 0, timeout=15_000)
    QApplication.processEvents()


# --- the idle countdown ---------------------------------------------------------------------

def test_the_countdown_is_a_card_with_a_large_continue_and_never_zero(kiosk_factory, qtbot):
    k = kiosk_factory({"session": {"idle_seconds": 3, "countdown_seconds": 2}},
                      size=(1280, 800))
    w = k.window
    w.setFixedSize(1280, 800)
    w.show()
    tap(qtbot, w.screens["attract"])
    qtbot.waitUntil(w.countdown.isVisible, timeout=4000)
    t = k.ctx.theme
    card, button = w.countdown.card, w.countdown.button
    # A card of its own, in the middle of the dimmed screen, holding question, time, button.
    frame = QRect(card.mapTo(w, card.rect().topLeft()), card.size())
    assert w.rect().contains(frame)
    assert frame.width() < w.width() * 0.8
    assert abs(frame.center().x() - w.rect().center().x()) <= 2
    for part in (w.countdown.question, w.countdown.seconds, button):
        assert part.parentWidget() is card
    assert card.autoFillBackground() or card.testAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    assert button.height() >= t.touch * 2
    assert button.width() >= t.touch * 5
    assert fit.problems(w.countdown) == []
    texts = set()
    while w.countdown.isVisible():
        texts.add(w.countdown.seconds.text())
        qtbot.wait(50)
    assert texts
    assert all(" 0 " not in text for text in texts), texts
    assert w.current[0] == "attract"
    # However the clock rounds, the card says at least one second.
    w.countdown.set_remaining(0)
    assert w.countdown.seconds.text() == "Retour à l'accueil dans 1 seconde"


# --- the farewell -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "de"])
def test_farewell_faces_carry_readable_words_and_skip_is_a_real_button(kiosk, qtbot, lang):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    w.set_language(lang)
    w.go("farewell")
    screen = w.current_screen()
    QApplication.processEvents()
    t = kiosk.ctx.theme
    words = [face.findChild(QLabel, "face-word") for face in screen.faces]
    assert [label.text() for label in words] == [
        i18n.gettext_in(lang, f) for f in ("Pas du tout", "Un peu", "Moyennement", "Beaucoup",
                                           "Énormément")]
    for face, label in zip(screen.faces, words, strict=True):
        assert label.isVisible()
        assert label.font().pixelSize() >= t.body  # body size, not the small print
        assert face.accessibleName() == label.text()
        # The word sits under the painted face, inside the button.
        assert label.geometry().top() > face.height() / 2
        assert face.rect().contains(label.geometry())
    skip = screen.skip
    assert skip.property("role") != "flat"  # a button that looks like one, not a bare word
    assert skip.width() >= t.touch * 4
    assert skip.height() >= t.touch
    assert fit.problems(w) == []
    # A tap on a face's word answers, as on the face.
    seen = []
    kiosk.ctx.add_recorder(lambda kind, data: seen.append((kind, data)))
    qtbot.mouseClick(words[1], Qt.MouseButton.LeftButton, pos=words[1].rect().center())
    assert ("end_question", {"question": "learned_nature_city", "answer": 2}) in seen


def test_skip_records_nothing_and_thanks(kiosk, qtbot):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    w.go("farewell")
    screen = w.current_screen()
    seen = []
    kiosk.ctx.add_recorder(lambda kind, data: seen.append(kind))
    tap(qtbot, screen.skip)
    assert screen.thanks.isVisible()
    assert not screen.faces_box.isVisible()
    assert "end_question" not in seen


# --- the USB page -------------------------------------------------------------------------

def test_no_install_button_when_the_stick_brings_nothing_new(kiosk_factory, qtbot, stick):  # noqa: F811
    key, _folder = stick
    k = _kiosk(kiosk_factory, key)
    k.window.show()
    bridge = ContentBridge(k.ctx, k.window)
    bridge.start()
    qtbot.waitUntil(lambda: k.window.current[0] == "usb", timeout=15000)
    screen = k.window.current_screen()
    screen.unlock_for_operator()
    assert screen.install_button.isVisible()
    assert screen.install_button.text() == "Installer la nouveauté (1)"
    assert not screen.nothing_new.isVisible()
    tap(qtbot, screen.install_button)
    qtbot.waitUntil(lambda: store.status(k.ctx.paths).get("videos") is not None, timeout=15000)
    qtbot.waitUntil(lambda: not screen.install_button.isVisible(), timeout=15000)
    # Everything on the stick is installed: no "install (0)", a sentence instead.
    assert screen.nothing_new.isVisible()
    assert screen.nothing_new.text().startswith("Rien de nouveau à installer")
    bridge.stop()


def test_no_install_button_without_a_stick(kiosk, qtbot):
    screen = open_staff_screen(kiosk, "usb")
    assert not screen.install_button.isVisible()
    assert not screen.nothing_new.isVisible()  # the line above says there is no stick
    assert "Aucune clé" in screen.where.text()


# --- finger scrolling ---------------------------------------------------------------------

def test_every_scroll_area_scrolls_by_finger_without_a_desktop_bar(kiosk, qtbot):
    kiosk.start_services()
    w = kiosk.window
    w.on_activity()
    seen: set[str] = set()
    targets = [s for s in SCREENS if s not in ("attract", "exhibit")] + [
        "exhibit:heat-island"]
    for target in targets:
        w.go(target)
        screen = w.current_screen()
        if hasattr(screen, "unlock_for_operator"):
            screen.unlock_for_operator()
        settle(kiosk, qtbot)
        if target == "admin":
            for page in ("health", "journal", "pin", "territory", "rehearsal"):
                screen.show_page(page)
        if target.startswith("exhibit:"):
            for _ in range(6):
                screen.turn(1)
                settle(kiosk, qtbot)
        for area in w.findChildren(QAbstractScrollArea):
            if isinstance(area, QGraphicsView):
                continue  # a plot: a drag pans its curve (kiosk.ui.widgets.plots)
            where = f"{target}: {type(area).__name__}#{area.objectName()}"
            assert QScroller.hasScroller(area.viewport()), where
            assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff, (
                where)
            assert area.property("touch") is True, where  # the thin position bar
            seen.add(area.objectName() or where)
    assert {"agenda-list", "sensor-cards", "page-scroll", "admin-page",
            "trends-scroll"} <= seen
