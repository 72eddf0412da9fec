"""PeriodicSync: one timer, settings listener, sync-now entry, content reaction and problems
report per capability, checked on the real agenda and content services of a real kiosk."""

from __future__ import annotations

import dataclasses
import socket

import pytest
from PySide6.QtCore import QTimer

pytestmark = pytest.mark.gui


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_agenda(s, **agenda):
    return dataclasses.replace(s, agenda=dataclasses.replace(s.agenda, **agenda))


def test_each_capability_has_one_named_timer_and_a_sync_now_entry(kiosk, qtbot):
    kiosk._services_started = True
    kiosk._start_agenda()
    kiosk._start_content()
    timers = {t.objectName() for t in kiosk.window.findChildren(QTimer)}
    assert {"agenda-sync", "content-sync"} <= timers
    assert kiosk.ctx.syncers["agenda"] == kiosk.agenda_sync.sync
    assert kiosk.ctx.syncers["content"] == kiosk.content_bridge.periodic.sync
    assert kiosk.agenda_sync.timer.interval() == (
        kiosk.ctx.settings.agenda.refresh_minutes * 60_000)
    qtbot.waitUntil(lambda: kiosk.tasks.in_flight == 0, timeout=10000)


def test_new_settings_set_the_interval_and_only_a_watched_change_syncs_again(kiosk, qtbot):
    kiosk._services_started = True
    kiosk._start_agenda()
    periodic = kiosk.agenda_sync
    qtbot.waitUntil(lambda: kiosk.tasks.in_flight == 0, timeout=10000)
    retargeted = []
    periodic.retargeted.connect(lambda: retargeted.append(True))
    synced = []
    periodic.synced.connect(synced.append)
    # Content's interval is not what the agenda watches: new timer interval, no sync.
    s = kiosk.ctx.settings
    kiosk.ctx.update_settings(dataclasses.replace(
        s, content=dataclasses.replace(s.content, sync_minutes=7)))
    qtbot.wait(100)
    assert retargeted == []
    assert synced == []
    kiosk.ctx.update_settings(with_agenda(kiosk.ctx.settings, refresh_minutes=3))
    assert periodic.timer.interval() == 3 * 60_000
    assert retargeted == [True]  # refresh_minutes is part of the agenda section it watches
    qtbot.waitUntil(lambda: len(synced) == 1, timeout=10000)
    assert kiosk.ctx.agenda.settings.agenda.refresh_minutes == 3


def test_a_failed_source_lands_on_the_problems_board_under_its_area(kiosk, qtbot):
    from kiosk.core.settings import Feed

    kiosk._services_started = True
    kiosk._start_agenda()
    qtbot.waitUntil(lambda: kiosk.tasks.in_flight == 0, timeout=10000)
    url = f"http://127.0.0.1:{closed_port()}/agenda.ics"
    kiosk.ctx.update_settings(with_agenda(kiosk.ctx.settings,
                                          feeds=[Feed("Hors ligne", url, "AMP")]))
    qtbot.waitUntil(lambda: any(p.source == "agenda" and "127.0.0.1" in p.message
                                for p in kiosk.ctx.problems.latest()), timeout=20000)


def test_an_installed_bundle_kind_runs_its_reaction_and_others_do_not(kiosk, qtbot):
    kiosk._services_started = True
    kiosk._start_agenda()
    qtbot.waitUntil(lambda: kiosk.tasks.in_flight == 0, timeout=10000)
    synced = []
    kiosk.agenda_sync.synced.connect(synced.append)
    kiosk.ctx.content.notify_installed(["videos"])
    qtbot.wait(200)
    assert synced == []
    kiosk.ctx.content.notify_installed(["agenda"])
    qtbot.waitUntil(lambda: len(synced) == 1, timeout=10000)
