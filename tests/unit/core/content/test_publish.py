"""`kiosk bundle publish`: verified bundles, one index entry per kind, atomic index."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from kiosk.core.content import publish
from kiosk.core.content.manifest import Rejected

from .helpers import MB, build_bundle


def test_folder_and_zip_bundles_are_laid_out_with_an_index(tmp_path, key):
    out = tmp_path / "www"
    expo = build_bundle(tmp_path, key, version="1.0")
    films = build_bundle(tmp_path, key, bundle_id="films", kind="videos", as_zip=True)
    entries = publish.publish([expo, films], out, max_bytes=MB)
    assert [e["file"] for e in entries] == ["bundles/expo-1.0.zip", "bundles/films-1.0.zip"]
    index = json.loads((out / "index.json").read_text())
    assert index["format"] == 1
    assert {e["kind"] for e in index["bundles"]} == {"exhibits", "videos"}
    for e in index["bundles"]:
        data = (out / e["file"]).read_bytes()
        assert e["sha256"] == hashlib.sha256(data).hexdigest()
        assert e["size"] == len(data)
    with zipfile.ZipFile(out / "bundles/expo-1.0.zip") as zf:
        assert {"manifest.json", "manifest.sig", "texts/fr.md"} <= set(zf.namelist())
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())


def test_a_new_version_replaces_its_kind_and_the_old_zip_goes(tmp_path, key):
    out = tmp_path / "www"
    publish.publish([build_bundle(tmp_path, key, version="1.0")], out, max_bytes=MB)
    publish.publish([build_bundle(tmp_path, key, version="2.0")], out, max_bytes=MB)
    index = json.loads((out / "index.json").read_text())
    assert [(e["id"], e["version"]) for e in index["bundles"]] == [("expo", "2.0")]
    assert sorted(p.name for p in (out / "bundles").iterdir()) == ["expo-2.0.zip"]


def test_a_tampered_bundle_is_not_published(tmp_path, key):
    b = build_bundle(tmp_path, key)
    (b / "texts/fr.md").write_bytes(b"# changed after signing\n")
    with pytest.raises(Rejected) as info:
        publish.publish([b], tmp_path / "www", max_bytes=MB)
    assert info.value.reason in ("hash-mismatch", "size-mismatch")
    assert not (tmp_path / "www" / "index.json").exists()


def test_with_trusted_keys_a_stranger_is_refused(tmp_path, key, other_key):
    b = build_bundle(tmp_path, other_key)
    with pytest.raises(Rejected) as info:
        publish.publish([b], tmp_path / "www", max_bytes=MB, trusted=[key.public_key()])
    assert info.value.reason == "untrusted-key"
    publish.publish([b], tmp_path / "www", max_bytes=MB, trusted=[other_key.public_key()])
