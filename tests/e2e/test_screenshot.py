"""`kiosk screenshot` as an operator runs it: a subprocess writing a real, non-blank PNG."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e


def run_kiosk(*args, env_extra=None, timeout=120):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def image_stats(path):
    from PySide6.QtGui import QImage

    img = QImage(str(path))
    assert not img.isNull()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 37)
               for y in range(0, img.height(), 29)}
    return img.width(), img.height(), len(colours)


@pytest.mark.parametrize(("screen", "lang"), [("attract", "fr"), ("attract", "en"),
                                              ("home", "fr"), ("home", "en")])
def test_screenshot_renders_the_real_screen(tmp_path, screen, lang, qapp):
    out = tmp_path / f"{screen}-{lang}.png"
    r = run_kiosk("screenshot", str(out), "--screen", screen, "--lang", lang,
                  "--data-dir", str(tmp_path / "data"))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[-1])["path"] == str(out)
    w, h, colours = image_stats(out)
    assert (w, h) == (1920, 1080)
    assert colours > 8, "the picture is blank"


def test_screenshot_size_and_accessibility_variants(tmp_path, qapp):
    out = tmp_path / "home.png"
    r = run_kiosk("screenshot", str(out), "--screen", "home", "--size", "1280x800",
                  "--large-text", "--high-contrast", "--data-dir", str(tmp_path / "d"))
    assert r.returncode == 0, r.stderr
    w, h, _ = image_stats(out)
    assert (w, h) == (1280, 800)


def test_unknown_screen_is_a_usage_error(tmp_path):
    r = run_kiosk("screenshot", str(tmp_path / "x.png"), "--screen", "nowhere",
                  "--data-dir", str(tmp_path / "d"))
    assert r.returncode == 2
    assert "unknown screen" in r.stderr


def test_bad_size_is_a_usage_error(tmp_path):
    r = run_kiosk("screenshot", str(tmp_path / "x.png"), "--size", "huge")
    assert r.returncode == 2


def test_run_without_a_screen_writes_screenshots_instead(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, "-m", "kiosk", "run", "--data-dir", str(tmp_path)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "no screen" in r.stderr
    shots = sorted(p.name for p in (tmp_path / "screenshots").iterdir())
    assert shots == ["attract-fr.png", "home-fr.png"]


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs the X server of xvfb-run")
def test_run_fullscreen_under_xvfb_paints_the_attract_screen(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    r = subprocess.run([sys.executable, "-m", "kiosk", "run", "--quit-after-paint",
                        "--data-dir", str(tmp_path)], capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    event = json.loads(r.stdout.splitlines()[-1])
    assert event["event"] == "first_paint"
    assert event["seconds"] < 30


def test_broken_settings_still_start_the_kiosk(tmp_path, qapp):
    data = tmp_path / "d"
    data.mkdir()
    (data / "settings.toml").write_text("[kiosk]\nterritory = 'MARS'\n", encoding="utf-8")
    out = tmp_path / "home.png"
    r = run_kiosk("screenshot", str(out), "--screen", "home", "--data-dir", str(data))
    assert r.returncode == 0, r.stderr
    assert "kiosk.territory" in r.stderr
    assert out.exists()
