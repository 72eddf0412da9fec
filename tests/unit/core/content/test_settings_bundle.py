"""A settings bundle merges over the local settings and never touches the PIN or the keys."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.core import settings as settings_mod
from kiosk.core.content import install, settings_bundle
from kiosk.core.content.manifest import Rejected

from .helpers import MB, build_bundle, trust

LOCAL_PIN = "scrypt$" + "00" * 16 + "$" + "11" * 32  # shaped like a real hash


def _local(kpaths, key):
    s = trust(kpaths, key.public_key())
    s = replace(s, admin=replace(s.admin, pin_hash=LOCAL_PIN))
    settings_mod.save(s, kpaths.settings_file)
    return s


def _install(kpaths, key, tmp_path, toml: str, version="1"):
    b = build_bundle(tmp_path, key, bundle_id="fleet", version=version, kind="settings",
                     files={"settings.toml": toml.encode()})
    return install.install(kpaths, b, [key.public_key()], max_bytes=MB, reserve_bytes=0)


def test_merge_over_local_keeps_pin_and_trusted_keys(tmp_path, kpaths, key, other_key):
    from kiosk.core.content import keys

    before = _local(kpaths, key)
    r = _install(kpaths, key, tmp_path, f"""
[kiosk]
territory = "NCA"
[admin]
pin_hash = "scrypt$ff$ff"
[content]
sync_minutes = 5
trusted_keys = [{keys.public_pem(other_key.public_key())!r}]
""")
    assert set(r.ignored_settings) == {"admin.pin_hash", "content.trusted_keys"}
    after = settings_mod.load(kpaths.settings_file)
    assert after.kiosk.territory == "NCA"
    assert after.content.sync_minutes == 5
    assert after.admin.pin_hash == LOCAL_PIN
    assert after.content.trusted_keys == before.content.trusted_keys
    assert after.kiosk.language == before.kiosk.language  # not named: kept
    assert settings_bundle.applied(kpaths) == "fleet-1"


def test_the_collection_credentials_never_come_from_a_bundle(tmp_path, kpaths, key):
    before = _local(kpaths, key)
    local = replace(before, collect=replace(before.collect, s3_access_key="LOCALKEY",
                                            s3_secret_key="local-secret"))
    settings_mod.save(local, kpaths.settings_file)
    r = _install(kpaths, key, tmp_path, """
[collect]
url = "https://collect.example.org/fleet/"
http_user = "intruder"
http_password = "from-the-bundle"
s3_access_key = "BUNDLEKEY"
s3_secret_key = "bundle-secret"
""")
    assert set(r.ignored_settings) == {"collect.http_user", "collect.http_password",
                                       "collect.s3_access_key", "collect.s3_secret_key"}
    after = settings_mod.load(kpaths.settings_file)
    assert after.collect.url == "https://collect.example.org/fleet/"
    assert (after.collect.http_user, after.collect.http_password) == ("", "")
    assert (after.collect.s3_access_key, after.collect.s3_secret_key) == ("LOCALKEY",
                                                                          "local-secret")


def test_invalid_settings_are_rejected_before_the_switch(tmp_path, kpaths, key):
    _local(kpaths, key)
    with pytest.raises(Rejected) as info:
        _install(kpaths, key, tmp_path, '[kiosk]\nterritory = "XYZ"\n')
    assert info.value.reason == "invalid-settings"
    assert install.link_target(kpaths.installed("settings"), "current") is None
    assert settings_mod.load(kpaths.settings_file).kiosk.territory == "AMP"


def test_rollback_reapplies_the_previous_bundle(tmp_path, kpaths, key):
    _local(kpaths, key)
    _install(kpaths, key, tmp_path, "[session]\nidle_seconds = 120\n", version="1")
    _install(kpaths, key, tmp_path, "[session]\nidle_seconds = 200\n", version="2")
    assert settings_mod.load(kpaths.settings_file).session.idle_seconds == 200
    install.rollback(kpaths, [key.public_key()], "settings")
    assert settings_mod.load(kpaths.settings_file).session.idle_seconds == 120


def test_recovery_applies_a_current_version_not_applied_yet(tmp_path, kpaths, key):
    _local(kpaths, key)
    _install(kpaths, key, tmp_path, "[session]\nidle_seconds = 150\n")
    # A power cut between the switch and the settings write:
    settings_bundle.applied_marker(kpaths).unlink()
    s = settings_mod.load(kpaths.settings_file)
    settings_mod.save(replace(s, session=replace(s.session, idle_seconds=90)),
                      kpaths.settings_file)
    actions = install.recover(kpaths, [key.public_key()])
    assert "settings: applied fleet-1" in actions
    assert settings_mod.load(kpaths.settings_file).session.idle_seconds == 150
