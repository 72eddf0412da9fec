"""`kiosk screenshot … --rehearse … --recording …` and its refusals, as an operator runs it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.e2e.test_screenshot import image_stats, run_kiosk
from tests.helpers.recorded_days import write_recording

pytestmark = pytest.mark.e2e


def test_a_rehearsed_screenshot_of_an_ozone_afternoon(tmp_path, qapp):
    rec = write_recording(tmp_path / "rec", dt.datetime(2027, 7, 15, 12, tzinfo=dt.UTC),
                          "ozone")
    out = tmp_path / "home.png"
    data = tmp_path / "data"
    r = run_kiosk("screenshot", str(out), "--screen", "home", "--rehearse",
                  "2027-07-15T14:30", "--recording", str(rec), "--data-dir", str(data))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[-1])["path"] == str(out)
    assert image_stats(out)[:2] == (1920, 1080)
    # The rehearsal ran in its own folder: the kiosk's journal and cache were never made.
    assert (data / "rehearsal" / "cache.db").exists()
    assert not (data / "cache.db").exists()
    assert not (data / "journal.db").exists()


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--recording", "x"], 2, "--recording needs --rehearse"),
    (["--rehearse", "tomorrow"], 3, "expected a date and time"),
    (["--rehearse", "2027-07-15T14:00", "--recording", "missing"], 3, "recording.json"),
])
def test_a_rehearsal_that_cannot_start_says_why(tmp_path, args, code, message):
    r = run_kiosk("screenshot", str(tmp_path / "x.png"), *args, "--data-dir",
                  str(tmp_path / "data"))
    assert r.returncode == code
    assert message in r.stderr
