"""Interface language: gettext catalogs compiled by Babel, and Babel formatting of dates/numbers.

French is the source language (msgids are French). The current language is process-wide state,
as gettext's is; the UI listens for changes and redraws every visible string.

Mark strings with `_()` (and `ngettext`, `pgettext`); use `N_()` for strings translated later.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.core.listeners import Listeners
from kiosk.core.settings import LANGUAGES

log = logging.getLogger(__name__)

DOMAIN = "kiosk"
SOURCE_LANGUAGE = "fr"
# Each language shown in its own name, for the picker.
LANGUAGE_NAMES = {
    "fr": "Français",
    "en": "English",
    "es": "Español",
    "it": "Italiano",
    "de": "Deutsch",
}

_lock = threading.Lock()
_catalogs: dict[str, _gettext.NullTranslations] = {}
_locales_dir: Path | None = None
_current = SOURCE_LANGUAGE
_listeners: Listeners[[str]] = Listeners("language")


def configure(locales_dir: Path) -> None:
    """Point the catalogs at `locales/`; catalogs load on first use of each language."""
    global _locales_dir
    with _lock:
        _locales_dir = locales_dir
        _catalogs.clear()


def _load(lang: str) -> _gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE or _locales_dir is None:
        return _gettext.NullTranslations()
    base = _locales_dir / lang / "LC_MESSAGES"
    mo, po = base / f"{DOMAIN}.mo", base / f"{DOMAIN}.po"
    try:
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as f:
                return _gettext.GNUTranslations(f)
        if po.exists():
            # No compiled catalog (a fresh checkout): compile the .po in memory.
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with po.open("rb") as f:
                catalog = read_po(f, locale=lang, domain=DOMAIN)
            buf = io.BytesIO()
            write_mo(buf, catalog)
            buf.seek(0)
            return _gettext.GNUTranslations(buf)
    except Exception:  # a broken catalog must not take the kiosk down: fall back to French
        log.exception("cannot load the %s catalog", lang)
    return _gettext.NullTranslations()


def translations(lang: str) -> _gettext.NullTranslations:
    with _lock:
        t = _catalogs.get(lang)
        if t is None:
            t = _catalogs[lang] = _load(lang)
        return t


def current_language() -> str:
    """The interface language, or the language this thread is speaking()."""
    return _lang()


# A language spoken on one thread only (speaking()); None: the interface language.
_local = threading.local()


def _lang() -> str:
    return getattr(_local, "lang", None) or _current


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Strings and formats in `lang` on this thread only, for a screen that shows several
    languages while the visitor has chosen none (the attract loop): the interface language
    and its listeners are untouched, and other threads keep theirs."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    before = getattr(_local, "lang", None)
    _local.lang = lang
    try:
        yield
    finally:
        _local.lang = before


def set_language(lang: str) -> None:
    """Switch the interface language and tell every listener (the UI redraws)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    translations(lang)
    changed = lang != _current
    _current = lang
    if changed:
        _listeners.notify(lang)


def add_listener(fn: Callable[[str], None]) -> None:
    _listeners.add(fn)


def remove_listener(fn: Callable[[str], None]) -> None:
    _listeners.remove(fn)


def _(message: str) -> str:
    return translations(_lang()).gettext(message)


def gettext_in(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_lang()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(_lang()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later with `_()`."""
    return message


# Babel formatting in the current language. Babel is imported on first use: it is not
# needed to paint the first screen.
def format_date(value: dt.date, fmt: str = "full") -> str:
    from babel.dates import format_date as f

    return f(value, format=fmt, locale=_lang())


def format_time(value: dt.datetime | dt.time, fmt: str = "short") -> str:
    from babel.dates import format_time as f

    return f(value, format=fmt, locale=_lang())


def format_datetime(value: dt.datetime, fmt: str = "medium") -> str:
    from babel.dates import format_datetime as f

    return f(value, format=fmt, locale=_lang(), tzinfo=value.tzinfo)


def format_skeleton(value: dt.date | dt.datetime, skeleton: str) -> str:
    """A flexible pattern (e.g. "MMMEd") laid out as the current language writes it."""
    from babel.dates import format_skeleton as f

    return f(skeleton, value, locale=_lang())


def format_number(value: float, digits: int | None = None) -> str:
    from babel.numbers import format_decimal

    if digits is None:
        return format_decimal(value, locale=_lang())
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_lang())


def format_relative(delta: dt.timedelta) -> str:
    """A past duration as the language says it ("il y a 3 heures", "3 hours ago")."""
    from babel.dates import format_timedelta

    return format_timedelta(-delta, add_direction=True, threshold=1.0, locale=_lang())
