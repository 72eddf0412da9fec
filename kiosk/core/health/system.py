"""What the health screen asks the machine: free disk, network reachability, USB volumes.

Plain blocking functions (a reachability check waits on the network): call them from a
worker of ui/tasks.py, never from the GUI thread.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# Where desktop automounters put removable volumes: /media/<user>/<label>, /run/media/...
USB_ROOTS = ("/media", "/run/media")
USB_ROOTS_ENV = "KIOSK_USB_ROOTS"


@dataclass(frozen=True)
class Disk:
    path: str
    total: int
    free: int

    @property
    def free_fraction(self) -> float:
        return self.free / self.total if self.total else 0.0


def disk(path: Path) -> Disk:
    usage = shutil.disk_usage(path)
    return Disk(str(path), usage.total, usage.free)


@dataclass(frozen=True)
class Network:
    default_route: bool | None  # None: cannot tell (not Linux)
    reachable: str | None  # "host:port" that answered, None when none did
    tried: tuple[str, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.reachable is not None


def has_default_route(route_file: Path = Path("/proc/net/route")) -> bool | None:
    try:
        lines = route_file.read_text().splitlines()[1:]
    except OSError:
        return None
    return any(len(cols) > 2 and cols[1] == "00000000" for cols in (ln.split() for ln in lines))


def endpoints(urls: Iterable[str]) -> list[tuple[str, int]]:
    """host, port of each http(s) URL, without duplicates, in order."""
    out: list[tuple[str, int]] = []
    for url in urls:
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            continue
        if parts.scheme in ("http", "https") and parts.hostname:
            ep = (parts.hostname, port)
            if ep not in out:
                out.append(ep)
    return out


# KIOSK_NET=loopback limits the kiosk to this machine (the test suite sets it, so no test ever
# reaches a real host even when the shipped sites name real APIs); kiosk.core.net obeys it too.
LOOPBACK_ONLY_ENV = "KIOSK_NET"


def loopback_only() -> bool:
    return os.environ.get(LOOPBACK_ONLY_ENV) == "loopback"


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def network(urls: Iterable[str], *, timeout: float = 3.0, limit: int = 3) -> Network:
    """Can the kiosk open a TCP connection to one of the servers it syncs from?"""
    route = has_default_route()
    tried: list[str] = []
    error = None
    confined = loopback_only()
    for host, port in endpoints(urls)[:limit]:
        name = f"{host}:{port}"
        tried.append(name)
        if confined and not is_loopback_host(host):
            error = f"{name}: refused ({LOOPBACK_ONLY_ENV}=loopback)"
            continue
        try:
            with socket.create_connection((host, port), timeout=timeout):
                return Network(route, name, tuple(tried))
        except OSError as e:
            error = f"{name}: {e.strerror or e}"
    if not tried:
        error = "no server configured"
    return Network(route, None, tuple(tried), error)


@dataclass(frozen=True)
class Volume:
    path: str
    label: str
    free: int


def usb_roots(extra: Iterable[str] = ()) -> list[Path]:
    env = os.environ.get(USB_ROOTS_ENV)
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p]
    roots = [Path(p) for p in extra if p]
    return roots or [Path(p) for p in USB_ROOTS]


def usb_volumes(roots: Iterable[Path] | None = None) -> list[Volume]:
    """Mounted removable volumes: `<root>/<user>/<label>` or `<root>/<label>` mount points,
    writable by us. Roots given explicitly (tests, settings) accept any writable folder."""
    explicit = roots is not None or bool(os.environ.get(USB_ROOTS_ENV))
    out: list[Volume] = []
    for root in (list(roots) if roots is not None else usb_roots()):
        try:
            children = sorted(p for p in root.iterdir() if p.is_dir())
        except OSError:
            continue
        candidates: list[Path] = []
        for child in children:
            if os.path.ismount(child) or explicit:
                candidates.append(child)
            else:  # /media/<user>/<label>
                try:
                    candidates.extend(sorted(p for p in child.iterdir()
                                             if p.is_dir() and os.path.ismount(p)))
                except OSError:
                    continue
        for path in candidates:
            if not os.access(path, os.W_OK):
                continue
            try:
                free = shutil.disk_usage(path).free
            except OSError:
                continue
            out.append(Volume(str(path), path.name, free))
    return out
