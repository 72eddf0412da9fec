"""Every hostile or broken bundle is refused by name, and leaves nothing installed."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from kiosk.core.content import install, verify
from kiosk.core.content.manifest import Rejected
from kiosk.core.content.source import open_source

from .helpers import MB, build_bundle, entry, resign, zip_folder


def attempt(kpaths, bundle: Path, trusted, **kw) -> str:
    kw.setdefault("max_bytes", 100 * MB)
    kw.setdefault("reserve_bytes", 0)
    with pytest.raises(Rejected) as info:
        install.install(kpaths, bundle, trusted, **kw)
    kind_dir = kpaths.installed("exhibits")
    assert not os.path.lexists(kind_dir / "current")
    assert not (kind_dir / "versions").exists() or not any((kind_dir / "versions").iterdir())
    assert not any(kpaths.staging.iterdir())
    return info.value.reason


def test_an_honest_bundle_passes_both_as_folder_and_zip(tmp_path, kpaths, key):
    for as_zip in (False, True):
        b = build_bundle(tmp_path, key, version=f"1.{int(as_zip)}", as_zip=as_zip)
        with open_source(b) as s:
            checked = verify.verify(s, [key.public_key()], max_bytes=MB)
        assert checked.manifest.version == f"1.{int(as_zip)}"


def test_missing_signature(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    (b / "manifest.sig").unlink()
    assert attempt(kpaths, b, [key.public_key()]) == "missing-signature"


def test_bad_signature_after_the_manifest_was_edited(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    raw = (b / "manifest.json").read_bytes()
    (b / "manifest.json").write_bytes(raw.replace(b'"version": "1.0"', b'"version": "9.0"'))
    assert attempt(kpaths, b, [key.public_key()]) == "bad-signature"


def test_garbage_signature(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    (b / "manifest.sig").write_text("not base64 at all!\n")
    assert attempt(kpaths, b, [key.public_key()]) == "bad-signature"


def test_untrusted_key(tmp_path, kpaths, key, other_key):
    b = build_bundle(tmp_path, other_key)
    assert attempt(kpaths, b, [key.public_key()]) == "untrusted-key"


def test_no_trusted_key_at_all(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    assert attempt(kpaths, b, []) == "untrusted-key"


def test_signer_swapped_for_a_trusted_key_still_fails(tmp_path, kpaths, key, other_key):
    """An attacker naming a trusted key as signer cannot sign for it."""
    from kiosk.core.content import keys

    b = build_bundle(tmp_path, other_key)
    resign(b, other_key, lambda d: d.update(signer=keys.raw_b64(key.public_key())))
    assert attempt(kpaths, b, [key.public_key()]) == "bad-signature"


def test_hash_mismatch(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    data = bytearray((b / "images/a.png").read_bytes())
    data[100] ^= 0xFF
    (b / "images/a.png").write_bytes(bytes(data))
    assert attempt(kpaths, b, [key.public_key()]) == "hash-mismatch"


def test_size_mismatch(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    with open(b / "texts/fr.md", "ab") as f:
        f.write(b"more")
    assert attempt(kpaths, b, [key.public_key()]) == "size-mismatch"


@pytest.mark.parametrize("bad", ["../evil.txt", "/etc/passwd", "a/../../evil", "a//b",
                                 "C:/x", "a\\b"])
def test_unsafe_paths_in_the_manifest(tmp_path, kpaths, key, bad):
    b = build_bundle(tmp_path, key)
    resign(b, key, lambda d: d["files"].append(entry(bad, b"x")))
    assert attempt(kpaths, b, [key.public_key()]) == "unsafe-path"


def test_dotdot_member_in_a_zip(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    z = zip_folder(b, tmp_path / "evil.zip", [(zipfile.ZipInfo("../../evil.sh"), b"boom")])
    assert attempt(kpaths, z, [key.public_key()]) == "unsafe-path"
    assert not (tmp_path / "evil.sh").exists()


def test_link_in_a_folder(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    os.symlink("/etc/hostname", b / "texts/link.md")
    assert attempt(kpaths, b, [key.public_key()]) == "link"


def test_listed_file_replaced_by_a_link(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    (b / "texts/fr.md").unlink()
    os.symlink("/etc/hostname", b / "texts/fr.md")
    assert attempt(kpaths, b, [key.public_key()]) == "link"


def test_link_in_a_zip(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    info = zipfile.ZipInfo("texts/link.md")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    z = zip_folder(b, tmp_path / "link.zip", [(info, b"/etc/passwd")])
    assert attempt(kpaths, z, [key.public_key()]) == "link"


def test_fifo_in_a_folder(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    os.mkfifo(b / "texts/pipe")
    assert attempt(kpaths, b, [key.public_key()]) == "device"


def test_device_in_a_zip(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    info = zipfile.ZipInfo("dev-null")
    info.create_system = 3
    info.external_attr = (stat.S_IFCHR | 0o666) << 16
    z = zip_folder(b, tmp_path / "dev.zip", [(info, b"")])
    assert attempt(kpaths, z, [key.public_key()]) == "device"


def test_unlisted_file(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    (b / "texts/extra.md").write_text("smuggled")
    assert attempt(kpaths, b, [key.public_key()]) == "unlisted-file"


def test_missing_file(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    (b / "texts/fr.md").unlink()
    assert attempt(kpaths, b, [key.public_key()]) == "missing-file"


def test_truncated_zip(tmp_path, kpaths, key):
    z = build_bundle(tmp_path, key, as_zip=True)
    data = z.read_bytes()
    z.write_bytes(data[: len(data) // 2])
    assert attempt(kpaths, z, [key.public_key()]) == "corrupt-zip"


def test_corrupt_zip_data(tmp_path, kpaths, key):
    z = build_bundle(tmp_path, key, as_zip=True, files={"big.bin": os.urandom(50_000)})
    data = bytearray(z.read_bytes())
    data[20_000] ^= 0xFF  # inside the stored member: the CRC no longer matches
    z.write_bytes(bytes(data))
    assert attempt(kpaths, z, [key.public_key()]) in ("corrupt-zip", "hash-mismatch")


def test_not_a_zip_at_all(tmp_path, kpaths, key):
    z = tmp_path / "junk.zip"
    z.write_bytes(os.urandom(4000))
    assert attempt(kpaths, z, [key.public_key()]) == "corrupt-zip"


def test_unknown_format(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    resign(b, key, lambda d: d.update(format=2))
    assert attempt(kpaths, b, [key.public_key()]) == "unknown-format"


def test_min_app_version_above_ours(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key, min_app_version="99.0")
    assert attempt(kpaths, b, [key.public_key()]) == "app-too-old"


def test_over_the_size_cap(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    assert attempt(kpaths, b, [key.public_key()], max_bytes=1000) == "over-cap"


def test_a_lie_about_sizes_is_caught_before_reading(tmp_path, kpaths, key):
    """A manifest announcing tiny files over the cap's worth of real bytes."""
    b = build_bundle(tmp_path, key, files={"a.bin": os.urandom(5000)})
    assert attempt(kpaths, b, [key.public_key()], max_bytes=4000) == "over-cap"


def test_not_enough_free_disk(tmp_path, kpaths, key):
    import shutil

    b = build_bundle(tmp_path, key)
    free = shutil.disk_usage(kpaths.content).free
    assert attempt(kpaths, b, [key.public_key()], reserve_bytes=free) == "no-space"


def test_unknown_kind_and_bad_id(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    resign(b, key, lambda d: d.update(kind="firmware"))
    assert attempt(kpaths, b, [key.public_key()]) == "bad-manifest"
    resign(b, key, lambda d: d.update(kind="exhibits", id="../up"))
    assert attempt(kpaths, b, [key.public_key()]) == "bad-manifest"


def test_manifest_that_is_not_json(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    (b / "manifest.json").write_bytes(b"\xff\xfe{")
    assert attempt(kpaths, b, [key.public_key()]) == "bad-manifest"
