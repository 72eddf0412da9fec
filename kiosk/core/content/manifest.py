"""The bundle manifest: parsing, validation and the rejection every check raises.

manifest.json holds `format`, `id`, `version`, `kind`, `created`, `min_app_version` and
`files: [{path, size, sha256}]`, plus `signer`: the signer's Ed25519 public key (raw, base64).
`signer` is our addition to DESIGN.md's list: it lets a check tell "signed by a key we do not
trust" from "the signature is wrong". It is inside the signed bytes, so it cannot be swapped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from kiosk.core import nesting
from kiosk.core.paths import CONTENT_KINDS

FORMAT = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RESERVED = frozenset({MANIFEST, SIGNATURE})
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_FILES = 100_000

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._+-]{0,39}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_VERSION_PARTS = re.compile(r"[._+-]")


class Rejected(Exception):
    """A bundle that must not be installed; `reason` is a short stable code.

    Codes: bad-manifest, unknown-format, app-too-old, missing-signature, bad-signature,
    untrusted-key, unsafe-path, link, device, unlisted-file, missing-file, size-mismatch,
    hash-mismatch, corrupt-zip, over-cap, no-space, invalid-settings, not-a-bundle,
    downgrade (an older version of the installed id), not-superseding (another id than the
    installed one, whose signed manifest does not list it in `supersedes`).
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.detail = message


@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    format: int
    id: str
    version: str
    kind: str
    created: str
    min_app_version: str
    files: tuple[FileEntry, ...]
    signer: str | None = None
    # Ids of bundles of the same kind this one may replace (signed, so a stranger's old
    # bundle with another id cannot replace the current one).
    supersedes: tuple[str, ...] = ()
    # What `bundle build` found running the content check: "passed", or "forced: N
    # problem(s)" when --force built it anyway; None when the kind has nothing to check.
    content_check: str | None = None

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    @property
    def dirname(self) -> str:
        """The folder name of this version under `versions/`."""
        return f"{self.id}-{self.version}"

    def to_json_bytes(self) -> bytes:
        data = {
            "format": self.format,
            "id": self.id,
            "version": self.version,
            "kind": self.kind,
            "created": self.created,
            "min_app_version": self.min_app_version,
            "signer": self.signer,
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
        }
        if self.signer is None:
            del data["signer"]
        if self.supersedes:
            data["supersedes"] = list(self.supersedes)
        if self.content_check is not None:
            data["content_check"] = self.content_check
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Order versions: "1.10" > "1.9" > "1.9-rc1"? Numbers compare as numbers, text as text."""
    key: list[tuple[int, int, str]] = []
    for part in _VERSION_PARTS.split(version):
        if part.isdigit():
            key.append((1, int(part), ""))
        else:
            key.append((0, 0, part))
    return tuple(key)


def newer(a: str, b: str) -> bool:
    return version_key(a) > version_key(b)


def check_path(path: object) -> str:
    """A relative POSIX path inside the bundle; raises Rejected("unsafe-path") otherwise."""
    if not isinstance(path, str) or not path:
        raise Rejected("unsafe-path", f"empty or non-text path {path!r}")
    if "\x00" in path or "\\" in path:
        raise Rejected("unsafe-path", f"{path!r} holds a NUL or a backslash")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        raise Rejected("unsafe-path", f"{path!r} is an absolute path")
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise Rejected("unsafe-path", f"{path!r} holds '..', '.' or an empty part")
    return path


def parse(raw: bytes, *, app_version: str | None) -> Manifest:
    """Validate the manifest bytes; the checks that need no file contents.

    `app_version` None skips the min_app_version check (publishing for newer kiosks).
    """
    if len(raw) > MAX_MANIFEST_BYTES:
        raise Rejected("bad-manifest", f"manifest.json is over {MAX_MANIFEST_BYTES} bytes")
    try:
        data = nesting.loads_json(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Rejected("bad-manifest", f"manifest.json is not JSON: {e}") from None
    if not isinstance(data, dict):
        raise Rejected("bad-manifest", "manifest.json is not an object")
    fmt = data.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise Rejected("bad-manifest", "format: missing or not an integer")
    if fmt != FORMAT:
        raise Rejected("unknown-format", f"format {fmt} is not the known format {FORMAT}")
    for key in ("id", "version", "kind", "created", "min_app_version"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise Rejected("bad-manifest", f"{key}: missing or not text")
    if not _ID.match(data["id"]):
        raise Rejected("bad-manifest", f"id {data['id']!r} is not a plain name")
    if not _VERSION.match(data["version"]):
        raise Rejected("bad-manifest", f"version {data['version']!r} is not a plain version")
    if not _VERSION.match(data["min_app_version"]):
        raise Rejected("bad-manifest", "min_app_version is not a plain version")
    if data["kind"] not in CONTENT_KINDS:
        raise Rejected("bad-manifest", f"kind {data['kind']!r} is not one of "
                                       f"{', '.join(CONTENT_KINDS)}")
    if app_version is not None and newer(data["min_app_version"], app_version):
        raise Rejected("app-too-old", f"the bundle needs app {data['min_app_version']}, "
                                      f"this is {app_version}")
    signer = data.get("signer")
    if signer is not None and not isinstance(signer, str):
        raise Rejected("bad-manifest", "signer: not text")
    files = data.get("files")
    if not isinstance(files, list):
        raise Rejected("bad-manifest", "files: missing or not a list")
    if len(files) > MAX_FILES:
        raise Rejected("over-cap", f"{len(files)} files is over the {MAX_FILES}-file cap")
    entries, seen = [], set()
    for i, f in enumerate(files):
        if not isinstance(f, dict):
            raise Rejected("bad-manifest", f"files[{i}]: not an object")
        path = check_path(f.get("path"))
        if path in RESERVED:
            raise Rejected("unsafe-path", f"{path!r} is a reserved name")
        folded = path.casefold()
        if folded in seen:
            raise Rejected("bad-manifest", f"{path!r} is listed twice")
        seen.add(folded)
        size = f.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise Rejected("bad-manifest", f"{path}: size is not a whole number")
        digest = f.get("sha256")
        if not isinstance(digest, str) or not _SHA256.match(digest):
            raise Rejected("bad-manifest", f"{path}: sha256 is not 64 lowercase hex digits")
        entries.append(FileEntry(path, size, digest))
    # A file listed as a folder of another ("a" and "a/b") cannot be laid out.
    for entry in entries:
        parent = entry.path.rpartition("/")[0]
        while parent:
            if parent.casefold() in seen:
                raise Rejected("bad-manifest", f"{parent!r} is both a file and a folder")
            parent = parent.rpartition("/")[0]
    supersedes = data.get("supersedes", [])
    if not isinstance(supersedes, list) or not all(
            isinstance(x, str) and _ID.match(x) for x in supersedes):
        raise Rejected("bad-manifest", "supersedes: not a list of bundle ids")
    content_check = data.get("content_check")
    if content_check is not None and not isinstance(content_check, str):
        raise Rejected("bad-manifest", "content_check: not text")
    return Manifest(fmt, data["id"], data["version"], data["kind"], data["created"],
                    data["min_app_version"], tuple(entries), signer, tuple(supersedes),
                    content_check)
