"""Checking a bundle: manifest, signature, caps, free space, layout, then every byte once.

`check()` does everything that needs no file contents (cheap, done first). `hash_files()`
reads each file once in 1 MiB blocks, hashing it and — when installing — writing it to the
staging folder in the same pass, with one fsync per file. Every refusal is a Rejected whose
`reason` names the check.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk import __version__
from kiosk.core.content import keys
from kiosk.core.content.manifest import (
    MANIFEST,
    MAX_MANIFEST_BYTES,
    RESERVED,
    SIGNATURE,
    Manifest,
    Rejected,
    parse,
)
from kiosk.core.content.progress import Transfer
from kiosk.core.content.source import BundleSource, SourceGone

CHUNK = 1024 * 1024


class Cancelled(RuntimeError):
    """The work was cancelled (kiosk shutting down, facilitator pressed cancel)."""


class DiskFull(OSError):
    """The kiosk's disk filled up while writing; nothing was installed."""


@dataclass(frozen=True)
class Checked:
    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    key: str  # fingerprint of the trusted key that signed it


def check(source: BundleSource, trusted: list[Ed25519PublicKey], *, max_bytes: int,
          app_version: str = __version__, space_dir: Path | None = None,
          reserve_bytes: int = 0) -> Checked:
    """Every check that reads no file contents; raises Rejected naming the first failure."""
    raw = source.read_small(MANIFEST, MAX_MANIFEST_BYTES)
    if raw is None:
        raise Rejected("not-a-bundle", f"{source.location.name}: no manifest.json")
    sig = source.read_small(SIGNATURE, keys.MAX_SIG_BYTES)
    manifest = parse(raw, app_version=app_version)
    key = keys.check_signature(raw, sig, manifest.signer, trusted)
    total = manifest.total_bytes
    if total > max_bytes:
        raise Rejected("over-cap", f"{total} bytes is over the {max_bytes}-byte cap")
    if space_dir is not None:
        check_space(space_dir, total, reserve_bytes)
    check_layout(source, manifest)
    return Checked(manifest, raw, sig or b"", keys.fingerprint(key))


def check_space(directory: Path, needed: int, reserve: int) -> None:
    free = shutil.disk_usage(directory).free
    if free - needed < reserve:
        raise Rejected("no-space", f"{needed} bytes needed, {free} free, and "
                                   f"{reserve} bytes must stay free")


def check_layout(source: BundleSource, manifest: Manifest) -> None:
    """Links, devices, unlisted and missing files, sizes announced by the container."""
    listed = {f.path: f for f in manifest.files}
    present: dict[str, int | None] = {}
    for e in source.entries():
        if e.type == "link":
            raise Rejected("link", f"{e.path} is a link")
        if e.type == "device":
            raise Rejected("device", f"{e.path} is a device, fifo or socket")
        if e.type == "dir":
            if e.path in listed:
                raise Rejected("missing-file", f"{e.path} is a folder, not a file")
            continue
        if e.path in RESERVED:
            continue
        if e.path not in listed:
            raise Rejected("unlisted-file", f"{e.path} is not in the manifest")
        present[e.path] = e.size
    for path, f in listed.items():
        if path not in present:
            raise Rejected("missing-file", f"{path} is listed but absent")
        size = present[path]
        if size is not None and size != f.size:
            raise Rejected("size-mismatch", f"{path} is {size} bytes, the manifest says "
                                            f"{f.size}")


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        try:
            n = os.write(fd, data)
        except OSError as e:
            if e.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskFull(e.errno, "the kiosk's disk is full") from e
            raise
        data = data[n:]


def hash_files(source: BundleSource, manifest: Manifest, *, dest: Path | None = None,
               cancelled: Callable[[], bool] = lambda: False,
               progress: Callable[[Transfer], None] | None = None,
               phase: str = "verify") -> int:
    """Read every listed file once, check size and sha256, copy it below `dest` if given.

    Returns the number of bytes read. A source that disappears raises SourceGone.
    """
    buf = bytearray(CHUNK)
    mv = memoryview(buf)
    total = manifest.total_bytes
    done = 0
    start = time.monotonic()
    made_dirs: set[Path] = set()
    for entry in manifest.files:
        h = hashlib.sha256()
        n = 0
        out = None
        if dest is not None:
            target = dest / entry.path
            if target.parent not in made_dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(target.parent)
            out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            with source.open(entry.path) as f:
                while True:
                    if cancelled():
                        raise Cancelled("cancelled")
                    try:
                        k = f.readinto(mv)
                    except (zipfile.BadZipFile, EOFError, zlib.error) as e:
                        raise Rejected("corrupt-zip", f"{entry.path}: {e}") from None
                    except OSError as e:
                        raise SourceGone(f"{entry.path}: the source cannot be read ({e})"
                                         ) from e
                    if not k:
                        break
                    n += k
                    if n > entry.size:
                        raise Rejected("size-mismatch", f"{entry.path} is longer than the "
                                                        f"{entry.size} bytes announced")
                    chunk = mv[:k]
                    h.update(chunk)
                    if out is not None:
                        _write_all(out, chunk)
                    done += k
                    if progress is not None:
                        progress(Transfer(phase, done, total, time.monotonic() - start,
                                          entry.path))
            if n != entry.size:
                raise Rejected("size-mismatch", f"{entry.path} is {n} bytes, the manifest "
                                                f"says {entry.size}")
            if h.hexdigest() != entry.sha256:
                raise Rejected("hash-mismatch", f"{entry.path}: sha256 does not match")
            if out is not None:
                try:
                    os.fsync(out)
                except OSError as e:
                    if e.errno in (errno.ENOSPC, errno.EDQUOT):
                        raise DiskFull(e.errno, "the kiosk's disk is full") from e
                    raise
        finally:
            if out is not None:
                os.close(out)
    if progress is not None:
        progress(Transfer(phase, done, total, time.monotonic() - start, ""))
    return done


def verify(source: BundleSource, trusted: list[Ed25519PublicKey], *, max_bytes: int,
           app_version: str = __version__, cancelled: Callable[[], bool] = lambda: False,
           progress: Callable[[Transfer], None] | None = None) -> Checked:
    """The full check of a bundle without installing it (`kiosk bundle verify`)."""
    checked = check(source, trusted, max_bytes=max_bytes, app_version=app_version)
    hash_files(source, checked.manifest, cancelled=cancelled, progress=progress)
    return checked
