"""`kiosk screenshot --screen exhibit:<id>` and `--screen videos` as an operator runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kiosk.core.exhibits import load_exhibition
from kiosk.core.paths import app_root
from kiosk.core.settings import LANGUAGES

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

MODULES = [m.id for m in load_exhibition(app_root() / "exhibits").modules]
PRIMARY = (0x2E, 0x6B, 0x3A)  # theme.primary: the "next page" arrow when it is enabled


def shoot(tmp_path, screen: str, lang: str):
    from PySide6.QtGui import QImage

    out = tmp_path / f"{screen.replace(':', '_')}-{lang}.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-m", "kiosk", "screenshot", str(out), "--screen",
                        screen, "--lang", lang, "--data-dir", str(tmp_path / "data")],
                       capture_output=True, text=True, env=env, timeout=180)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[-1])["screen"] == screen
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    return image


def has_colour(image, rgb, xs, ys) -> bool:
    return any(image.pixelColor(x, y).getRgb()[:3] == rgb for x in xs for y in ys)


# Every module once, the languages in turn (the unit tests tap through every page of every
# module in French and English; the screenshot tool is what operators use for the rest).
@pytest.mark.parametrize(("module_id", "lang"),
                         [(m, LANGUAGES[i % len(LANGUAGES)]) for i, m in enumerate(MODULES)])
def test_each_module_renders(tmp_path, qapp, module_id, lang):
    image = shoot(tmp_path, f"exhibit:{module_id}", lang)
    # The module loaded: its "next page" arrow is drawn enabled, at the right edge.
    assert has_colour(image, PRIMARY, range(1800, 1900, 2), range(450, 650, 2))
    colours = {image.pixel(x, y) for x in range(0, 1920, 37) for y in range(0, 1080, 29)}
    assert len(colours) > 6


def test_a_missing_module_renders_its_message(tmp_path, qapp):
    image = shoot(tmp_path, "exhibit:no-such-module", "en")
    assert not has_colour(image, PRIMARY, range(1800, 1900, 2), range(450, 650, 2))


def test_video_catalog_renders(tmp_path, qapp):
    image = shoot(tmp_path, "videos", "it")
    colours = {image.pixel(x, y) for x in range(0, 1920, 23) for y in range(200, 700, 17)}
    assert len(colours) > 15  # the posters are there (an empty catalog is one flat colour)


def test_module_list_renders(tmp_path, qapp):
    image = shoot(tmp_path, "exhibits", "de")
    colours = {image.pixel(x, y) for x in range(0, 1920, 23) for y in range(250, 500, 17)}
    assert len(colours) > 15  # the covers are there
