"""Get a feed's bytes: HTTP(S) through kiosk.core.net (timeouts, bounded retries, size cap,
ETag / Last-Modified), `webcal://` as the HTTPS it stands for, and local files (`file://`, an
absolute path, or a path relative to the agenda content folder) for kiosks off the network.
"""

from __future__ import annotations

import os
import stat as stat_mod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import requests

from kiosk.core import net

MAX_FEED_BYTES = 8 * 1024 * 1024  # the largest real public feeds are a few MB
FEED_TIMEOUT = (5.0, 20.0)
FEED_RETRIES = 2
FEED_DEADLINE = 60.0  # seconds for one feed, retries and a slowly dripped body included


class FeedUnavailable(RuntimeError):
    """The feed could not be fetched (network, HTTP status, missing file, too large)."""


@dataclass
class Fetched:
    content: bytes | None  # None when the source says it has not changed
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.content is None


def is_remote(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https", "webcal", "webcals")


def local_path(url: str, base: Path | None) -> Path:
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        path = Path(unquote(parts.path))
        if parts.netloc and parts.netloc != "localhost":
            # "file:agenda.ics" and "file://agenda.ics" are how operators write relative paths
            path = Path(unquote(parts.netloc + parts.path))
        elif not parts.path.startswith("/"):
            path = Path(unquote(parts.path))
    else:
        path = Path(url).expanduser()
    if not path.is_absolute() and base is not None:
        path = base / path
    return path


def fetch_feed(
    session: requests.Session | None,
    url: str,
    *,
    base: Path | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    max_bytes: int | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Fetched:
    max_bytes = MAX_FEED_BYTES if max_bytes is None else max_bytes
    if is_remote(url):
        parts = urlsplit(url)
        if parts.scheme.lower() in ("webcal", "webcals"):
            url = parts._replace(scheme="https").geturl()
        kwargs: dict[str, Any] = {} if sleep is None else {"sleep": sleep}
        try:
            r = net.fetch(session or net.make_session(), url, etag=etag,
                          last_modified=last_modified, timeout=FEED_TIMEOUT,
                          max_bytes=max_bytes, retries=FEED_RETRIES,
                          deadline=FEED_DEADLINE, cancelled=cancelled,
                          headers={"Accept": "text/calendar, */*;q=0.5"}, **kwargs)
        except net.FetchError as e:
            raise FeedUnavailable(str(e)) from e
        if r.not_modified:
            return Fetched(None, r.etag or etag, r.last_modified or last_modified)
        return Fetched(r.content, r.etag, r.last_modified)
    path = local_path(url, base)
    try:
        stat = path.stat()
        if not stat_mod.S_ISREG(stat.st_mode):
            # A FIFO or a device would block the reading thread for ever (or never end).
            raise FeedUnavailable(f"{path}: not a regular file")
        if stat.st_size > max_bytes:
            raise FeedUnavailable(f"{path}: {stat.st_size} bytes is over the {max_bytes}-byte cap")
        # A local file's "ETag" is its size and modification time: unchanged files are not
        # parsed again.
        stamp = f"{stat.st_size}-{stat.st_mtime_ns}"
        if etag == stamp:
            return Fetched(None, stamp)
        # O_NONBLOCK: a FIFO swapped in after the check must not block the open.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            if not stat_mod.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise FeedUnavailable(f"{path}: not a regular file")
            return Fetched(f.read(max_bytes + 1), stamp)
    except OSError as e:
        raise FeedUnavailable(f"{path}: {os.strerror(e.errno) if e.errno else e}") from e
