"""Shared test set-up: a throwaway home and data dir for every test, offscreen Qt, French."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Offscreen unless a test asks for the X server xvfb-run gives the suite.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")

SHARED_FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"
TEST_DATA = Path(__file__).resolve().parent / "data"

pytest_plugins = [
    "tests.helpers.http_server",
    "tests.helpers.kiosk",
    "tests.helpers.nginx",
    "tests.helpers.disks",
    "tests.helpers.s3_server",
]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never read or write the developer's real home or data dir."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(home / "kiosk-data"))
    # Only 127.0.0.1 may be reached from a test, in this process and in every subprocess.
    monkeypatch.setenv("KIOSK_NET", "loopback")


@pytest.fixture(autouse=True)
def _french_again():
    """The interface language is process-wide: every test starts (and ends) in French."""
    from kiosk.core import i18n
    from kiosk.core.paths import app_root

    i18n.configure(app_root() / "locales")
    i18n.set_language("fr")
    yield
    i18n._listeners.clear()
    i18n.set_language("fr")


@pytest.fixture
def shared_fixtures() -> Path:
    """The real public payloads of ../shared/fixtures/real; skips when that folder is absent."""
    if not SHARED_FIXTURES.is_dir():
        pytest.skip("../shared/fixtures/real is not here")
    return SHARED_FIXTURES


@pytest.fixture
def data_dir(tmp_path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d
