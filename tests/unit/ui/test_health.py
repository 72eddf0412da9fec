"""The health screen: what it says about network, clock, sources, content, journal, errors."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.core.health.clock import EARLIEST_PLAUSIBLE, ClockTrust
from kiosk.core.health.problems import SourceStatus
from tests.helpers.kiosk import with_sensors

pytestmark = pytest.mark.gui


def texts(widget) -> str:
    return " | ".join(lbl.text() for lbl in widget.findChildren(QLabel) if lbl.isVisibleTo(widget))


def open_health(k, qtbot):
    w = k.window
    w.on_activity()
    w.go("health")
    screen = w.current_screen()
    screen.unlock_for_operator()
    view = screen.view
    qtbot.waitUntil(lambda: view.report is not None and view.report.network is not None,
                    timeout=15_000)
    qtbot.wait(100)  # new rows show, replaced ones are deleted, on the next event loop turns
    return view


def test_health_tells_everything_the_facilitator_needs(kiosk_factory, qtbot, http_server):
    k = kiosk_factory({"content": {"sync_url": http_server.url("/bundles/")}})
    k.window.show()
    now = time.time()
    k.ctx.status.register("test", lambda: [
        SourceStatus("sensors:atmosud", ok=True, last_success=now - 600,
                     data_time=now - 3600),
        SourceStatus("agenda:Ville de Nice", ok=False, last_attempt=now - 60,
                     error="HTTP 503"),
    ])
    k.ctx.problems.report("video", "corridors", "cannot start: no decoder")
    # A clock that went back a day since the last run.
    k.ctx.paths.clock_file.write_text(json.dumps({"last_seen": now + 86_400}))
    k.ctx.clock = ClockTrust(k.ctx.paths.clock_file, synchronized=lambda: False)
    # Installed content: a `current` link with its manifest.
    version = k.ctx.paths.installed("exhibits") / "versions" / "expo-2.1.0"
    version.mkdir(parents=True)
    (version / "manifest.json").write_text(json.dumps({"id": "expo", "version": "2.1.0"}))
    (k.ctx.paths.installed("exhibits") / "current").symlink_to(version)
    view = open_health(k, qtbot)
    text = texts(view)
    assert view.warning.isVisible()
    assert "2468" not in text  # the warning says to change it, never what it is
    assert "PIN d'origine" in view.warning.text()
    assert "joignable (127.0.0.1:" in text
    assert "l'horloge a reculé" in text
    assert "Capteurs · atmosud" in text
    assert "Agenda · Ville de Nice" in text
    assert "HTTP 503 (en anglais)" in text
    assert "expo 2.1.0" in text
    assert "Vidéos · corridors" in text
    assert "cannot start: no decoder (en anglais)" in text
    assert "Espace libre" in text


def test_no_warning_once_the_pin_is_changed_and_no_server_configured(kiosk_factory, qtbot):
    from kiosk.core.sessions.pin import hash_pin

    k = kiosk_factory({"admin": {"pin_hash": hash_pin("97531")}})
    k.window.show()
    k.ctx.clock = ClockTrust(k.ctx.paths.clock_file,
                             clock=lambda: EARLIEST_PLAUSIBLE + 1e6, synchronized=lambda: True)
    view = open_health(k, qtbot)
    assert not view.warning.isVisible()
    text = texts(view)
    assert "aucun serveur configuré" in text
    assert "synchronisée" in text
    assert "Aucune erreur" in text


def test_health_is_behind_the_pin(kiosk, qtbot):
    w = kiosk.window
    w.on_activity()
    w.go("health")
    screen = w.current_screen()
    assert not screen.unlocked
    assert screen.stack.currentIndex() == 0
    assert screen.view.report is None


@pytest.mark.parametrize(("lang", "words"), [
    ("fr", ("144 valeurs reçues", "0 enregistrée", "144 écartées",
            "plus anciennes que la durée de conservation", "rien d'enregistré",
            "dernier échec", "HTTP 404")),
    ("en", ("144 values received", "0 stored", "144 dropped", "older than the retention",
            "nothing stored", "last failure", "HTTP 404")),
])
def test_each_sensor_source_tells_what_its_last_sync_did(kiosk_factory, qtbot, lang, words):
    k = kiosk_factory({"kiosk": {"language": lang}})
    k.window.show()
    now = time.time()
    k.ctx.status.register("test", lambda: [
        SourceStatus("sensors:project:amp-vieux-port", ok=True, last_attempt=now - 60,
                     last_success=now - 60, url="https://feed.example/sites/amp-vieux-port",
                     received=144, stored=0, dropped={"too_old": 144},
                     last_failure=now - 7200, failure="HTTP 404"),
        SourceStatus("sensors:atmosud:FR03043", ok=True, last_success=now - 60,
                     data_time=now - 1800, received=12, stored=12)])
    text = texts(open_health(k, qtbot))
    for word in words:
        assert word in text
    assert "https://feed.example/sites/amp-vieux-port" in text


def test_health_says_when_the_clock_jumped_ahead_unconfirmed(kiosk_factory, qtbot):
    k = kiosk_factory()
    k.window.show()
    now = time.time()
    k.ctx.paths.clock_file.write_text(json.dumps({"last_seen": now - 730 * 86_400}))
    k.ctx.clock = ClockTrust(k.ctx.paths.clock_file, synchronized=lambda: False)
    text = texts(open_health(k, qtbot))
    assert "l'horloge a avancé de 730 jours sans confirmation" in text


def test_health_says_the_box_rolled_the_app_back(kiosk_factory, qtbot):
    k = kiosk_factory()
    k.window.show()
    (k.ctx.paths.data / "app-rollback.json").write_text(json.dumps({
        "from": "20261202-101500", "to": "20261120-090000", "attempts": 3,
        "time": "2026-12-02T10:16:02Z"}))
    text = texts(open_health(k, qtbot))
    assert "revenue seule à la version précédente (20261120-090000)" in text



@pytest.mark.parametrize(("days_left", "words"), [(30, "se termine le"), (-3, "terminée le")])
def test_health_warns_before_the_school_calendar_runs_out(kiosk_factory, qtbot, days_left,
                                                         words):
    import datetime as dt
    import shutil

    from kiosk.core.paths import app_root

    k = kiosk_factory()
    version = k.core.paths.installed("sites") / "versions" / "cal-1"
    version.mkdir(parents=True)
    shutil.copy(app_root() / "media" / "sites" / "sites.toml", version / "sites.toml")
    end = dt.date.today() + dt.timedelta(days=days_left)
    (version / "holidays.toml").write_text(
        f'zone = "B"\nsource = "test"\ncovered_from = 2024-09-02\ncovered_until = {end}\n',
        encoding="utf-8")
    (k.core.paths.installed("sites") / "current").symlink_to(version)
    service = with_sensors(k)
    k.window.show()
    view = open_health(k, qtbot)
    assert view.report.tables == [("holidays.toml (zone B)", end, days_left)]
    assert words in texts(view)
    service.close()
