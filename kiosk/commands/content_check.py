"""`kiosk content check [PATH]`: every problem and missing translation; exit 3 when any.

Problems include pages too long to read standing or made of words alone (core.exhibits.layout).

PATH may be an exhibits folder, one module folder, a media folder holding videos.toml, or a
content bundle (a folder or a .zip); without PATH, what the kiosk would show is checked.
Each issue is one JSON line on stdout and one readable line on stderr.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zipfile
from pathlib import Path

from kiosk.commands.common import emit, fail
from kiosk.core import paths as paths_mod
from kiosk.core.exhibits import Issue, load_catalog, load_exhibition
from kiosk.core.exhibits.layout import layout_issues
from kiosk.core.exhibits.videos import CATALOG_FILE


def _targets(path: Path) -> tuple[Path | None, Path | None]:
    """(exhibits folder or None, media folder or None) found at `path`."""
    exhibits = media = None
    if (path / "module.toml").is_file() or any(path.glob("*/module.toml")):
        exhibits = path
    if (path / CATALOG_FILE).is_file():
        media = path
    return exhibits, media


def check(exhibits_dir: Path | None, media_dir: Path | None) -> tuple[list[Issue], dict]:
    issues: list[Issue] = []
    summary = {"modules": 0, "videos": 0}
    catalog = None
    if media_dir is not None:
        catalog = load_catalog(media_dir)
        issues.extend(catalog.issues)
        summary["videos"] = len(catalog.videos)
    if exhibits_dir is not None:
        exhibition = load_exhibition(exhibits_dir)
        issues.extend(exhibition.issues)
        summary["modules"] = len(exhibition.modules)
        for m in exhibition.modules:
            issues.extend(layout_issues(m))
        if catalog is not None:
            for m in exhibition.modules:
                for n, page in enumerate(m.pages, 1):
                    if page.kind == "video" and page.video and not catalog.video(page.video):
                        issues.append(Issue("error", m.folder / "module.toml", m.id,
                                            f"pages[{n}].video",
                                            f"no video {page.video!r} in {CATALOG_FILE}"))
    return issues, summary


def main(args: argparse.Namespace) -> int:
    path: Path | None = args.path
    if path is None:
        paths = paths_mod.resolve(args.data_dir)
        return _report(*check(paths.content_dir("exhibits"), paths.content_dir("videos")))
    if not path.exists():
        return fail(f"{path}: no such file or folder", 2)
    if path.is_file():
        if not zipfile.is_zipfile(path):
            return fail(f"{path}: not a folder or a .zip bundle", 3)
        with tempfile.TemporaryDirectory(prefix="kiosk-check-") as tmp:
            try:
                with zipfile.ZipFile(path) as z:
                    for name in z.namelist():
                        target = (Path(tmp) / name).resolve()
                        if not target.is_relative_to(Path(tmp).resolve()):
                            return fail(f"{path}: {name!r} leaves the bundle", 3)
                    z.extractall(tmp)
            except (zipfile.BadZipFile, OSError) as e:
                return fail(f"{path}: cannot read the bundle: {e}", 3)
            return _check_folder(Path(tmp))
    return _check_folder(path)


def _check_folder(path: Path) -> int:
    exhibits, media = _targets(path)
    if exhibits is None and media is None:
        return fail(f"{path}: neither module.toml, */module.toml nor {CATALOG_FILE} found", 3)
    return _report(*check(exhibits, media))


def _report(issues: list[Issue], summary: dict) -> int:
    labels = {"translation": "missing translation",
              "easy-read": "missing easy-to-read French", "layout": "page layout"}
    for issue in issues:
        emit({"event": "issue", **issue.as_dict()})
        print(f"{labels.get(issue.kind, 'error')}: {issue}", file=sys.stderr)
    count = {kind: sum(1 for i in issues if i.kind == kind)
             for kind in ("error", "translation", "easy-read", "layout")}
    emit({"event": "content-check", **summary, "errors": count["error"],
          "missing_translations": count["translation"],
          "missing_easy_read": count["easy-read"], "layout": count["layout"]})
    return 3 if issues else 0
