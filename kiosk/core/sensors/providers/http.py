"""The thin HTTP layer under every provider: kiosk.core.net.fetch plus a deadline and state.

net.fetch gives connect/read timeouts, bounded retries with backoff, 429/503 Retry-After and
the size cap and the whole-request deadline, held during the body (a server dripping one byte
per second never passes a read timeout; net.iter_body cuts each read to the time left). This
adds the source's wording of errors and conditional requests:
the ETag / Last-Modified of each URL is kept by the caller (ObservationCache.fetch_state).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from kiosk.core import net


class SourceError(RuntimeError):
    """A source that could not be read this time; the message says why in plain words."""


@dataclass
class Http:
    session: requests.Session
    cancelled: Callable[[], bool] = lambda: False
    timeout: tuple[float, float] = (5.0, 20.0)
    deadline: float = 60.0  # seconds for one whole request, retries included
    max_bytes: int = 20 * 1024 * 1024
    retries: int = 2
    backoff: float = 0.5
    state_get: Callable[[str], tuple[str | None, str | None]] = lambda url: (None, None)
    state_put: Callable[[str, str | None, str | None], None] = lambda *a: None
    sleep: Callable[[float], None] = time.sleep
    requests_made: list[str] = field(default_factory=list)
    # Told every body as received (url, bytes): `kiosk record` keeps payloads this way.
    on_body: Callable[[str, bytes], None] | None = None

    def get(self, url: str, *, params: Mapping[str, Any] | None = None,
            headers: Mapping[str, str] | None = None,
            method: str = "GET", json_body: object | None = None,
            conditional: bool = False) -> bytes | None:
        """The body, or None when the server says it has not changed (304)."""
        key = requests.Request(method, url, params=params).prepare().url or url
        etag = last_modified = None
        if conditional:
            etag, last_modified = self.state_get(key)
        self.requests_made.append(key)
        try:
            res = net.fetch(self.session, url, method=method, params=params, headers=headers,
                            json_body=json_body, etag=etag, last_modified=last_modified,
                            timeout=self.timeout, max_bytes=self.max_bytes,
                            retries=self.retries, backoff=self.backoff,
                            deadline=self.deadline, cancelled=self.cancelled,
                            sleep=self.sleep)
        except net.DeadlineExceeded:
            raise SourceError(f"{url}: no complete answer within {self.deadline:g} s"
                              ) from None
        except net.FetchError as e:
            raise SourceError(str(e)) from e
        if res.not_modified:
            return None
        if conditional and (res.etag or res.last_modified):
            self.state_put(key, res.etag, res.last_modified)
        if self.on_body is not None:
            self.on_body(key, res.content)
        return res.content
