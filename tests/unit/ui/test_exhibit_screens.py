"""The exhibition as a visitor meets it: module list, every page of every module, quiz, QR."""

from __future__ import annotations

import logging
import shutil

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from kiosk.core.exhibits import load_exhibition
from kiosk.core.paths import app_root
from tests.unit.ui.exhibit_helpers import install_content

pytestmark = pytest.mark.gui

SHIPPED = load_exhibition(app_root() / "exhibits")


def tap(qtbot, widget, pos: QPoint | None = None):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


@pytest.fixture
def recorded(kiosk):
    events = []
    kiosk.ctx.add_recorder(lambda kind, data: events.append((kind, data)))
    return events


def open_module(kiosk, qtbot, module_id: str):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    w.go(f"exhibit:{module_id}")
    screen = w.current_screen()
    qtbot.waitUntil(lambda: screen.module is not None or screen.message.isVisible(),
                    timeout=10_000)
    qtbot.waitUntil(lambda: screen.library.loaded is not None, timeout=10_000)
    return screen


def test_module_list_shows_every_module_with_its_cover(kiosk, qtbot):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    tap(qtbot, w.screens["home"].tiles["exhibits"])
    screen = w.current_screen()
    qtbot.waitUntil(lambda: len(screen.cards) == len(SHIPPED.modules), timeout=10_000)
    assert len(screen.cards) >= 7
    assert all(card.cover is not None for card in screen.cards.values())
    tap(qtbot, screen.cards["heat-island"])
    assert w.current == ("exhibit", "heat-island")
    assert w.top_bar.title.text() == "Exposition"
    assert w.current_screen().heading.text() == "2. L'îlot de chaleur urbain"


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("module_id", [m.id for m in SHIPPED.modules])
def test_tap_through_every_page(kiosk, qtbot, recorded, caplog, lang, module_id):
    caplog.set_level(logging.WARNING)
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    tap(qtbot, w.top_bar.language_buttons[lang])
    screen = open_module(kiosk, qtbot, module_id)
    module = SHIPPED.module(module_id)
    assert screen.module is not None
    assert len(screen.pages) == len(module.pages)
    for i, page in enumerate(module.pages):
        assert screen.stack.currentIndex() == i
        assert screen.dots.current == i
        view = screen.pages[i]
        texts = [lbl.text() for lbl in view.findChildren(QLabel) if lbl.text()]
        if page.kind in ("text", "qr", "image"):
            assert texts, (module_id, i)
        if page.kind == "text":
            blocks = [b.strip() for b in page.body.get(lang).split("\n\n") if b.strip()]
            assert blocks
            assert all(b in texts for b in blocks), (module_id, i)
            for lbl in view.findChildren(QLabel):
                lbl.ensurePolished()
                # Readable at two metres: body text of at least 28 px at 1920×1080.
                assert lbl.font().pixelSize() >= 28, (lbl.objectName(), lbl.text()[:40])
        if page.kind in ("image", "text", "quiz"):  # pictures first: never words alone
            pic = view.findChild(object, "page-picture")
            assert pic is not None, (module_id, i)
            assert pic.is_valid(), (module_id, i)
        if page.kind == "quiz":
            quiz = view.findChild(object, "quiz")
            tap(qtbot, quiz.buttons[page.answer])
            assert quiz.verdict.text()
            assert quiz.explanation.text() == page.explanation.get(lang)
        if i < len(module.pages) - 1:
            tap(qtbot, screen.next_button)
    assert not screen.next_button.isEnabled()
    assert not kiosk.ctx.problems.latest()
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    views = [d for k, d in recorded if k == "page_view"]
    assert [v["page"] for v in views] == list(range(1, len(module.pages)))
    assert all(v["module"] == module_id for v in views)
    answers = [d for k, d in recorded if k == "quiz_answer"]
    assert answers
    assert all(a["correct"] for a in answers)


def test_the_last_page_proposes_the_next_module_and_opens_it(kiosk, qtbot):
    order = [m.id for m in SHIPPED.modules]
    screen = open_module(kiosk, qtbot, order[0])
    assert screen.next_module.isHidden()
    for _ in range(len(screen.pages) - 1):
        tap(qtbot, screen.next_button)
    following = SHIPPED.modules[1]
    assert screen.next_module.isVisible()
    assert screen.next_module.text().startswith(
        f"Module suivant : {following.order}. {following.title.get('fr')}")
    tap(qtbot, screen.next_module)
    assert kiosk.window.current == ("exhibit", following.id)
    qtbot.waitUntil(lambda: screen.module is not None and screen.module.id == following.id)
    assert screen.index == 0
    assert screen.heading.text() == f"{following.order}. {following.title.get('fr')}"
    assert screen.next_module.isHidden()
    # The last module proposes the first: the exhibition is a loop.
    screen = open_module(kiosk, qtbot, order[-1])
    for _ in range(len(screen.pages) - 1):
        tap(qtbot, screen.next_button)
    assert screen.next_module.property("module") == order[0]


def test_wrong_answer_is_explained_and_recorded(kiosk, qtbot, recorded):
    screen = open_module(kiosk, qtbot, "heat-island")
    index = next(i for i, p in enumerate(screen.module.pages) if p.kind == "quiz")
    for _ in range(index):
        tap(qtbot, screen.next_button)
    quiz = screen.pages[index].findChild(object, "quiz")
    wrong = (quiz.answer + 1) % len(quiz.buttons)
    tap(qtbot, quiz.buttons[wrong])
    assert quiz.verdict.text() == "Pas tout à fait…"
    assert "nuit" in quiz.explanation.text()
    assert quiz.buttons[quiz.answer].text().startswith("✓")
    tap(qtbot, quiz.buttons[quiz.answer])  # a second tap changes nothing
    assert [d for k, d in recorded if k == "quiz_answer"] == [
        {"module": "heat-island", "question": index + 1, "correct": False}]
    # The answer survives a language switch; the feedback is redrawn in English.
    tap(qtbot, kiosk.window.top_bar.language_buttons["en"])
    quiz = screen.pages[index].findChild(object, "quiz")
    assert quiz.verdict.text() == "Not quite…"


def test_swipes_turn_pages_and_qr_is_recorded(kiosk, qtbot, recorded):
    screen = open_module(kiosk, qtbot, "air-quality")
    stack = screen.stack
    y = stack.height() // 2
    for _ in range(len(screen.pages) + 1):
        qtbot.mousePress(stack, Qt.MouseButton.LeftButton, pos=QPoint(stack.width() - 50, y))
        qtbot.mouseRelease(stack, Qt.MouseButton.LeftButton, pos=QPoint(50, y))
    assert screen.index == len(screen.pages) - 1
    qr = screen.pages[-1].findChild(object, "page-qr")
    assert qr.data() == "https://www.atmosud.org/"
    assert ("qr_shown", {"target": "https://www.atmosud.org/"}) in recorded
    qtbot.mousePress(stack, Qt.MouseButton.LeftButton, pos=QPoint(50, y))
    qtbot.mouseRelease(stack, Qt.MouseButton.LeftButton, pos=QPoint(stack.width() - 50, y))
    assert screen.index == len(screen.pages) - 2
    # A short drag is a tap, not a swipe.
    qtbot.mousePress(stack, Qt.MouseButton.LeftButton, pos=QPoint(300, y))
    qtbot.mouseRelease(stack, Qt.MouseButton.LeftButton, pos=QPoint(260, y))
    assert screen.index == len(screen.pages) - 2


@pytest.fixture
def broken_content(kiosk_factory, tmp_path):
    """A kiosk whose installed exhibition has a module with a missing picture, a broken
    module and a sensor page."""
    src = app_root() / "exhibits"
    k = kiosk_factory()
    bundle = tmp_path / "expo"
    shutil.copytree(src / "heat-island", bundle / "heat-island")
    shutil.copytree(src / "air-quality", bundle / "air-quality")
    (bundle / "heat-island" / "night-profile.svg").unlink()
    (bundle / "air-quality" / "module.toml").write_text("id = 'air-quality'\n[[pages]\n")
    install_content(k.core.paths, bundle, "exhibits", tmp_path)
    k.window.show()
    return k


def test_broken_items_are_reported_and_the_rest_works(broken_content, qtbot):
    k = broken_content
    screen = open_module(k, qtbot, "heat-island")
    assert screen.module is not None
    image = next(i for i, p in enumerate(screen.module.pages) if p.kind == "image")
    pic = screen.page_view(image).findChild(object, "page-picture")
    assert not pic.is_valid()
    assert pic.message == "Cette image n'est pas disponible pour le moment."
    sources = {(p.source, p.item) for p in k.ctx.problems.latest(50)}
    assert ("exhibit", "air-quality") in sources
    assert ("exhibit", "heat-island") in sources
    k.window.go("exhibit:air-quality")
    broken = k.window.current_screen()
    assert broken.message.isVisible()
    assert "n'est pas disponible" in broken.message.text()
    k.window.go("exhibits")
    listing = k.window.current_screen()
    assert list(listing.cards) == ["heat-island"]


def test_sensor_page_without_the_embed_says_so(kiosk, qtbot, monkeypatch, tmp_path):
    import sys

    from kiosk.core.exhibits.modules import Page
    from kiosk.ui.widgets.exhibit_pages import _sensor_page

    monkeypatch.setitem(sys.modules, "kiosk.ui.widgets.sensor_embed", None)
    widget = _sensor_page(kiosk.ctx, Page("sensor", quantity="pm25"))
    qtbot.addWidget(widget)
    texts = [lbl.text() for lbl in widget.findChildren(QLabel)]
    assert any("ne sont pas disponibles sur cette borne" in t for t in texts)


def test_services_load_the_library_and_reload_it_after_an_install(kiosk, qtbot):
    kiosk.start_services()
    library = kiosk.ctx.exhibits
    qtbot.waitUntil(lambda: library.loaded is not None, timeout=15_000)
    qtbot.waitUntil(lambda: kiosk.ctx.videos.loaded is not None, timeout=15_000)
    statuses = {s.source: s for s in kiosk.ctx.status.collect()}
    assert statuses["library:exhibits"].ok
    assert statuses["library:exhibits"].detail == f"{len(SHIPPED.modules)} modules"
    assert statuses["library:videos"].ok
    first = library.loaded
    with qtbot.waitSignal(library.ready, timeout=15_000):
        kiosk.ctx.content.notify_installed(["exhibits"])
    assert library.loaded is not first


def test_sources_are_one_tap_away_and_a_turn_brings_the_page_back(kiosk, qtbot):
    screen = open_module(kiosk, qtbot, "air-quality")
    tap(qtbot, screen.next_button)
    tap(qtbot, screen.sources_button)
    shown = screen.stack.currentWidget()
    assert shown.objectName() == "sources"
    texts = " ".join(lbl.text() for lbl in shown.findChildren(QLabel))
    assert "WHO global air quality guidelines" in texts
    assert "sources.svg" in texts
    assert screen.dots.current == 1
    tap(qtbot, screen.next_button)
    assert screen.stack.currentWidget() is screen.pages[2]
    assert not screen.sources_button.isChecked()


def test_video_pages_play_in_the_module_or_open_the_library(kiosk_factory, qtbot, tmp_path):
    k = kiosk_factory()
    folder = tmp_path / "expo" / "film"
    folder.mkdir(parents=True)
    media = app_root() / "media"
    shutil.copy(media / "videos" / "rain-and-soil.mp4", folder / "clip.mp4")
    shutil.copy(media / "subtitles" / "rain-and-soil.en.vtt", folder / "clip.en.vtt")
    shutil.copy(media / "subtitles" / "rain-and-soil.fr.vtt", folder / "clip.fr.vtt")
    shutil.copy(app_root() / "exhibits" / "water-in-the-city" / "runoff.svg", folder)
    (folder / "module.toml").write_text("""
id = "film"
order = 1
title = { fr = "Film" }
summary = { fr = "Un film" }
cover = "runoff.svg"
[[sources]]
title = "Le projet"
[[pages]]
kind = "text"
title = { fr = "Avant" }
body = { fr = "Texte" }
[[pages]]
kind = "video"
file = "clip.mp4"
subtitles = { fr = "clip.fr.vtt", en = "clip.en.vtt" }
caption = { fr = "Où va la pluie ?" }
[[pages]]
kind = "video"
video = "corridors"
title = { fr = "Au catalogue" }
""", "utf-8")
    install_content(k.core.paths, folder.parent, "exhibits", tmp_path)
    k.window.show()
    tap(qtbot, k.window.screens["attract"])
    tap(qtbot, k.window.top_bar.language_buttons["en"])
    screen = open_module(k, qtbot, "film")
    assert screen.pages[2] is None  # pages are built when (about to be) shown
    qtbot.waitUntil(lambda: screen.pages[1] is not None, timeout=5000)  # the next one, ahead
    player = screen.pages[1].player
    assert player is not None
    assert not player.is_playing()  # nothing plays on a page nobody looks at
    assert not screen.pauses_idle
    tap(qtbot, screen.next_button)
    qtbot.waitUntil(lambda: player.frames_shown > 3, timeout=15_000)
    assert screen.pauses_idle
    player.seek(6.0)
    assert player.subtitle == "On natural ground, half of the water soaks in."
    tap(qtbot, screen.next_button)
    assert not player.is_playing()
    assert not screen.pauses_idle
    tap(qtbot, screen.pages[2].findChild(object, "watch"))
    assert k.window.current == ("videos", "corridors")
    assert not k.ctx.problems.latest()


def test_an_installed_exhibition_that_does_not_load_falls_back(kiosk_factory, qtbot, tmp_path):
    k = kiosk_factory()
    bundle = tmp_path / "expo"
    (bundle / "broken").mkdir(parents=True)
    (bundle / "broken" / "module.toml").write_text("this is not TOML [")
    install_content(k.core.paths, bundle, "exhibits", tmp_path)
    k.window.show()
    screen = open_module(k, qtbot, "heat-island")
    assert screen.module is not None  # the shipped exhibition, since nothing else loads
    assert screen.module.folder.parent == app_root() / "exhibits"


def test_every_quiz_answer_fits_its_button_in_every_language(kiosk, qtbot):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    for lang in ("fr", "en", "es", "it", "de"):
        tap(qtbot, w.top_bar.language_buttons[lang])
        for module in SHIPPED.modules:
            screen = open_module(kiosk, qtbot, module.id)
            index = next(i for i, p in enumerate(module.pages) if p.kind == "quiz")
            screen.turn(index - screen.index)
            quiz = screen.page_view(index).findChild(object, "quiz")
            tap(qtbot, quiz.buttons[0])

            def fits(quiz=quiz):
                return all(b.label.height() >= b.label.heightForWidth(b.label.width())
                           and b.height() >= b.label.height() for b in quiz.buttons)

            qtbot.waitUntil(fits, timeout=3000)
            assert quiz.buttons[0].label.font().pixelSize() >= 28
            w.go("home")


def test_sensor_pages_embed_the_live_graph(kiosk, qtbot):
    kiosk.start_services()
    screen = open_module(kiosk, qtbot, "heat-island")
    index = next(i for i, p in enumerate(screen.module.pages) if p.kind == "sensor")
    for _ in range(index):
        tap(qtbot, screen.next_button)
    view = screen.page_view(index)
    embed = view.findChild(object, "sensor-embed")
    assert embed is not None
    assert embed.quantity == "temperature"
    caption = view.findChild(object, "page-caption")
    assert "station de référence" in caption.text()
