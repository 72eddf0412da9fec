"""Network sync: poll the published index, download changed bundles (resuming), install them.

`sync_content()` is blocking code for a worker thread. It reads `<sync_url>/index.json` (see
publish.py), and for each kind whose published bundle differs from the installed one (another
id, or a newer version of the same id) downloads the zip to `<data>/content/downloads/
<file>.part`, resuming with `Range: bytes=N-` after a cut, checks its size and sha256 against
the index, then installs it like any bundle (signature, hashes, atomic switch). Downloads are
kept across restarts (staging is wiped at start, downloads/ is not) so a power cut costs only
the bytes in flight. Outside the optional update window nothing is downloaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

from kiosk.core import nesting, net
from kiosk.core.content import install as install_mod
from kiosk.core.content import keys, store
from kiosk.core.content.manifest import Rejected, check_path, newer
from kiosk.core.content.progress import Transfer
from kiosk.core.content.verify import CHUNK, Cancelled, check_space
from kiosk.core.fileio import atomic_write_text
from kiosk.core.health.problems import SourceStatus, SyncReport
from kiosk.core.paths import CONTENT_KINDS, Paths
from kiosk.core.settings import Settings

log = logging.getLogger(__name__)

MAX_INDEX_BYTES = 1024 * 1024
INDEX_DEADLINE = 60.0  # seconds for index.json, retries and body included
# A download's whole-request deadline grows with its size: a bundle arriving slower than
# MIN_RATE is cut (reported; the .part is kept and the next sync resumes it).
DOWNLOAD_DEADLINE_BASE = 120.0
MIN_RATE = 32 * 1024  # bytes per second
_WINDOW = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_SHA = re.compile(r"^[0-9a-f]{64}$")


class _Transient(Exception):
    """A failure another try may cure; `retry_after` is the server's Retry-After, if any."""

    def __init__(self, message: str, retry_after: str | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def in_window(spec: str, now: dt.datetime) -> bool:
    """Whether local time `now` is inside "HH:MM-HH:MM" (may cross midnight; "" = always)."""
    if not spec.strip():
        return True
    m = _WINDOW.match(spec.strip())
    if not m:
        raise ValueError(f"content.update_window: {spec!r} is not HH:MM-HH:MM")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60):
        raise ValueError(f"content.update_window: {spec!r} is not a time range")
    start, end, t = h1 * 60 + m1, h2 * 60 + m2, now.hour * 60 + now.minute
    if start <= end:
        return start <= t < end
    return t >= start or t < end


def index_url(sync_url: str) -> str:
    return sync_url if sync_url.endswith(".json") else sync_url.rstrip("/") + "/index.json"


def parse_index(raw: bytes, max_bytes: int) -> list[dict[str, Any]]:
    """The index's entries, each checked; raises ValueError naming the first bad field."""
    try:
        data = nesting.loads_json(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"index.json is not JSON: {e}") from None
    if not isinstance(data, dict) or data.get("format") != 1:
        raise ValueError("index.json: unknown format")
    bundles = data.get("bundles")
    if not isinstance(bundles, list):
        raise ValueError("index.json: bundles is not a list")
    out = []
    for i, entry in enumerate(bundles):
        if not isinstance(entry, dict):
            raise ValueError(f"index.json: bundles[{i}] is not an object")
        for k in ("id", "version", "kind", "file", "sha256"):
            if not isinstance(entry.get(k), str):
                raise ValueError(f"index.json: bundles[{i}].{k} is missing")
        if entry["kind"] not in CONTENT_KINDS:
            raise ValueError(f"index.json: bundles[{i}].kind {entry['kind']!r} is unknown")
        try:
            check_path(entry["file"])
        except Rejected as r:
            raise ValueError(f"index.json: bundles[{i}].file: {r.detail}") from None
        if not _SHA.match(entry["sha256"]):
            raise ValueError(f"index.json: bundles[{i}].sha256 is not a sha256")
        size = entry.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ValueError(f"index.json: bundles[{i}].size is not a whole number")
        if size > max_bytes:
            raise ValueError(f"index.json: {entry['id']} is over the {max_bytes}-byte cap")
        sup = entry.get("supersedes", [])
        if not isinstance(sup, list) or not all(isinstance(x, str) for x in sup):
            raise ValueError(f"index.json: bundles[{i}].supersedes is not a list of ids")
        out.append(entry)
    return out


def wanted(entry: dict[str, Any], installed: dict[str, tuple[str, str]],
           rolled_back: str | None = None) -> bool:
    """A newer version of the same id, or another id that supersedes the installed one (the
    index says so; install checks the signed manifest), never the one rolled back from."""
    if rolled_back == f"{entry['id']}-{entry['version']}":
        return False
    have = installed.get(entry["kind"])
    if have is None:
        return True
    if have[0] != entry["id"]:
        return have[0] in entry.get("supersedes", [])
    return newer(entry["version"], have[1])


def download(session: requests.Session, url: str, part: Path, *, size: int, sha256: str,
             cancelled: Callable[[], bool] = lambda: False,
             progress: Callable[[Transfer], None] | None = None, retries: int = 4,
             backoff: float = 0.5, timeout: tuple[float, float] = net.DEFAULT_TIMEOUT,
             sleep: Callable[[float], None] = time.sleep,
             deadline: float | None = None) -> Path:
    """Download `url` into `part` (resuming what is there), check it, rename to .zip.

    `deadline` (default: DOWNLOAD_DEADLINE_BASE + size / MIN_RATE seconds) holds during the
    body too (net.iter_body): a server dripping bytes raises net.DeadlineExceeded.
    """
    if deadline is None:
        deadline = DOWNLOAD_DEADLINE_BASE + size / MIN_RATE
    part.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    have = 0
    if part.exists():
        if part.stat().st_size > size:
            part.unlink()
        else:  # hash what a former run got, once, then append to it
            with open(part, "rb", buffering=0) as f:
                buf = memoryview(bytearray(CHUNK))
                while k := f.readinto(buf):
                    h.update(buf[:k])
                    have += k
    start = time.monotonic()
    stop_at = start + deadline
    policy = net.RetryPolicy(retries, backoff)
    failures = 0
    while have < size:
        if cancelled():
            raise Cancelled(url)
        left = stop_at - time.monotonic()
        if left <= 0:
            raise net.DeadlineExceeded(f"{url}: not downloaded within {deadline:g} s "
                                       f"({have}/{size} bytes kept to resume)")
        headers = {"Range": f"bytes={have}-"} if have else {}
        got_any = False
        try:
            with session.get(url, headers=headers, stream=True,
                             timeout=(min(timeout[0], left), min(timeout[1], left))) as r:
                if r.status_code == 206 and have:
                    m = re.match(r"bytes (\d+)-", r.headers.get("Content-Range", ""))
                    if not m or int(m.group(1)) != have:
                        raise net.FetchError(f"{url}: the server resumed at the wrong place")
                elif r.status_code == 200:
                    if have:
                        log.info("%s: no range support, downloading again from 0", url)
                    h, have = hashlib.sha256(), 0
                elif r.status_code == 416:
                    part.unlink(missing_ok=True)
                    h, have = hashlib.sha256(), 0
                    raise _Transient("range not satisfiable")
                elif r.status_code in net.RETRY_STATUS:
                    raise _Transient(f"HTTP {r.status_code}", r.headers.get("Retry-After"))
                else:
                    raise net.FetchError(f"{url}: HTTP {r.status_code} {r.reason}",
                                         r.status_code)
                # Small reads from the socket: a connection cut mid-read loses what the
                # read held, so keep that small; the file buffer batches the writes.
                with open(part, "ab" if have else "wb", buffering=CHUNK) as f:
                    for chunk in net.iter_body(r, stop_at=stop_at, read_timeout=timeout[1]):
                        if cancelled():
                            raise Cancelled(url)
                        if have + len(chunk) > size:
                            raise net.FetchError(f"{url}: longer than the {size} bytes of "
                                                 "the index")
                        f.write(chunk)
                        h.update(chunk)
                        have += len(chunk)
                        got_any = True
                        if progress is not None:
                            progress(Transfer("download", have, size,
                                              time.monotonic() - start, part.stem))
                    f.flush()
                    os.fsync(f.fileno())
            if have < size:
                raise _Transient("the connection closed early")
        except net.DeadlineExceeded as e:
            raise net.DeadlineExceeded(f"{url}: not downloaded within {deadline:g} s "
                                       f"({have}/{size} bytes kept to resume)") from e
        except (_Transient, *net.TRANSIENT) as e:
            # A try that brought bytes is progress, not a failure: only failures in a row count.
            failures = 0 if got_any else failures + 1
            if time.monotonic() >= stop_at:
                raise net.DeadlineExceeded(f"{url}: not downloaded within {deadline:g} s "
                                           f"({have}/{size} bytes kept to resume)") from e
            if policy.gives_up(failures - 1):
                raise net.FetchError(f"{url}: download failed ({e})") from e
            log.info("%s: %s at %d/%d bytes, resuming", url, e, have, size)
            if not got_any:
                sleep(policy.wait(failures, stop_at=stop_at,
                                  retry_after=getattr(e, "retry_after", None)))
        except requests.RequestException as e:
            raise net.FetchError(f"{url}: {e}") from e
    if h.hexdigest() != sha256:
        part.unlink(missing_ok=True)
        raise net.FetchError(f"{url}: the download does not match the index's sha256")
    final = part.with_suffix("")
    os.replace(part, final)
    return final


def _state_file(paths: Paths) -> Path:
    return paths.content / "sync.json"


def load_state(paths: Paths) -> dict[str, Any]:
    try:
        data = nesting.loads_json(_state_file(paths).read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (FileNotFoundError, ValueError):
        return {}


def sync_content(paths: Paths, settings: Settings, session: requests.Session, *,
                 cancelled: Callable[[], bool] = lambda: False,
                 progress: Callable[[Transfer], None] | None = None,
                 now: Callable[[], float] = time.time) -> SyncReport:
    """One poll of the content server; never raises for a network or bundle problem."""
    cfg = settings.content
    t0 = now()
    state = load_state(paths)
    if not cfg.sync_url:
        return SyncReport("content", [SourceStatus("content:sync", ok=True,
                                                   detail="no content server configured")])
    try:
        open_now = in_window(cfg.update_window, dt.datetime.fromtimestamp(t0))
    except ValueError as e:
        return SyncReport("content", [SourceStatus("content:sync", ok=False, last_attempt=t0,
                                                   error=str(e))])
    if not open_now:
        return SyncReport("content", [SourceStatus(
            "content:sync", ok=True, last_attempt=state.get("last_attempt"),
            last_success=state.get("last_success"),
            detail=f"outside the update window {cfg.update_window}")])
    max_bytes = cfg.max_bundle_mb * 1024 * 1024
    url = index_url(cfg.sync_url)
    statuses: list[SourceStatus] = []
    changed = False
    try:
        res = net.fetch(session, url, max_bytes=MAX_INDEX_BYTES, deadline=INDEX_DEADLINE,
                        cancelled=cancelled)
        entries = parse_index(res.content, max_bytes)
    except (net.FetchError, ValueError) as e:
        state.update(last_attempt=t0, error=str(e))
        atomic_write_text(_state_file(paths), json.dumps(state))
        return SyncReport("content", [SourceStatus(
            "content:sync", ok=False, last_attempt=t0, last_success=state.get("last_success"),
            error=str(e))])
    trusted = keys.trusted_from_settings(cfg.trusted_keys)
    installed = store.installed_versions(paths)
    downloads = paths.content / "downloads"
    keep = set()
    for entry in entries:
        source = f"content:{entry['kind']}"
        name = Path(entry["file"]).name
        keep.add(name + ".part")
        if not wanted(entry, installed, install_mod.rolled_back(paths.installed(entry["kind"]))):
            have = installed.get(entry["kind"])
            which = f"{entry['id']} {entry['version']}"
            detail = (f"{which} up to date" if have == (entry["id"], entry["version"])
                      else f"{which} published, not taken (rolled back, "
                           f"older than {have[1] if have else 'nothing'}, or another id that "
                           "does not supersede it)")
            statuses.append(SourceStatus(source, ok=True, last_attempt=t0, last_success=t0,
                                         detail=detail))
            continue
        try:
            part = downloads / (name + ".part")
            partial = part.stat().st_size if part.exists() else 0
            check_space(paths.content, 2 * entry["size"] - partial,
                        cfg.reserve_mb * 1024 * 1024)
            zipped = download(session, urljoin(url, entry["file"]), part, size=entry["size"],
                              sha256=entry["sha256"], cancelled=cancelled, progress=progress)
            try:
                result = install_mod.install(paths, zipped, trusted, max_bytes=max_bytes,
                                             reserve_bytes=cfg.reserve_mb * 1024 * 1024,
                                             cancelled=cancelled, progress=progress)
            finally:
                zipped.unlink(missing_ok=True)
            changed = changed or result.changed
            statuses.append(SourceStatus(source, ok=True, last_attempt=t0, last_success=now(),
                                         data_time=now(),
                                         detail=f"installed {result.id} {result.version}"))
        except Cancelled:
            raise
        except Rejected as r:
            statuses.append(SourceStatus(source, ok=False, last_attempt=t0,
                                         error=f"{entry['id']} {entry['version']} rejected: {r}"))
        except (net.FetchError, install_mod.Busy, OSError) as x:
            statuses.append(SourceStatus(source, ok=False, last_attempt=t0,
                                         error=f"{entry['id']} {entry['version']}: {x}"))
        except Exception as x:  # a bug met on one bundle must not stop the others
            log.exception("content sync: %s %s", entry["id"], entry["version"])
            statuses.append(SourceStatus(source, ok=False, last_attempt=t0,
                                         error=f"{entry['id']} {entry['version']}: "
                                               f"{type(x).__name__}: {x}"))
    if downloads.is_dir():
        for p in downloads.iterdir():
            if p.name not in keep:
                p.unlink(missing_ok=True)
    ok = all(s.ok for s in statuses)
    state.update(last_attempt=t0, error=None if ok else "; ".join(
        s.error or "" for s in statuses if not s.ok))
    if ok:
        state["last_success"] = now()
    atomic_write_text(_state_file(paths), json.dumps(state))
    statuses.insert(0, SourceStatus("content:sync", ok=ok, last_attempt=t0,
                                    last_success=state.get("last_success"),
                                    detail=f"{len(entries)} bundle(s) published"))
    return SyncReport("content", statuses, changed=changed)
