"""Building a signed bundle from a folder (`kiosk bundle build`): one read per file.

The output is a folder or, when OUT ends in .zip, a zip with stored (uncompressed) entries:
videos and images do not compress, and a stored zip installs at copy speed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk import __version__
from kiosk.core.content import keys
from kiosk.core.content.manifest import (
    FORMAT,
    MANIFEST,
    RESERVED,
    SIGNATURE,
    FileEntry,
    Manifest,
    Rejected,
    check_path,
    parse,
)
from kiosk.core.content.verify import CHUNK


def _list_files(src: Path) -> list[str]:
    out = []
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for name in [*dirs, *files]:
            p = Path(root) / name
            st = p.lstat()
            rel = p.relative_to(src).as_posix()
            if stat.S_ISLNK(st.st_mode):
                raise Rejected("link", f"{rel} is a link; bundles hold plain files only")
            if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
                raise Rejected("device", f"{rel} is not a plain file")
            if stat.S_ISREG(st.st_mode):
                if rel in RESERVED:
                    raise Rejected("unsafe-path", f"{rel}: the source may not hold its own "
                                                  "manifest or signature")
                out.append(check_path(rel))
    return sorted(out)


def build(src: Path, out: Path, key: Ed25519PrivateKey, *, bundle_id: str, version: str,
          kind: str, min_app_version: str = __version__, created: str | None = None,
          supersedes: tuple[str, ...] = (), content_check: str | None = None) -> Manifest:
    if not src.is_dir():
        raise Rejected("not-a-bundle", f"{src} is not a folder")
    if os.path.lexists(out):
        raise FileExistsError(f"{out} exists already")
    created = created or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    files = _list_files(src)
    signer = keys.raw_b64(key.public_key())
    # Check id, version and kind before copying anything.
    probe = Manifest(FORMAT, bundle_id, version, kind, created, min_app_version, (), signer,
                     tuple(supersedes), content_check)
    parse(probe.to_json_bytes(), app_version=min_app_version)
    buf = bytearray(CHUNK)
    mv = memoryview(buf)
    entries: list[FileEntry] = []
    as_zip = out.suffix.lower() == ".zip"
    zf = zipfile.ZipFile(out, "x", zipfile.ZIP_STORED, allowZip64=True) if as_zip else None
    if zf is None:
        out.mkdir(parents=True)
    try:
        for rel in files:
            h = hashlib.sha256()
            size = 0
            p = src / rel
            with open(p, "rb", buffering=0) as f:
                if zf is not None:
                    info = zipfile.ZipInfo.from_file(p, rel)
                    info.compress_type = zipfile.ZIP_STORED
                    dst = zf.open(info, "w", force_zip64=info.file_size > 2**31)
                else:
                    (out / rel).parent.mkdir(parents=True, exist_ok=True)
                    dst = open(out / rel, "xb")  # noqa: SIM115 - closed below
                with dst:
                    while k := f.readinto(mv):
                        h.update(mv[:k])
                        dst.write(mv[:k])
                        size += k
            entries.append(FileEntry(rel, size, h.hexdigest()))
        manifest = Manifest(FORMAT, bundle_id, version, kind, created, min_app_version,
                            tuple(entries), signer, tuple(supersedes), content_check)
        raw = manifest.to_json_bytes()
        sig = keys.sign(key, raw)
        if zf is not None:
            zf.writestr(MANIFEST, raw)
            zf.writestr(SIGNATURE, sig)
        else:
            (out / MANIFEST).write_bytes(raw)
            (out / SIGNATURE).write_bytes(sig)
    finally:
        if zf is not None:
            zf.close()
    return manifest
