"""Versions only go forward: downgrades need --allow-downgrade, another id must say in its
signed manifest that it supersedes the installed one, `bundle build` runs the content check."""

from __future__ import annotations

import json
import shutil

import pytest

from kiosk import cli
from kiosk.core.content import install, keys, usb
from kiosk.core.content.manifest import Rejected
from kiosk.core.content.source import open_source

from .helpers import MB, build_bundle, trust

REPO_EXHIBITS = __import__("kiosk.core.paths", fromlist=["app_root"]).app_root() / "exhibits"


def _install(kpaths, bundle, key, **kw):
    return install.install(kpaths, bundle, [key.public_key()], max_bytes=MB, reserve_bytes=0,
                           **kw)


def test_an_older_version_needs_allow_downgrade(tmp_path, kpaths, key):
    _install(kpaths, build_bundle(tmp_path, key, version="2.0"), key)
    old = build_bundle(tmp_path, key, version="1.0")
    with pytest.raises(Rejected) as info:  # before: installed silently
        _install(kpaths, old, key)
    assert info.value.reason == "downgrade"
    assert "--allow-downgrade" in info.value.detail
    assert _install(kpaths, old, key, allow_downgrade=True).version == "1.0"


def test_another_id_must_say_it_supersedes_the_installed_one(tmp_path, kpaths, key):
    _install(kpaths, build_bundle(tmp_path, key, bundle_id="expo", version="5.0"), key)
    stranger = build_bundle(tmp_path, key, bundle_id="old-expo", version="0.1")
    with pytest.raises(Rejected) as info:  # before: an old bundle of another id replaced it
        _install(kpaths, stranger, key)
    assert info.value.reason == "not-superseding"
    heir = tmp_path / "heir"
    from kiosk.core.content import build
    src = tmp_path / "src-expo-5.0-exhibits"
    build.build(src, heir, key, bundle_id="expo-2027", version="1.0", kind="exhibits",
                min_app_version="0.0.1", supersedes=("expo",))
    with open_source(heir) as s:
        assert json.loads(s.read_small("manifest.json", MB))["supersedes"] == ["expo"]
    assert _install(kpaths, heir, key).id == "expo-2027"


def test_the_cli_refuses_a_downgrade_and_allows_it_when_asked(tmp_path, kpaths, key, capsys,
                                                              data_dir):
    trust(kpaths, key.public_key())
    _install(kpaths, build_bundle(tmp_path, key, version="2.0"), key)
    old = build_bundle(tmp_path, key, version="1.0")
    base = ["bundle", "install", str(old), "--data-dir", str(data_dir)]
    assert cli.main(base) == 3
    assert "rejected (downgrade)" in capsys.readouterr().err
    assert cli.main([*base, "--allow-downgrade"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == "1.0"


def test_a_stick_does_not_offer_another_id_that_does_not_supersede(tmp_path, kpaths, key,
                                                                  monkeypatch):
    s = trust(kpaths, key.public_key())
    _install(kpaths, build_bundle(tmp_path, key, version="2.0"), key)
    folder = tmp_path / "media" / "KIOSK" / "kiosk-content"
    folder.mkdir(parents=True)
    build_bundle(folder, key, bundle_id="rival", version="9.0", as_zip=True)
    for p in folder.glob("src-*"):
        shutil.rmtree(p)
    monkeypatch.setenv("KIOSK_USB_ROOTS", str(tmp_path / "media"))
    (stick,) = usb.scan(s, kpaths)
    (offer,) = stick.offers
    assert (offer.state, offer.installable) == ("invalid", False)
    assert "supersedes" in offer.error


def _key_file(tmp_path):
    priv = tmp_path / "op.key"
    keys.generate(priv)
    return priv


def test_bundle_build_refuses_content_failing_the_check_unless_forced(tmp_path, capsys):
    src = tmp_path / "expo"
    shutil.copytree(REPO_EXHIBITS / "air-quality", src / "air-quality")
    (src / "broken").mkdir()
    (src / "broken" / "module.toml").write_text("id = 'broken'\n")  # no title, no pages
    priv = _key_file(tmp_path)
    args = ["bundle", "build", str(src), str(tmp_path / "out"), "--key", str(priv), "--id",
            "expo", "--version", "1.0", "--kind", "exhibits", "--min-app-version", "0.0.1"]
    assert cli.main(args) == 3  # before: built and signed
    assert "rejected (content-check)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert cli.main([*args, "--force"]) == 0
    built = json.loads(capsys.readouterr().out)
    assert built["content_check"].startswith("forced: ")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["content_check"] == built["content_check"]


def test_bundle_build_records_a_passed_check(tmp_path, capsys):
    src = tmp_path / "expo"
    shutil.copytree(REPO_EXHIBITS / "air-quality", src / "air-quality")
    priv = _key_file(tmp_path)
    code = cli.main(["bundle", "build", str(src), str(tmp_path / "out"), "--key", str(priv),
                     "--id", "expo", "--version", "1.0", "--kind", "exhibits",
                     "--min-app-version", "0.0.1"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["content_check"] == "passed"
