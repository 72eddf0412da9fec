"""Live data that is really live, end to end, for each provider (item 9 of issue 12).

A server on 127.0.0.1 serves each provider's real-shaped answers (tests/helpers/
live_payloads.py), re-dated so the newest hour is the last one (fresh) or six hours old;
the kiosk is pointed at it only through its settings (sensors.providers.<p>.url / api_key)
and a sites bundle naming the provider's station. Then, as an operator would: `kiosk sync`,
`kiosk screenshot --screen sensors`, `kiosk sensors sources`; and the live-data screen in
process, to read what it shows: real values with their ages, no demonstration banner. With
the server stopped, the next sync fails and the last good data stays, with its age.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time

import pytest

from kiosk import cli
from kiosk.core import settings as settings_mod
from tests.helpers import live_payloads as lp
from tests.helpers.http_server import LocalServer
from tests.helpers.kiosk import open_sensors_screen

pytestmark = pytest.mark.e2e
# How old the newest value served is: the last complete hour (an hourly feed's freshest), or
# six hours. sensor.community answers with its last five minutes.
AGES = {"fresh": dt.timedelta(hours=1), "6h": dt.timedelta(hours=6)}
LIVE_FRESH = {"sensor.community": dt.timedelta(minutes=5)}


def kiosk(*args, timeout=120):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def prepare(tmp_path, provider, server):
    """A data dir whose settings point `provider` at the server, and its sites bundle."""
    data = tmp_path / "data"
    data.mkdir()
    _site, _station, _extra, _kind, setting, key = lp.PROVIDERS[provider]
    s = settings_mod.from_dict({
        "kiosk": {"territory": "AMP"},
        "sensors": {"providers": {setting: {"url": lp.base_url(provider, server.url),
                                            "api_key": key}}}})
    settings_mod.save(s, data / "settings.toml")
    # The site comes in a signed sites bundle, installed as an operator does.
    src, key_file, d = tmp_path / "sites-src", tmp_path / "team.pem", ["--data-dir", str(data)]
    src.mkdir()
    (src / "sites.toml").write_text(lp.sites_toml(provider), encoding="utf-8")
    for args in (["bundle", "keygen", str(key_file)],
                 ["bundle", "trust", f"{key_file}.pub"],
                 ["bundle", "build", str(src), str(tmp_path / "sites.zip"), "--key",
                  str(key_file), "--id", f"e2e-{setting}", "--version", "1.0.0", "--kind",
                  "sites"],
                 ["bundle", "install", str(tmp_path / "sites.zip")]):
        assert cli.main([*args, *d]) == 0, args
    return data


def serve(server, provider, newest):
    for path, body in lp.BUILDERS[provider](newest).items():
        server.route(path, body=body)


def sync_lines(data):
    started = time.monotonic()
    r = kiosk("sync", "--only", "sensors", "--data-dir", str(data))
    return r, [json.loads(x) for x in r.stdout.splitlines()], time.monotonic() - started


def open_live(qtbot, data):
    """The live-data screen of a kiosk on `data`, in this process, after its view loaded."""
    from kiosk import app
    from kiosk.core.sensors.service import SensorsService

    o = app.Options(data_dir=str(data), windowed=True, size=(1920, 1080))
    k = app.Kiosk(app.load_core(o), o)
    qtbot.addWidget(k.window)
    service = SensorsService(k.core.paths, k.ctx.settings)
    service.open()
    return k, service, open_sensors_screen(k, service, qtbot, timeout=20_000)


def close(k, service):
    k.window.allow_close()
    k.window.close()
    k.shutdown()
    service.close()


def shown(screen):
    """(site name, [(quantity, value text, freshness state, freshness text)]) of card 0."""
    card = screen.cards[0]
    return card.name.text(), [(t.reading.quantity, t.value.text(), t.freshness.state,
                               t.freshness.text()) for t in card.tiles
                              if t.isVisible() and t.reading is not None]


@pytest.mark.parametrize("age", list(AGES))
@pytest.mark.parametrize("provider", list(lp.PROVIDERS))
def test_sync_then_the_screen_shows_real_values_with_their_age(tmp_path, qtbot, provider,
                                                               age):
    server = LocalServer()
    try:
        data = prepare(tmp_path, provider, server)
        ago = LIVE_FRESH.get(provider, AGES[age]) if age == "fresh" else AGES[age]
        serve(server, provider, dt.datetime.now(dt.UTC) - ago)
        r, lines, took = sync_lines(data)
        assert r.returncode == 0, r.stderr + r.stdout
        (line,) = lines
        assert line["ok"] is True
        assert line["stored"] > 0
        assert not line["detail"].startswith("nothing stored")
        assert line["received"] == line["stored"] + sum(line["dropped"].values())
        # What was measured, for the report (pytest -s shows it).
        print(json.dumps({"provider": provider, "age": age, "sync_s": round(took, 2),
                          "received": line["received"], "stored": line["stored"],
                          "dropped": line["dropped"]}))
        shot = tmp_path / f"live-{age}.png"
        r = kiosk("screenshot", str(shot), "--screen", "sensors", "--data-dir", str(data))
        assert r.returncode == 0, r.stderr
        assert shot.stat().st_size > 10_000

        k, service, screen = open_live(qtbot, data)
        try:
            assert not screen.view.demo
            assert not screen.demo_banner.isVisible()
            assert len(screen.view.panels) == 1
            name, tiles = shown(screen)
            assert name == f"Site de test {provider}"
            assert tiles, "no value on the card"
            want = "fresh" if age == "fresh" else "stale"
            for _q, value, state, text in tiles:
                assert value[0].isdigit()
                assert state == want, (value, state, text)
                assert "il y a" in text
            if age == "6h":
                assert all(text.startswith("ancienne : il y a") for *_, text in tiles)
        finally:
            close(k, service)

        if age == "fresh":
            # The server goes away: the sync says so, the data and its age stay.
            server.close()
            server = None
            r, lines, _took = sync_lines(data)
            assert r.returncode == 1
            assert lines[0]["ok"] is False
            sources = kiosk("sensors", "sources", "--data-dir", str(data))
            (src,) = [json.loads(x) for x in sources.stdout.splitlines()]
            assert src["last_success"] is not None
            assert src["failure"]
            k, service, screen = open_live(qtbot, data)
            try:
                assert not screen.demo_banner.isVisible()
                _name, kept = shown(screen)
                assert [(q, v) for q, v, *_ in kept] == [(q, v) for q, v, *_ in tiles]
                assert all("il y a" in text for *_, text in kept)
            finally:
                close(k, service)
    finally:
        if server is not None:
            server.close()


def test_never_any_data_shows_demonstration_values_labelled(tmp_path, qtbot):
    server = LocalServer()
    try:
        data = prepare(tmp_path, "project", server)
        k, service, screen = open_live(qtbot, data)
        try:
            assert screen.view.demo
            assert screen.demo_banner.isVisible()
            assert all(state == "demo" for *_, state, _t in shown(screen)[1])
        finally:
            close(k, service)
    finally:
        server.close()
