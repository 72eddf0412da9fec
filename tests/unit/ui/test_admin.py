"""The facilitator panel: gesture, PIN gate and lockout, territory switch, USB export,
PIN change, sync now, idle logout, exit, and renders of the panel and the health screen."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from kiosk.core import settings as settings_mod
from kiosk.core.journal.export import COLUMNS
from kiosk.core.sessions import pin
from kiosk.ui.admin_gesture import AdminGesture

pytestmark = pytest.mark.gui


def tap(qtbot, widget, pos: QPoint | None = None):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def type_pin(qtbot, pad, code: str):
    for ch in code:
        tap(qtbot, pad.pad.keys[ch])
    tap(qtbot, pad.pad.keys["OK"])


def open_admin(kiosk, qtbot, code: str = pin.DEFAULT_PIN):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    w.go("admin")
    screen = w.current_screen()
    assert not screen.unlocked
    assert screen.stack.currentIndex() == 0  # the PIN pad first, always
    type_pin(qtbot, screen.pin_pad, code)
    qtbot.waitUntil(lambda: screen.unlocked, timeout=5000)
    return screen


def test_the_hidden_gesture_opens_the_panel(kiosk, qtbot):
    w = kiosk.window
    now = [100.0]
    opened = []
    g = AdminGesture(w, lambda: opened.append(True), clock=lambda: now[0])
    h = w.height()

    def at(x, y):
        return w.mapToGlobal(QPoint(x, y))

    bl, br, mid = at(10, h - 10), at(w.width() - 10, h - 10), at(900, 500)
    # A short press in the corner, then the pattern: nothing.
    g.on_press(bl)
    now[0] += 0.5
    g.on_release()
    for p in (br, br, bl):
        g.on_press(p)
    assert not opened
    # A long press, then a wrong tap: nothing.
    g.on_press(bl)
    now[0] += 2.5
    g.on_release()
    g.on_press(mid)
    g.on_press(br)
    g.on_press(br)
    g.on_press(bl)
    assert not opened
    # A long press, then the pattern too late: nothing.
    g.on_press(bl)
    now[0] += 2.5
    g.on_release()
    now[0] += 7
    for p in (br, br, bl):
        g.on_press(p)
    assert not opened
    # The real thing.
    g.on_press(bl)
    now[0] += 2.1
    g.on_release()
    now[0] += 1
    for p in (br, br, bl):
        g.on_press(p)
    assert opened == [True]
    g.remove()


def test_the_gesture_with_real_touches_shows_the_pin_pad(kiosk, qtbot):
    w = kiosk.window
    kiosk.start_services()
    kiosk.admin_gesture.hold = 0.2
    tap(qtbot, w.screens["attract"])
    h, wd = w.height(), w.width()
    # Through the native window, as the platform delivers a finger.
    native = w.windowHandle()
    qtbot.mousePress(native, Qt.MouseButton.LeftButton, pos=QPoint(5, h - 5))
    qtbot.wait(300)
    qtbot.mouseRelease(native, Qt.MouseButton.LeftButton, pos=QPoint(5, h - 5))
    for x in (wd - 5, wd - 5, 5):
        qtbot.mouseClick(native, Qt.MouseButton.LeftButton, pos=QPoint(x, h - 5))
    assert w.current[0] == "admin"
    assert not w.current_screen().unlocked


def test_wrong_pins_lock_the_pad_and_the_lock_outlives_the_screen(kiosk, qtbot):
    w = kiosk.window
    tap(qtbot, w.screens["attract"])
    w.go("admin")
    screen = w.current_screen()
    for n in range(4):
        type_pin(qtbot, screen.pin_pad, "0000")
        qtbot.waitUntil(lambda: not screen._checking, timeout=5000)
        assert f"{4 - n} essai" in screen.pin_pad.message.text()
    type_pin(qtbot, screen.pin_pad, "0000")
    qtbot.waitUntil(lambda: not screen._checking, timeout=5000)
    assert not screen.pin_pad.pad.isEnabled()
    assert "5 minutes" in screen.pin_pad.message.text()
    # The right PIN cannot even be typed now, and the health screen shares the lock.
    assert screen.guard.locked_for() > 290
    w.go("health")
    health = w.current_screen()
    qtbot.waitUntil(lambda: not health.pin_pad.pad.isEnabled(), timeout=5000)
    assert not health.unlocked
    state = json.loads(kiosk.ctx.paths.pin_state_file.read_text())
    assert state["locks"] == 1
    assert state["lock_seconds"] == 300


def test_territory_switch_reconfigures_live_and_persists(kiosk, qtbot):
    kiosk.start_services()
    seen = []
    kiosk.ctx.on_settings_changed(lambda s: seen.append(s.kiosk.territory))
    screen = open_admin(kiosk, qtbot)
    page = screen.territory_page
    assert screen.current_page() == "territory"
    tap(qtbot, page.territory_buttons["NCA"])
    assert page.lat_edit.text() == "43.69610"
    qtbot.waitUntil(lambda: page.stops_loaded, timeout=5000)
    # The shipped sites content knows the trail stops of Nice.
    assert page.stop_buttons
    stop_id = next(iter(page.stop_buttons))
    tap(qtbot, page.stop_buttons[stop_id])
    assert page.stop_id == stop_id
    assert page.lat_edit.text() != "43.69610"
    tap(qtbot, page.apply_button)
    assert seen == ["NCA"]
    k = kiosk.ctx.settings.kiosk
    assert (k.territory, k.parking_stop) == ("NCA", stop_id)
    # Written on the db worker: the tap never waits for the disk.
    qtbot.waitUntil(lambda: settings_mod.load(
        kiosk.ctx.paths.settings_file).kiosk.territory == "NCA", timeout=5000)
    saved = settings_mod.load(kiosk.ctx.paths.settings_file)
    assert saved.kiosk.parking_stop == stop_id
    # Dependent screens follow without a restart.
    if kiosk.ctx.agenda is not None and hasattr(kiosk.ctx.agenda, "settings"):
        assert kiosk.ctx.agenda.settings.kiosk.territory == "NCA"
    kiosk.window.go("home")
    assert "Nice Côte d'Azur" in kiosk.window.screens["home"].where.text()


def test_coordinates_typed_on_the_keypad(kiosk, qtbot):
    screen = open_admin(kiosk, qtbot)
    page = screen.territory_page
    page.lat_edit.clear()
    page.lat_edit.setFocus()
    for k in "43.1":
        tap(qtbot, page.keypad.keys[k])
    assert page.lat_edit.text() == "43.1"
    page.lon_edit.setText("abc")
    tap(qtbot, page.apply_button)
    assert "illisibles" in page.message.text()
    assert kiosk.ctx.settings.kiosk.latitude != 43.1
    page.lon_edit.setText("5.9")
    tap(qtbot, page.apply_button)
    assert (kiosk.ctx.settings.kiosk.latitude, kiosk.ctx.settings.kiosk.longitude) == (43.1, 5.9)
    assert kiosk.ctx.settings.kiosk.parking_stop == ""


def _journal_page(kiosk, qtbot):
    screen = open_admin(kiosk, qtbot)
    tap(qtbot, screen.nav["journal"])
    return screen.journal_page


def test_export_to_a_usb_stick_then_a_pulled_stick(kiosk, qtbot, tmp_path, monkeypatch):
    roots = tmp_path / "media"
    stick = roots / "STICK"
    stick.mkdir(parents=True)
    monkeypatch.setenv("KIOSK_USB_ROOTS", str(roots))
    kiosk.start_services()
    kiosk.ctx.record("qr_shown", item="mooc-page")
    page = _journal_page(kiosk, qtbot)
    qtbot.waitUntil(lambda: len(page.volume_buttons) == 1, timeout=5000)
    tap(qtbot, page.volume_buttons[0])
    qtbot.waitUntil(lambda: "exporté" in page.message.text(), timeout=5000)
    files = list(stick.glob("journal-*.csv"))
    assert len(files) == 1
    with files[0].open(newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == COLUMNS
    assert "qr_shown" in [r[3] for r in rows[1:]]
    # The stick also takes what the collection point would (today is not over: no day yet).
    from kiosk.core.journal.identity import kiosk_id

    kid = kiosk_id(kiosk.ctx.paths.kiosk_id_file)
    report = json.loads((stick / "kiosk-fleet" / "health" / f"{kid}.json").read_text())
    assert report["kiosk"] == kid
    # The stick is pulled between the scan and the tap.
    shutil.rmtree(stick)
    tap(qtbot, page.volume_buttons[0])
    qtbot.waitUntil(lambda: "Rien n'est perdu" in page.message.text(), timeout=5000)
    kiosk.journal.flush()
    assert kiosk.ctx.paths.journal_db.exists()
    qtbot.waitUntil(lambda: not page.volume_buttons, timeout=5000)


def test_end_question_switch_persists(kiosk, qtbot):
    page = _journal_page(kiosk, qtbot)
    assert kiosk.ctx.settings.journal.end_question
    tap(qtbot, page.question_button)
    assert not kiosk.ctx.settings.journal.end_question
    assert "désactivée" in page.question_button.text()
    qtbot.waitUntil(lambda: not settings_mod.load(
        kiosk.ctx.paths.settings_file).journal.end_question, timeout=5000)


def test_change_pin_then_only_the_new_one_opens(kiosk, qtbot):
    screen = open_admin(kiosk, qtbot)
    tap(qtbot, screen.nav["pin"])
    pad = screen.pin_page.pad
    type_pin(qtbot, pad, "12")
    assert "4 à 8" in pad.message.text()
    type_pin(qtbot, pad, "13579")
    type_pin(qtbot, pad, "13570")
    assert "diffèrent" in pad.message.text()
    type_pin(qtbot, pad, "13579")
    type_pin(qtbot, pad, "13579")
    qtbot.waitUntil(lambda: "changé" in pad.message.text(), timeout=5000)
    stored = kiosk.ctx.settings.admin.pin_hash
    assert stored.startswith("scrypt$")
    qtbot.waitUntil(lambda: settings_mod.load(
        kiosk.ctx.paths.settings_file).admin.pin_hash == stored, timeout=5000)
    tap(qtbot, screen.logout_button)
    assert kiosk.window.current[0] == "home"
    kiosk.window.go("admin")
    type_pin(qtbot, screen.pin_pad, pin.DEFAULT_PIN)
    qtbot.waitUntil(lambda: not screen._checking, timeout=5000)
    assert not screen.unlocked
    type_pin(qtbot, screen.pin_pad, "13579")
    qtbot.waitUntil(lambda: screen.unlocked, timeout=5000)


def test_sync_now_starts_every_registered_sync(kiosk, qtbot):
    calls = []
    kiosk.ctx.syncers["sensors"] = lambda: calls.append("sensors")

    def broken():
        raise RuntimeError("no route")

    kiosk.ctx.syncers["content"] = broken
    screen = open_admin(kiosk, qtbot)
    tap(qtbot, screen.sync_button)
    assert calls == ["sensors"]
    assert screen.status.text() == "Synchronisation lancée : capteurs"
    assert any(p.source == "content" for p in kiosk.ctx.problems.latest())


def test_idle_staff_are_logged_out_and_the_visit_ends(kiosk_factory, qtbot):
    k = kiosk_factory({"admin": {"logout_seconds": 1}})
    k.window.show()
    screen = open_admin(k, qtbot)
    with qtbot.waitSignal(k.window.session_ended, timeout=4000):
        pass
    assert k.window.current[0] == "attract"
    assert not screen.unlocked


def test_exit_needs_a_confirmation(kiosk, qtbot):
    screen = open_admin(kiosk, qtbot)
    tap(qtbot, screen.exit_button)
    assert kiosk.window.isVisible()
    assert "Confirmer" in screen.exit_button.text()
    tap(qtbot, screen.exit_button)
    assert not kiosk.window.isVisible()


@pytest.mark.parametrize("target", ["admin", "admin:journal", "health"])
def test_renders_of_the_panel_and_the_health_screen(kiosk_factory, qtbot, tmp_path, target):
    from kiosk import app

    k = kiosk_factory()
    k.ctx.record("session_start")
    out = tmp_path / f"{target.replace(':', '-')}.png"
    app.render(k, target, out, (1920, 1080))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    screen = k.window.current_screen()
    assert screen.unlocked
    assert screen.stack.currentWidget() is screen.content
    # Not a blank picture: many distinct colours (text, buttons, plots).
    colours = {image.pixel(x, y) for x in range(0, 1920, 16) for y in range(0, 1080, 16)}
    assert len(colours) > 20


def _settings_on(disk, kiosk):
    """settings.toml written on a real small disk from now on."""
    kiosk.ctx.save_settings = lambda new: settings_mod.save(new, disk.path / "settings.toml")


def test_a_change_the_full_disk_cannot_keep_is_applied_and_said_so(kiosk, qtbot, small_disk):
    page = _journal_page(kiosk, qtbot)
    _settings_on(small_disk, kiosk)
    small_disk.fill()
    tap(qtbot, page.question_button)
    assert not kiosk.ctx.settings.journal.end_question  # applied at once
    qtbot.waitUntil(lambda: "non enregistré" in page.message.text(), timeout=5000)
    assert "No space left" in page.message.text()
    assert any(p.item == "save" and "not saved" in p.message
               for p in kiosk.ctx.problems.latest())
    small_disk.free()


def test_a_new_pin_the_disk_cannot_keep_leaves_the_old_one(kiosk, qtbot, small_disk):
    screen = open_admin(kiosk, qtbot)
    tap(qtbot, screen.nav["pin"])
    pad = screen.pin_page.pad
    old = kiosk.ctx.settings.admin.pin_hash
    _settings_on(small_disk, kiosk)
    small_disk.read_only()
    type_pin(qtbot, pad, "13579")
    type_pin(qtbot, pad, "13579")
    qtbot.waitUntil(lambda: "pas été changé" in pad.message.text(), timeout=5000)
    assert "Read-only" in pad.message.text()
    assert kiosk.ctx.settings.admin.pin_hash == old
