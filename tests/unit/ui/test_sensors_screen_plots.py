"""The plot's numpy-side decimation: peaks survive, gaps stay gaps, small views untouched."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.core.sensors.series import with_gaps
from kiosk.ui.widgets.plots import decimate

pytestmark = pytest.mark.gui


def test_small_views_are_not_decimated():
    t = np.arange(100, dtype=float) * 600
    v = np.sin(t)
    x, y, decimated = decimate(t, v, t[10], t[50], 500)
    assert not decimated
    assert x[0] == t[9]
    assert x[-1] == t[51]
    np.testing.assert_array_equal(y, v[9:52])


def test_peaks_survive_and_gaps_stay_gaps():
    n = 52_560
    t = np.arange(n, dtype=float) * 600
    v = np.full(n, 10.0)
    v[20_000] = 95.0  # a single 10-minute peak
    v[30_000:30_600] = np.nan  # a 100-hour outage
    x, y, decimated = decimate(t, v, t[0], t[-1], 400)
    assert decimated
    assert len(x) <= 2 * 400 + 2 * 132
    assert np.nanmax(y) == 95.0
    gap = (x >= t[30_200]) & (x < t[30_400])
    assert gap.any()
    assert np.isnan(y[gap]).all()
    assert not np.isnan(y[x < t[29_000]]).any()


def test_with_gaps_breaks_lines_at_missing_points():
    t = np.array([0, 600, 1200, 6000, 6600], dtype=float)
    v = np.array([1, 2, 3, 4, 5], dtype=float)
    t2, v2 = with_gaps(t, v, 600)
    assert len(t2) == 6
    assert np.isnan(v2[3])
    assert t2[3] == 1800


def test_dragging_the_graph_pans_back_in_time(qtbot):
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.theme import build
    from kiosk.ui.widgets.plots import Line, SeriesPlot

    plot = SeriesPlot(build())
    qtbot.addWidget(plot)
    plot.resize(800, 500)
    plot.show()
    qtbot.waitExposed(plot)
    t = np.arange(24 * 14, dtype=float) * 3600
    plot.set_lines([Line("site", t, np.sin(t / 7200) + 2, "#1f6fa3")])
    plot.show_last(86400)
    (x0, x1), _ = plot.vb.viewRange()
    vp = plot.plot.viewport()
    start = QPointF(vp.width() * 0.3, vp.height() * 0.5)

    def send(kind, pos, buttons):
        ev = QMouseEvent(kind, pos, vp.mapToGlobal(pos), Qt.MouseButton.LeftButton, buttons,
                         Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(vp, ev)

    send(QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    for step in range(1, 11):
        qtbot.wait(20)  # pyqtgraph drops move events closer together than its rate limit
        send(QEvent.Type.MouseMove, start + QPointF(step * 30, 0), Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseButtonRelease, start + QPointF(300, 0), Qt.MouseButton.NoButton)
    (y0, y1), _ = plot.vb.viewRange()
    assert y0 < x0 - 3 * 3600  # dragged right: earlier hours come into view
    assert y1 - y0 == pytest.approx(x1 - x0, rel=0.01)  # a pan, not a zoom
    plot.zoom(0.5)
    (z0, z1), _ = plot.vb.viewRange()
    assert z1 - z0 == pytest.approx((y1 - y0) / 2, rel=0.01)


def test_time_axis_labels_are_paris_local_time_on_both_sides_of_dst():
    import datetime as dt

    from kiosk.core import i18n
    from kiosk.ui.widgets.plots import LocalTimeAxis

    axis = LocalTimeAxis(orientation="bottom")
    before = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC).timestamp()  # 02:30 CEST
    after = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC).timestamp()  # 02:30 CET
    noon = dt.datetime(2026, 3, 29, 10, 0, tzinfo=dt.UTC).timestamp()  # 12:00 CEST
    assert axis.tickStrings([before, after, noon], 1, 3600) == ["02:30", "02:30", "12:00"]
    i18n.set_language("en")
    assert axis.tickStrings([noon], 1, 86400) == ["29 Sun"]  # CLDR English "d EEE"
