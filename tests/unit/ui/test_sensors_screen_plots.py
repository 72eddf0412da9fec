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
