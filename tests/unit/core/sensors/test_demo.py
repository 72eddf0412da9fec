"""The demonstration dataset: deterministic, flagged, plausible, with gaps."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from kiosk.core.sensors import demo, trends

END = dt.datetime(2026, 11, 28, 4, 37, tzinfo=dt.UTC)
STATIONS = [demo.DemoStation("atmosud:FR03043", "reference"),
            demo.DemoStation("project:amp-parc-longchamp", "demo", "atmosud:FR03043")]


@pytest.fixture(scope="module")
def data():
    return demo.generate(STATIONS, END)


def test_same_inputs_same_numbers(data):
    again = demo.generate(STATIONS, END)
    for key, s in data.series.items():
        np.testing.assert_array_equal(s.t, again.series[key].t)
        np.testing.assert_array_equal(s.v, again.series[key].v)
    other = demo.generate([demo.DemoStation("atmosud:FR24036", "reference")], END)
    assert not np.allclose(other.get("atmosud:FR24036", "no2").v,
                           data.get("atmosud:FR03043", "no2").v)


def test_every_series_is_flagged_and_ends_before_end(data):
    assert data.demo is True
    assert data.end == dt.datetime(2026, 11, 28, 4, tzinfo=dt.UTC).timestamp()
    for s in data.series.values():
        assert s.meta[demo.DEMO_FLAG] is True
        assert s.t[-1] < data.end
        assert s.t[0] == pytest.approx(data.end - 365 * 86400)


def test_cadence_and_volume(data):
    ref = data.get("atmosud:FR03043", "pm25")
    micro = data.get("project:amp-parc-longchamp", "pm25")
    assert len(ref) == 365 * 24
    assert ref.period_seconds == 3600
    assert len(micro) == 365 * 144
    assert micro.period_seconds == 600
    assert micro.quality == "corrected"
    assert micro.raw is not None
    assert data.get("project:amp-parc-longchamp", "temperature").raw is None


def test_values_are_plausible(data):
    ref = "atmosud:FR03043"
    t = data.get(ref, "temperature").v
    assert np.nanmin(t) > -8
    assert np.nanmax(t) < 42
    rh = data.get(ref, "humidity").v
    assert np.nanmin(rh) >= 10
    assert np.nanmax(rh) <= 100
    pm25, pm10 = data.get(ref, "pm25").v, data.get(ref, "pm10").v
    assert np.all(pm10 >= pm25)
    micro = data.get("project:amp-parc-longchamp", "pm25")
    ok = ~np.isnan(micro.v)
    assert np.all(micro.raw[ok] > micro.v[ok])  # raw optical readings overestimate


def test_micro_sensor_has_gaps_and_an_outage(data):
    v = data.get("project:amp-parc-longchamp", "pm25").v
    missing = np.isnan(v)
    assert 0.002 < missing.mean() < 0.02
    runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[0], missing.astype(int), [0]]))))
    assert runs[::2].max() >= 18  # an outage of three hours or more


def test_demo_shows_the_patterns_the_trends_screen_explains(data):
    no2 = data.get("atmosud:FR03043", "no2")
    week = trends.weekdays_vs_weekends(no2, lambda d: False)
    assert week.mean_b < week.mean_a
    t_site = data.get("project:amp-parc-longchamp", "temperature")
    t_ref = data.get("atmosud:FR03043", "temperature")
    hi = trends.heat_island(t_site, t_ref)
    assert hi[("summer", 0)].n > 80
    assert hi[("summer", 12)].n > 80
