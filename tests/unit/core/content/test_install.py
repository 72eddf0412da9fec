"""Atomic install, previous/rollback, recovery at start, fallback of usable_dir."""

from __future__ import annotations

import os
import shutil
import threading

import pytest

from kiosk.core.content import install, store
from kiosk.core.content.manifest import version_key
from kiosk.core.content.source import SourceGone

from .helpers import MB, build_bundle, default_files, tree_digest


def do_install(kpaths, bundle, key, **kw):
    return install.install(kpaths, bundle, [key.public_key()], max_bytes=100 * MB,
                           reserve_bytes=0, **kw)


def current(kpaths, kind="exhibits"):
    return install.link_target(kpaths.installed(kind), "current")


def test_install_lays_out_a_read_only_verified_version(tmp_path, kpaths, key):
    files = default_files()
    b = build_bundle(tmp_path, key, files=files, as_zip=True)
    r = do_install(kpaths, b, key)
    assert r.changed
    assert r.previous is None
    folder = kpaths.installed("exhibits") / "versions" / "expo-1.0"
    assert r.path == folder
    assert os.readlink(kpaths.installed("exhibits") / "current") == "versions/expo-1.0"
    assert (folder / "images/a.png").read_bytes() == files["images/a.png"]
    assert (folder / "manifest.json").exists()
    assert (folder / "manifest.sig").exists()
    assert not os.stat(folder / "images/a.png").st_mode & 0o222
    assert not os.stat(folder).st_mode & 0o222
    assert kpaths.content_dir("exhibits") == folder.resolve()
    assert not any(kpaths.staging.iterdir())


def test_second_install_keeps_the_previous_and_prunes_older(tmp_path, kpaths, key):
    for v in ("1.0", "1.1", "1.2"):
        do_install(kpaths, build_bundle(tmp_path, key, version=v), key)
    st = store.status(kpaths)["exhibits"]
    assert st["version"] == "1.2"
    assert st["previous"]["version"] == "1.1"
    names = sorted(p.name for p in (kpaths.installed("exhibits") / "versions").iterdir())
    assert names == ["expo-1.1", "expo-1.2"]


def test_reinstalling_the_current_version_changes_nothing(tmp_path, kpaths, key):
    b = build_bundle(tmp_path, key)
    do_install(kpaths, b, key)
    r = do_install(kpaths, b, key)
    assert not r.changed
    assert r.bytes == 0


def test_rollback_swaps_current_and_previous(tmp_path, kpaths, key):
    do_install(kpaths, build_bundle(tmp_path, key, version="1.0"), key)
    do_install(kpaths, build_bundle(tmp_path, key, version="2.0"), key)
    r = install.rollback(kpaths, [key.public_key()])
    assert (r.kind, r.from_version, r.to_version) == ("exhibits", "expo-2.0", "expo-1.0")
    st = store.status(kpaths)["exhibits"]
    assert (st["version"], st["previous"]["version"]) == ("1.0", "2.0")


def test_rollback_without_previous(tmp_path, kpaths, key):
    with pytest.raises(install.NothingToRollBack):
        install.rollback(kpaths, [key.public_key()])
    do_install(kpaths, build_bundle(tmp_path, key), key)
    with pytest.raises(install.NothingToRollBack):
        install.rollback(kpaths, [key.public_key()], "exhibits")


def test_rollback_picks_the_kind_installed_last(tmp_path, kpaths, key):
    for kind in ("videos", "exhibits"):
        for v in ("1", "2"):
            do_install(kpaths, build_bundle(tmp_path, key, bundle_id=kind, version=v,
                                            kind=kind), key)
    assert install.rollback(kpaths, [key.public_key()]).kind == "exhibits"
    assert install.rollback(kpaths, [key.public_key()], "videos").kind == "videos"


def test_recover_wipes_staging_and_repairs_a_dangling_current(tmp_path, kpaths, key):
    do_install(kpaths, build_bundle(tmp_path, key, version="1.0"), key)
    do_install(kpaths, build_bundle(tmp_path, key, version="1.1"), key)
    (kpaths.staging / "expo-2.0.abc").mkdir(parents=True)
    (kpaths.staging / "expo-2.0.abc" / "half.bin").write_bytes(b"x" * 10)
    kind_dir = kpaths.installed("exhibits")
    (kind_dir / "current").unlink()
    os.symlink("versions/expo-9.9", kind_dir / "current")
    actions = install.recover(kpaths, [key.public_key()])
    assert "wiped staging" in actions
    assert not any(kpaths.staging.iterdir())
    assert current(kpaths) == "expo-1.1"  # the newest complete one
    assert install.link_target(kind_dir, "previous") == "expo-1.0"


def test_recover_skips_an_incomplete_or_untrusted_version(tmp_path, kpaths, key, other_key):
    do_install(kpaths, build_bundle(tmp_path, key, version="1.0"), key)
    do_install(kpaths, build_bundle(tmp_path, key, version="1.1"), key)
    kind_dir = kpaths.installed("exhibits")
    broken = kind_dir / "versions" / "expo-1.1"
    os.chmod(broken / "texts", 0o755)
    (broken / "texts" / "fr.md").unlink()
    install.recover(kpaths, [key.public_key()])
    assert current(kpaths) == "expo-1.0"
    assert not os.path.lexists(kind_dir / "previous")
    # A key no longer trusted: nothing installed is usable, the shipped content shows.
    install.recover(kpaths, [other_key.public_key()])
    assert not os.path.lexists(kind_dir / "current")
    assert kpaths.content_dir("exhibits") == kpaths.shipped_exhibits


def test_versions_compare_as_numbers():
    assert version_key("1.10") > version_key("1.9") > version_key("1.2.3")
    assert version_key("2026.11.28") > version_key("2026.2.1")


def test_usable_dir_falls_back_to_previous_then_shipped(tmp_path, kpaths, key):
    assert store.usable_dir(kpaths, "exhibits") == kpaths.shipped_exhibits
    do_install(kpaths, build_bundle(tmp_path, key, version="1.0"), key)
    do_install(kpaths, build_bundle(tmp_path, key, version="2.0"), key)
    versions = kpaths.installed("exhibits") / "versions"
    assert store.usable_dir(kpaths, "exhibits") == versions / "expo-2.0"

    def only_v1(folder):
        if folder.name == "expo-2.0":
            raise ValueError("module.toml: broken")
        return True

    assert store.usable_dir(kpaths, "exhibits", only_v1) == versions / "expo-1.0"
    assert store.usable_dir(kpaths, "exhibits", lambda f: False) == kpaths.shipped_exhibits


def test_a_pulled_stick_mid_copy_aborts_cleanly(tmp_path, kpaths, key):
    do_install(kpaths, build_bundle(tmp_path, key, version="1.0"), key)
    files = {f"clip{i}.bin": os.urandom(300_000) for i in range(6)}
    stick = tmp_path / "stick"
    stick.mkdir()
    b = build_bundle(stick, key, version="2.0", files=files)
    pulled = threading.Event()

    def pull(t):
        if t.done > 400_000 and not pulled.is_set():
            pulled.set()
            shutil.rmtree(stick)  # the folder vanishes under the reader

    with pytest.raises(SourceGone):
        do_install(kpaths, b, key, progress=pull)
    assert pulled.is_set()
    assert current(kpaths) == "expo-1.0"
    assert not any(kpaths.staging.iterdir())
    assert sorted(p.name for p in (kpaths.installed("exhibits") / "versions").iterdir()) \
        == ["expo-1.0"]


def test_cancel_leaves_the_old_version(tmp_path, kpaths, key):
    from kiosk.core.content.verify import Cancelled

    do_install(kpaths, build_bundle(tmp_path, key, version="1.0"), key)
    b = build_bundle(tmp_path, key, version="2.0")
    with pytest.raises(Cancelled):
        do_install(kpaths, b, key, cancelled=lambda: True)
    assert current(kpaths) == "expo-1.0"


def test_installed_files_match_the_source(tmp_path, kpaths, key):
    files = default_files()
    b = build_bundle(tmp_path, key, files=files, as_zip=True)
    r = do_install(kpaths, b, key)
    got = tree_digest(r.path)
    assert {k for k in got if not k.startswith("manifest.")} == set(files)


def test_recovery_never_wipes_staging_under_a_running_install(tmp_path, kpaths, key):
    (kpaths.staging / "expo-2.0.busy").mkdir(parents=True)
    with install.locked(kpaths):
        with pytest.raises(install.Busy), install.locked(kpaths, blocking=False):
            pass
        assert install.recover(kpaths, [key.public_key()]) == [
            "another install is running: recovery skipped"]
        assert (kpaths.staging / "expo-2.0.busy").is_dir()
    assert install.recover(kpaths, [key.public_key()]) == ["wiped staging"]


def test_the_service_reports_versions_for_the_health_screen(tmp_path, kpaths, key):
    from kiosk.core.content.service import ContentService

    from .helpers import trust

    s = trust(kpaths, key.public_key())
    service = ContentService(kpaths, lambda: s)
    do_install(kpaths, build_bundle(tmp_path, key, version="1.0"), key)
    result = service.install(build_bundle(tmp_path, key, version="1.1"))
    assert result.changed
    lines = {st.source: st for st in service.statuses()}
    assert lines["content:exhibits"].detail == "expo 1.1 (previous 1.0)"
    assert lines["content:videos"].detail == "shipped content"
    assert service.progress is None  # cleared once done
    assert service.dir("exhibits") == result.path
    batch = service.install_many([build_bundle(tmp_path, key, version="1.2"),
                                  tmp_path / "missing.zip"])
    assert [r.version for r in batch.installed] == ["1.2"]
    assert batch.failed == tmp_path / "missing.zip"
    assert batch.kinds == ["exhibits"]
