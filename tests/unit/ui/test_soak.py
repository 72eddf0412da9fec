"""A short soak: visitor cycles through every section leave nothing behind.

bench/memory.py is the long version (10,000 cycles, RSS). This one plays a few dozen
visits of the real kiosk (services started, network confined to this machine) and checks
what a leak per visit shows first: widgets, QObjects, running timers and threads, counted
after a warm-up visit of every route and again at the end. Qt warnings fail it (pytest-qt),
as do Python warnings.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.core.settings import LANGUAGES

pytestmark = pytest.mark.gui


def counts(window) -> dict[str, int]:
    app = QApplication.instance()
    objects = window.findChildren(QObject) + app.findChildren(QObject)
    return {
        "widgets": len(QApplication.allWidgets()),
        "qobjects": len(objects),
        "running_timers": sum(1 for o in objects if isinstance(o, QTimer) and o.isActive()),
        "threads": threading.active_count(),
    }


def test_visits_leave_no_widget_timer_or_thread_behind(kiosk_factory, qtbot):
    k = kiosk_factory()
    w = k.window
    w.show()
    k.start_services()
    qtbot.waitUntil(lambda: getattr(k.ctx.exhibits, "content", None) is not None,
                    timeout=10_000)
    modules = [m.id for m in k.ctx.exhibits.content.modules]
    assert modules
    routes = [["exhibits", *(f"exhibit:{m}" for m in modules[:1])], ["videos"],
              ["sensors"], ["trends"], ["agenda"], ["privacy"]]

    def settle() -> None:
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

    def visit(n: int) -> None:
        w.wake()
        w.set_language(LANGUAGES[n % len(LANGUAGES)])
        route = routes[n % len(routes)]
        for target in route:
            w.go(target)
            settle()
        screen = w.current_screen()
        if hasattr(screen, "turn"):
            for _ in range(3):
                screen.turn(1)
                settle()
        w.end_session()
        settle()

    for n in range(len(routes)):  # every screen built, every background load landed
        visit(n)
    # The first syncs share the pool with the screens' loads: a card drawn after the count
    # would read as a leak.
    qtbot.waitUntil(lambda: k.ctx.tasks.in_flight == 0, timeout=60_000)
    for n in range(len(routes)):
        visit(n)
    qtbot.waitUntil(lambda: k.ctx.tasks.in_flight == 0, timeout=60_000)
    qtbot.wait(300)
    settle()
    before = counts(w)
    for n in range(3 * len(routes)):
        visit(n)
    qtbot.wait(300)
    settle()
    qtbot.waitUntil(lambda: k.ctx.tasks.in_flight == 0, timeout=60_000)
    settle()
    after = counts(w)
    assert w.current[0] == "attract"
    assert after == before
