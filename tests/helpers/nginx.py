"""A real nginx with its WebDAV modules on 127.0.0.1: the fleet's collection point in tests.

    def test_x(nginx_dav):
        url = nginx_dav.url("/fleet/")          # PUT, MKCOL, DELETE, PROPFIND, GET
        ...
        nginx_dav.root / "fleet" / "journal"    # what it stored
        nginx_dav.requests()                    # [(method, uri, status), …] from its access log

Each test gets its own nginx process (`daemon off`, master only) with its config, pid, temp
and log files in tmp_path, on a free port; nothing needs root (as root it keeps root as the
user so it may write tmp_path). The test is skipped, saying why, when nginx is not installed
(`packaging/dev.sh test` installs nginx-light and libnginx-mod-http-dav-ext).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

DAV_EXT = ("/usr/lib/nginx/modules/ngx_http_dav_ext_module.so",
           "/usr/lib64/nginx/modules/ngx_http_dav_ext_module.so")

CONF = """\
{load}
{user}
worker_processes 1;
master_process off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
  log_format steps '$request_method $uri $status $request_length';
  access_log {prefix}/access.log steps;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  types {{ application/json json; }}
  default_type application/octet-stream;
  server {{
    listen 127.0.0.1:{port};
    root {prefix}/www;
    client_max_body_size 100m;
    location / {{
      dav_methods PUT DELETE MKCOL;
      {propfind}
      create_full_put_path {full_path};
      dav_access user:rw group:r all:r;
      autoindex on;
    }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    def __init__(self, prefix: Path, *, create_full_put_path: bool = True) -> None:
        binary = shutil.which("nginx") or next(
            (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None)
        if binary is None:
            pytest.skip("nginx is not installed (Debian: nginx-light, "
                        "libnginx-mod-http-dav-ext; packaging/dev.sh test installs them)")
        self.prefix = prefix
        self.root = prefix / "www"
        self.root.mkdir(parents=True)
        dav_ext = next((p for p in DAV_EXT if Path(p).exists()), None)
        self.port = free_port()
        conf = prefix / "nginx.conf"
        conf.write_text(CONF.format(
            load=f"load_module {dav_ext};" if dav_ext else "",
            user="user root;" if os.geteuid() == 0 else "",
            prefix=prefix, port=self.port,
            propfind="dav_ext_methods PROPFIND OPTIONS;" if dav_ext else "",
            full_path="on" if create_full_put_path else "off"))
        self.proc = subprocess.Popen(
            [binary, "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log"),
             "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    err = self.proc.stderr.read().decode(errors="replace") if (
                        self.proc.poll() is not None) else "no answer after 10 s"
                    self.stop()
                    raise RuntimeError(f"nginx did not start: {err}") from None
                time.sleep(0.05)
        self.has_propfind = dav_ext is not None

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests(self) -> list[tuple[str, str, int]]:
        """What nginx answered, in order, from its access log."""
        try:
            lines = (self.prefix / "access.log").read_text().splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            method, uri, status, _length = line.split(" ")
            out.append((method, uri, int(status)))
        return out

    def files(self, under: str = "") -> dict[str, bytes]:
        base = self.root / under
        return {p.relative_to(base).as_posix(): p.read_bytes()
                for p in sorted(base.rglob("*")) if p.is_file()}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stderr is not None:
            self.proc.stderr.close()


@pytest.fixture
def nginx_dav(tmp_path):
    server = Nginx(tmp_path / "nginx")
    yield server
    server.stop()
