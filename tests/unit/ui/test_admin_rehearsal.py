"""The facilitator starts a rehearsal from the panel: a day, a recording, a second kiosk."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from kiosk.core.rehearsal.recording import Writer
from tests.unit.ui.test_admin import open_admin, tap

pytestmark = pytest.mark.gui


def test_the_panel_starts_a_rehearsal_on_a_recording_at_a_chosen_hour(kiosk_factory, qtbot):
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
    # The shipped demonstration first, the kiosk's own next, the generated data last.
    assert names == ["demo-juillet-2027", "juillet-2027", None]
    assert page.recording_button.text() == "Données : demo-juillet-2027"
    # It holds July 2027: the page starts on its last hour, a heat-wave morning.
    assert (page.when.date(), page.when.hour) == (dt.date(2027, 7, 21), 8)
    tap(qtbot, page.steps["day-"])
    for _ in range(6):
        tap(qtbot, page.steps["hour-"])
    tap(qtbot, page.start_button)  # 20 July, 02:00: the night of the heat wave
    assert launched == [[sys.executable, "-m", "kiosk", "run", "--rehearse",
                         "2027-07-20T02:00", "--data-dir", str(k.core.paths.data),
                         "--recording", str(page.recordings[0])]]
    assert page.message.text().startswith("Répétition lancée")
    tap(qtbot, page.recording_button)
    tap(qtbot, page.recording_button)
    assert page.recording is None
    assert page.recording_button.text() == "Données : démonstration générée"
    page._launch = lambda cmd: False
    tap(qtbot, page.start_button)
    assert page.message.text().startswith("La répétition n'a pas pu démarrer")
