"""systemd's notification protocol (sd_notify) without libsystemd: READY, WATCHDOG, STOPPING.

systemd passes a unix datagram socket in `NOTIFY_SOCKET` (a path, or an abstract-namespace
name written with a leading "@") and, when the unit sets `WatchdogSec=`, the timeout in
`WATCHDOG_USEC`. `WATCHDOG_PID`, when set, names the one process expected to send keep-alives.
The service is restarted when no `WATCHDOG=1` arrives within the timeout; sending one every half
timeout is what sd_watchdog_enabled(3) recommends.

Qt-free and thread-free: the Qt side (kiosk.app) sends the keep-alive from a timer on the GUI
thread, so a GUI thread that hangs stops the keep-alives and systemd restarts the kiosk. Without
`NOTIFY_SOCKET` (development, tests, screenshots) every call is a no-op. A failed send is logged
once and never raised: a missing keep-alive already ends in a restart.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def socket_address(value: str | None) -> str | bytes | None:
    """The `NOTIFY_SOCKET` value as an address for `socket.sendto`, or None when unusable.

    "@name" is the abstract namespace (a leading NUL byte on the wire); "/path" is a socket
    file. Anything else (systemd's "vsock:" addresses, a relative path) is not supported here.
    """
    if not value:
        return None
    if value.startswith("@"):
        return b"\0" + value[1:].encode()
    if value.startswith("/"):
        return value
    return None


def watchdog_timeout(environ: Mapping[str, str], pid: int) -> float | None:
    """Seconds after which systemd acts on a silent process, or None when it does not watch us."""
    raw = environ.get("WATCHDOG_USEC", "")
    try:
        usec = int(raw)
    except ValueError:
        return None
    if usec <= 0:
        return None
    expected = environ.get("WATCHDOG_PID", "")
    if expected:
        try:
            if int(expected) != pid:
                return None
        except ValueError:
            return None
    return usec / 1_000_000


class Notifier:
    """Sends notification messages to the service manager, if there is one."""

    def __init__(self, environ: Mapping[str, str] | None = None, pid: int | None = None) -> None:
        env = os.environ if environ is None else environ
        self.address = socket_address(env.get("NOTIFY_SOCKET"))
        if env.get("NOTIFY_SOCKET") and self.address is None:
            log.warning("NOTIFY_SOCKET=%r is not a unix socket address: not notifying",
                        env.get("NOTIFY_SOCKET"))
        self.timeout = watchdog_timeout(env, os.getpid() if pid is None else pid)
        self._sock: socket.socket | None = None
        self._warned = False

    @property
    def enabled(self) -> bool:
        return self.address is not None

    @property
    def keepalive_interval(self) -> float | None:
        """Half the watchdog timeout, in seconds; None when no watchdog expects keep-alives."""
        if not self.enabled or self.timeout is None:
            return None
        return self.timeout / 2

    def notify(self, *assignments: str) -> bool:
        """Send "KEY=value" lines in one datagram; True when the manager got them."""
        if self.address is None or not assignments:
            return False
        for a in assignments:
            if "=" not in a or "\n" in a:
                raise ValueError(f"not a KEY=value assignment: {a!r}")
        message = "\n".join(assignments).encode()
        try:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._sock.sendto(message, self.address)
        except OSError as e:
            if not self._warned:
                self._warned = True
                log.warning("cannot notify the service manager at %r: %s", self.address, e)
            return False
        return True

    def ready(self, status: str | None = None) -> bool:
        extra = [f"STATUS={status}"] if status else []
        return self.notify("READY=1", *extra)

    def keepalive(self) -> bool:
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={text}")

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


ROLLBACK_NOTE = "app-rollback.json"  # written by packaging/linux/kiosk-app-guard


def app_rollback(data_dir: Path) -> dict[str, Any] | None:
    """The box's last automatic app rollback ({from, to, attempts, time}), or None."""
    try:
        note = json.loads((Path(data_dir) / ROLLBACK_NOTE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(note, dict) or not all(isinstance(note.get(k), str)
                                             for k in ("from", "to", "time")):
        return None
    return note
