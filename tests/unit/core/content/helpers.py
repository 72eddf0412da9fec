"""Small signed bundles for the content tests (folders and zips, honest and hostile)."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.core import settings as settings_mod
from kiosk.core.content import build, keys
from kiosk.core.paths import Paths

MB = 1024 * 1024


def make_src(folder: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return folder


def default_files(tag: str = "v1") -> dict[str, bytes]:
    return {
        "module.toml": f"id = 'heat'\ntitle = '{tag}'\n".encode(),
        "images/a.png": os.urandom(20_000),
        "texts/fr.md": f"# Îlot de chaleur {tag}\n".encode(),
    }


def build_bundle(tmp: Path, key: Ed25519PrivateKey, *, bundle_id: str = "expo",
                 version: str = "1.0", kind: str = "exhibits", files: dict | None = None,
                 as_zip: bool = False, min_app_version: str = "0.0.1") -> Path:
    src = make_src(tmp / f"src-{bundle_id}-{version}-{kind}", files or default_files(version))
    out = tmp / (f"{bundle_id}-{version}.zip" if as_zip else f"{bundle_id}-{version}")
    build.build(src, out, key, bundle_id=bundle_id, version=version, kind=kind,
                min_app_version=min_app_version)
    return out


def resign(folder: Path, key: Ed25519PrivateKey, edit) -> None:
    """Rewrite a folder bundle's manifest with `edit(dict)` and sign the result with `key`."""
    data = json.loads((folder / "manifest.json").read_bytes())
    edit(data)
    raw = json.dumps(data, indent=1).encode()
    (folder / "manifest.json").write_bytes(raw)
    (folder / "manifest.sig").write_bytes(keys.sign(key, raw))


def entry(path: str, data: bytes) -> dict:
    return {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def zip_folder(folder: Path, out: Path, extra: list[tuple[zipfile.ZipInfo, bytes]] = ()
               ) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(folder).as_posix())
        for info, data in extra:
            zf.writestr(info, data)
    return out


def trust(paths: Paths, *pubs) -> settings_mod.Settings:
    s = settings_mod.load(paths.settings_file)
    pems = [keys.public_pem(k) for k in pubs]
    s = replace(s, content=replace(s.content, trusted_keys=pems))
    settings_mod.save(s, paths.settings_file)
    return s


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
