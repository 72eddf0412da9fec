"""A stick with new bundles: the kiosk notices it, the facilitator installs, loaders hear it."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt

from kiosk.core.content import keys, store
from kiosk.core.content.progress import Transfer
from kiosk.ui.content_bridge import ContentBridge
from kiosk.ui.widgets.progress import describe, format_bytes
from tests.unit.core.content.helpers import build_bundle

pytestmark = pytest.mark.gui


@pytest.fixture
def stick(tmp_path, monkeypatch):
    key = Ed25519PrivateKey.generate()
    folder = tmp_path / "media" / "KIOSK" / "kiosk-content"
    folder.mkdir(parents=True)
    work = tmp_path / "work"
    work.mkdir()
    b = build_bundle(work, key, bundle_id="films", kind="videos", as_zip=True,
                     files={"a.bin": os.urandom(300_000)})
    os.replace(b, folder / b.name)
    monkeypatch.setenv("KIOSK_USB_ROOTS", str(tmp_path / "media"))
    return key, folder


def _kiosk(kiosk_factory, key, auto=False):
    return kiosk_factory({"content": {"trusted_keys": [keys.public_pem(key.public_key())],
                                      "usb_auto_install": auto, "reserve_mb": 0}})


def test_a_stick_opens_the_usb_screen_and_installs_after_the_pin(kiosk_factory, qtbot, stick):
    key, folder = stick
    k = _kiosk(kiosk_factory, key)
    k.window.show()
    heard = []
    k.ctx.content.on_installed(heard.append)
    bridge = ContentBridge(k.ctx, k.window)
    bridge.start()
    qtbot.waitUntil(lambda: k.window.current[0] == "usb", timeout=15000)
    screen = k.window.current_screen()
    assert not screen.unlocked  # the PIN first
    screen.unlock_for_operator()
    assert screen.install_button.isEnabled()
    assert "nouveau" in screen._row_widgets[0].findChildren(type(screen.where))[0].text()
    qtbot.mouseClick(screen.install_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: heard == [["videos"]], timeout=15000)
    assert store.status(k.ctx.paths)["videos"]["id"] == "films"
    assert "films 1.0" in screen.message.text()
    # The two-way stick: the health report lands next to kiosk-content/.
    qtbot.mouseClick(screen.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(folder.parent.glob("kiosk-health-*.json")), timeout=5000)
    bridge.stop()


def test_auto_install_needs_no_screen(kiosk_factory, qtbot, stick):
    key, _folder = stick
    k = _kiosk(kiosk_factory, key, auto=True)
    heard = []
    k.ctx.content.on_installed(heard.append)
    bridge = ContentBridge(k.ctx, k.window)
    bridge.start()
    qtbot.waitUntil(lambda: heard == [["videos"]], timeout=15000)
    assert k.window.current[0] == "attract"
    bridge.stop()


def test_progress_text_says_bytes_speed_and_time_left():
    t = Transfer("install", 50_000_000, 200_000_000, 2.0)
    text = describe(t)
    assert "50,0 Mo sur 200 Mo" in text
    assert "25,0 Mo/s" in text
    assert "encore 6 s" in text
    assert format_bytes(1_234_567).replace("\u202f", " ") == "1,2 Mo"
    assert format_bytes(999) == "999 o"
