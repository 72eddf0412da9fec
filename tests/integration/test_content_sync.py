"""Network sync against a scripted server on 127.0.0.1: resume, checks, window, failures."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import replace

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.core import net
from kiosk.core import paths as paths_mod
from kiosk.core.content import publish, store, sync
from tests.helpers.http_server import Reply
from tests.unit.core.content.helpers import MB, build_bundle, trust

pytestmark = pytest.mark.integration


@pytest.fixture
def setup(tmp_path, http_server):
    key = Ed25519PrivateKey.generate()
    paths = paths_mod.resolve(tmp_path / "data").ensure()
    s = trust(paths, key.public_key())
    s = replace(s, content=replace(s.content, sync_url=http_server.url("/pub/"),
                                   reserve_mb=0))
    return key, paths, s


def _publish(tmp_path, key, http_server, *, version="1.0", files=None, route=None,
             index_edit=None):
    b = build_bundle(tmp_path, key, version=version, as_zip=True,
                     files=files or {"clip.bin": os.urandom(400_000), "a.txt": b"a"})
    out = tmp_path / f"www-{version}"
    (entry,) = publish.publish([b], out, max_bytes=10 * MB)
    body = (out / entry["file"]).read_bytes()
    index = json.loads((out / "index.json").read_text())
    if index_edit:
        index_edit(index["bundles"][0])
    http_server.route("/pub/index.json", body=json.dumps(index).encode())
    http_server.route(f"/pub/{entry['file']}", **(route or {"body": body, "ranges": True}))
    return entry, body


def test_interrupted_download_resumes_with_range(tmp_path, http_server, setup):
    key, paths, s = setup
    entry, body = _publish(tmp_path, key, http_server)
    path = f"/pub/{entry['file']}"
    half = len(body) // 2
    http_server.route(path, responses=[Reply(body=body, ranges=True, truncate_at=half),
                                       Reply(body=body, ranges=True)])
    seen = []
    report = sync.sync_content(paths, s, net.make_session(), progress=seen.append)
    assert report.ok, report.statuses
    assert report.changed
    gets = [r for r in http_server.requests if r.path == path]
    assert len(gets) == 2
    assert "Range" not in gets[0].headers
    start = int(gets[1].headers["Range"][len("bytes="):-1])
    assert 0 < start <= half
    assert store.status(paths)["exhibits"]["version"] == "1.0"
    downloads = [t for t in seen if t.phase == "download"]
    assert downloads[-1].done == len(body)
    assert any(t.phase == "install" for t in seen)


def test_a_part_left_by_a_power_cut_is_resumed_next_time(tmp_path, http_server, setup):
    key, paths, s = setup
    entry, body = _publish(tmp_path, key, http_server)
    part = paths.content / "downloads" / "expo-1.0.zip.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(body[:100_000])
    report = sync.sync_content(paths, s, net.make_session())
    assert report.changed
    (get,) = [r for r in http_server.requests if r.path == f"/pub/{entry['file']}"]
    assert get.headers["Range"] == "bytes=100000-"


def test_a_server_without_ranges_starts_over(tmp_path, http_server, setup):
    key, paths, s = setup
    entry, body = _publish(tmp_path, key, http_server)
    http_server.route(f"/pub/{entry['file']}", responses=[
        Reply(body=body, truncate_at=50_000), Reply(body=body)])
    report = sync.sync_content(paths, s, net.make_session())
    assert report.changed


def test_unchanged_bundles_are_not_downloaded_again(tmp_path, http_server, setup):
    key, paths, s = setup
    entry, _ = _publish(tmp_path, key, http_server)
    sync.sync_content(paths, s, net.make_session())
    report = sync.sync_content(paths, s, net.make_session())
    assert not report.changed
    assert http_server.hits(f"/pub/{entry['file']}") == 1
    assert http_server.hits("/pub/index.json") == 2


def test_a_download_not_matching_the_index_is_dropped(tmp_path, http_server, setup):
    key, paths, s = setup
    entry, body = _publish(tmp_path, key, http_server,
                           index_edit=lambda e: e.update(sha256=hashlib.sha256(b"x")
                                                         .hexdigest()))
    report = sync.sync_content(paths, s, net.make_session())
    assert not report.ok
    assert "sha256" in report.statuses[1].error
    assert store.status(paths)["exhibits"] is None
    assert not any((paths.content / "downloads").iterdir())


def test_a_bundle_signed_by_a_stranger_is_rejected(tmp_path, http_server, setup):
    _key, paths, s = setup
    _publish(tmp_path, Ed25519PrivateKey.generate(), http_server)
    report = sync.sync_content(paths, s, net.make_session())
    assert not report.ok
    assert "untrusted-key" in report.statuses[1].error
    assert store.status(paths)["exhibits"] is None


def test_outside_the_update_window_nothing_is_fetched(tmp_path, http_server, setup):
    key, paths, s = setup
    _publish(tmp_path, key, http_server)
    noon = dt.datetime(2026, 11, 28, 12, 0).timestamp()
    closed = replace(s, content=replace(s.content, update_window="02:00-05:00"))
    report = sync.sync_content(paths, closed, net.make_session(), now=lambda: noon)
    assert report.ok
    assert "outside the update window" in report.statuses[0].detail
    assert http_server.requests == []
    night = dt.datetime(2026, 11, 28, 3, 30).timestamp()
    report = sync.sync_content(paths, closed, net.make_session(), now=lambda: night)
    assert report.changed


def test_window_crossing_midnight():
    at = dt.datetime(2026, 1, 1, 23, 30)
    assert sync.in_window("22:00-06:00", at)
    assert sync.in_window("22:00-06:00", at.replace(hour=5))
    assert not sync.in_window("22:00-06:00", at.replace(hour=12))
    assert sync.in_window("", at)
    with pytest.raises(ValueError):
        sync.in_window("late", at)


def test_server_errors_keep_what_is_installed(tmp_path, http_server, setup):
    key, paths, s = setup
    _publish(tmp_path, key, http_server)
    sync.sync_content(paths, s, net.make_session())
    http_server.route("/pub/index.json", status=404, body=b"gone")
    report = sync.sync_content(paths, s, net.make_session())
    assert not report.ok
    assert "404" in report.statuses[0].error
    assert store.status(paths)["exhibits"]["version"] == "1.0"
    assert sync.load_state(paths)["error"]
    http_server.route("/pub/index.json", body=b"{not json")
    report = sync.sync_content(paths, s, net.make_session())
    assert "not JSON" in report.statuses[0].error


def test_a_dripping_index_is_cut_at_its_deadline(tmp_path, http_server, setup, monkeypatch):
    _key, paths, s = setup
    monkeypatch.setattr(sync, "INDEX_DEADLINE", 2.0)
    http_server.route("/pub/index.json", body=b'{"bundles": []}', chunk_size=1,
                      chunk_delay=1.0)
    report = sync.sync_content(paths, s, net.make_session())
    assert not report.ok
    assert "within 2 s" in report.statuses[0].error


def test_a_dripping_bundle_is_cut_at_its_deadline_and_resumed_later(tmp_path, http_server,
                                                                     setup, monkeypatch):
    # Before: one byte a second passed every read timeout; the download never ended.
    key, paths, s = setup
    monkeypatch.setattr(sync, "DOWNLOAD_DEADLINE_BASE", 2.0)
    monkeypatch.setattr(sync, "MIN_RATE", 10**9)
    entry, body = _publish(tmp_path, key, http_server)
    path = f"/pub/{entry['file']}"
    http_server.route(path, body=body, ranges=True, chunk_size=1, chunk_delay=1.0)
    report = sync.sync_content(paths, s, net.make_session())
    assert not report.ok
    assert "not downloaded within" in report.statuses[1].error
    part = paths.content / "downloads" / (entry["file"].split("/")[-1] + ".part")
    kept = part.stat().st_size
    assert kept > 0
    http_server.route(path, body=body, ranges=True)
    report = sync.sync_content(paths, s, net.make_session())
    assert report.ok, report.statuses
    get = [r for r in http_server.requests if r.path == path][-1]
    assert get.headers["Range"] == f"bytes={kept}-"


def test_an_old_bundle_of_another_id_is_not_taken_over_the_network(tmp_path, http_server,
                                                                   setup):
    # Before: any other id was "wanted" and replaced the installed bundle.
    from tests.unit.core.content.helpers import build_bundle as build_one
    key, paths, s = setup
    _publish(tmp_path, key, http_server, version="3.0")
    assert sync.sync_content(paths, s, net.make_session()).changed
    old = build_one(tmp_path / "old", key, bundle_id="old-expo", version="0.1", as_zip=True)
    out = tmp_path / "www-old"
    (entry,) = publish.publish([old], out, max_bytes=10 * MB)
    http_server.route("/pub/index.json", body=(out / "index.json").read_bytes())
    http_server.route(f"/pub/{entry['file']}", body=(out / entry["file"]).read_bytes())
    report = sync.sync_content(paths, s, net.make_session())
    assert not report.changed
    assert "does not supersede" in report.statuses[1].detail
    assert http_server.hits(f"/pub/{entry['file']}") == 0
    assert store.status(paths)["exhibits"]["id"] == "expo"


def test_a_bundle_that_supersedes_the_installed_one_is_taken(tmp_path, http_server, setup):
    from kiosk.core.content import build
    key, paths, s = setup
    _publish(tmp_path, key, http_server, version="3.0")
    assert sync.sync_content(paths, s, net.make_session()).changed
    src = tmp_path / "heir-src"
    src.mkdir()
    (src / "module.toml").write_text("id = 'heat'\n")
    heir = tmp_path / "heir.zip"
    build.build(src, heir, key, bundle_id="expo-2027", version="1.0", kind="exhibits",
                min_app_version="0.0.1", supersedes=("expo",))
    out = tmp_path / "www-heir"
    (entry,) = publish.publish([heir], out, max_bytes=10 * MB)
    assert entry["supersedes"] == ["expo"]
    http_server.route("/pub/index.json", body=(out / "index.json").read_bytes())
    http_server.route(f"/pub/{entry['file']}", body=(out / entry["file"]).read_bytes())
    report = sync.sync_content(paths, s, net.make_session())
    assert report.changed, report.statuses
    assert store.status(paths)["exhibits"]["id"] == "expo-2027"


def test_a_busy_server_s_retry_after_is_honoured_by_downloads_as_by_fetch(tmp_path,
                                                                         http_server):
    # One retry policy (net.RetryPolicy) for every request: a 503 asking for 7 s gets 7 s.
    body = os.urandom(50_000)
    http_server.route("/b.zip", responses=[
        Reply(status=503, headers={"Retry-After": "7"}), Reply(body=body, ranges=True)])
    http_server.route("/i.json", responses=[
        Reply(status=503, headers={"Retry-After": "7"}), Reply(body=b"{}")])
    slept: list[float] = []
    got = sync.download(net.make_session(), http_server.url("/b.zip"), tmp_path / "b.zip.part",
                        size=len(body), sha256=hashlib.sha256(body).hexdigest(),
                        sleep=slept.append)
    assert got.read_bytes() == body
    net.fetch(net.make_session(), http_server.url("/i.json"), sleep=slept.append)
    assert slept == [7.0, 7.0]
