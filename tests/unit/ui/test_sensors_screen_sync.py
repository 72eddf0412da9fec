"""Sync through the service: real data replaces the demo; a failed sync says "hors ligne"."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time

import pytest

from kiosk.core.sensors.service import SensorsService
from tests.helpers.http_server import Reply
from tests.helpers.kiosk import open_sensors_screen

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def closed_port_url() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


def feed(site: str, hours: int = 6) -> bytes:
    now = time.time() // 3600 * 3600
    rows = [{"time": dt.datetime.fromtimestamp(now - h * 3600, dt.UTC)
             .strftime("%Y-%m-%dT%H:%M:%SZ"), "quantity": "pm25", "value": 14.0 + h,
             "unit": "µg/m³", "quality": "valid"} for h in range(hours)]
    return json.dumps({"site": site, "observations": rows}).encode()


def test_first_sync_ends_the_demo_and_a_failed_one_shows_offline(kiosk_factory, qtbot,
                                                                 http_server):
    # The three nearest sites each send their first data, then fail.
    for site in ("amp-vieux-port", "amp-colline-puget", "amp-parc-longchamp"):
        http_server.route(f"/sites/{site}/observations",
                          responses=[Reply(body=feed(site),
                                           headers={"Content-Type": "application/json"}),
                                     Reply(status=503)])
    dead = closed_port_url()
    k = kiosk_factory({"sensors": {"providers": {
        "project": {"url": http_server.url("")}, "atmosud": {"url": dead},
        "microspot": {"url": dead}, "sensor_community": {"url": dead},
        "openaq": {"url": dead}}}})
    service = SensorsService(k.core.paths, k.ctx.settings,
                             sync_options={"http_options": {"retries": 0}})
    service.open()
    screen = open_sensors_screen(k, service, qtbot)
    assert screen.view.demo

    def sync():
        done = []
        k.ctx.tasks.run(service.sync, pool="net", on_done=done.append,
                        on_error=done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=30_000)
        assert not isinstance(done[0], BaseException), done[0]
        service.notify_changed()
        return done[0]

    report = sync()
    assert any(s.ok for s in report.statuses)
    assert service.online is True
    qtbot.waitUntil(lambda: not screen.view.demo, timeout=10_000)
    card = screen.cards[0]
    assert card.name.text() == "Vieux-Port, ombrière"
    assert card.tiles[0].freshness.state == "fresh"
    assert not screen.demo_banner.isVisible()

    report = sync()
    assert not any(s.ok for s in report.statuses)
    assert service.online is False
    qtbot.waitUntil(lambda: screen.cards[0].tiles[0].freshness.state == "offline",
                    timeout=10_000)
    assert screen.connection.text().startswith("hors ligne")
    # The data kept from the first sync is still shown, with its age.
    assert screen.cards[0].tiles[0].value.text().endswith("µg/m³")


def test_a_new_sites_bundle_reloads_the_sites_live(kiosk_factory, qtbot):
    k = kiosk_factory()
    k.window.show()
    k.start_services()
    service = k.ctx.sensors
    qtbot.waitUntil(lambda: service._catalog is not None and service._cache is not None,
                    timeout=10_000)
    assert "amp-vieux-port" in service.catalog.sites
    version = k.core.paths.installed("sites") / "versions" / "test-1"
    version.mkdir(parents=True)
    (version / "sites.toml").write_text(
        '[[site]]\nid = "amp-test"\nterritory = "AMP"\nname = "Jardin test"\n'
        'kind = "reference"\nlatitude = 43.3\nlongitude = 5.37\n'
        'sensors = [{ provider = "atmosud", station = "FR00008" }]\n', encoding="utf-8")
    (k.core.paths.installed("sites") / "current").symlink_to(version)
    k.ctx.content.notify_installed(["sites"])
    qtbot.waitUntil(lambda: "amp-test" in service.catalog.sites, timeout=10_000)
    assert "amp-vieux-port" not in service.catalog.sites
    # holidays.toml is not in that bundle: the shipped school calendar still applies.
    assert service.problems == []
    assert service._school is not None
    assert service._school.zone == "B"
