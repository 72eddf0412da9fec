"""`kiosk bundle publish`: a folder any static web server (nginx, an S3 bucket) can serve.

Layout of DIR:

    index.json                  {"format": 1, "generated": ISO-8601,
                                 "bundles": [{"id", "version", "kind", "file", "size",
                                              "sha256", "created", "min_app_version"}]}
    bundles/<id>-<version>.zip  the signed bundles, stored zips

The index holds one bundle per kind: publishing a bundle replaces the entry of its kind, so
the folder always says what every kiosk should run. Kiosks install an entry when its id
differs from theirs or its version is newer (never a downgrade from the network: to undo a
release, publish a higher version). The index is not signed: each bundle is, and its sha256
in the index only lets a kiosk skip unchanged bundles and check a download before opening it.
The index is replaced atomically after the zips are in place; zips no longer listed go.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import zipfile
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.core import nesting
from kiosk.core.content import keys, verify
from kiosk.core.content.manifest import MANIFEST, SIGNATURE, Manifest, Rejected, parse
from kiosk.core.content.source import DirSource, open_source
from kiosk.core.fileio import atomic_write_text, fsync_dir

INDEX = "index.json"
INDEX_FORMAT = 1


def _check(path: Path, max_bytes: int) -> tuple[Manifest, bytes, bytes | None, str, bool]:
    """Integrity of a bundle before publishing: its own signature, layout and every hash."""
    with open_source(path) as source:
        raw = source.read_small(MANIFEST, 4 * 1024 * 1024)
        if raw is None:
            raise Rejected("not-a-bundle", f"{path.name}: no manifest.json")
        sig = source.read_small(SIGNATURE, keys.MAX_SIG_BYTES)
        manifest = parse(raw, app_version=None)
        signer = keys.check_self_signed(raw, sig, manifest.signer)
        if manifest.total_bytes > max_bytes:
            raise Rejected("over-cap", f"{manifest.total_bytes} bytes is over the "
                                       f"{max_bytes}-byte cap")
        verify.check_layout(source, manifest)
        verify.hash_files(source, manifest)
        return manifest, raw, sig, signer, isinstance(source, DirSource)


def _zip_folder(src: Path, manifest: Manifest, out: Path) -> None:
    with zipfile.ZipFile(out, "x", zipfile.ZIP_STORED, allowZip64=True) as zf:
        for f in manifest.files:
            zf.write(src / f.path, f.path)
        zf.write(src / MANIFEST, MANIFEST)
        zf.write(src / SIGNATURE, SIGNATURE)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    buf = bytearray(verify.CHUNK)
    mv = memoryview(buf)
    with open(path, "rb", buffering=0) as f:
        while k := f.readinto(mv):
            h.update(mv[:k])
    return h.hexdigest()


def read_index(out_dir: Path) -> list[dict[str, Any]]:
    try:
        data = nesting.loads_json((out_dir / INDEX).read_text("utf-8"))
    except FileNotFoundError:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("bundles"), list):
        raise ValueError(f"{out_dir / INDEX} is not a bundle index")
    bundles: list[dict[str, Any]] = data["bundles"]
    return bundles


def publish(bundles: list[Path], out_dir: Path, *, max_bytes: int,
            trusted: list[Ed25519PublicKey] | None = None) -> list[dict[str, Any]]:
    """Add `bundles` to the folder `out_dir`; returns the index entries written.

    Each bundle is verified in full (its own signature and every hash) first. When `trusted`
    is given, a bundle signed by another key is refused: kiosks would refuse it anyway.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    files_dir = out_dir / "bundles"
    files_dir.mkdir(exist_ok=True)
    entries = {e.get("kind"): e for e in read_index(out_dir)}
    written = []
    for path in bundles:
        manifest, raw, sig, signer, is_dir = _check(path, max_bytes)
        if trusted is not None:
            keys.check_signature(raw, sig, manifest.signer, trusted)
        name = f"{manifest.dirname}.zip"
        tmp = files_dir / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            if is_dir:
                _zip_folder(path, manifest, tmp)
            else:
                shutil.copyfile(path, tmp)
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
            digest = _sha256(tmp)
            os.replace(tmp, files_dir / name)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        entry = {"id": manifest.id, "version": manifest.version, "kind": manifest.kind,
                 "file": f"bundles/{name}", "size": (files_dir / name).stat().st_size,
                 "sha256": digest, "created": manifest.created,
                 "min_app_version": manifest.min_app_version, "signer": signer}
        if manifest.supersedes:  # a hint for the kiosks' sync; the signed manifest decides
            entry["supersedes"] = list(manifest.supersedes)
        entries[manifest.kind] = entry
        written.append(entry)
    fsync_dir(files_dir)
    index = {"format": INDEX_FORMAT,
             "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
             "bundles": sorted(entries.values(), key=lambda e: str(e.get("kind")))}
    atomic_write_text(out_dir / INDEX, json.dumps(index, indent=1, ensure_ascii=False) + "\n")
    listed = {Path(str(e.get("file", ""))).name for e in entries.values()}
    for p in files_dir.iterdir():
        if p.suffix == ".zip" and p.name not in listed:
            p.unlink()
    return written
