"""Ed25519 keys and manifest signatures (the cryptography library).

Keys are PEM files as cryptography writes them: PKCS#8 private keys, SubjectPublicKeyInfo
public keys. The settings' `content.trusted_keys` holds public keys as PEM text. A signature is
the Ed25519 signature of the exact bytes of manifest.json, base64 on one line (manifest.sig).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.core.content.manifest import Rejected

MAX_SIG_BYTES = 4096


class KeyFileError(ValueError):
    """A key file that cannot be used; the message says why."""


def generate(private_file: Path) -> tuple[Path, Path]:
    """Write a new private key (mode 0600) and its public key next to it (`.pub`)."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    pub_file = Path(f"{private_file}.pub")
    private_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(private_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    pub_file.write_bytes(public_pem(key.public_key()).encode("ascii"))
    return private_file, pub_file


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def raw_b64(key: Ed25519PublicKey) -> str:
    """The 32 raw bytes of a public key in base64: the manifest's `signer`."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def fingerprint(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "ed25519:" + hashlib.sha256(raw).hexdigest()[:16]


def load_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as e:
        raise KeyFileError(f"{path}: not a PEM private key ({e})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path}: not an Ed25519 key")
    return key


def load_public_text(text: str, where: str = "key") -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(text.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as e:
        raise KeyFileError(f"{where}: not a PEM public key ({e})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{where}: not an Ed25519 key")
    return key


def load_public(path: Path) -> Ed25519PublicKey:
    try:
        text = path.read_text("ascii")
    except (OSError, UnicodeDecodeError) as e:
        raise KeyFileError(f"{path}: cannot read ({e})") from None
    return load_public_text(text, str(path))


def trusted_from_settings(pems: Iterable[str]) -> list[Ed25519PublicKey]:
    """The usable keys of the settings list; a broken entry is skipped (never trusted)."""
    keys = []
    for i, pem in enumerate(pems):
        try:
            keys.append(load_public_text(pem, f"content.trusted_keys[{i}]"))
        except KeyFileError:
            continue
    return keys


def sign(key: Ed25519PrivateKey, manifest_bytes: bytes) -> bytes:
    """The content of manifest.sig: base64 of the signature, one line."""
    return base64.b64encode(key.sign(manifest_bytes)) + b"\n"


def _decode_sig(sig: bytes | None) -> bytes:
    if sig is None:
        raise Rejected("missing-signature", "manifest.sig is missing")
    if len(sig) > MAX_SIG_BYTES:
        raise Rejected("bad-signature", "manifest.sig is too long")
    text = sig.strip()
    if not text:
        raise Rejected("missing-signature", "manifest.sig is empty")
    if b"\n" in text:
        raise Rejected("bad-signature", "manifest.sig is not one line")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise Rejected("bad-signature", "manifest.sig is not base64") from None
    if len(raw) != 64:
        raise Rejected("bad-signature", "manifest.sig is not an Ed25519 signature")
    return raw


def check_signature(manifest_bytes: bytes, sig: bytes | None, signer: str | None,
                    trusted: list[Ed25519PublicKey]) -> Ed25519PublicKey:
    """The trusted key that signed `manifest_bytes`; raises Rejected otherwise."""
    raw = _decode_sig(sig)
    if signer is not None:
        matches = [k for k in trusted if raw_b64(k) == signer]
        if not matches:
            raise Rejected("untrusted-key", f"signed by a key not in the trusted keys "
                                            f"({_signer_fingerprint(signer)})")
        candidates = matches
    else:
        if not trusted:
            raise Rejected("untrusted-key", "no trusted key is configured")
        candidates = trusted
    for key in candidates:
        try:
            key.verify(raw, manifest_bytes)
            return key
        except InvalidSignature:
            continue
    raise Rejected("bad-signature", "the signature does not match manifest.json")


def check_self_signed(manifest_bytes: bytes, sig: bytes | None, signer: str | None) -> str:
    """Integrity only (publishing): the signature matches the key the manifest names."""
    raw = _decode_sig(sig)
    if signer is None:
        raise Rejected("bad-manifest", "signer: missing")
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(signer, validate=True))
    except (binascii.Error, ValueError):
        raise Rejected("bad-manifest", "signer is not an Ed25519 public key") from None
    try:
        key.verify(raw, manifest_bytes)
    except InvalidSignature:
        raise Rejected("bad-signature", "the signature does not match manifest.json") from None
    return fingerprint(key)


def _signer_fingerprint(signer: str) -> str:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(signer, validate=True))
    except (binascii.Error, ValueError):
        return "an unreadable key"
    return fingerprint(key)
