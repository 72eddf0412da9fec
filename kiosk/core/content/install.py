"""Atomic install, rollback and start-up recovery of content versions.

Layout of one kind: `<data>/content/<kind>/versions/<id>-<version>/` (verified files, their
manifest.json and manifest.sig; read-only), `current` and `previous` (relative symlinks into
versions/). An install copies and hashes into `<data>/content/staging/<name>.<random>/` in one
pass, fsyncs, renames the finished folder into versions/ (one rename), then points `previous` at
the old current and swaps `current` with a new link and one `os.replace`. A kill -9 at any
instant leaves `current` at the old version or at the complete new one; a half copy only ever
lives in staging/, which `recover()` wipes at start. A lock file serialises installers.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk import __version__
from kiosk.core.content import keys, settings_bundle, verify
from kiosk.core.content.manifest import (
    MANIFEST,
    MAX_MANIFEST_BYTES,
    SIGNATURE,
    Manifest,
    Rejected,
    newer,
    parse,
    version_key,
)
from kiosk.core.content.progress import Transfer
from kiosk.core.content.source import open_source
from kiosk.core.fileio import atomic_write_text, fsync_dir
from kiosk.core.paths import CONTENT_KINDS, Paths

log = logging.getLogger(__name__)

ROLLED_BACK = "rolled-back"


class Busy(RuntimeError):
    """Another install or rollback holds the content lock."""


class NothingToRollBack(RuntimeError):
    pass


@dataclass(frozen=True)
class InstallResult:
    kind: str
    id: str
    version: str
    path: Path
    previous: str | None  # the version folder name that was current before
    changed: bool  # False when this exact version was current already
    bytes: int
    ignored_settings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RollbackResult:
    kind: str
    from_version: str
    to_version: str


@contextlib.contextmanager
def locked(paths: Paths, *, blocking: bool = True) -> Iterator[None]:
    """Hold `<data>/content/.lock`; the kernel releases it if the process dies."""
    paths.content.mkdir(parents=True, exist_ok=True)
    fd = os.open(paths.content / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            raise Busy("another content install is running") from None
        yield
    finally:
        os.close(fd)


def remove_tree(path: Path) -> None:
    """Delete a folder, read-only version folders included."""
    if not os.path.lexists(path):
        return
    if path.is_symlink() or not path.is_dir():
        path.unlink()
        return
    for root, dirs, _files in os.walk(path):
        os.chmod(root, 0o755)
        for d in dirs:
            p = os.path.join(root, d)
            if not os.path.islink(p):
                os.chmod(p, 0o755)
    shutil.rmtree(path)


def link_target(kind_dir: Path, name: str) -> str | None:
    """The version folder name a `current`/`previous` link points at, or None."""
    try:
        target = os.readlink(kind_dir / name)
    except (FileNotFoundError, OSError):
        return None
    head, _, tail = target.rpartition("/")
    return tail if head == "versions" and tail else None


def read_version(folder: Path, trusted: list[Ed25519PublicKey] | None,
                 app_version: str = __version__) -> Manifest | None:
    """The manifest of an installed version that is complete (and signed by a trusted key
    when `trusted` is given); None otherwise. Reads only the manifest: sizes come from stat,
    the bytes were hashed when they were copied and are read-only since."""
    try:
        raw = (folder / MANIFEST).read_bytes()
        if len(raw) > MAX_MANIFEST_BYTES:
            return None
        manifest = parse(raw, app_version=app_version)
        if trusted is not None:
            keys.check_signature(raw, (folder / SIGNATURE).read_bytes(), manifest.signer,
                                 trusted)
        for f in manifest.files:
            st = os.lstat(folder / f.path)
            if not stat.S_ISREG(st.st_mode) or st.st_size != f.size:
                return None
    except (OSError, Rejected):
        return None
    if folder.name != manifest.dirname:
        return None
    return manifest


def _set_link(kind_dir: Path, name: str, version_name: str) -> None:
    tmp = kind_dir / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    os.symlink(f"versions/{version_name}", tmp)
    os.replace(tmp, kind_dir / name)


def rolled_back(kind_dir: Path) -> str | None:
    """The version a rollback left (the sync does not reinstall that one by itself)."""
    try:
        return (kind_dir / ROLLED_BACK).read_text("utf-8").strip() or None
    except (FileNotFoundError, UnicodeDecodeError):
        return None


def switch(kind_dir: Path, version_name: str) -> str | None:
    """Make `version_name` current, the old current previous; returns the old current."""
    old = link_target(kind_dir, "current")
    if old == version_name:
        return old
    if old is not None:
        _set_link(kind_dir, "previous", old)
    _set_link(kind_dir, "current", version_name)
    fsync_dir(kind_dir)
    return old


def _seal(folder: Path) -> None:
    """Files read-only, folders read-only below the top, every entry on disk."""
    for root, dirs, files in os.walk(folder, topdown=False):
        for name in files:
            os.chmod(os.path.join(root, name), 0o444)
        for name in dirs:
            d = os.path.join(root, name)
            fsync_dir(Path(d))
            os.chmod(d, 0o555)
    fsync_dir(folder)


def _write_small(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def prune(paths: Paths, kind_dir: Path) -> None:
    """Remove versions that are neither current nor previous (moved to staging first, so a
    kill mid-delete never leaves a half version in versions/)."""
    keep = {link_target(kind_dir, "current"), link_target(kind_dir, "previous")}
    versions = kind_dir / "versions"
    if not versions.is_dir():
        return
    for d in versions.iterdir():
        if d.name in keep:
            continue
        trash = paths.staging / f"trash-{d.name}.{secrets.token_hex(4)}"
        paths.staging.mkdir(parents=True, exist_ok=True)
        os.chmod(d, 0o755)
        os.rename(d, trash)
        remove_tree(trash)
    fsync_dir(versions)


def _current(kind_dir: Path, trusted: list[Ed25519PublicKey] | None, app_version: str
             ) -> tuple[str, str] | None:
    name = link_target(kind_dir, "current")
    if not name:
        return None
    have = read_version(kind_dir / "versions" / name, trusted, app_version)
    return (have.id, have.version) if have is not None else None


def forward_only(m: Manifest, have: tuple[str, str] | None) -> None:
    """Raise Rejected when manifest `m` would take the installed (id, version) backwards."""
    if have is None or have == (m.id, m.version):
        return
    if have[0] == m.id:
        if newer(have[1], m.version):
            raise Rejected("downgrade", f"{m.id} {m.version} is older than the installed "
                                        f"{have[1]} (--allow-downgrade to install it anyway)")
    elif have[0] not in m.supersedes:
        raise Rejected("not-superseding", f"{m.id} {m.version} would replace {have[0]} "
                                          f"{have[1]}, but its signed manifest does not say it "
                                          f"supersedes {have[0]}")


def install(paths: Paths, src: Path, trusted: list[Ed25519PublicKey], *, max_bytes: int,
            reserve_bytes: int, app_version: str = __version__,
            cancelled: Callable[[], bool] = lambda: False,
            progress: Callable[[Transfer], None] | None = None,
            allow_downgrade: bool = False) -> InstallResult:
    """Verify `src` (a folder or a .zip) while copying it, then make it current.

    Versions only go forward: an older version of the installed id is Rejected("downgrade"),
    another id than the installed one Rejected("not-superseding") unless its signed manifest
    lists the installed id in `supersedes`; `allow_downgrade` (the operator's explicit
    choice) lets both through.
    """
    with locked(paths):
        paths.staging.mkdir(parents=True, exist_ok=True)
        with open_source(src) as source:
            checked = verify.check(source, trusted, max_bytes=max_bytes,
                                   app_version=app_version, space_dir=paths.content,
                                   reserve_bytes=reserve_bytes)
            m = checked.manifest
            kind_dir = paths.installed(m.kind)
            if not allow_downgrade:
                forward_only(m, _current(kind_dir, trusted, app_version))
            versions = kind_dir / "versions"
            versions.mkdir(parents=True, exist_ok=True)
            final = versions / m.dirname
            current = link_target(kind_dir, "current")
            if os.path.lexists(final):
                if (read_version(final, trusted, app_version) is not None
                        and (final / MANIFEST).read_bytes() == checked.manifest_bytes):
                    if current == m.dirname:
                        return InstallResult(m.kind, m.id, m.version, final,
                                             link_target(kind_dir, "previous"), False, 0)
                    copied = 0  # the same bundle is here already: switch back to it
                elif m.dirname in (current, link_target(kind_dir, "previous")):
                    raise Rejected("bad-manifest", f"{m.id} {m.version} is installed with "
                                                   "other content; give it a new version")
                else:
                    trash = paths.staging / f"trash-{m.dirname}.{secrets.token_hex(4)}"
                    os.chmod(final, 0o755)
                    os.rename(final, trash)
                    remove_tree(trash)
                    final = versions / m.dirname
            if not os.path.lexists(final):
                stage = paths.staging / f"{m.dirname}.{secrets.token_hex(6)}"
                stage.mkdir()
                try:
                    copied = verify.hash_files(source, m, dest=stage, cancelled=cancelled,
                                               progress=progress, phase="install")
                    _write_small(stage / MANIFEST, checked.manifest_bytes)
                    _write_small(stage / SIGNATURE, checked.signature)
                    if m.kind == "settings":
                        settings_bundle.check(paths, stage)
                    _seal(stage)
                    os.rename(stage, final)
                except BaseException:
                    with contextlib.suppress(OSError):
                        remove_tree(stage)
                    raise
                fsync_dir(versions)
                os.chmod(final, 0o555)
        previous = switch(kind_dir, m.dirname)
        ignored: list[str] = []
        if m.kind == "settings":
            ignored = settings_bundle.apply(paths, final)
        prune(paths, kind_dir)
        log.info("installed %s %s (%s), previous %s", m.id, m.version, m.kind, previous)
        return InstallResult(m.kind, m.id, m.version, final, previous, True, copied,
                             tuple(ignored))


def recover(paths: Paths, trusted: list[Ed25519PublicKey] | None,
            app_version: str = __version__) -> list[str]:
    """At start: wipe staging, repair `current`/`previous`; returns what it did.

    A `current` that is missing, dangling or not a complete trusted version is pointed at the
    newest complete one (none: removed, so the shipped content shows). Cheap: it reads the
    manifests and stats the files, it does not re-hash them.
    """
    actions: list[str] = []
    try:
        with locked(paths, blocking=False):
            if paths.staging.exists():
                leftovers = any(paths.staging.iterdir())
                remove_tree(paths.staging)
                if leftovers:
                    actions.append("wiped staging")
            paths.staging.mkdir(parents=True, exist_ok=True)
            for kind in CONTENT_KINDS:
                actions += _recover_kind(paths, kind, trusted, app_version)
    except Busy:
        actions.append("another install is running: recovery skipped")
    return actions


def _recover_kind(paths: Paths, kind: str, trusted: list[Ed25519PublicKey] | None,
                  app_version: str) -> list[str]:
    kind_dir = paths.installed(kind)
    if not kind_dir.is_dir():
        return []
    actions = []
    for p in kind_dir.iterdir():
        if p.name.startswith(".") and p.name.endswith(".tmp"):
            p.unlink()
    versions = kind_dir / "versions"
    complete: dict[str, Manifest] = {}
    if versions.is_dir():
        for d in versions.iterdir():
            m = read_version(d, trusted, app_version)
            if m is not None:
                complete[d.name] = m
    current = link_target(kind_dir, "current")
    if current not in complete:
        if complete:
            best = max(complete, key=lambda n: (version_key(complete[n].version),
                                                (versions / n).stat().st_mtime))
            _set_link(kind_dir, "current", best)
            actions.append(f"{kind}: current was {current or 'missing'}, now {best}")
        elif os.path.lexists(kind_dir / "current"):
            (kind_dir / "current").unlink()
            actions.append(f"{kind}: no complete version; the shipped content is used")
        fsync_dir(kind_dir)
    current = link_target(kind_dir, "current")
    previous = link_target(kind_dir, "previous")
    if os.path.lexists(kind_dir / "previous") and (previous not in complete
                                                   or previous == current):
        (kind_dir / "previous").unlink()
        actions.append(f"{kind}: previous {previous} dropped")
    if kind == "settings" and current and settings_bundle.applied(paths) != current:
        try:
            settings_bundle.apply(paths, versions / current)
            actions.append(f"settings: applied {current}")
        except Rejected as e:
            actions.append(f"settings: {current} not applied ({e})")
    return actions


def rollback(paths: Paths, trusted: list[Ed25519PublicKey] | None,
             kind: str | None = None) -> RollbackResult:
    """Return `kind` (default: the kind installed last) to its previous version."""
    with locked(paths):
        candidates = []
        for k in CONTENT_KINDS if kind is None else (kind,):
            kind_dir = paths.installed(k)
            cur, prev = link_target(kind_dir, "current"), link_target(kind_dir, "previous")
            if cur and prev and read_version(kind_dir / "versions" / prev, trusted):
                candidates.append((os.lstat(kind_dir / "current").st_mtime, k, cur, prev))
        if not candidates:
            where = f"{kind} content" if kind else "any content"
            raise NothingToRollBack(f"no previous version of {where} to return to")
        _, k, cur, prev = max(candidates)
        kind_dir = paths.installed(k)
        _set_link(kind_dir, "previous", cur)
        _set_link(kind_dir, "current", prev)
        fsync_dir(kind_dir)
        # Remember what was rolled back from: the network sync will not bring it back.
        atomic_write_text(kind_dir / ROLLED_BACK, cur + "\n")
        if k == "settings":
            settings_bundle.apply(paths, kind_dir / "versions" / prev)
        log.info("rolled %s back from %s to %s", k, cur, prev)
        return RollbackResult(k, cur, prev)
