"""Build-time catalog work with Babel: extract, update, compile and check the .po files.

    python -m kiosk.core.catalogs extract   # kiosk/ → locales/kiosk.pot, then update every .po
    python -m kiosk.core.catalogs compile   # .po → .mo next to them
    python -m kiosk.core.catalogs check     # exit 1 when a language misses or fuzzes a string
    python -m kiosk.core.catalogs fill F.json   # merge {msgid: {lang: msgstr}} into the .po files
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.i18n import DOMAIN, SOURCE_LANGUAGE
from kiosk.core.paths import app_root
from kiosk.core.settings import LANGUAGES

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

TARGETS = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]


def _po(root: Path, lang: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(path: Path, lang: str) -> Catalog:
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def _write(path: Path, catalog: Catalog) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=True)


def extract(root: Path) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(project="nature-en-ville-kiosk", domain=DOMAIN, locale=SOURCE_LANGUAGE)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    for filename, lineno, message, comments, context in extract_from_dir(
        root / "kiosk", method_map=[("**.py", "python")], keywords=keywords,
        comment_tags=("Translators:",),
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments,
                     context=context)
    _write(root / "locales" / f"{DOMAIN}.pot", template)
    for lang in LANGUAGES:
        path = _po(root, lang)
        catalog = _read(path, lang) if path.exists() else None
        if catalog is None:
            from babel.messages.catalog import Catalog as C

            catalog = C(locale=lang, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _write(path, catalog)


def compile_all(root: Path) -> None:
    from babel.messages.mofile import write_mo

    for lang in LANGUAGES:
        po = _po(root, lang)
        if not po.exists():
            continue
        catalog = _read(po, lang)
        with po.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)


def missing(root: Path) -> dict[str, list[str]]:
    """msgids each target language lacks (untranslated or fuzzy), from the template."""
    template = _read(root / "locales" / f"{DOMAIN}.pot", SOURCE_LANGUAGE)
    ids = [m.id for m in template if m.id]
    result: dict[str, list[str]] = {}
    for lang in TARGETS:
        path = _po(root, lang)
        catalog = _read(path, lang) if path.exists() else None
        gaps = []
        for msgid in ids:
            m = catalog.get(msgid if isinstance(msgid, str) else msgid) if catalog else None
            if m is None or m.fuzzy or not m.string or (
                isinstance(m.string, tuple) and not all(m.string)
            ):
                gaps.append(msgid if isinstance(msgid, str) else msgid[0])
        if gaps:
            result[lang] = gaps
    return result


def fill(root: Path, source: Path) -> None:
    """Merge translations {msgid: {lang: msgstr}} into the catalogs (helpers for authors)."""
    data = json.loads(source.read_text("utf-8"))
    for lang in TARGETS:
        path = _po(root, lang)
        catalog = _read(path, lang)
        for msgid, per_lang in data.items():
            if lang in per_lang and msgid in catalog:
                m = catalog[msgid]
                value = per_lang[lang]
                if isinstance(value, list):
                    # Pad to the language's plural count (es/it have a "many" form in CLDR).
                    value = tuple(value + value[-1:] * (catalog.num_plurals - len(value)))
                m.string = value
                m.flags.discard("fuzzy")
        _write(path, catalog)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = app_root()
    # Several authors may extract and fill at once: one at a time on the .po files.
    lock = (root / "locales" / ".lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    cmd = argv[0] if argv else ""
    if cmd == "extract":
        extract(root)
    elif cmd == "compile":
        compile_all(root)
    elif cmd == "check":
        gaps = missing(root)
        for lang, ids in gaps.items():
            for msgid in ids:
                print(f"{lang}: missing translation: {msgid!r}", file=sys.stderr)
        return 1 if gaps else 0
    elif cmd == "fill" and len(argv) == 2:
        fill(root, Path(argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
