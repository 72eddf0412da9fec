"""`kiosk bundle keygen|trust|build|verify|install|publish` and `kiosk content status|rollback`.

Exit codes: 0 done, 2 usage, 3 the bundle or key was rejected (the message names the reason:
"rejected (bad-signature): …"), 1 anything else (I/O, a pulled stick, a full disk).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.commands.common import emit, fail
from kiosk.core.paths import CONTENT_KINDS

EXIT_REJECTED = 3


def register(sub, common) -> None:
    p = sub.add_parser("bundle", help="build, sign, verify, install and publish content")
    bsub = p.add_subparsers(dest="bundle_command", required=True, metavar="ACTION")
    keygen = bsub.add_parser("keygen", parents=[common],
                             help="write a new Ed25519 key pair (FILE and FILE.pub)")
    keygen.add_argument("private_key", type=Path, metavar="PRIVATE_KEY_FILE")
    keygen.set_defaults(func=keygen_main)
    trust = bsub.add_parser("trust", parents=[common],
                            help="add a public key to the settings' trusted keys")
    trust.add_argument("public_key", type=Path, metavar="PUBKEY_FILE")
    trust.set_defaults(func=trust_main)
    build = bsub.add_parser("build", parents=[common], help="build and sign a bundle")
    build.add_argument("src", type=Path, metavar="SRC_DIR")
    build.add_argument("out", type=Path, metavar="OUT", help="a folder, or a file ending .zip")
    build.add_argument("--key", type=Path, required=True, metavar="PRIVATE_KEY_FILE")
    build.add_argument("--id", required=True, dest="bundle_id")
    build.add_argument("--version", required=True)
    build.add_argument("--kind", required=True, choices=CONTENT_KINDS)
    build.add_argument("--min-app-version", help="default: this app's version")
    build.add_argument("--supersedes", action="append", default=[], metavar="ID",
                       help="a bundle id of the same kind this one may replace (repeatable)")
    build.add_argument("--force", action="store_true",
                       help="build even when `kiosk content check` finds problems (the "
                            "manifest records it)")
    build.set_defaults(func=build_main)
    verify = bsub.add_parser("verify", parents=[common], help="check a bundle completely")
    verify.add_argument("path", type=Path, metavar="PATH")
    verify.add_argument("--trusted", type=Path, action="append", metavar="PUBKEY_FILE",
                        help="trust this key instead of the settings' (repeatable)")
    verify.set_defaults(func=verify_main)
    install = bsub.add_parser("install", parents=[common],
                              help="verify and install a bundle, atomically")
    install.add_argument("path", type=Path, metavar="PATH")
    install.add_argument("--allow-downgrade", action="store_true",
                         help="install an older version of the installed id, or another id "
                              "that does not supersede it")
    install.set_defaults(func=install_main)
    publish = bsub.add_parser("publish", parents=[common],
                              help="lay out bundles and index.json for a static web server")
    publish.add_argument("paths", type=Path, nargs="+", metavar="PATH... DIR")
    publish.set_defaults(func=publish_main)


def _paths(args):
    from kiosk.core import paths as paths_mod

    return paths_mod.resolve(args.data_dir).ensure()


def _settings(paths):
    from kiosk.core import settings as settings_mod

    return settings_mod.load(paths.settings_file)


def _setup(args):
    import logging

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="kiosk: %(message)s", stream=sys.stderr)


def _rejected(e) -> int:
    return fail(f"rejected ({e.reason}): {e.detail}", EXIT_REJECTED)


def _run(args, body) -> int:
    """Run a handler, mapping the content errors to the exit codes of the contract."""
    from kiosk.core import net
    from kiosk.core import settings as settings_mod
    from kiosk.core.content import install as install_mod
    from kiosk.core.content import keys
    from kiosk.core.content.manifest import Rejected
    from kiosk.core.content.source import SourceGone
    from kiosk.core.content.verify import DiskFull

    _setup(args)
    try:
        return body()
    except Rejected as e:
        return _rejected(e)
    except keys.KeyFileError as e:
        return fail(f"rejected (bad-key): {e}", EXIT_REJECTED)
    except SourceGone as e:
        return fail(f"the bundle could not be read to the end, nothing was installed: {e}")
    except DiskFull as e:
        return fail(f"{e.strerror}: nothing was installed")
    except install_mod.NothingToRollBack as e:
        return fail(str(e), EXIT_REJECTED)
    except (install_mod.Busy, settings_mod.SettingsError, net.FetchError) as e:
        return fail(str(e))
    except FileExistsError as e:
        return fail(str(e), 2)
    except OSError as e:
        return fail(f"{e}")


def keygen_main(args: argparse.Namespace) -> int:
    from kiosk.core.content import keys

    def body() -> int:
        priv, pub = keys.generate(args.private_key)
        emit({"event": "keygen", "private_key": str(priv), "public_key": str(pub),
              "fingerprint": keys.fingerprint(keys.load_public(pub))})
        return 0

    return _run(args, body)


def trust_main(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kiosk.core import settings as settings_mod
    from kiosk.core.content import keys

    def body() -> int:
        key = keys.load_public(args.public_key)
        pem = keys.public_pem(key)
        paths = _paths(args)
        s = _settings(paths)
        present = {keys.raw_b64(k) for k in keys.trusted_from_settings(s.content.trusted_keys)}
        added = keys.raw_b64(key) not in present
        if added:
            content = replace(s.content, trusted_keys=[*s.content.trusted_keys, pem])
            settings_mod.save(replace(s, content=content), paths.settings_file)
        emit({"event": "trusted", "fingerprint": keys.fingerprint(key), "added": added})
        return 0

    return _run(args, body)


def build_main(args: argparse.Namespace) -> int:
    from kiosk import __version__
    from kiosk.core.content import build, keys

    def body() -> int:
        key = keys.load_private(args.key)
        checked = _content_check(args.src)
        if checked is not None and checked and not args.force:
            for issue in checked[:10]:
                print(f"kiosk: {issue}", file=sys.stderr)
            return fail(f"rejected (content-check): {len(checked)} problem(s) in {args.src} "
                        "(`kiosk content check` lists them; --force builds anyway)",
                        EXIT_REJECTED)
        record = None if checked is None else (
            f"forced: {len(checked)} problem(s)" if checked else "passed")
        m = build.build(args.src, args.out, key, bundle_id=args.bundle_id,
                        version=args.version, kind=args.kind,
                        min_app_version=args.min_app_version or __version__,
                        supersedes=tuple(args.supersedes), content_check=record)
        emit({"event": "built", "path": str(args.out), "id": m.id, "version": m.version,
              "kind": m.kind, "files": len(m.files), "bytes": m.total_bytes,
              "signer": keys.fingerprint(key.public_key()), "content_check": m.content_check,
              "supersedes": list(m.supersedes)})
        return 0

    return _run(args, body)


def _content_check(src: Path) -> list | None:
    """The problems `kiosk content check` finds in a bundle's source folder; None when it
    holds nothing that command checks (sites, settings)."""
    from kiosk.commands.content_check import _targets, check

    if not src.is_dir():
        return None
    exhibits, media = _targets(src)
    if exhibits is None and media is None:
        return None
    return check(exhibits, media)[0]


def verify_main(args: argparse.Namespace) -> int:
    from kiosk.core.content import keys, verify
    from kiosk.core.content.source import open_source

    def body() -> int:
        paths = _paths(args)
        s = _settings(paths)
        if args.trusted:
            trusted = [keys.load_public(p) for p in args.trusted]
        else:
            trusted = keys.trusted_from_settings(s.content.trusted_keys)
        with open_source(args.path) as source:
            checked = verify.verify(source, trusted,
                                    max_bytes=s.content.max_bundle_mb * 1024 * 1024)
        m = checked.manifest
        emit({"event": "verified", "path": str(args.path), "id": m.id, "version": m.version,
              "kind": m.kind, "files": len(m.files), "bytes": m.total_bytes,
              "signer": checked.key})
        return 0

    return _run(args, body)


def install_main(args: argparse.Namespace) -> int:
    from kiosk.core.content import install, keys

    def body() -> int:
        paths = _paths(args)
        s = _settings(paths)
        trusted = keys.trusted_from_settings(s.content.trusted_keys)
        install.recover(paths, trusted)
        r = install.install(paths, args.path, trusted,
                            max_bytes=s.content.max_bundle_mb * 1024 * 1024,
                            reserve_bytes=s.content.reserve_mb * 1024 * 1024,
                            allow_downgrade=args.allow_downgrade)
        emit({"event": "installed" if r.changed else "already_installed", "kind": r.kind,
              "id": r.id, "version": r.version, "path": str(r.path), "previous": r.previous,
              "bytes": r.bytes, "ignored_settings": list(r.ignored_settings)})
        return 0

    return _run(args, body)


def publish_main(args: argparse.Namespace) -> int:
    from kiosk.core.content import keys, publish

    if len(args.paths) < 2:
        return fail("publish needs at least one bundle and the output folder", 2)
    *bundles, out = args.paths

    def body() -> int:
        paths = _paths(args)
        s = _settings(paths)
        trusted = keys.trusted_from_settings(s.content.trusted_keys) or None
        if trusted is None:
            print("kiosk: no trusted key in the settings: signatures checked against the "
                  "bundles' own keys only", file=sys.stderr)
        for e in publish.publish(bundles, out, max_bytes=s.content.max_bundle_mb * 1024**2,
                                 trusted=trusted):
            emit({"event": "published", **e})
        return 0

    return _run(args, body)


def content_status(args: argparse.Namespace) -> int:
    from kiosk.core.content import install, keys, store

    def body() -> int:
        paths = _paths(args)
        trusted = keys.trusted_from_settings(_settings(paths).content.trusted_keys)
        for action in install.recover(paths, trusted):
            print(f"kiosk: {action}", file=sys.stderr)
        emit(store.status(paths, trusted))
        return 0

    return _run(args, body)


def content_rollback(args: argparse.Namespace) -> int:
    from kiosk.core.content import install, keys

    def body() -> int:
        paths = _paths(args)
        trusted = keys.trusted_from_settings(_settings(paths).content.trusted_keys)
        install.recover(paths, trusted)
        r = install.rollback(paths, trusted, args.kind)
        emit({"event": "rolled_back", "kind": r.kind, "from": r.from_version,
              "to": r.to_version})
        return 0

    return _run(args, body)
