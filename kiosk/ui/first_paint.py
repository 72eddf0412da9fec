"""Waiting for the first paint: start-up measures it, and services start after it."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


def wait_first_paint(widget, timeout_s: float = 10.0) -> float:
    """Process events until `widget` (or a child) has been painted; returns the time taken."""

    painted: list[float] = []

    class Spy(QObject):
        def eventFilter(self, obj, event):
            if (not painted and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                    and (obj is widget or widget.isAncestorOf(obj))):
                painted.append(time.perf_counter())
            return False

    app = QApplication.instance()
    if app is None:
        raise RuntimeError("wait_first_paint needs a QApplication")
    spy = Spy()
    app.installEventFilter(spy)
    start = time.perf_counter()
    try:
        while not painted and time.perf_counter() - start < timeout_s:
            app.processEvents()
    finally:
        app.removeEventFilter(spy)
    return (painted[0] if painted else time.perf_counter()) - start
