"""`kiosk journal push`: the journal's new Parquet days and the health report, sent to the
fleet's collection point (targets.py) whenever the network allows.

One run:
1. exports the finished days not exported yet into `paths.journal_parquet` (parquet.py);
2. sends every file of it the target has not confirmed yet, **oldest day first**, as
   `journal/kiosk=<id>/date=<day>/events.parquet`; each confirmed file is written down at
   once in `paths.journal_push_state`, so a run cut short (no network, a pulled cable, the
   kiosk stopped mid-file) resumes with the first file not confirmed, and a week offline is a
   backlog sent in order;
3. sends the health report last, as `health/<id>.json` (its `generated` time is the kiosk's
   last contact in the fleet report).
A failing request is retried with a doubling pause (1, 2, 4, 8 s); when it still fails the run
stops there, keeping the order, and the error is kept for the health screen. Between runs the
kiosk waits `collect.push_minutes`, doubled after each failed run (up to a day): `due()`.

All of it is blocking code for a worker thread (`cancelled` is polled between files).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.fileio import atomic_write_text
from kiosk.core.health.problems import SourceStatus
from kiosk.core.journal import parquet, targets
from kiosk.core.journal.identity import kiosk_id
from kiosk.core.journal.targets import JSON_TYPE, PARQUET_TYPE, PushError, Target
from kiosk.core.paths import Paths

log = logging.getLogger(__name__)

REMOTE_JOURNAL = "journal"
REMOTE_HEALTH = "health"
MAX_WAIT = 86_400.0


@dataclass
class PushReport:
    target: str
    kiosk: str
    sent: list[str] = field(default_factory=list)  # remote names, in the order sent
    pending: int = 0  # journal files still to send
    exported: int = 0  # days exported by this run
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def load_state(paths: Paths) -> dict[str, Any]:
    try:
        state = json.loads(paths.journal_push_state.read_text("utf-8"))
    except (OSError, ValueError):
        return {"targets": {}}
    if not isinstance(state, dict) or not isinstance(state.get("targets"), dict):
        return {"targets": {}}
    return state


def _save_state(paths: Paths, state: dict[str, Any]) -> None:
    atomic_write_text(paths.journal_push_state, json.dumps(state, indent=1, sort_keys=True))


def _entry(state: dict[str, Any], target: Target) -> dict[str, Any]:
    entry: dict[str, Any] = state["targets"].setdefault(target.key, {})
    entry.setdefault("sent", {})
    entry["name"] = target.name
    return entry


def local_files(paths: Paths) -> list[tuple[str, Path]]:
    """(name relative to the export folder, path) of every exported day, oldest first."""
    root = paths.journal_parquet
    files = [(p.relative_to(root).as_posix(), p) for p in root.glob(
        f"kiosk=*/date=*/{parquet.FILENAME}")]
    # date before kiosk: a backlog goes out day by day whatever the folder order.
    return sorted(files, key=lambda f: (f[0].split("/")[1], f[0]))


def _retrying(fn: Callable[[], None], *, retries: int, backoff: float,
              sleep: Callable[[float], None], cancelled: Callable[[], bool]) -> None:
    attempt = 0
    while True:
        try:
            fn()
            return
        except PushError as e:
            if not e.transient or attempt >= retries or cancelled():
                raise
            wait = backoff * 2 ** attempt
            log.info("push: %s, again in %.0f s", e, wait)
            sleep(wait)
            attempt += 1


def push(paths: Paths, target: Target, *, health: dict[str, Any] | None,
         now: float | None = None, retries: int = 4, backoff: float = 1.0,
         sleep: Callable[[float], None] = time.sleep,
         cancelled: Callable[[], bool] = lambda: False) -> PushReport:
    """Export, then send what `target` lacks, oldest first, then the health report."""
    now = time.time() if now is None else now
    kiosk = kiosk_id(paths.kiosk_id_file)
    report = PushReport(target.name, kiosk)
    if paths.journal_db.exists():
        report.exported = len(parquet.export_parquet(
            paths.journal_db, paths.journal_parquet, kiosk, now=now, cancelled=cancelled).files)
    state = load_state(paths)
    entry = _entry(state, target)
    entry["last_attempt"] = now
    todo = []
    for rel, path in local_files(paths):
        size = path.stat().st_size
        remote = f"{REMOTE_JOURNAL}/{rel}"
        known = entry["sent"].get(rel) == size if target.remembers else target.has(remote, size)
        if not known:
            todo.append((rel, remote, path, size))
    report.pending = len(todo)

    def put(remote: str, body: bytes, kind: str) -> None:
        _retrying(lambda: target.put(remote, body, kind), retries=retries, backoff=backoff,
                  sleep=sleep, cancelled=cancelled)

    try:
        for rel, remote, path, size in todo:
            if cancelled():
                raise PushError("push cancelled")
            put(remote, path.read_bytes(), PARQUET_TYPE)
            report.sent.append(remote)
            report.pending -= 1
            if target.remembers:
                entry["sent"][rel] = size
                _save_state(paths, state)
        if health is not None:
            doc = {**health, "kiosk": kiosk, "pushed": _iso(now),
                   "journal": {"days_exported": len(local_files(paths)),
                               "last_day": _last_day(paths)}}
            remote = f"{REMOTE_HEALTH}/{kiosk}.json"
            put(remote, (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode(),
                JSON_TYPE)
            report.sent.append(remote)
    except PushError as e:
        report.error = str(e)
        log.warning("push to %s stopped: %s (%d files waiting)", target.name, e,
                    report.pending)
    entry.update(last_error=report.error, pending=report.pending,
                 failures=0 if report.ok else int(entry.get("failures", 0)) + 1)
    if report.ok:
        entry["last_success"] = now
    if target.remembers:
        _save_state(paths, state)
    return report


def _iso(t: float) -> str:
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _last_day(paths: Paths) -> str | None:
    files = local_files(paths)
    return files[-1][0].split("/")[1].removeprefix("date=") if files else None


def due(paths: Paths, target: Target, interval_s: float, now: float) -> bool:
    """Whether the kiosk should push now: `interval_s` after the last run, doubled after each
    failed run in a row (at most a day)."""
    entry = load_state(paths)["targets"].get(target.key)
    if not entry or not entry.get("last_attempt"):
        return True
    wait: float = min(interval_s * 2 ** int(entry.get("failures", 0)), MAX_WAIT)
    return now - float(entry["last_attempt"]) >= wait


def status(paths: Paths, target: Target | None) -> list[SourceStatus]:
    """The push as a source of the health screen: last success, files waiting, error."""
    if target is None:
        return []
    entry = load_state(paths)["targets"].get(target.key, {})
    pending = int(entry.get("pending", 0))
    waiting = f"{pending} file(s) waiting" if pending else ""
    error = entry.get("last_error")
    return [SourceStatus(f"journal:push {target.name}", ok=not error,
                         last_attempt=entry.get("last_attempt"),
                         last_success=entry.get("last_success"),
                         detail=waiting or "all sent",
                         error=f"{waiting}: {error}" if error and waiting else error)]


def from_settings(collect: Any) -> Target | None:
    """targets.from_settings, kept here so callers need one import."""
    return targets.from_settings(collect)


