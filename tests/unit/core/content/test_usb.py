"""Finding a stick, comparing its bundles with the installed ones, the two-way report."""

from __future__ import annotations

import json

from kiosk.core import settings as settings_mod
from kiosk.core.content import install, usb
from kiosk.core.health.problems import Problem, SourceStatus

from .helpers import MB, build_bundle, trust


def _stick(tmp_path, label="KIOSK"):
    folder = tmp_path / "media" / "facilitator" / label / "kiosk-content"
    folder.mkdir(parents=True)
    return folder


def test_finds_kiosk_content_two_levels_below_a_root(tmp_path, monkeypatch):
    folder = _stick(tmp_path)
    (tmp_path / "media" / "other").mkdir()
    monkeypatch.setenv("KIOSK_USB_ROOTS", str(tmp_path / "media"))
    roots = usb.mount_roots(settings_mod.default_settings())
    assert usb.find_folders(roots) == [folder]
    assert usb.find_folders([tmp_path / "nowhere"]) == []


def test_offers_compare_with_installed_versions(tmp_path, kpaths, key, other_key, monkeypatch):
    s = trust(kpaths, key.public_key())
    install.install(kpaths, build_bundle(tmp_path, key, version="2.0"), [key.public_key()],
                    max_bytes=MB, reserve_bytes=0)
    folder = _stick(tmp_path)
    build_bundle(folder, key, version="3.0", as_zip=True)
    build_bundle(folder, key, version="2.0")
    build_bundle(folder, key, version="1.0", as_zip=True)
    build_bundle(folder, key, bundle_id="films", kind="videos", as_zip=True)
    build_bundle(folder, other_key, bundle_id="rogue", kind="sites", as_zip=True)
    for p in folder.glob("src-*"):
        import shutil

        shutil.rmtree(p)
    monkeypatch.setenv("KIOSK_USB_ROOTS", str(tmp_path / "media"))
    (stick,) = usb.scan(s, kpaths)
    states = {o.name: (o.state, o.installed_version) for o in stick.offers}
    assert states == {
        "expo-3.0.zip": ("newer", "2.0"),
        "expo-2.0": ("installed", "2.0"),
        "expo-1.0.zip": ("older", "2.0"),
        "films-1.0.zip": ("new", None),
        "rogue-1.0.zip": ("invalid", None),
    }
    assert "untrusted-key" in next(o.error for o in stick.offers if o.state == "invalid")
    assert {o.name for o in stick.pending} == {"expo-3.0.zip", "films-1.0.zip"}


def test_health_report_lands_beside_kiosk_content(tmp_path, kpaths):
    folder = _stick(tmp_path)
    report = usb.health_report(kpaths, [SourceStatus("content:exhibits", ok=True)],
                               [Problem(1.0, "video", "v1", "will not start")], 1_800_000_000)
    out = usb.write_health_report(folder, report)
    assert out.parent == folder.parent
    data = json.loads(out.read_text())
    assert data["generated"] == "2027-01-15T08:00:00Z"
    assert data["sources"][0]["source"] == "content:exhibits"
    assert data["problems"][0]["message"] == "will not start"
    assert set(data["content"]) == {"exhibits", "videos", "sites", "agenda", "settings"}
