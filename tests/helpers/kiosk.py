"""Fixtures that build the real kiosk (core + Qt shell) on a temporary data dir."""

from __future__ import annotations

import pytest


@pytest.fixture
def kiosk_factory(qtbot, tmp_path):
    """Build a Kiosk; settings overrides go in as a dict of section → {key: value}."""
    from kiosk import app
    from kiosk.core import settings as settings_mod

    made = []

    def make(settings: dict | None = None, **opts):
        data = tmp_path / f"data{len(made)}"
        data.mkdir()
        if settings:
            s = settings_mod.from_dict(settings)
            settings_mod.save(s, data / "settings.toml")
        o = app.Options(data_dir=str(data), windowed=True, **{"size": (1920, 1080), **opts})
        core = app.load_core(o)
        k = app.Kiosk(core, o)
        qtbot.addWidget(k.window)
        k.window.resize(*o.size)
        made.append(k)
        return k

    yield make
    for k in made:
        k.window.allow_close()
        k.window.close()
        k.shutdown()


@pytest.fixture
def kiosk(kiosk_factory):
    k = kiosk_factory()
    k.window.show()
    return k


def with_sensors(k):
    """Give `k` a sensor service on its own data dir, opened (cache and sites read)."""
    from kiosk.core.sensors.service import SensorsService

    service = SensorsService(k.core.paths, k.ctx.settings)
    service.open()
    k.ctx.sensors = service
    return service


def open_sensors_screen(k, service, qtbot, timeout: int = 10_000):
    """Give `k` the sensor service, show the live-data screen, wait for its first view."""
    k.ctx.sensors = service
    k.window.show()
    k.window.on_activity()
    k.window.go("sensors")
    screen = k.window.screens["sensors"]
    qtbot.waitUntil(lambda: screen.view is not None, timeout=timeout)
    return screen


def open_staff_screen(k, screen_id: str):
    """Show a staff screen of `k` in a visit, unlocked as the operator at the shell does."""
    w = k.window
    w.on_activity()
    w.go(screen_id)
    screen = w.current_screen()
    screen.unlock_for_operator()
    return screen
