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


def _hostile_zip_claiming(path, entries: int) -> None:
    """A few bytes whose end record claims `entries` entries (ZIP64 when over 65,535)."""
    import struct
    eocd64 = (b"PK\x06\x06" + struct.pack("<QHHIIQQQQ", 44, 45, 45, 0, 0, entries, entries,
                                          entries * 46, 0))
    locator = b"PK\x06\x07" + struct.pack("<IQI", 0, 0, 1)
    eocd = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF,
                                       0xFFFFFFFF, 0)
    path.write_bytes(eocd64 + locator + eocd)


def test_a_zip_claiming_a_million_entries_is_refused_before_its_directory_is_read(tmp_path):
    from kiosk.core.content.manifest import Rejected
    from kiosk.core.content.source import open_source, zip_directory_size
    bomb = tmp_path / "bomb.zip"
    _hostile_zip_claiming(bomb, 1_000_000)
    assert zip_directory_size(bomb) == (1_000_000, 46_000_000)
    import pytest
    with pytest.raises(Rejected, match="1000000 entries"):
        open_source(bomb)


def test_a_real_million_entry_zip_is_refused_by_count(tmp_path, monkeypatch):
    # The same refusal on a zip zipfile wrote (a smaller cap keeps the test quick).
    import zipfile

    import pytest

    from kiosk.core.content import source
    from kiosk.core.content.manifest import Rejected
    monkeypatch.setattr(source, "MAX_ZIP_ENTRIES", 50)
    p = tmp_path / "many.zip"
    with zipfile.ZipFile(p, "w") as zf:
        for i in range(51):
            zf.writestr(f"e{i}", b"")
    assert source.zip_directory_size(p) == (51, source.zip_directory_size(p)[1])
    with pytest.raises(Rejected, match="51 entries"):
        source.open_source(p)


def test_a_stick_with_hostile_bundles_still_offers_its_good_one(tmp_path, kpaths, key,
                                                               monkeypatch):
    s = trust(kpaths, key.public_key())
    folder = _stick(tmp_path)
    build_bundle(folder, key, version="3.0", as_zip=True)
    _hostile_zip_claiming(folder / "bomb.zip", 1_000_000)
    (folder / "garbage.zip").write_bytes(b"PK\x03\x04 not a zip at all")
    deep = folder / "deep"
    deep.mkdir()
    (deep / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    deeper = folder / "nested-dirs"
    d = deeper
    for _ in range(80):
        d = d / "d"
    d.mkdir(parents=True)
    (deeper / "manifest.json").write_text("{}")
    for p in folder.glob("src-*"):
        import shutil

        shutil.rmtree(p)
    monkeypatch.setenv("KIOSK_USB_ROOTS", str(tmp_path / "media"))
    (stick,) = usb.scan(s, kpaths)
    offers = {o.name: o for o in stick.offers}
    assert offers["expo-3.0.zip"].state == "new"
    assert offers["bomb.zip"].state == "invalid"
    assert "entries" in offers["bomb.zip"].error
    assert offers["garbage.zip"].state == "invalid"
    assert offers["deep"].state == "invalid"
    assert "nested deeper than 64" in offers["deep"].error
    assert offers["nested-dirs"].state == "invalid"


def test_install_refuses_a_folder_tree_deeper_than_the_cap(tmp_path, kpaths, key):
    import pytest

    from kiosk.core.content.manifest import Rejected
    from kiosk.core.content.source import open_source
    b = build_bundle(tmp_path, key)
    d = b
    for _ in range(70):
        d = d / "d"
    d.mkdir(parents=True)
    with open_source(b) as src, pytest.raises(Rejected, match="nested deeper"):
        src.entries()
