"""A real HTTP server on 127.0.0.1 whose answers each test scripts.

    def test_x(http_server):
        http_server.route("/feed.ics", body=b"...", headers={"ETag": '"1"'})
        http_server.route("/slow", body=b"x" * 10, delay=5)          # answers after 5 s
        http_server.route("/flaky", responses=[Reply(status=500), Reply(body=b"ok")])
        url = http_server.url("/feed.ics")
        ...
        assert http_server.requests[-1].headers["If-None-Match"] == '"1"'

Replies can honour conditional requests (etag / last_modified), byte ranges, and send a body
slowly (`chunk_delay`, `chunk_size`) or stop mid-body (`truncate_at`). Never binds anything
but 127.0.0.1.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    chunk_delay: float = 0.0  # seconds between chunks of the body
    chunk_size: int = 16384  # 1 with chunk_delay=1 is a server sending one byte per second
    truncate_at: int | None = None  # close the connection after this many body bytes
    etag: str | None = None  # answer 304 when If-None-Match matches
    last_modified: str | None = None  # answer 304 when If-Modified-Since matches exactly
    ranges: bool = False  # honour "Range: bytes=N-"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class LocalServer:
    def __init__(self) -> None:
        self._routes: dict[str, list[Reply]] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server._serve(self, body)

            do_GET = do_POST = do_HEAD = _handle

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # A client that gives up mid-answer (a deadline, a cancel) is what the
                # slow-body tests are about, not a server error worth a traceback.
                import sys
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, *, responses: list[Reply] | None = None, **reply) -> None:
        """Script `path`: a list of replies served in turn (the last one repeats)."""
        with self._lock:
            self._routes[path] = list(responses) if responses else [Reply(**reply)]

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path.split("?")[0] == path)

    def _next(self, path: str) -> Reply | None:
        with self._lock:
            replies = self._routes.get(path.split("?")[0])
            if not replies:
                return None
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def _serve(self, h: BaseHTTPRequestHandler, body: bytes) -> None:
        self.requests.append(Seen(h.command, h.path, dict(h.headers), body))
        reply = self._next(h.path)
        if reply is None:
            reply = Reply(status=404, body=b"not found")
        if reply.delay:
            time.sleep(reply.delay)
        headers = dict(reply.headers)
        if reply.etag:
            headers["ETag"] = reply.etag
        if reply.last_modified:
            headers["Last-Modified"] = reply.last_modified
        if (reply.etag and h.headers.get("If-None-Match") == reply.etag) or (
            reply.last_modified and h.headers.get("If-Modified-Since") == reply.last_modified
        ):
            h.send_response(304)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        status, payload = reply.status, reply.body
        rng = h.headers.get("Range", "")
        if reply.ranges:
            headers["Accept-Ranges"] = "bytes"
            if rng.startswith("bytes=") and rng.endswith("-"):
                start = int(rng[6:-1])
                headers["Content-Range"] = f"bytes {start}-{len(payload) - 1}/{len(payload)}"
                status, payload = 206, payload[start:]
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        if h.command == "HEAD":
            return
        limit = len(payload) if reply.truncate_at is None else reply.truncate_at
        sent = 0
        try:
            while sent < limit:
                chunk = payload[sent:min(limit, sent + reply.chunk_size)]
                h.wfile.write(chunk)
                h.wfile.flush()
                sent += len(chunk)
                if reply.chunk_delay:
                    time.sleep(reply.chunk_delay)
        except (BrokenPipeError, ConnectionResetError):
            return
        if reply.truncate_at is not None:
            h.close_connection = True

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def http_server():
    server = LocalServer()
    yield server
    server.close()
