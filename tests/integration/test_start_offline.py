"""Start-up never waits for the network: the first screen is painted from local files, and the
sync only begins after it (issue #8, point 4). The network here is a local server that takes
its time to answer, as a mobile link in a vehicle does."""

from __future__ import annotations

import pytest

from kiosk import app
from kiosk.core.paths import app_root

pytestmark = [pytest.mark.gui, pytest.mark.integration]


@pytest.fixture
def slow_feed(http_server):
    ics = (app_root() / "media" / "agenda" / "exemple-amp.ics").read_bytes()
    http_server.route("/agenda.ics", body=ics, delay=1.0)
    return http_server


def test_first_paint_comes_before_any_request_then_sync_starts(kiosk_factory, slow_feed,
                                                              qtbot):
    feed = {"name": "Agenda", "url": slow_feed.url("/agenda.ics"), "territory": "AMP"}
    k = kiosk_factory(settings={"agenda": {"feeds": [feed]}})
    k.window.show()
    painted_after = app.wait_first_paint(k.window)
    assert painted_after < 10, "the first screen was never painted"
    assert k.window.current[0] == "attract"
    assert slow_feed.requests == [], "a request left before the first screen was painted"
    k.start_services()
    qtbot.waitUntil(lambda: any(r.path == "/agenda.ics" for r in slow_feed.requests),
                    timeout=10_000)
    # The answer is still on its way: the GUI thread keeps turning meanwhile.
    assert k.tasks.in_flight >= 1
    qtbot.wait(50)
