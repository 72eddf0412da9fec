"""The staff screens speak the facilitator's language: no English left on French health and
USB screens, core's own statuses worded in French, counts through gettext plurals."""

from __future__ import annotations

import os
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.core import i18n
from kiosk.core.content import keys
from kiosk.core.health.problems import SourceStatus
from kiosk.ui.content_bridge import ContentBridge
from kiosk.ui.staff_words import detail_text, source_name
from tests.unit.core.content.helpers import build_bundle
from tests.unit.ui.test_health import open_health

pytestmark = pytest.mark.gui

# English words core and the screens used to leave on French staff screens.
ENGLISH = ("loading", "shipped", "content", "install", "installed", "error", "events",
           "sent", "waiting", "never", "bytes", "problems", "sync", "library", "failed",
           "untrusted", "key", "bundle", "published", "previous", "missing", "translations",
           "files", "transfer", "done", "new")


def english_words(texts: list[str]) -> list[str]:
    """English words left, besides the stick folder's name and a message only core's English
    has, which the screen marks "(en anglais)" (staff_words.english)."""
    text = " | ".join(texts).replace("kiosk-content", "")
    text = re.sub(r"[^—|]*\(en anglais\)", "", text)
    return sorted({w for w in re.findall(r"\w+", text.lower()) if w in ENGLISH})


def shown_texts(widget) -> list[str]:
    labels = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]
    buttons = [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisibleTo(widget)]
    return [t for t in labels + buttons if t]


def test_the_french_health_screen_has_no_english_word(kiosk_factory, qtbot):
    k = kiosk_factory()
    k.window.show()
    k.ctx.status.register("test", lambda: [
        SourceStatus("content:transfer", ok=True, detail="verify 1000/2000 bytes"),
        SourceStatus("journal:push Fleet", ok=True, detail="3 file(s) waiting"),
        SourceStatus("agenda:Ville de Nice", ok=True, detail="1 events"),
        SourceStatus("content:sync", ok=True, detail="no content server configured"),
    ])
    view = open_health(k, qtbot)
    texts = shown_texts(view)
    assert english_words(texts) == []
    joined = " | ".join(texts)
    for french in ("Contenus · transfert", "vérification : 1000 octets sur 2000",
                   "Journal · envoi Fleet", "3 fichiers en attente", "1 événement",
                   "aucun serveur de contenu configuré", "version livrée avec l'application"):
        assert french in joined, french


@pytest.fixture
def stick_with_a_stranger(tmp_path, monkeypatch):
    """A stick with a trusted new bundle and one signed by a key this kiosk does not know."""
    key, stranger = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    folder = tmp_path / "media" / "KIOSK" / "kiosk-content"
    folder.mkdir(parents=True)
    work = tmp_path / "work"
    work.mkdir()
    for signer, bundle_id in ((key, "films"), (stranger, "inconnu")):
        b = build_bundle(work, signer, bundle_id=bundle_id, kind="videos", as_zip=True,
                         files={"a.bin": os.urandom(1000)})
        os.replace(b, folder / b.name)
    monkeypatch.setenv("KIOSK_USB_ROOTS", str(tmp_path / "media"))
    return key


def test_the_french_usb_screen_has_no_english_word(kiosk_factory, qtbot, stick_with_a_stranger):
    key = stick_with_a_stranger
    k = kiosk_factory({"content": {"trusted_keys": [keys.public_pem(key.public_key())],
                                   "usb_auto_install": False, "reserve_mb": 0}})
    k.window.show()
    bridge = ContentBridge(k.ctx, k.window)
    bridge.start()
    try:
        qtbot.waitUntil(lambda: k.window.current[0] == "usb", timeout=15000)
        screen = k.window.current_screen()
        screen.unlock_for_operator()
        qtbot.waitUntil(lambda: len(screen._row_widgets) == 2, timeout=5000)
        texts = shown_texts(screen)
        assert english_words(texts) == []
        joined = " | ".join(texts)
        assert "refusé — clé de signature non reconnue" in joined
        assert "(en anglais)" in joined  # core's own detail, said to be English
        assert "Installer la nouveauté (1)" in joined
    finally:
        bridge.stop()


@pytest.mark.parametrize(("lang", "one", "many"), [
    ("fr", "1 événement", "2 événements"), ("en", "1 event", "2 events"),
    ("de", "1 Veranstaltung", "2 Veranstaltungen"), ("es", "1 evento", "2 eventos"),
    ("it", "1 evento", "2 eventi")])
def test_counts_go_through_gettext_plurals(lang, one, many):
    i18n.set_language(lang)
    try:
        assert detail_text("1 events") == one
        assert detail_text("2 events") == many
        assert source_name("content:exhibits") != "content:exhibits"
    finally:
        i18n.set_language("fr")

