"""The `sensor` page embed, and pyqtgraph/numpy staying out of start-up."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from kiosk.ui.widgets.sensor_embed import make_sensor_embed
from tests.helpers.kiosk import with_sensors

pytestmark = pytest.mark.gui


def test_embed_draws_site_and_reference_for_the_page_quantity(kiosk_factory, qtbot):
    k = kiosk_factory()
    with_sensors(k)
    seen = []
    k.ctx.add_recorder(lambda kind, data: seen.append((kind, data)))
    page = SimpleNamespace(quantity="temperature", site="amp-parc-longchamp")
    embed = make_sensor_embed(k.ctx, page)
    qtbot.addWidget(embed)
    embed.resize(1200, 700)
    embed.show()
    qtbot.waitUntil(lambda: embed.plot is not None, timeout=10_000)
    assert [line.label for line in embed.plot.lines] == [
        "Parc Longchamp", "Marseille Cinq-Avenues (Longchamp)"]
    assert "données de démonstration" in embed.caption.text()
    assert ("sensor_view", {"site": "amp-parc-longchamp", "quantity": "temperature"}) in seen
    qtbot.mouseClick(embed.week_button, Qt.MouseButton.LeftButton)
    (x0, x1), _ = embed.plot.vb.viewRange()
    assert x1 - x0 > 2 * 86400


def test_embed_without_service_says_so(kiosk_factory, qtbot):
    k = kiosk_factory()
    embed = make_sensor_embed(k.ctx, {"quantity": "pm25"})
    qtbot.addWidget(embed)
    assert embed.plot is None
    assert "pas disponibles" in embed.caption.text()


def test_screens_and_core_do_not_load_pyqtgraph_or_numpy_on_import():
    code = textwrap.dedent("""
        import sys
        import kiosk.core.sensors.territory, kiosk.core.sensors.views, kiosk.core.sensors.service
        import kiosk.core.sensors.bands, kiosk.core.sensors.trends, kiosk.core.sensors.demo
        import kiosk.ui.screens.sensors, kiosk.ui.screens.trends, kiosk.ui.widgets.sensor_embed
        import kiosk.ui.widgets.freshness
        print(sorted(m for m in ("pyqtgraph", "numpy") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.stdout.strip() == "[]"
