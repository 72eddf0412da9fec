"""A TCP proxy on 127.0.0.1 that can cut an upload mid-body: a cable pulled during a push.

    proxy = CutProxy(upstream_port)
    proxy.cut(b"date=2026-11-28", after=500)   # requests naming this lose their link
    ...                                        # after 500 bytes of body
    proxy.cut(None)                            # the network is back
    proxy.cuts                                 # how many uploads were cut

Everything else is piped both ways untouched. Requests on a kept-alive connection are seen in
the stream, so the match is on the request line and headers of each request.
"""

from __future__ import annotations

import socket
import threading


class CutProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.pattern: bytes | None = None
        self.after = 0
        self.cuts = 0
        self._lock = threading.Lock()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def cut(self, pattern: bytes | None, after: int = 0) -> None:
        with self._lock:
            self.pattern, self.after = pattern, after

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            threading.Thread(target=self._up, args=(client, server), daemon=True).start()
            threading.Thread(target=self._down, args=(client, server), daemon=True).start()

    def _down(self, client: socket.socket, server: socket.socket) -> None:
        try:
            while chunk := server.recv(65536):
                client.sendall(chunk)
        except OSError:
            pass
        finally:
            _close(client, server)

    def _up(self, client: socket.socket, server: socket.socket) -> None:
        remaining: int | None = None  # body bytes still allowed through a request being cut
        try:
            while chunk := client.recv(65536):
                if remaining is None:
                    with self._lock:
                        pattern, after = self.pattern, self.after
                    at = chunk.find(pattern) if pattern else -1
                    end = chunk.find(b"\r\n\r\n", at) if at >= 0 else -1
                    if end >= 0:
                        remaining = after + (end + 4) - len(chunk)
                        if remaining < 0:
                            server.sendall(chunk[:len(chunk) + remaining])
                            break
                    server.sendall(chunk)
                    continue
                if len(chunk) >= remaining:
                    server.sendall(chunk[:remaining])
                    break
                server.sendall(chunk)
                remaining -= len(chunk)
            if remaining is not None:
                with self._lock:
                    self.cuts += 1
        except OSError:
            pass
        finally:
            _close(client, server)

    def close(self) -> None:
        self._closed = True
        self.sock.close()


def _close(*socks: socket.socket) -> None:
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()
