"""Operator to kiosk: keygen → build → publish → sync from a real server → status → rollback.

The published folder is served by http.server on 127.0.0.1, as nginx would serve it.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.core import net
from kiosk.core import paths as paths_mod
from kiosk.core import settings as settings_mod
from kiosk.core.content import sync
from tests.unit.core.content.helpers import default_files, make_src, tree_digest

pytestmark = pytest.mark.integration


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def static_server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                functools.partial(_Quiet, directory=str(root)))
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def run(capsys, *argv) -> tuple[int, list[dict], str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def test_round_trip(tmp_path, capsys, static_server):
    www, base = static_server
    data = tmp_path / "kiosk-data"
    op = tmp_path / "operator"
    d = ("--data-dir", data)

    code, out, _ = run(capsys, "bundle", "keygen", op / "team.pem", *d)
    assert code == 0
    assert Path(out[0]["public_key"]).exists()
    assert oct(os.stat(op / "team.pem").st_mode & 0o777) == "0o600"

    v1 = default_files("v1")
    make_src(op / "expo-v1", v1)
    make_src(op / "expo-v2", default_files("v2"))
    for v, out_name in (("1", "expo-1.zip"), ("2", "expo-2")):
        code, out, err = run(capsys, "bundle", "build", op / f"expo-v{v}", op / out_name,
                             "--key", op / "team.pem", "--id", "expo", "--version", f"{v}.0",
                             "--kind", "exhibits", "--force", *d)  # minimal modules on purpose
        assert code == 0, err
        assert out[0]["files"] == 3
        assert out[0]["content_check"].startswith("forced: ")

    # Not trusted yet: verify and install refuse it by name.
    code, _, err = run(capsys, "bundle", "verify", op / "expo-1.zip", *d)
    assert code == 3
    assert "untrusted-key" in err
    code, out, _ = run(capsys, "bundle", "verify", op / "expo-1.zip",
                       "--trusted", op / "team.pem.pub", *d)
    assert code == 0
    assert out[0]["version"] == "1.0"
    code, out, _ = run(capsys, "bundle", "trust", op / "team.pem.pub", *d)
    assert code == 0
    assert out[0]["added"] is True
    code, out, _ = run(capsys, "bundle", "trust", op / "team.pem.pub", *d)
    assert out[0]["added"] is False

    # Publish v1, point the kiosk at the server, sync.
    code, out, err = run(capsys, "bundle", "publish", op / "expo-1.zip", www, *d)
    assert code == 0, err
    assert (www / "index.json").exists()
    paths = paths_mod.resolve(data)
    s = settings_mod.load(paths.settings_file)
    s.content.sync_url = base
    settings_mod.save(s, paths.settings_file)
    session = net.make_session()
    report = sync.sync_content(paths, s, session)
    assert report.ok, report.statuses
    assert report.changed
    code, out, _ = run(capsys, "content", "status", *d)
    assert code == 0
    ex = out[0]["exhibits"]
    assert (ex["id"], ex["version"], ex["previous"]) == ("expo", "1.0", None)
    got = tree_digest(Path(ex["path"]))
    assert got["texts/fr.md"] == tree_digest(op / "expo-v1")["texts/fr.md"]

    # Nothing changed on the server: nothing downloaded again.
    report = sync.sync_content(paths, s, session)
    assert report.ok
    assert not report.changed

    # Publish v2 (a folder bundle: publish zips it); the kiosk takes only that.
    code, out, err = run(capsys, "bundle", "publish", op / "expo-2", www, *d)
    assert code == 0, err
    assert out[0]["file"] == "bundles/expo-2.0.zip"
    assert not (www / "bundles" / "expo-1.0.zip").exists()
    report = sync.sync_content(paths, s, session)
    assert report.changed
    code, out, _ = run(capsys, "content", "status", *d)
    ex = out[0]["exhibits"]
    assert (ex["version"], ex["previous"]["version"]) == ("2.0", "1.0")
    assert not any((paths.content / "downloads").iterdir())

    code, out, _ = run(capsys, "content", "rollback", *d)
    assert code == 0
    assert out[0] == {"event": "rolled_back", "kind": "exhibits", "from": "expo-2.0",
                      "to": "expo-1.0"}
    code, out, _ = run(capsys, "content", "status", *d)
    assert out[0]["exhibits"]["version"] == "1.0"
    # A rolled-back kiosk does not take 2.0 back by itself; a higher version it does take.
    report = sync.sync_content(paths, s, session)
    assert not report.changed
    assert "not taken" in report.statuses[1].detail
    code, out, _ = run(capsys, "content", "status", *d)
    assert out[0]["exhibits"]["version"] == "1.0"
    make_src(op / "expo-v3", default_files("v3"))
    run(capsys, "bundle", "build", op / "expo-v3", op / "expo-3.zip", "--key",
        op / "team.pem", "--id", "expo", "--version", "3.0", "--kind", "exhibits", "--force",
        *d)
    code, out, err = run(capsys, "bundle", "publish", op / "expo-3.zip", www, *d)
    assert code == 0, err
    report = sync.sync_content(paths, s, session)
    assert report.changed
    code, out, _ = run(capsys, "content", "status", *d)
    assert (out[0]["exhibits"]["version"], out[0]["exhibits"]["previous"]["version"]) == (
        "3.0", "1.0")


def test_cli_exit_codes(tmp_path, capsys):
    d = ("--data-dir", tmp_path / "data")
    code, _, err = run(capsys, "bundle", "install", tmp_path / "nothing-here.zip", *d)
    assert code == 1
    assert "nothing was installed" in err
    code, _, err = run(capsys, "content", "rollback", *d)
    assert code == 3
    assert "no previous version" in err
    (tmp_path / "junk.zip").write_bytes(b"PK\x03\x04 not really")
    code, _, err = run(capsys, "bundle", "install", tmp_path / "junk.zip", *d)
    assert code == 3
    assert "rejected (corrupt-zip)" in err
    (tmp_path / "bad.pub").write_text("-----BEGIN PUBLIC KEY-----\nAAAA\n")
    code, _, err = run(capsys, "bundle", "trust", tmp_path / "bad.pub", *d)
    assert code == 3
    assert "bad-key" in err
    with pytest.raises(SystemExit) as e:
        cli.main(["bundle", "build", str(tmp_path), "--data-dir", str(tmp_path)])
    assert e.value.code == 2
    capsys.readouterr()
