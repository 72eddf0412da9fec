"""The running kiosk pushes its journal off the GUI thread and the health screen says how it
went; with a real nginx on 127.0.0.1 as the collection point."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from kiosk.core.journal import push as push_mod
from kiosk.core.journal.export import day_start
from kiosk.core.journal.identity import kiosk_id
from tests.unit.ui.test_health import open_health, texts

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def _yesterday_visit(k) -> None:
    t = day_start(dt.date.today()) - 3 * 3600  # a day that is over
    for kind, fields in (("session_start", {}), ("video_play", {"video": "corridors",
                                                                 "seconds": 12.0}),
                         ("session_end", {"seconds": 40.0})):
        k.journal.log(kind, fields, session="ab" * 8, territory="AMP", language="fr", at=t)
    assert k.journal.flush()


def test_the_kiosk_pushes_in_the_background_and_health_shows_it(kiosk_factory, qtbot,
                                                                 nginx_dav, monkeypatch):
    k = kiosk_factory({"collect": {"url": nginx_dav.url("/fleet/")}})
    k.window.show()
    k.start_services()
    _yesterday_visit(k)
    threads = []
    real = push_mod.push

    def spy(*args, **kw):
        threads.append(threading.current_thread().name)
        return real(*args, **kw)

    monkeypatch.setattr(push_mod, "push", spy)
    k.ctx.sync_now()  # the panel's "sync now" pushes too
    qtbot.waitUntil(lambda: k.journal_push.last is not None, timeout=20_000)
    assert k.journal_push.last.ok, k.journal_push.last.error
    assert threads
    assert threads[0].startswith("kiosk-net")
    kid = kiosk_id(k.ctx.paths.kiosk_id_file)
    stored = nginx_dav.files("fleet")
    assert f"health/{kid}.json" in stored
    assert any(name.startswith(f"journal/kiosk={kid}/date=") for name in stored)
    view = open_health(k, qtbot)
    text = texts(view)
    assert f"Journal · envoi {nginx_dav.url('/fleet/')}" in text  # core's journal:push, worded
    # Not due again before push_minutes: a tick does not push.
    before = len(threads)
    k.journal_push.tick()
    qtbot.wait(500)
    assert len(threads) == before


def test_a_collection_point_that_is_down_is_on_the_health_screen(kiosk_factory, qtbot):
    from tests.helpers.nginx import free_port

    url = f"http://127.0.0.1:{free_port()}/fleet/"
    k = kiosk_factory({"collect": {"url": url}})
    k.window.show()
    k.start_services()
    _yesterday_visit(k)
    k.journal_push.retries = 0  # no pauses between tries in a test
    k.ctx.sync_now()
    qtbot.waitUntil(lambda: k.journal_push.last is not None, timeout=30_000)
    assert not k.journal_push.last.ok
    view = open_health(k, qtbot)
    text = texts(view)
    assert "unreachable" in text
    assert "1 file(s) waiting" in text
