"""Exhibit modules: `exhibits/<id>/module.toml`, loaded and validated without Qt.

A module has an id, an order, a title, a summary, a cover picture, three or more pages and its
sources. Page kinds: `text` (Markdown), `image`, `video`, `quiz`, `qr` and `sensor` (a live
graph drawn by the sensors screen code). A module that cannot be used is left out and its
problems are listed; a missing translation is only reported (French is shown instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.exhibits.common import HasIssues, Issue, Localized, Reader, read_toml
from kiosk.core.settings import LANGUAGES

PAGE_KINDS = ("text", "image", "video", "quiz", "qr", "sensor")
QUANTITIES = ("pm25", "pm10", "pm1", "no2", "o3", "temperature", "humidity", "pressure",
              "wind_speed", "wind_direction")
PICTURE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class Page:
    kind: str
    title: Localized = field(default_factory=Localized)
    body: Localized = field(default_factory=Localized)  # text: Markdown; qr: invitation
    # image: the picture; text and quiz: the illustration beside the words
    picture: Path | None = None
    caption: Localized = field(default_factory=Localized)
    alt: Localized = field(default_factory=Localized)
    video: str = ""  # video: an id of the video catalog …
    file: Path | None = None  # … or a file of the module
    subtitles: dict[str, Path] = field(default_factory=dict)
    question: Localized = field(default_factory=Localized)  # quiz
    choices: Localized = field(default_factory=Localized)  # {lang: [choice, …]}
    answer: int = 0
    explanation: Localized = field(default_factory=Localized)
    url: str = ""  # qr
    site: str = ""  # sensor
    quantity: str = ""
    # The easy-to-read French (FALC) version of the page's texts: {field: text}.
    easy: dict[str, str] = field(default_factory=dict)

    def text(self, name: str, lang: str, *, easy: bool = False) -> str:
        """A text of the page in `lang`; its FALC version when `easy` and there is one."""
        if easy and self.easy.get(name):
            return self.easy[name]
        value = getattr(self, name)
        return value.get(lang) if value else ""


# Per page kind: the texts a FALC version may replace; the first one it must have.
EASY_FIELDS = {
    "text": ("body", "title"),
    "image": ("caption", "title", "alt"),
    "quiz": ("question", "explanation"),
    "qr": ("body", "title"),
    "sensor": ("caption", "title"),
    "video": ("caption", "title"),
}


def _easy(r: Reader, raw: dict[str, Any], kind: str, where: str) -> dict[str, str]:
    """The page's `[pages.easy]` table: French texts written to the FALC rules."""
    fields = EASY_FIELDS[kind]
    table = raw.get("easy")
    out: dict[str, str] = {}
    if table is not None and not isinstance(table, dict):
        r.easy_read(f"{where}easy", "expected a table (easy.{fields[0]} = …)")
        table = None
    for key, value in (table or {}).items():
        if key not in fields:
            r.easy_read(f"{where}easy.{key}",
                        f"a {kind} page has no {key!r} (known: {', '.join(fields)})")
        elif not isinstance(value, str) or not value.strip():
            r.easy_read(f"{where}easy.{key}", "expected a non-empty string")
        else:
            out[key] = value
    if fields[0] not in out:
        r.easy_read(f"{where}easy.{fields[0]}",
                    "no easy-to-read French (FALC) version of this page")
    return out


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str = ""
    year: str = ""
    url: str = ""


@dataclass(frozen=True)
class Credit:
    file: str
    author: str
    licence: str


@dataclass(frozen=True)
class Module:
    id: str
    order: int
    folder: Path
    title: Localized
    summary: Localized
    cover: Path | None
    pages: tuple[Page, ...]
    sources: tuple[Source, ...]
    credits: tuple[Credit, ...] = ()


@dataclass
class Exhibition(HasIssues):
    modules: list[Module]
    issues: list[Issue]

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)


def check_picture(path: Path) -> str | None:
    """Why a picture cannot be shown, or None. Cheap: a header or XML parse, no decoding."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    suffix = path.suffix.lower()
    if suffix == ".svg":
        import xml.etree.ElementTree as ET

        try:
            root = ET.fromstring(data)
        except ET.ParseError as e:
            return f"not a valid SVG file: {e}"
        if not root.tag.endswith("svg"):
            return "not an SVG file (the root element is not <svg>)"
        return None
    if suffix == ".png" and not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "not a PNG file"
    if suffix in (".jpg", ".jpeg") and not data.startswith(b"\xff\xd8"):
        return "not a JPEG file"
    if suffix not in PICTURE_SUFFIXES:
        return f"unsupported picture type {suffix or '(none)'}"
    return None


def _picture(r: Reader, folder: Path, table: dict[str, Any], key: str, where: str,
             required: bool = True) -> Path | None:
    path = r.file_ref(folder, table, key, where, required=required)
    if path is not None and path.is_file():
        why = check_picture(path)
        if why:
            r.error(f"{where}{key}", f"{path.name}: {why}")
    return path


def _illustration(r: Reader, folder: Path, raw: dict[str, Any], where: str) -> dict[str, Any]:
    """A text or quiz page's `picture` (and its `alt` text), drawn beside its words."""
    return {"picture": _picture(r, folder, raw, "picture", where, required=False),
            "alt": r.localized(raw, "alt", where, required=False)}


def _page(r: Reader, folder: Path, raw: object, n: int) -> Page | None:
    where = f"pages[{n}]."
    if not isinstance(raw, dict):
        r.error(f"pages[{n}]", "expected a table ([[pages]])")
        return None
    kind = raw.get("kind")
    if kind not in PAGE_KINDS:
        r.error(f"{where}kind", f"unknown page kind {kind!r} (known: {', '.join(PAGE_KINDS)})")
        return None
    before = len(r.issues)
    title = r.localized(raw, "title", where, required=kind in ("text", "qr"))
    if kind == "text":
        page = Page(kind, title=title, body=r.localized(raw, "body", where),
                    **_illustration(r, folder, raw, where))
    elif kind == "image":
        page = Page(kind, title=title, picture=_picture(r, folder, raw, "file", where),
                    caption=r.localized(raw, "caption", where),
                    alt=r.localized(raw, "alt", where, required=False))
    elif kind == "video":
        video = r.string(raw, "video", where, required=False)
        file = r.file_ref(folder, raw, "file", where, required=False)
        if bool(video) == bool(file):
            r.error(f"{where}video", "give either `video` (a catalog id) or `file`")
        subs: dict[str, Path] = {}
        table = raw.get("subtitles", {})
        if not isinstance(table, dict):
            r.error(f"{where}subtitles", "expected a table of languages")
            table = {}
        for lang in table:
            p = r.file_ref(folder, table, lang, f"{where}subtitles.")
            if p is not None:
                subs[lang] = p
        if file is not None:  # a module's own video is captioned in every language too
            for lang in LANGUAGES:
                if lang not in table:
                    r.translation(f"{where}subtitles.{lang}", "no subtitles in this language")
        page = Page(kind, title=title, video=video, file=file, subtitles=subs,
                    caption=r.localized(raw, "caption", where, required=False))
    elif kind == "quiz":
        question = r.localized(raw, "question", where)
        choices = r.localized(raw, "choices", where, lists=True)
        answer = raw.get("answer")
        n_choices = len(choices.values.get("fr", []))
        if isinstance(answer, bool) or not isinstance(answer, int):
            r.error(f"{where}answer", "expected the number of the right choice (1 = first)")
            answer = 1
        elif not 1 <= answer <= max(n_choices, 1):
            r.error(f"{where}answer", f"{answer} is not between 1 and {n_choices}")
        if n_choices and not 2 <= n_choices <= 5:
            r.error(f"{where}choices", f"a quiz needs 2 to 5 choices, not {n_choices}")
        page = Page(kind, title=title, question=question, choices=choices, answer=answer - 1,
                    explanation=r.localized(raw, "explanation", where),
                    **_illustration(r, folder, raw, where))
    elif kind == "qr":
        url = r.string(raw, "url", where)
        if url and not url.startswith(("https://", "http://")):
            r.error(f"{where}url", f"{url!r} is not a web address")
        page = Page(kind, title=title, body=r.localized(raw, "body", where), url=url)
    else:  # sensor
        quantity = r.string(raw, "quantity", where)
        if quantity and quantity not in QUANTITIES:
            r.error(f"{where}quantity", f"unknown quantity {quantity!r}")
        page = Page(kind, title=title, site=r.string(raw, "site", where, required=False),
                    quantity=quantity, caption=r.localized(raw, "caption", where,
                                                           required=False))
    page.easy.update(_easy(r, raw, kind, where))
    # A page whose picture is missing stays: the screen says so and still shows the caption.
    errors = [i for i in r.issues[before:] if i.kind == "error"
              and i.field != f"{where}picture"
              and not (kind == "image" and i.field == f"{where}file")]
    return None if errors else page


def load_module(folder: Path) -> tuple[Module | None, list[Issue]]:
    """One module folder; the module is None when it cannot be shown at all."""
    issues: list[Issue] = []
    file = folder / "module.toml"
    data = read_toml(file, folder.name, issues)
    if data is None:
        return None, issues
    r = Reader(file, folder.name, issues)
    module_id = r.string(data, "id", "")
    if module_id and not _ID.match(module_id):
        r.error("id", f"{module_id!r}: use lower-case letters, digits and dashes")
    elif module_id and module_id != folder.name:
        r.error("id", f"{module_id!r} differs from its folder name {folder.name!r}")
    r.item = module_id or folder.name
    order = int(r.number(data, "order", "", default=999))
    title = r.localized(data, "title", "")
    summary = r.localized(data, "summary", "")
    cover = _picture(r, folder, data, "cover", "")
    raw_pages = data.get("pages")
    pages: list[Page] = []
    if not isinstance(raw_pages, list) or not raw_pages:
        r.error("pages", "a module needs at least one page ([[pages]])")
    else:
        for n, raw in enumerate(raw_pages, 1):
            page = _page(r, folder, raw, n)
            if page is not None:
                pages.append(page)
    sources: list[Source] = []
    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        r.error("sources", "list the sources of the module's facts ([[sources]])")
        raw_sources = []
    for n, s in enumerate(raw_sources, 1):
        if not isinstance(s, dict):
            r.error(f"sources[{n}]", "expected a table")
            continue
        where = f"sources[{n}]."
        sources.append(Source(r.string(s, "title", where),
                              r.string(s, "publisher", where, required=False),
                              str(s.get("year", "")),
                              r.string(s, "url", where, required=False)))
    credits: list[Credit] = []
    raw_credits = data.get("credits", [])
    if not isinstance(raw_credits, list):
        r.error("credits", "expected a list of tables ([[credits]])")
        raw_credits = []
    for n, c in enumerate(raw_credits, 1):
        where = f"credits[{n}]."
        if isinstance(c, dict):
            credits.append(Credit(r.string(c, "file", where), r.string(c, "author", where),
                                  r.string(c, "licence", where)))
        else:
            r.error(f"credits[{n}]", "expected a table")
    fatal = {"id", "title.fr", "title", "pages"}
    if any(i.kind == "error" and i.field in fatal for i in issues) or not pages:
        return None, issues
    module = Module(module_id, order, folder, title, summary, cover, tuple(pages),
                    tuple(sources), tuple(credits))
    return module, issues


def load_exhibition(root: Path | None) -> Exhibition:
    """Every module folder under `root` (one bad module never hides the others)."""
    issues: list[Issue] = []
    modules: list[Module] = []
    if root is None or not root.is_dir():
        issues.append(Issue("error", Path(str(root)), "", "", "no exhibits folder"))
        return Exhibition(modules, issues)
    if (root / "module.toml").is_file():  # a single module folder
        folders = [root]
    else:
        folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    seen: set[str] = set()
    for folder in folders:
        if not (folder / "module.toml").is_file():
            continue
        module, found = load_module(folder)
        issues.extend(found)
        if module is None:
            continue
        if module.id in seen:
            issues.append(Issue("error", folder / "module.toml", module.id, "id",
                                "another module has the same id"))
            continue
        seen.add(module.id)
        modules.append(module)
    if not modules and not issues:
        issues.append(Issue("error", root, "", "", "no module (no */module.toml)"))
    modules.sort(key=lambda m: (m.order, m.id))
    return Exhibition(modules, issues)
