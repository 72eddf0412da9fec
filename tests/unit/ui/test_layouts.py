"""clear_layout deletes what takeAt hands back (PySide6 does not own it: it would leak)."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.widgets.layouts import clear_layout


def test_items_widgets_and_nested_layouts_are_deleted(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    col = QVBoxLayout(host)
    labels = [QLabel(f"card {i}") for i in range(3)]
    for label in labels:
        col.addWidget(label)
    col.addStretch(1)
    row = QHBoxLayout()
    inner = QLabel("inner")
    row.addWidget(inner)
    col.addLayout(row)
    items = [col.itemAt(i) for i in range(col.count())]
    seen = []

    clear_layout(col, seen.append)

    assert col.count() == 0
    assert not any(shiboken6.isValid(item) for item in items)
    assert seen == [*labels, inner]
    qtbot.waitUntil(lambda: not any(shiboken6.isValid(w) for w in [*labels, inner]))


def test_grid_layout(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    grid = QGridLayout(host)
    for r in range(2):
        for c in range(2):
            grid.addWidget(QLabel(f"{r}{c}"), r, c)
    items = [grid.itemAt(i) for i in range(grid.count())]
    clear_layout(grid)
    assert grid.count() == 0
    assert not any(shiboken6.isValid(item) for item in items)
