"""Parquet export of the journal: one file per kiosk and local day, Hive-partitioned.

    DIR/kiosk=<kiosk id>/date=<YYYY-MM-DD>/events.parquet

`kiosk` is the kiosk's random anonymous id (identity.py), `date` the local day (Europe/Paris)
the events happened on. Any engine that reads Hive-partitioned Parquet (DuckDB, Spark, pyarrow,
Polars, a warehouse's external table) gets `kiosk` and `date` as columns from the path; they are
not repeated inside the files.

Schema version 1 (`SCHEMA_VERSION`; also in each file's key-value metadata as
`kiosk.journal.schema_version`, with `kiosk.journal.kiosk` and `kiosk.journal.date`):

| column | type | what |
| --- | --- | --- |
| schema_version | int16 | 1 |
| id | int64 | the event's sequence number in this kiosk's journal (orders events within a minute) |
| time | timestamp[s, UTC] | when, cut to the minute (seconds are always 0) |
| session | string | random id of the visitor session, null outside a visit |
| kind | string | one of events.KINDS |
| territory | string | AMP, NCA or TPM |
| language | string | interface language: fr, en, es, it or de |
| screen, item, module, video, question | string | fields of events.FIELDS (null: none) |
| from_language, site, quantity, feed, target | string | the same |
| page, answer | int32 | page number in a module; end-of-visit answer 1-5 |
| seconds | float64 | time spent or seconds of video watched |
| completed, correct | bool | video watched to its end; quiz answer right |

The anonymity is the CSV's (export.py): the allow-list of events.py lets no free text in, and
here the time is further cut to the minute. A new field in events.FIELDS is a new schema
version (tests/unit/core/journal check the column list against `COLUMNS_BY_VERSION`).

Incremental and atomic: only days that are over (before today, local time) and have no file
yet are written; each file is written beside its final name (`.events.parquet.*.part`, which
readers skip) and renamed into place, so a reader or a push never sees half a file and an
interrupted export resumes where it stopped. pyarrow is imported only when exporting.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from kiosk.core.fileio import fsync_dir
from kiosk.core.journal.events import BASE_COLUMNS, FIELDS
from kiosk.core.journal.export import DEFAULT_TZ, day_start, open_readonly

if TYPE_CHECKING:
    import pyarrow as pa


SCHEMA_VERSION = 1
FILENAME = "events.parquet"
COLUMNS_BY_VERSION = {
    1: ("schema_version", "id", "time", "session", "kind", "territory", "language", "screen",
        "item", "module", "page", "video", "seconds", "completed", "question", "correct",
        "answer", "from_language", "site", "quantity", "feed", "target"),
}
_ARROW_TYPE: dict[str, Literal["string", "int32", "float64", "bool"]] = {
    "ident": "string", "language": "string", "target": "string", "int": "int32",
               "float": "float64", "bool": "bool"}
_SQL_COLUMNS = BASE_COLUMNS + tuple(FIELDS)


def schema() -> pa.Schema:
    """The pyarrow schema of the current version (derived from events.FIELDS)."""
    import pyarrow as pa

    cols: list[pa.Field[Any]] = [pa.field("schema_version", pa.int16(), nullable=False),
            pa.field("id", pa.int64(), nullable=False),
            pa.field("time", pa.timestamp("s", tz="UTC"), nullable=False),
            pa.field("session", pa.string()),
            pa.field("kind", pa.string(), nullable=False),
            pa.field("territory", pa.string(), nullable=False),
            pa.field("language", pa.string(), nullable=False)]
    cols += [pa.field(f.name, pa.type_for_alias(_ARROW_TYPE[f.type])) for f in FIELDS.values()]
    return pa.schema(cols)


def partition(kiosk: str, day: dt.date) -> str:
    """The file's path relative to the export folder (forward slashes)."""
    return f"kiosk={kiosk}/date={day.isoformat()}/{FILENAME}"


@dataclass
class ParquetExport:
    files: list[Path] = field(default_factory=list)  # written by this run, oldest day first
    events: int = 0
    days_present: int = 0  # days already exported before this run


def _rows(conn: sqlite3.Connection, start: float, end: float) -> list[tuple[Any, ...]]:
    return conn.execute(
        f"SELECT {', '.join(_SQL_COLUMNS)} FROM events WHERE time >= ? AND time < ? "
        "ORDER BY id", [start, end]).fetchall()


def _table(rows: list[tuple[Any, ...]], kiosk: str, day: dt.date) -> pa.Table:
    import pyarrow as pa

    sch = schema()
    columns: dict[str, list[Any]] = {name: [] for name in _SQL_COLUMNS}
    names = list(_SQL_COLUMNS)
    bools = {f.name for f in FIELDS.values() if f.type == "bool"}
    for row in rows:
        for name, value in zip(names, row, strict=True):
            columns[name].append(value)
    # The minute is enough: cut the seconds so a visit cannot be told apart by its times.
    columns["time"] = [int(t // 60) * 60 for t in columns["time"]]
    for name in bools:
        columns[name] = [None if v is None else bool(v) for v in columns[name]]
    data = {"schema_version": [SCHEMA_VERSION] * len(rows), **columns}
    table = pa.Table.from_pydict({n: data[n] for n in sch.names}, schema=sch)
    meta = {"kiosk.journal.schema_version": str(SCHEMA_VERSION), "kiosk.journal.kiosk": kiosk,
            "kiosk.journal.date": day.isoformat()}
    return table.replace_schema_metadata(meta)


def _write_atomic(table: pa.Table, out: Path) -> None:
    import pyarrow.parquet as pq

    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            pq.write_table(table, f, compression="snappy")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except BaseException:
        try:
            Path(tmp).unlink(missing_ok=True)
        except OSError:
            pass  # the stick is gone
        raise
    fsync_dir(out.parent)


def export_parquet(db_path: Path, out_dir: Path, kiosk: str, *, now: float,
                   tz: str = DEFAULT_TZ, cancelled: Callable[[], bool] = lambda: False,
                   ) -> ParquetExport:
    """Write every finished local day not exported yet; returns what was written.

    Raises OSError when the destination fails; the files already renamed stay valid.
    """
    out_dir = Path(out_dir)
    zone = ZoneInfo(tz)
    today = dt.datetime.fromtimestamp(now, zone).date()
    result = ParquetExport()
    conn = open_readonly(db_path)
    try:
        (first,) = conn.execute("SELECT MIN(time) FROM events").fetchone()
        if first is None:
            return result
        day = dt.datetime.fromtimestamp(first, zone).date()
        while day < today:
            if cancelled():
                raise InterruptedError("export cancelled")
            nxt = day + dt.timedelta(days=1)
            out = out_dir / partition(kiosk, day)
            if out.exists():
                result.days_present += 1
            else:
                rows = _rows(conn, day_start(day, tz), day_start(nxt, tz))
                if rows:
                    _write_atomic(_table(rows, kiosk, day), out)
                    result.files.append(out)
                    result.events += len(rows)
            day = nxt
    finally:
        conn.close()
    return result
