"""Pictures first: what `kiosk content check` says about the shape of exhibit pages.

A page is read standing, at arm's length, by a visitor passing by: at most about ninety
words (in every language and in easy-to-read French), and never words alone. Issues of kind
"layout" name the page; the kiosk still shows the page as it is.
"""

from __future__ import annotations

import re

from kiosk.core.exhibits.common import Issue
from kiosk.core.exhibits.modules import Module, Page
from kiosk.core.settings import LANGUAGES

WORD_LIMIT = 90
# The texts a visitor reads on a page (a quiz's explanation comes after the answer, on the
# same page, so it counts).
READ_FIELDS = ("title", "body", "caption", "question", "explanation")
# Kinds whose page is itself a visual: a picture, a live graph, a video, a QR code to scan.
VISUAL_KINDS = ("image", "sensor", "video", "qr")
_WORD = re.compile(r"[^\W_](?:[\w’'.,-]*[^\W_])?")


def count_words(text: str) -> int:
    """Words as a reader sees them: Markdown marks and figures' punctuation are not words."""
    return len(_WORD.findall(text))


def page_words(page: Page, lang: str, *, easy: bool = False) -> int:
    """The words page shows in `lang` (its easy-to-read French version with `easy`)."""
    texts = [page.text(name, lang, easy=easy) for name in READ_FIELDS]
    if page.choices:
        texts += page.choices.get(lang)
    return sum(count_words(t) for t in texts if isinstance(t, str))


def has_visual(page: Page) -> bool:
    return page.kind in VISUAL_KINDS or page.picture is not None


def layout_issues(module: Module) -> list[Issue]:
    """Pages over the word limit (per language) and pages of words without a picture."""
    file = module.folder / "module.toml"
    issues: list[Issue] = []
    for n, page in enumerate(module.pages, 1):
        where = f"pages[{n}]"
        versions = [(lang, page_words(page, lang)) for lang in LANGUAGES]
        if page.easy:
            versions.append(("fr (easy-to-read)", page_words(page, "fr", easy=True)))
        for lang, words in versions:
            if words > WORD_LIMIT:
                issues.append(Issue(
                    "layout", file, module.id, where,
                    f"{words} words in {lang}: more than {WORD_LIMIT} on one page "
                    "(split it into more pages)"))
        if not has_visual(page):
            issues.append(Issue(
                "layout", file, module.id, f"{where}.picture",
                f"a {page.kind} page without a picture: give it one "
                "(picture = \"drawing.svg\")"))
    return issues
