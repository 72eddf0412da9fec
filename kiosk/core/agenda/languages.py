"""An event's words in several languages (RFC 5545 §3.2.10, the LANGUAGE parameter).

A feed may give SUMMARY and DESCRIPTION several times, one per LANGUAGE. The feed's own text
is the one without a LANGUAGE (else the first given); a property without LANGUAGE is taken to
be in French, the language the organisers of the three territories publish in. The visitor
reads their language where the feed has it, the feed's own words otherwise, and the entry
then says which language those are.
"""

from __future__ import annotations

from typing import Any

FEED_LANGUAGE = "fr"


def base_language(tag: Any) -> str:
    """"fr-FR", "FR", "fr_FR" → "fr"; "" when there is no tag."""
    return str(tag or "").strip().replace("_", "-").split("-")[0].lower()


def _values(component: Any, name: str) -> list[Any]:
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def texts(component: Any, name: str) -> tuple[str, str, dict[str, str]]:
    """(the feed's own text, its language, {language: text} of the others) of `name`."""
    given = []
    for value in _values(component, name):
        text = str(value or "").strip()
        if text:
            given.append((base_language(getattr(value, "params", {}).get("LANGUAGE")), text))
    if not given:
        return "", FEED_LANGUAGE, {}
    own = next((g for g in given if not g[0]), given[0])
    own_lang = own[0] or FEED_LANGUAGE
    others: dict[str, str] = {}
    for lang, text in given:
        if lang and lang != own_lang:
            others.setdefault(lang, text)
    return own[1], own_lang, others


def translations(component: Any) -> tuple[str, str, str, tuple[tuple[str, str, str], ...]]:
    """(own summary, own description, the language of the summary, ((language, summary,
    description), …) of the other languages)."""
    summary, lang, summaries = texts(component, "SUMMARY")
    description, _lang, descriptions = texts(component, "DESCRIPTION")
    if not summaries and not descriptions:
        return summary, description, lang, ()
    langs = sorted(set(summaries) | set(descriptions))
    return summary, description, lang, tuple(
        (x, summaries.get(x, ""), descriptions.get(x, "")) for x in langs)
