"""The operator and facilitator guides exist in French and English, and every picture they
show is one that packaging/make_doc_screenshots.sh renders and that is in docs/screenshots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GUIDES = ("operator-guide", "facilitator-guide")
IMAGE = re.compile(r"!\[[^\]]*\]\((screenshots/[^)]+)\)")
LINK = re.compile(r"\]\(([\w.-]+\.md)\)")


def pictures(path: Path) -> list[str]:
    return IMAGE.findall(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("guide", GUIDES)
def test_each_guide_in_both_languages_shows_the_same_screens(guide):
    en, fr = DOCS / f"{guide}.en.md", DOCS / f"{guide}.fr.md"
    assert en.is_file()
    assert fr.is_file()
    en_screens = [p.removesuffix("-en.png") for p in pictures(en)]
    fr_screens = [p.removesuffix("-fr.png") for p in pictures(fr)]
    assert en_screens == fr_screens, "the two languages show different pictures"
    assert all(p.endswith("-en.png") for p in pictures(en))
    assert all(p.endswith("-fr.png") for p in pictures(fr))


@pytest.mark.parametrize("doc", [f"{g}.{lang}.md" for g in GUIDES for lang in ("en", "fr")])
def test_pictures_and_links_exist(doc):
    text = (DOCS / doc).read_text(encoding="utf-8")
    for picture in IMAGE.findall(text):
        assert (DOCS / picture).is_file(), f"{doc} shows {picture}, which is not rendered"
    for link in LINK.findall(text):
        assert (DOCS / link).is_file(), f"{doc} links to {link}, which does not exist"


def test_the_render_script_makes_every_picture_the_guides_show():
    script = (ROOT / "packaging" / "make_doc_screenshots.sh").read_text()
    screens = set(re.search(r"^screens=\(([^)]*)\)", script, re.M).group(1).split())
    screens.add("exhibit")  # added by the script from the first shipped module
    # The rehearsed days: day-<moment>-<screen>, the episode page only on an episode's day.
    moments = re.search(r"^moments=\(([^)]*)\)", script, re.M).group(1).split()
    for moment in (m.partition("=")[0] for m in moments):
        targets = ("attract", "home") if moment == "ordinary" else ("attract", "home", "episode")
        screens.update(f"day-{moment}-{t}" for t in targets)
    langs = set(re.search(r"^langs=\(([^)]*)\)", script, re.M).group(1).split())
    for g in GUIDES:
        for lang in ("en", "fr"):
            for picture in pictures(DOCS / f"{g}.{lang}.md"):
                name, _, picture_lang = Path(picture).stem.rpartition("-")
                assert name in screens, f"{picture} is not rendered by the script"
                assert picture_lang in langs
