"""sd_notify over a real local unix datagram socket, as systemd's NOTIFY_SOCKET would be."""

from __future__ import annotations

import logging
import os
import socket
import uuid

import pytest

from kiosk.core.health import watchdog


@pytest.fixture
def path_socket(tmp_path):
    """A bound datagram socket file, the way systemd lays out /run/systemd/notify."""
    path = tmp_path / "notify"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(str(path))
    s.settimeout(2)
    yield str(path), s
    s.close()


@pytest.fixture
def abstract_socket():
    name = f"kiosk-test-{uuid.uuid4().hex}"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(b"\0" + name.encode())
    s.settimeout(2)
    yield "@" + name, s
    s.close()


def received(sock: socket.socket) -> str:
    return sock.recv(4096).decode()


def test_no_notify_socket_is_a_silent_no_op():
    n = watchdog.Notifier(environ={}, pid=1)
    assert not n.enabled
    assert n.keepalive_interval is None
    assert n.ready() is False
    assert n.keepalive() is False
    assert n.stopping() is False


def test_ready_keepalive_stopping_reach_a_path_socket(path_socket):
    address, server = path_socket
    n = watchdog.Notifier(environ={"NOTIFY_SOCKET": address}, pid=os.getpid())
    assert n.enabled
    assert n.ready() is True
    assert received(server) == "READY=1"
    assert n.keepalive() is True
    assert received(server) == "WATCHDOG=1"
    assert n.stopping() is True
    assert received(server) == "STOPPING=1"
    n.close()


def test_ready_with_status_is_one_datagram(path_socket):
    address, server = path_socket
    n = watchdog.Notifier(environ={"NOTIFY_SOCKET": address}, pid=os.getpid())
    n.ready(status="first screen painted")
    assert received(server) == "READY=1\nSTATUS=first screen painted"
    n.close()


def test_abstract_namespace_address(abstract_socket):
    address, server = abstract_socket
    assert watchdog.socket_address(address) == b"\0" + address[1:].encode()
    n = watchdog.Notifier(environ={"NOTIFY_SOCKET": address}, pid=os.getpid())
    assert n.keepalive() is True
    assert received(server) == "WATCHDOG=1"
    n.close()


@pytest.mark.parametrize(
    ("env", "pid", "expected"),
    [
        ({"WATCHDOG_USEC": "4000000"}, 42, 4.0),
        ({"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "42"}, 42, 4.0),
        ({"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "43"}, 42, None),
        ({"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "x"}, 42, None),
        ({"WATCHDOG_USEC": "0"}, 42, None),
        ({"WATCHDOG_USEC": "-5"}, 42, None),
        ({"WATCHDOG_USEC": "soon"}, 42, None),
        ({}, 42, None),
    ],
)
def test_watchdog_timeout_follows_usec_and_pid(env, pid, expected):
    assert watchdog.watchdog_timeout(env, pid) == expected


def test_keepalive_interval_is_half_the_timeout(path_socket):
    address, _ = path_socket
    env = {"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "30000000"}
    n = watchdog.Notifier(environ=env, pid=os.getpid())
    assert n.keepalive_interval == 15.0


def test_no_keepalive_interval_without_a_socket():
    n = watchdog.Notifier(environ={"WATCHDOG_USEC": "30000000"}, pid=1)
    assert n.keepalive_interval is None


@pytest.mark.parametrize("value", ["vsock:2:1234", "relative/notify"])
def test_unsupported_addresses_disable_notification(value, caplog):
    with caplog.at_level(logging.WARNING, logger="kiosk.core.health.watchdog"):
        n = watchdog.Notifier(environ={"NOTIFY_SOCKET": value}, pid=1)
    assert not n.enabled
    assert n.ready() is False
    assert "not a unix socket address" in caplog.text


def test_a_vanished_manager_is_logged_once_and_never_raises(tmp_path, caplog):
    address = str(tmp_path / "gone")
    n = watchdog.Notifier(environ={"NOTIFY_SOCKET": address}, pid=1)
    with caplog.at_level(logging.WARNING, logger="kiosk.core.health.watchdog"):
        assert n.keepalive() is False
        assert n.keepalive() is False
    assert caplog.text.count("cannot notify the service manager") == 1
    n.close()


def test_a_manager_that_comes_back_is_reached_again(tmp_path):
    path = tmp_path / "notify"
    n = watchdog.Notifier(environ={"NOTIFY_SOCKET": str(path)}, pid=1)
    assert n.keepalive() is False
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    server.settimeout(2)
    try:
        assert n.keepalive() is True
        assert received(server) == "WATCHDOG=1"
    finally:
        server.close()
        n.close()


@pytest.mark.parametrize("bad", ["READY", "STATUS=a\nb"])
def test_malformed_assignments_are_refused(path_socket, bad):
    address, _ = path_socket
    n = watchdog.Notifier(environ={"NOTIFY_SOCKET": address}, pid=1)
    with pytest.raises(ValueError, match="KEY=value"):
        n.notify(bad)
    n.close()
