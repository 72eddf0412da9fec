"""The trends' bar chart keeps its category labels apart at any width."""

from __future__ import annotations

from kiosk.ui import theme as theme_mod
from kiosk.ui.widgets.plots import BarChart, two_lines

LABELS = ["printemps 0 h", "printemps 12 h", "été 0 h", "été 12 h"]


def shown(chart: BarChart) -> list[str]:
    ticks = chart.plot.getAxis("bottom")._tickLevels[0]
    return [label for _, label in ticks]


def test_labels_go_on_two_lines_only_when_they_would_meet(qtbot):
    chart = BarChart(theme_mod.build())
    qtbot.addWidget(chart)
    chart.resize(1200, 300)
    chart.show()
    chart.set_bars(LABELS, [1.5, -0.1, 2.4, -0.2], ["#a00"] * 4)
    qtbot.waitUntil(lambda: chart.plot.getViewBox().width() > 900)
    chart._lay_out_labels()
    assert shown(chart) == LABELS
    one_line = chart.plot.getAxis("bottom").height()
    chart.resize(420, 300)
    qtbot.waitUntil(lambda: chart.plot.getViewBox().width() < 420)
    assert shown(chart) == [two_lines(label) for label in LABELS]
    # The axis grows for the second line (once the plot's layout has run).
    qtbot.waitUntil(lambda: chart.plot.getAxis("bottom").height() > one_line)


def test_two_lines_cuts_at_the_space_nearest_the_middle():
    assert two_lines("printemps 12 h") == "printemps\n12 h"
    assert two_lines("24 Std. nach Regen") == "24 Std.\nnach Regen"
    assert two_lines("Schulzeit") == "Schulzeit"
