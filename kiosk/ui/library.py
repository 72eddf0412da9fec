"""The exhibition and the video catalog as the screens see them: loaded once, off the GUI thread.

app.py puts one `Library` on `ctx.exhibits` and one on `ctx.videos` and starts their loads after
the first paint; a screen entered earlier (or built without app.py, as in tests) calls
`exhibits_of(ctx)` / `videos_of(ctx)`, which create and start the load when nobody did.
Pictures (covers, diagrams, posters) are read on the worker too: the GUI thread only decodes
bytes already in memory. Every error of the content is reported to the health screen once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.core.exhibits import Exhibition, VideoCatalog, load_catalog, load_exhibition
from kiosk.ui.context import UiContext

log = logging.getLogger(__name__)
MAX_PICTURE_BYTES = 8_000_000


class Loaded:
    """A loaded exhibition or catalog with the bytes of its pictures."""

    def __init__(self, content: Any, pictures: dict[Path, bytes]) -> None:
        self.content = content
        self.pictures = pictures

    def picture(self, path: Path | None) -> bytes | None:
        return self.pictures.get(path) if path is not None else None


def _read_pictures(paths: list[Path]) -> dict[Path, bytes]:
    out: dict[Path, bytes] = {}
    for p in paths:
        try:
            if p.stat().st_size <= MAX_PICTURE_BYTES:
                out[p] = p.read_bytes()
        except OSError:
            continue  # the loader has already named the missing file
    return out


Resolve = Callable[[Callable[[Path], bool]], "Path | None"]


def _load(resolve: Resolve, load: Callable[[Path | None], Any], usable: Callable[[Any], bool]):
    """Load from the folder `resolve` picks: the current version, else the previous one if
    the current one does not load, else the shipped content (ContentService.dir)."""
    tried: dict[Path, Any] = {}

    def loads_ok(folder: Path) -> bool:
        tried[folder] = load(folder)
        return usable(tried[folder])

    folder = resolve(loads_ok)
    return tried[folder] if folder in tried else load(folder)


def load_exhibition_job(resolve: Resolve) -> Loaded:
    ex = _load(resolve, load_exhibition, lambda e: bool(e.modules))
    pics = [m.cover for m in ex.modules if m.cover]
    pics += [p.picture for m in ex.modules for p in m.pages if p.picture]
    return Loaded(ex, _read_pictures(pics))


def load_catalog_job(resolve: Resolve) -> Loaded:
    cat = _load(resolve, load_catalog, lambda c: bool(c.videos))
    return Loaded(cat, _read_pictures([v.poster for v in cat.videos if v.poster]))


class Library(QObject):
    """Signals:
    ready(): the content has (re)loaded; read `.loaded`.
    """

    ready = Signal()

    def __init__(self, ctx: UiContext, kind: str, job: Callable[[Resolve], Loaded],
                 source: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.kind = kind  # "exhibits" or "videos": the content kind of paths.content_dir
        self.source = source  # "exhibit" or "video": the problem source on the health screen
        self._job = job
        self.loaded: Loaded | None = None
        self.failed = ""
        self._loading = False

    @property
    def content(self) -> Exhibition | VideoCatalog | None:
        return self.loaded.content if self.loaded else None

    @property
    def exhibition(self) -> Exhibition | None:
        """The content of an exhibits library (None until it loads)."""
        content = self.content
        return content if isinstance(content, Exhibition) else None

    @property
    def catalog(self) -> VideoCatalog | None:
        """The content of a videos library (None until it loads)."""
        content = self.content
        return content if isinstance(content, VideoCatalog) else None

    @property
    def pictures(self) -> dict[Path, bytes]:
        return self.loaded.pictures if self.loaded else {}

    def picture(self, path: Path | None) -> bytes | None:
        return self.loaded.picture(path) if self.loaded else None

    def ensure(self) -> None:
        if self.loaded is None and not self._loading:
            self.reload()

    def reload(self) -> None:
        """Load again from the content folder (after a bundle install, say)."""
        self._loading = True
        content, kind, paths = self.ctx.content, self.kind, self.ctx.paths
        if content is not None:
            def resolve(loads_ok):
                return content.dir(kind, loads_ok)
        else:  # no content service (a screen tested on its own): current, else shipped
            def resolve(loads_ok):
                return paths.content_dir(kind)
        self.ctx.tasks.run(self._job, resolve, on_done=self._on_done, on_error=self._on_error,
                           pool="net", key=f"library:{self.kind}")

    def statuses(self) -> list:
        """How this content is doing, for the health screen (ctx.status)."""
        from kiosk.core.health.problems import SourceStatus

        content = self.content
        if content is None:
            return [SourceStatus(f"library:{self.kind}", ok=not self.failed,
                                 detail="loading" if self._loading else "",
                                 error=self.failed or None)]
        items = getattr(content, "modules", None) or getattr(content, "videos", [])
        errors = [str(i) for i in content.issues if i.kind == "error"]
        missing = sum(1 for i in content.issues if i.kind == "translation")
        detail = f"{len(items)} {'modules' if self.kind == 'exhibits' else 'videos'}"
        if missing:
            detail += f", {missing} missing translations"
        return [SourceStatus(f"library:{self.kind}", ok=not errors, detail=detail,
                             error=f"{len(errors)} problems; first: {errors[0]}" if errors
                             else None)]

    def _on_done(self, loaded: Loaded) -> None:
        self._loading = False
        self.loaded = loaded
        self.failed = ""
        for issue in loaded.content.issues:
            if issue.kind == "error":
                self.ctx.problems.report(self.source, issue.item or issue.file.name, str(issue))
        self.ready.emit()

    def _on_error(self, error: BaseException) -> None:
        self._loading = False
        self.failed = f"{type(error).__name__}: {error}"
        self.ctx.problems.report(self.source, self.kind, self.failed)
        self.ready.emit()


def exhibits_of(ctx: UiContext) -> Library:
    if not isinstance(ctx.exhibits, Library):
        ctx.exhibits = Library(ctx, "exhibits", load_exhibition_job, "exhibit")
    ctx.exhibits.ensure()
    return ctx.exhibits


def videos_of(ctx: UiContext) -> Library:
    if not isinstance(ctx.videos, Library):
        ctx.videos = Library(ctx, "videos", load_catalog_job, "video")
    ctx.videos.ensure()
    return ctx.videos
