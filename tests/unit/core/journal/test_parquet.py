"""Parquet export: Hive partitions per kiosk and day, the documented schema, incremental and
atomic, the minute as the finest time; on journals written by the real writer."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from kiosk import cli
from kiosk.core.journal import identity, parquet
from kiosk.core.journal.writer import JournalWriter
from kiosk.core.paths import resolve

# 2026-11-27 10:00:17 Paris time (UTC+1), then the next two days.
DAY1 = dt.datetime(2026, 11, 27, 9, 0, 17, tzinfo=dt.UTC).timestamp()
NOW = DAY1 + 2 * 86_400 + 3600  # 2026-11-29 11:00 Paris: days 27 and 28 are over
KIOSK = "k0123456789ab"


@pytest.fixture
def journal(tmp_path):
    path = tmp_path / "data" / "journal.db"
    w = JournalWriter(path, clock=lambda: NOW).start()
    for day in range(3):  # the third day is today: not exported yet
        for visit in range(day + 1):
            s = f"{day:02x}{visit:014x}"
            t = DAY1 + day * 86_400 + visit * 600
            w.log("session_start", session=s, territory="NCA", language="it", at=t)
            w.log("video_play", {"video": "corridors", "seconds": 30.5, "completed": True},
                  session=s, territory="NCA", language="it", at=t + 42.9)
            w.log("quiz_answer", {"module": "arbres", "question": "q1", "correct": False},
                  session=s, territory="NCA", language="it", at=t + 50)
            w.log("session_end", {"seconds": 95.0}, session=s, territory="NCA",
                  language="it", at=t + 95)
    # Late evening in Paris is still the same local day though UTC has moved on.
    w.log("screen_view", {"screen": "home"}, session=None, territory="NCA", language="fr",
          at=dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC).timestamp() - 3600)
    w.close()
    return path


def test_the_schema_is_the_documented_one_of_its_version():
    assert tuple(parquet.schema().names) == parquet.COLUMNS_BY_VERSION[parquet.SCHEMA_VERSION]
    doc = parquet.__doc__
    for name in parquet.schema().names:
        assert name in doc, f"{name} is not documented in parquet.py"


def test_one_file_per_finished_day_hive_partitioned(journal, tmp_path):
    out = tmp_path / "out"
    result = parquet.export_parquet(journal, out, KIOSK, now=NOW)
    rel = [p.relative_to(out).as_posix() for p in result.files]
    assert rel == [f"kiosk={KIOSK}/date=2026-11-27/events.parquet",
                   f"kiosk={KIOSK}/date=2026-11-28/events.parquet"]
    assert result.events == 5 + 8
    day1 = pq.read_table(result.files[0])
    assert day1.schema.metadata[b"kiosk.journal.schema_version"] == b"1"
    assert day1.schema.metadata[b"kiosk.journal.kiosk"] == KIOSK.encode()
    rows = day1.to_pylist()
    assert [r["kind"] for r in rows] == ["session_start", "video_play", "quiz_answer",
                                         "session_end", "screen_view"]
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert all(r["time"].second == 0 and r["time"].microsecond == 0 for r in rows)
    assert rows[0]["time"] == dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    assert rows[1]["time"] == dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)  # 09:00:59.9
    assert rows[1]["completed"] is True
    assert rows[1]["seconds"] == 30.5
    assert rows[2]["correct"] is False
    assert rows[2]["module"] == "arbres"
    assert rows[4]["session"] is None
    assert rows[4]["screen"] == "home"
    # What a Hive-aware engine sees: kiosk and date come from the path.
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 13
    assert set(table.column("kiosk").to_pylist()) == {KIOSK}
    assert sorted(set(map(str, table.column("date").to_pylist()))) == ["2026-11-27",
                                                                       "2026-11-28"]


def test_incremental_only_days_not_exported_yet(journal, tmp_path):
    out = tmp_path / "out"
    first = parquet.export_parquet(journal, out, KIOSK, now=NOW)
    again = parquet.export_parquet(journal, out, KIOSK, now=NOW)
    assert again.files == []
    assert again.days_present == 2
    before = first.files[1].read_bytes()
    first.files[1].unlink()
    redo = parquet.export_parquet(journal, out, KIOSK, now=NOW)
    assert redo.files == [first.files[1]]
    assert pq.read_table(first.files[1]).equals(pq.read_table(
        pa.BufferReader(before)))
    # The next day the third day is over, and only it is written.
    later = parquet.export_parquet(journal, out, KIOSK, now=NOW + 86_400)
    assert [p.parent.name for p in later.files] == ["date=2026-11-29"]


def test_an_interrupted_export_leaves_no_file_and_resumes(journal, tmp_path, monkeypatch):
    out = tmp_path / "out"
    real = pq.write_table
    calls = []

    def failing(table, where, **kw):
        calls.append(1)
        if len(calls) == 2:
            where.write(b"PAR1 half a file")
            raise OSError(28, "No space left on device")
        return real(table, where, **kw)

    monkeypatch.setattr(pq, "write_table", failing)
    with pytest.raises(OSError, match="No space"):
        parquet.export_parquet(journal, out, KIOSK, now=NOW)
    left = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert left == [f"kiosk={KIOSK}/date=2026-11-27/events.parquet"]
    monkeypatch.setattr(pq, "write_table", real)
    result = parquet.export_parquet(journal, out, KIOSK, now=NOW)
    assert [p.parent.name for p in result.files] == ["date=2026-11-28"]
    assert pq.read_table(result.files[0]).num_rows == 8


def test_the_kiosk_id_is_random_kept_and_says_nothing_of_the_machine(tmp_path):
    file_a = resolve(tmp_path / "a").kiosk_id_file
    a = identity.kiosk_id(file_a)
    assert identity.is_kiosk_id(a)
    assert identity.kiosk_id(file_a) == a
    assert file_a.read_text().strip() == a
    file_b = resolve(tmp_path / "b").kiosk_id_file
    b = identity.kiosk_id(file_b)
    assert b != a
    assert socket.gethostname() not in a
    file_b.write_text("my host name\n")
    assert identity.is_kiosk_id(identity.kiosk_id(file_b))


def test_cli_export_parquet(journal, tmp_path, capsys):
    out = tmp_path / "parquet"
    data = journal.parent
    assert cli.main(["journal", "export", "--format", "parquet", str(out),
                     "--data-dir", str(data)]) == 0
    line = json.loads(capsys.readouterr().out)
    kiosk = identity.kiosk_id(resolve(data).kiosk_id_file)
    # Run "now": every day of the fixture is over.
    assert line == {"event": "journal_export", "format": "parquet", "path": str(out),
                    "kiosk": kiosk, "events": 25, "days_present": 0,
                    "files": [f"kiosk={kiosk}/date=2026-11-{d}/events.parquet"
                              for d in (27, 28, 29)]}
    assert cli.main(["journal", "export", "--format", "parquet", str(out),
                     "--data-dir", str(data)]) == 0
    assert json.loads(capsys.readouterr().out)["files"] == []
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    assert cli.main(["journal", "export", "--format", "parquet", str(not_a_dir),
                     "--data-dir", str(data)]) == 3
    assert "is not a folder" in capsys.readouterr().err
