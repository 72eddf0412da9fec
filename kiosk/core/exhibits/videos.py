"""The video catalog: `media/videos.toml`, each video with its titles, chapters and subtitles.

```
[[videos]]
id = "heat-island"
file = "videos/heat-island.mp4"      # H.264 MP4, relative to the folder of videos.toml
poster = "videos/heat-island.png"
duration = 24.0                      # seconds
title = { fr = "…", en = "…" }
subtitles = { fr = "subtitles/heat-island.fr.vtt", en = "…" }
[[videos.chapters]]
start = 0.0
title = { fr = "…", en = "…" }
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.exhibits import subtitles as vtt
from kiosk.core.exhibits.common import HasIssues, Issue, Localized, Reader, read_toml
from kiosk.core.exhibits.modules import _ID, check_picture

CATALOG_FILE = "videos.toml"


@dataclass(frozen=True)
class Chapter:
    start: float
    title: Localized


@dataclass(frozen=True)
class Video:
    id: str
    file: Path
    title: Localized
    duration: float
    poster: Path | None = None
    summary: Localized = field(default_factory=Localized)
    chapters: tuple[Chapter, ...] = ()
    subtitles: dict[str, Path] = field(default_factory=dict)


@dataclass
class VideoCatalog(HasIssues):
    videos: list[Video]
    issues: list[Issue]

    def video(self, video_id: str) -> Video | None:
        return next((v for v in self.videos if v.id == video_id), None)

    def after(self, video_id: str) -> Video | None:
        """The video that plays next (the catalog loops)."""
        ids = [v.id for v in self.videos]
        if video_id not in ids or len(ids) < 2:
            return None
        return self.videos[(ids.index(video_id) + 1) % len(ids)]


def check_mp4(path: Path) -> str | None:
    """Why a file is not a complete MP4, or None. Walks the top-level boxes only (cheap).

    A truncated download has a last box running past the end of the file, or no `moov`.
    Whether the codec decodes is only known when the player opens it.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            pos = 0
            boxes = set()
            while pos < size:
                f.seek(pos)
                header = f.read(16)
                if len(header) < 8:
                    return "truncated (a box header is cut)"
                box_size = int.from_bytes(header[:4], "big")
                boxes.add(header[4:8])
                if box_size == 1:
                    if len(header) < 16:
                        return "truncated (a box header is cut)"
                    box_size = int.from_bytes(header[8:16], "big")
                elif box_size == 0:
                    box_size = size - pos
                if box_size < 8:
                    return f"not an MP4 file (bad box size at byte {pos})"
                if pos + box_size > size:
                    return f"truncated ({size} bytes, a box runs to {pos + box_size})"
                pos += box_size
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    if b"ftyp" not in boxes:
        return "not an MP4 file (no ftyp box)"
    if b"moov" not in boxes:
        return "incomplete MP4 (no moov box)"
    return None


def _video(r: Reader, base: Path, raw: object, n: int, deep: bool) -> Video | None:
    where = f"videos[{n}]."
    if not isinstance(raw, dict):
        r.error(f"videos[{n}]", "expected a table ([[videos]])")
        return None
    before = len(r.issues)
    video_id = r.string(raw, "id", where)
    if video_id and not _ID.match(video_id):
        r.error(f"{where}id", f"{video_id!r}: use lower-case letters, digits and dashes")
    r.item = video_id or f"videos[{n}]"
    file = r.file_ref(base, raw, "file", where)
    if file is not None and file.is_file():
        if file.suffix.lower() not in (".mp4", ".m4v"):
            r.error(f"{where}file", f"{file.name}: videos are H.264 MP4 files")
        elif deep:
            why = check_mp4(file)
            if why:
                r.error(f"{where}file", f"{file.name}: {why}")
    title = r.localized(raw, "title", where)
    summary = r.localized(raw, "summary", where, required=False)
    duration = r.number(raw, "duration", where, minimum=0.1, default=0.0)
    poster = r.file_ref(base, raw, "poster", where, required=False)
    if poster is not None and poster.is_file():
        why = check_picture(poster)
        if why:
            r.error(f"{where}poster", f"{poster.name}: {why}")
    chapters: list[Chapter] = []
    for c_n, c in enumerate(raw.get("chapters", []) or [], 1):
        c_where = f"{where}chapters[{c_n}]."
        if not isinstance(c, dict):
            r.error(c_where[:-1], "expected a table")
            continue
        start = r.number(c, "start", c_where, minimum=0.0)
        if duration and start >= duration:
            r.error(f"{c_where}start", f"{start} s is after the end ({duration} s)")
        chapters.append(Chapter(start, r.localized(c, "title", c_where)))
    if [c.start for c in chapters] != sorted(c.start for c in chapters):
        r.error(f"{where}chapters", "chapters must be in time order")
    subs: dict[str, Path] = {}
    table = raw.get("subtitles", {})
    if not isinstance(table, dict):
        r.error(f"{where}subtitles", "expected a table of languages")
        table = {}
    for lang in table:
        p = r.file_ref(base, table, lang, f"{where}subtitles.")
        if p is None or not p.is_file():
            continue
        if deep:
            try:
                vtt.load(p)
            except vtt.SubtitleError as e:
                r.error(f"{where}subtitles.{lang}", str(e))
                continue
        subs[lang] = p
    from kiosk.core.settings import LANGUAGES

    for lang in LANGUAGES:
        if lang not in table:
            r.translation(f"{where}subtitles.{lang}", "no subtitles in this language")
    fatal = [i for i in r.issues[before:] if i.kind == "error" and (
        i.field in (f"{where}id", f"{where}file", f"{where}title.fr", f"{where}title"))]
    if fatal or file is None:
        return None
    return Video(video_id, file, title, duration, poster, summary, tuple(chapters), subs)


def load_catalog(base: Path | None, *, deep: bool = True) -> VideoCatalog:
    """`<base>/videos.toml`; a broken entry is left out and reported, the others stay.

    `deep` also walks each MP4's boxes and parses each subtitle file (what `content check`
    and the background load do).
    """
    issues: list[Issue] = []
    if base is None:
        return VideoCatalog([], [Issue("error", Path("videos.toml"), "", "", "no media folder")])
    file = base / CATALOG_FILE
    data = read_toml(file, "videos", issues)
    if data is None:
        return VideoCatalog([], issues)
    r = Reader(file, "videos", issues)
    raw = data.get("videos")
    if not isinstance(raw, list):
        r.error("videos", "expected [[videos]] entries")
        return VideoCatalog([], issues)
    videos: list[Video] = []
    for n, entry in enumerate(raw, 1):
        v = _video(r, base, entry, n, deep)
        if v is None:
            continue
        if any(o.id == v.id for o in videos):
            r.error(f"videos[{n}].id", "another video has the same id")
            continue
        videos.append(v)
    return VideoCatalog(videos, issues)
