"""`kiosk journal export` and `kiosk journal stats` on a journal written by the real writer."""

from __future__ import annotations

import csv
import json

import pytest

from kiosk import cli
from kiosk.core.journal.export import COLUMNS
from kiosk.core.journal.writer import JournalWriter


@pytest.fixture
def data(tmp_path):
    d = tmp_path / "data"
    w = JournalWriter(d / "journal.db").start()
    for i in range(3):
        s = f"{i:016x}"
        w.log("session_start", session=s, territory="NCA", language="it")
        w.log("video_play", {"video": "corridors", "seconds": 30.0 + i}, session=s,
              territory="NCA", language="it")
        w.log("session_end", {"seconds": 60.0 * (i + 1)}, session=s, territory="NCA",
              language="it")
    w.close()
    return d


def test_export(data, tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert cli.main(["journal", "export", str(out), "--data-dir", str(data)]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line == {"event": "journal_export", "path": str(out), "events": 9}
    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == COLUMNS
    assert [r["kind"] for r in rows[:3]] == ["session_start", "video_play", "session_end"]
    assert rows[1]["video"] == "corridors"


def test_export_since_the_future_is_empty(data, tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert cli.main(["journal", "export", str(out), "--since", "2099-01-01",
                     "--data-dir", str(data)]) == 0
    assert json.loads(capsys.readouterr().out)["events"] == 0
    assert out.read_text().strip() == ",".join(COLUMNS)


def test_stats(data, capsys):
    assert cli.main(["journal", "stats", "--data-dir", str(data)]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["sessions"] == 3
    assert s["median_session_seconds"] == 120
    assert s["top_videos"][0]["plays"] == 3
    assert s["languages"] == [{"language": "it", "sessions": 3}]


def test_usage_and_rejections(tmp_path, capsys):
    empty = tmp_path / "empty"
    # A kiosk that has had no visit: zero counts, exit 0, and no journal created.
    assert cli.main(["journal", "stats", "--data-dir", str(empty)]) == 0
    s = json.loads(capsys.readouterr().out)
    assert (s["events"], s["sessions"], s["languages"]) == (0, 0, [])
    assert not (empty / "journal.db").exists()
    with pytest.raises(SystemExit) as e:
        cli.main(["journal", "export", "x.csv", "--since", "yesterday"])
    assert e.value.code == 2
    assert cli.main(["journal", "export", str(tmp_path / "nowhere" / "x.csv"),
                     "--data-dir", str(empty)]) == 3
