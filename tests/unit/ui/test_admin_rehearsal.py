"""The facilitator starts a rehearsal from the panel: a day, a recording, a second kiosk."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from kiosk.core.rehearsal.recording import Writer
from tests.unit.ui.test_admin import open_admin, tap

pytestmark = pytest.mark.gui


def test_the_panel_starts_a_rehearsal_of_tomorrow_on_a_recording(kiosk_factory, qtbot):
    k = kiosk_factory()
    Writer(k.core.paths.recordings / "juillet-2027")._save()  # a recording kiosk record made
    k.window.show()
    k.start_services()
    screen = open_admin(k, qtbot)
    tap(qtbot, screen.nav["rehearsal"])
    page = screen.rehearsal_page
    assert screen.pages.currentWidget() is page
    launched: list[list[str]] = []
    page._launch = lambda cmd: launched.append(cmd) or True
    names = [p.name if p is not None else None for p in page.recordings]
    assert "juillet-2027" in names
    assert names[-1] is None  # the generated demonstration, labelled, as the last choice
    while page.recording is None or page.recording.name != "juillet-2027":
        tap(qtbot, page.recording_button)
    assert page.recording_button.text() == "Données : juillet-2027"
    tomorrow = dt.datetime.fromtimestamp(k.ctx.clock.now()).date() + dt.timedelta(days=1)
    assert (page.when.date(), page.when.hour) == (tomorrow, 14)
    tap(qtbot, page.steps["hour-"])
    tap(qtbot, page.steps["day+"])
    tap(qtbot, page.start_button)
    day = tomorrow + dt.timedelta(days=1)
    assert launched == [[sys.executable, "-m", "kiosk", "run", "--rehearse",
                         f"{day.isoformat()}T13:00", "--data-dir", str(k.core.paths.data),
                         "--recording", str(k.core.paths.recordings / "juillet-2027")]]
    assert page.message.text().startswith("Répétition lancée")
    page._launch = lambda cmd: False
    tap(qtbot, page.start_button)
    assert page.message.text().startswith("La répétition n'a pas pu démarrer")
