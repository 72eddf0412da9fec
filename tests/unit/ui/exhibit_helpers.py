"""Install a folder as a real signed content bundle, as the kiosk would get it."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.core.content import build, install


def install_content(paths, src: Path, kind: str, work: Path, version: str = "1.0") -> None:
    key = Ed25519PrivateKey.generate()
    out = work / f"bundle-{kind}-{version}"
    build.build(src, out, key, bundle_id=f"test-{kind}", version=version, kind=kind,
                min_app_version="0.0.1")
    install.install(paths, out, [key.public_key()], max_bytes=200_000_000, reserve_bytes=0)
