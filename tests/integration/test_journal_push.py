"""`journal push` to a real nginx (WebDAV) and a real S3-compatible server on 127.0.0.1: new
days and the health report, in order, resumed after a cut, a week's backlog after an outage."""

from __future__ import annotations

import datetime as dt
import json

import boto3
import pytest

from kiosk.core.journal import identity
from kiosk.core.journal import push as push_mod
from kiosk.core.journal.targets import FolderTarget, HttpTarget, PushError, S3Target
from kiosk.core.journal.writer import JournalWriter
from kiosk.core.paths import resolve
from kiosk.core.settings import CollectSection
from tests.helpers.cut_proxy import CutProxy
from tests.helpers.nginx import Nginx, free_port

pytestmark = pytest.mark.integration

# Monday 2026-11-16 10:00 Paris (09:00 UTC); the kiosk runs 7 days, pushes on the 8th.
MONDAY = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC).timestamp()
DAYS = [f"2026-11-{16 + d}" for d in range(7)]
AFTER_WEEK = MONDAY + 7 * 86_400 + 3600
HEALTH = {"generated": "2026-11-23T10:00:00Z", "app_version": "0.1.0",
          "disk": {"free_bytes": 5, "total_bytes": 10}, "problems": []}


def _week(data, visits_per_day: int = 30) -> None:
    """A week of visits, a few hundred events a day (several kB of Parquet per day)."""
    w = JournalWriter(data / "journal.db", clock=lambda: AFTER_WEEK).start()
    for d in range(7):
        for v in range(visits_per_day):
            s = f"{d:02x}{v:014x}"
            t = MONDAY + d * 86_400 + v * 300
            for k, fields in (("session_start", {}),
                              ("page_view", {"module": f"m{v % 5}", "page": v % 7,
                                             "seconds": 10.0 + v}),
                              ("video_play", {"video": f"v{v % 3}", "seconds": 1.5 * v,
                                              "completed": v % 2 == 0}),
                              ("session_end", {"seconds": 60.0 + v})):
                w.log(k, fields, session=s, territory="TPM", language="fr", at=t)
    w.close()


@pytest.fixture
def kiosk_data(tmp_path):
    data = tmp_path / "kiosk"
    data.mkdir()
    _week(data)
    return data


def _push(data, target, **kw):
    kw.setdefault("now", AFTER_WEEK)
    kw.setdefault("sleep", lambda s: None)
    return push_mod.push(resolve(data), target, health=HEALTH, **kw)


def kiosk_id(data):
    return identity.kiosk_id(resolve(data).kiosk_id_file)


def export_dir(data):
    return resolve(data).journal_parquet


def _journal_puts(server):
    return [uri for method, uri, status in server.requests()
            if method == "PUT" and "/journal/" in uri and status in (200, 201, 204)]


def test_push_to_nginx_sends_the_days_then_the_health_report(kiosk_data, nginx_dav):
    target = HttpTarget(nginx_dav.url("/fleet/"))
    report = _push(kiosk_data, target)
    kid = kiosk_id(kiosk_data)
    assert report.ok, report.error
    assert report.exported == 7
    assert report.sent == [f"journal/kiosk={kid}/date={d}/events.parquet" for d in DAYS] + [
        f"health/{kid}.json"]
    stored = nginx_dav.files("fleet")
    local = export_dir(kiosk_data)
    for d in DAYS:
        rel = f"kiosk={kid}/date={d}/events.parquet"
        assert stored[f"journal/{rel}"] == (local / rel).read_bytes()
    health = json.loads(stored[f"health/{kid}.json"])
    assert health["kiosk"] == kid
    assert health["generated"] == HEALTH["generated"]
    assert health["journal"] == {"days_exported": 7, "last_day": DAYS[-1]}
    # Nothing new: only the health report goes again.
    again = _push(kiosk_data, target)
    assert again.sent == [f"health/{kid}.json"]
    assert len(_journal_puts(nginx_dav)) == 7


def test_a_webdav_server_that_wants_mkcol(kiosk_data, tmp_path):
    server = Nginx(tmp_path / "strict", create_full_put_path=False)
    try:
        report = _push(kiosk_data, HttpTarget(server.url("/")))
        assert report.ok, report.error
        methods = [m for m, _uri, _s in server.requests()]
        assert "MKCOL" in methods
        assert len(server.files("journal")) == 7
    finally:
        server.stop()


def test_a_push_cut_mid_file_resumes_with_that_file(kiosk_data, nginx_dav):
    proxy = CutProxy(nginx_dav.port)
    try:
        target = HttpTarget(proxy.url("/fleet/"))
        kid = kiosk_id(kiosk_data)
        proxy.cut(b"date=2026-11-18", after=1000)  # the third day loses its link mid-file
        waits = []
        first = _push(kiosk_data, target, sleep=waits.append)
        assert not first.ok
        assert "unreachable" in first.error
        assert waits == [1.0, 2.0, 4.0, 8.0]  # retried with a doubling pause
        assert proxy.cuts == 5
        assert first.pending == 5
        stored = nginx_dav.files("fleet/journal")
        assert sorted(stored) == [f"kiosk={kid}/date={d}/events.parquet" for d in DAYS[:2]]
        # The network is back: the next run starts with the file that was cut.
        proxy.cut(None)
        second = _push(kiosk_data, target)
        assert second.ok, second.error
        assert second.sent[0] == f"journal/kiosk={kid}/date=2026-11-18/events.parquet"
        assert len(second.sent) == 5 + 1
        puts = _journal_puts(nginx_dav)
        assert [u.split("date=")[1][:10] for u in puts] == DAYS  # each day stored once
        local = export_dir(kiosk_data)
        assert nginx_dav.files("fleet/journal") == {
            p.relative_to(local).as_posix(): p.read_bytes() for p in local.rglob("*.parquet")}
    finally:
        proxy.close()


def test_a_week_offline_then_the_backlog_in_order(kiosk_data, tmp_path):
    port = free_port()
    target = HttpTarget(f"http://127.0.0.1:{port}/fleet/")  # nothing listens: offline
    for day in range(1, 7):  # the kiosk tries every day of the week
        r = _push(kiosk_data, target, now=MONDAY + day * 86_400 + 3600, retries=1)
        assert not r.ok
        assert r.pending == day
    entry = push_mod.load_state(resolve(kiosk_data))["targets"][target.key]
    assert entry["failures"] == 6
    assert entry.get("last_success") is None
    [status] = push_mod.status(resolve(kiosk_data), target)
    assert not status.ok
    assert status.detail == "6 file(s) waiting"
    assert status.error.startswith("6 file(s) waiting: http://127.0.0.1:")
    assert "unreachable" in status.error
    server = Nginx(tmp_path / "back")
    try:
        server.port  # noqa: B018 - a new port: the collection point moved, same path
        moved = HttpTarget(server.url("/fleet/"))
        r = _push(kiosk_data, moved)
        assert r.ok, r.error
        assert [u.split("date=")[1][:10] for u in _journal_puts(server)] == DAYS
        assert [m for m, _u, _s in server.requests()][-1] == "PUT"
        assert server.requests()[-1][1].startswith("/fleet/health/")
        [status] = push_mod.status(resolve(kiosk_data), moved)
        assert status.ok
        assert status.detail == "all sent"
        assert status.last_success == AFTER_WEEK
    finally:
        server.stop()


def test_push_to_an_s3_compatible_bucket(kiosk_data, s3_server, monkeypatch):
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    c = CollectSection(s3_endpoint=s3_server, s3_bucket="fleet", s3_prefix="nature/",
                       s3_region="eu-west-3", s3_access_key="KIOSKKEY",
                       s3_secret_key="kiosk-secret")
    client = boto3.session.Session().client(
        "s3", endpoint_url=s3_server, region_name="eu-west-3", aws_access_key_id="KIOSKKEY",
        aws_secret_access_key="kiosk-secret")
    client.create_bucket(Bucket="fleet",
                         CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    target = S3Target(c)
    report = _push(kiosk_data, target)
    assert report.ok, report.error
    kid = kiosk_id(kiosk_data)
    keys = [o["Key"] for o in client.list_objects_v2(Bucket="fleet")["Contents"]]
    assert sorted(keys) == sorted(f"nature/{r}" for r in report.sent)
    local = export_dir(kiosk_data)
    for d in DAYS:
        rel = f"kiosk={kid}/date={d}/events.parquet"
        body = client.get_object(Bucket="fleet", Key=f"nature/journal/{rel}")["Body"].read()
        assert body == (local / rel).read_bytes()
    health = json.loads(client.get_object(Bucket="fleet",
                                          Key=f"nature/health/{kid}.json")["Body"].read())
    assert health["kiosk"] == kid
    # A bucket that does not exist is said plainly and not retried forever.
    waits = []
    bad = _push(kiosk_data, S3Target(CollectSection(
        s3_endpoint=s3_server, s3_bucket="nowhere", s3_region="eu-west-3",
        s3_access_key="KIOSKKEY", s3_secret_key="kiosk-secret")), sleep=waits.append)
    assert "NoSuchBucket" in bad.error
    assert waits == []


def test_the_usb_stick_receives_the_same_files(kiosk_data, tmp_path):
    stick = tmp_path / "stick" / "kiosk-fleet"
    first = _push(kiosk_data, FolderTarget(stick))
    assert first.ok
    kid = kiosk_id(kiosk_data)
    assert sorted(p.relative_to(stick).as_posix() for p in stick.rglob("*") if p.is_file()) \
        == sorted(first.sent)
    # A stick that has them already gets the health report only; another stick gets all.
    assert _push(kiosk_data, FolderTarget(stick)).sent == [f"health/{kid}.json"]
    assert len(_push(kiosk_data, FolderTarget(tmp_path / "other")).sent) == 8


def test_a_refusal_is_not_retried(kiosk_data, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    (ro / "journal").write_text("a file where a folder should be")
    waits = []
    r = _push(kiosk_data, FolderTarget(ro), sleep=waits.append)
    assert not r.ok
    assert waits == []
    with pytest.raises(PushError):
        FolderTarget(ro).put("journal/x", b"1", "x")


def test_cli_push_to_the_settings_collection_point(kiosk_data, nginx_dav, capsys):
    from kiosk import cli
    from kiosk.core import settings as settings_mod

    assert cli.main(["journal", "push", "--data-dir", str(kiosk_data)]) == 3
    assert "no collection point" in capsys.readouterr().err
    s = settings_mod.default_settings()
    s.collect.url = nginx_dav.url("/fleet")
    settings_mod.save(s, kiosk_data / "settings.toml")
    assert cli.main(["journal", "push", "--data-dir", str(kiosk_data)]) == 0
    line = json.loads(capsys.readouterr().out)
    kid = kiosk_id(kiosk_data)
    assert line["ok"] is True
    assert line["kiosk"] == kid
    assert line["exported"] == 7  # "now" is after the fixture's week
    assert line["sent"][-1] == f"health/{kid}.json"
    health = json.loads(nginx_dav.files("fleet")[f"health/{kid}.json"])
    assert health["app_version"]
    assert health["disk"]["total_bytes"] > 0
    assert health["sources"][0]["source"].startswith("journal:push")
    # A collection point that is down: exit 1, the files wait for the next run.
    s.collect.url = f"http://127.0.0.1:{free_port()}/fleet"
    settings_mod.save(s, kiosk_data / "settings.toml")
    assert cli.main(["journal", "push", "--retries", "0", "--data-dir", str(kiosk_data)]) == 1
    line = json.loads(capsys.readouterr().out)
    assert line["ok"] is False
    assert line["pending"] == 7
