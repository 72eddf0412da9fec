"""Paths: one owner of every directory; --data-dir overrides everything."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core import paths


def test_data_dir_flag_overrides_everything(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "env"))
    p = paths.resolve(tmp_path / "flag")
    assert p.data == (tmp_path / "flag").resolve()
    for f in (p.settings_file, p.journal_db, p.cache_db, p.logs, p.content, p.staging):
        assert p.data in f.parents


def test_environment_then_platform_default(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "env"))
    assert paths.resolve().data == (tmp_path / "env").resolve()
    monkeypatch.delenv("KIOSK_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.resolve().data == (tmp_path / "xdg" / "nature-en-ville-kiosk").resolve()


def test_shipped_folders_exist():
    p = paths.resolve()
    assert (p.shipped / "pyproject.toml").exists()
    assert p.locales.is_dir()
    assert p.shipped_content("exhibits") == p.shipped / "exhibits"


def test_content_dir_prefers_the_installed_current(tmp_path):
    p = paths.resolve(tmp_path)
    assert p.content_dir("exhibits") == p.shipped_exhibits
    version = p.installed("exhibits") / "versions" / "expo-2"
    version.mkdir(parents=True)
    (p.installed("exhibits") / "current").symlink_to(Path("versions") / "expo-2")
    assert p.content_dir("exhibits") == version.resolve()


def test_unknown_kind_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown content kind"):
        paths.resolve(tmp_path).installed("games")
