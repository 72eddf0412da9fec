"""Theme tokens follow the window: the reference 1920×1080 keeps its pixels, other windows
scale every size token, small windows keep readable type and real touch targets."""

from __future__ import annotations

import pytest

from kiosk.ui import theme as theme_mod

SIZES = [(1280, 800), (1366, 768), (1920, 1080), (2560, 1440), (3840, 2160), (1080, 1920)]


def test_the_reference_window_keeps_the_design_pixels():
    assert theme_mod.build(size=(1920, 1080)) == theme_mod.build()
    assert theme_mod.build().px(580) == 580


@pytest.mark.parametrize(("size", "factor"), [
    ((1280, 800), 2 / 3), ((1366, 768), 768 / 1080), ((2560, 1440), 4 / 3),
    ((3840, 2160), 2.0), ((1080, 1920), 0.8), ((1920, 1200), 1.0)])
def test_the_factor_follows_the_tighter_side(size, factor):
    assert theme_mod.size_factor(*size) == pytest.approx(factor, abs=1e-3)


@pytest.mark.parametrize("size", SIZES)
def test_every_size_token_scales_and_small_windows_stay_usable(size):
    t = theme_mod.build(size=size)
    f = theme_mod.size_factor(*size)
    ref = theme_mod.Theme()
    for name in ("body", "small", "title", "headline", "button", "gap", "margin", "radius"):
        assert getattr(t, name) >= round(getattr(ref, name) * f) - 1, name
        assert getattr(t, name) <= max(round(getattr(ref, name) * f), 32), name
    assert t.touch >= theme_mod.MIN_TOUCH
    assert t.body >= 16
    assert t.small < t.body < t.title < t.headline
    assert f"font-size: {t.body}px" in theme_mod.stylesheet(t)


def test_large_text_and_high_contrast_still_apply_on_top_of_the_size():
    t = theme_mod.build(large_text=True, high_contrast=True, size=(3840, 2160))
    assert t.body == round(theme_mod.Theme().body * 2 * 1.3)
    assert t.name == "high-contrast+large"
    assert t.background == "#000000"
    assert f"{t.px(3)}px solid" in theme_mod.stylesheet(t)
