"""The kiosk tells systemd it is ready after the first paint, then keeps its watchdog fed from
the GUI thread: a GUI thread that stops turning stops the keep-alives."""

from __future__ import annotations

import socket
import time

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def manager(tmp_path, monkeypatch):
    """A stand-in for systemd's notify socket, with a 0.4 s watchdog."""
    path = tmp_path / "notify"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(str(path))
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", "400000")
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    yield s
    s.close()


def drain(sock: socket.socket) -> list[str]:
    sock.setblocking(False)
    out = []
    try:
        while True:
            out.append(sock.recv(4096).decode())
    except BlockingIOError:
        pass
    return out


def test_ready_then_keepalives_from_the_event_loop(manager, kiosk, qtbot):
    assert drain(manager) == [], "nothing is sent before the services start"
    kiosk.start_services()
    timer = kiosk.keepalive_timer
    assert timer is not None
    assert timer.interval() == 200
    assert drain(manager) == ["READY=1", "WATCHDOG=1"]
    qtbot.wait(700)
    assert drain(manager).count("WATCHDOG=1") >= 2
    # The GUI thread is busy (a hang): no keep-alive may leave while it does not turn.
    time.sleep(0.6)
    assert drain(manager) == []


def test_shutdown_says_stopping(manager, kiosk_factory):
    k = kiosk_factory()
    k.start_services()
    drain(manager)
    k.keepalive_timer.stop()
    k.shutdown()
    assert drain(manager) == ["STOPPING=1"]
    assert not k.keepalive_timer.isActive()


def test_no_timer_without_a_watchdog(kiosk):
    # The kiosk fixture was built without NOTIFY_SOCKET: nothing to feed, no timer.
    kiosk.start_services()
    assert kiosk.keepalive_timer is None
    assert not kiosk.notifier.enabled
