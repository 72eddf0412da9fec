"""HTTP for every core component: one requests.Session factory and one fetch with guards.

Every request has connect and read timeouts, a response size cap, bounded retries with
exponential backoff on connection errors and 502/503/504, and honours 429/503 Retry-After
(capped). Conditional requests (ETag / Last-Modified) report `not_modified` instead of a body.
A whole-request `deadline` holds during the body too: a read timeout alone never fires against
a server sending one byte per second, and requests' iter_content waits for a full chunk, so
the body is read with read1 (whatever one recv brings) and the socket's timeout is cut to
what is left of the deadline before each read (`iter_body`).
All of it is blocking code meant for worker threads; `cancelled` is polled between reads.
"""

from __future__ import annotations

import email.utils
import logging
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
import urllib3.exceptions

from kiosk import __version__
from kiosk.core.health.system import LOOPBACK_ONLY_ENV, is_loopback_host, loopback_only

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = (5.0, 20.0)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
RETRY_STATUS = frozenset({429, 502, 503, 504})
MAX_RETRY_AFTER = 60.0


class FetchError(RuntimeError):
    """A request that failed for good; the message says why in plain words."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class DeadlineExceeded(FetchError):
    """The whole request (retries and body included) took longer than its deadline."""


class Cancelled(RuntimeError):
    pass


READ_SIZE = 64 * 1024


def iter_body(r: requests.Response, *, stop_at: float | None = None,
              read_timeout: float | None = None,
              cancelled: Callable[[], bool] = lambda: False) -> Iterator[bytes]:
    """Yield the decoded body of a streamed response, each read bounded by `stop_at`.

    Raises DeadlineExceeded once time.monotonic() passes `stop_at`, Cancelled when
    `cancelled()`; a connection cut or a read timeout is a requests.ConnectionError (as
    from iter_content), so callers keep one list of transient errors.
    """
    raw = r.raw
    url = r.url
    while True:
        if cancelled():
            raise Cancelled(url)
        if stop_at is not None:
            left = stop_at - time.monotonic()
            if left <= 0:
                raise DeadlineExceeded(f"{url}: no complete answer within the deadline")
            _set_read_timeout(raw, left if read_timeout is None else min(left, read_timeout))
        try:
            chunk = raw.read1(READ_SIZE, decode_content=True)
        except urllib3.exceptions.ReadTimeoutError as e:
            if stop_at is not None and time.monotonic() >= stop_at:
                raise DeadlineExceeded(f"{url}: no complete answer within the deadline") from e
            raise requests.ConnectionError(e) from e
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.DecodeError,
                OSError) as e:
            raise requests.exceptions.ChunkedEncodingError(e) from e
        if not chunk:
            return
        yield chunk


def _set_read_timeout(raw: object, seconds: float) -> None:
    conn = getattr(raw, "connection", None)
    sock = getattr(conn, "sock", None)
    if sock is not None:
        sock.settimeout(max(0.01, seconds))


@dataclass
class FetchResult:
    url: str
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    not_modified: bool = False

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


def is_loopback(url: str) -> bool:
    return is_loopback_host(urllib.parse.urlsplit(url).hostname or "")


class _LoopbackOnlyAdapter(requests.adapters.HTTPAdapter):
    def send(self, request: requests.PreparedRequest, *args: Any,
             **kwargs: Any) -> requests.Response:
        if not is_loopback(request.url or ""):
            raise requests.ConnectionError(
                f"{request.url}: refused, {LOOPBACK_ONLY_ENV}=loopback allows 127.0.0.1 only")
        return super().send(request, *args, **kwargs)


def make_session() -> requests.Session:
    s = requests.Session()
    s.headers["User-Agent"] = f"nature-en-ville-kiosk/{__version__}"
    if loopback_only():
        for prefix in ("http://", "https://"):
            s.mount(prefix, _LoopbackOnlyAdapter())
    # Proxies and .netrc from the environment still apply; retries are ours, not urllib3's.
    return s


@dataclass(frozen=True)
class RetryPolicy:
    """The one retry policy of every request (fetch here, content downloads): up to
    `retries` more tries after transient failures, waiting `backoff`·2ⁿ seconds, or what a
    429/503's Retry-After asks (capped at MAX_RETRY_AFTER), never past the deadline."""

    retries: int = 3
    backoff: float = 0.5

    def gives_up(self, attempt: int) -> bool:
        """`attempt` tries failed already (0 after the first)."""
        return attempt >= self.retries

    def wait(self, attempt: int, *, retry_after: str | None = None,
             stop_at: float | None = None) -> float:
        wait = self.backoff * float(2**attempt)
        asked = _retry_after(retry_after)
        if asked is not None:
            wait = min(asked, MAX_RETRY_AFTER)
        if stop_at is not None:  # never sleep past the deadline (a long Retry-After)
            wait = max(0.0, min(wait, stop_at - time.monotonic()))
        return wait


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def fetch(
    session: requests.Session,
    url: str,
    *,
    method: str = "GET",
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    json_body: object | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    retries: int = 3,
    backoff: float = 0.5,
    deadline: float | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """Fetch `url`, returning the whole body (at most `max_bytes`) or raising FetchError.

    `deadline` (seconds) bounds the whole call, retries, waits and body included; past it,
    DeadlineExceeded (a FetchError).
    """
    stop_at = None if deadline is None else time.monotonic() + deadline
    hdrs = dict(headers or {})
    if etag:
        hdrs["If-None-Match"] = etag
    if last_modified:
        hdrs["If-Modified-Since"] = last_modified
    policy = RetryPolicy(retries, backoff)
    attempt = 0
    while True:
        if cancelled():
            raise Cancelled(url)
        retry_after: str | None = None
        this_timeout = timeout
        if stop_at is not None:
            left = stop_at - time.monotonic()
            if left <= 0:
                raise DeadlineExceeded(f"{url}: no complete answer within {deadline:g} s")
            this_timeout = (min(timeout[0], left), min(timeout[1], left))
        try:
            with session.request(method, url, params=params, headers=hdrs, json=json_body,
                                 timeout=this_timeout, stream=True) as r:
                if r.status_code == 304:
                    return FetchResult(url, 304, b"", _lower(r.headers), not_modified=True)
                if r.status_code in RETRY_STATUS and not policy.gives_up(attempt):
                    retry_after = r.headers.get("Retry-After")
                    log.info("%s answered %s, retrying", url, r.status_code)
                    raise _Retry
                if r.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {r.status_code} {r.reason}", r.status_code)
                length = r.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise FetchError(f"{url}: response of {length} bytes is over the "
                                     f"{max_bytes}-byte cap")
                body = bytearray()
                for chunk in iter_body(r, stop_at=stop_at, read_timeout=timeout[1],
                                       cancelled=cancelled):
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"{url}: response over the {max_bytes}-byte cap")
                return FetchResult(url, r.status_code, bytes(body), _lower(r.headers))
        except _Retry:
            pass
        except DeadlineExceeded as e:
            raise DeadlineExceeded(f"{url}: no complete answer within {deadline:g} s") from e
        except TRANSIENT as e:
            if stop_at is not None and time.monotonic() >= stop_at:
                raise DeadlineExceeded(f"{url}: no complete answer within {deadline:g} s"
                                       ) from e
            if policy.gives_up(attempt):
                timed_out = isinstance(e, requests.Timeout) or "timed out" in str(e)
                kind = "timed out" if timed_out else "unreachable"
                if LOOPBACK_ONLY_ENV in str(e):
                    kind = f"refused ({LOOPBACK_ONLY_ENV}=loopback)"
                raise FetchError(f"{url}: {kind} ({type(e).__name__})") from e
            log.info("%s: %s, retrying", url, type(e).__name__)
        except requests.RequestException as e:
            raise FetchError(f"{url}: {e}") from e
        sleep(policy.wait(attempt, retry_after=retry_after, stop_at=stop_at))
        attempt += 1


class _Retry(Exception):
    pass


# Failures another try may cure (a refused or cut connection, a timeout).
TRANSIENT = (requests.ConnectionError, requests.Timeout,
             requests.exceptions.ChunkedEncodingError)


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}
