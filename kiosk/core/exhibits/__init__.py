"""The exhibition (modules as data) and the video catalog, loaded from the content folders.

Also the WebVTT subtitles of the videos (`subtitles`).

Qt-free and blocking: the UI loads them on a worker thread (ctx.tasks) and keeps the result.
"""

from __future__ import annotations

from kiosk.core.exhibits.common import Issue, Localized
from kiosk.core.exhibits.modules import (
    PAGE_KINDS,
    Credit,
    Exhibition,
    Module,
    Page,
    Source,
    check_picture,
    load_exhibition,
    load_module,
)
from kiosk.core.exhibits.videos import (
    Chapter,
    Video,
    VideoCatalog,
    check_mp4,
    load_catalog,
)

__all__ = [
    "PAGE_KINDS", "Chapter", "Credit", "Exhibition", "Issue", "Localized", "Module", "Page",
    "Source", "Video", "VideoCatalog", "check_mp4", "check_picture", "load_catalog",
    "load_exhibition", "load_module",
]
