"""The staff screens' words for what core reports in its own stable, English terms.

Core's statuses (`SourceStatus.source` and `.detail`), rejection codes and problem sources
are a machine contract: `kiosk sync` prints them and tests read them. The health and USB
screens show them in the facilitator's language instead: known forms are translated here,
and a text core made up on the spot (an exception's message) is shown as it is, marked as
English so that nobody takes it for a translation gone wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kiosk.core.i18n import N_, _, current_language, ngettext

KIND_NAMES = {"exhibits": N_("Exposition"), "videos": N_("Vidéos"),
              "sites": N_("Sites et capteurs"), "agenda": N_("Agenda"),
              "settings": N_("Réglages")}

# `source` prefixes of SourceStatus ("content:exhibits", "agenda:Ville de Marseille", …).
SOURCE_NAMES = {"library": N_("À l'écran"), "content": N_("Contenus"),
                "agenda": N_("Agenda"), "sensors": N_("Capteurs"),
                "journal": N_("Journal")}
# The parts after the prefix that are words rather than names.
SOURCE_PARTS = {"sync": N_("synchronisation"), "transfer": N_("transfert"),
                "cache": N_("cache"), "feeds.toml": N_("liste des agendas"),
                "push": N_("envoi"),
                **KIND_NAMES}

# The phases of a content transfer (core.content.progress).
PHASES = {"verify": N_("vérification"), "install": N_("installation"),
          "download": N_("téléchargement")}

# What `ctx.sync_now()` starts.
SYNC_AREAS = {"sensors": N_("capteurs"), "agenda": N_("agenda"), "content": N_("contenus"),
              "journal": N_("journal")}

# Who reported a problem (ctx.problems.report's first argument).
PROBLEM_SOURCES = {"accessibility": N_("Accessibilité"), "admin": N_("Panneau"),
                   "agenda": N_("Agenda"), "content": N_("Contenus"),
                   "exhibit": N_("Exposition"), "health": N_("Santé"),
                   "journal": N_("Journal"), "rehearsal": N_("Répétition"),
                   "sensors": N_("Capteurs"), "settings": N_("Réglages"),
                   "sites": N_("Sites"), "video": N_("Vidéos")}

# Rejected.reason codes (core.content.manifest).
REJECTIONS = {
    "bad-manifest": N_("manifeste illisible"), "unknown-format": N_("format inconnu"),
    "app-too-old": N_("application trop ancienne pour ce paquet"),
    "missing-signature": N_("signature absente"), "bad-signature": N_("signature invalide"),
    "untrusted-key": N_("clé de signature non reconnue"), "unsafe-path": N_("chemin dangereux"),
    "link": N_("lien interdit"), "device": N_("fichier spécial interdit"),
    "unlisted-file": N_("fichier non listé"), "missing-file": N_("fichier manquant"),
    "size-mismatch": N_("taille inattendue"), "hash-mismatch": N_("contenu altéré"),
    "corrupt-zip": N_("archive abîmée"), "over-cap": N_("paquet trop gros"),
    "no-space": N_("pas assez de place"), "invalid-settings": N_("réglages invalides"),
    "not-a-bundle": N_("pas un paquet de contenu"),
    "downgrade": N_("version plus ancienne que l'installée"),
    "not-superseding": N_("ne remplace pas le contenu installé"),
}


def _s(msgid: str) -> Callable[[re.Match], str]:
    return lambda m: _(msgid).format(**m.groupdict())


def _count(m: re.Match) -> dict:
    return {**m.groupdict(), "n": int(m["n"])}


# Every fixed form of a core `detail`, with its French msgid (counts through ngettext, its
# literal arguments are what the catalog extractor reads).
DETAILS: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [(re.compile(p), f) for p, f in (
    (r"shipped content", _s(N_("version livrée avec l'application"))),
    (r"loading", _s(N_("chargement…"))),
    (r"(?P<n>\d+) modules",
     lambda m: ngettext("{n} module", "{n} modules", int(m["n"])).format(**_count(m))),
    (r"(?P<n>\d+) videos",
     lambda m: ngettext("{n} vidéo", "{n} vidéos", int(m["n"])).format(**_count(m))),
    (r"(?P<what>\d+ \w+), (?P<n>\d+) missing translations",
     lambda m: ngettext("{what}, {n} traduction manquante", "{what}, {n} traductions manquantes",
                        int(m["n"])).format(what=detail_text(m["what"]), n=int(m["n"]))),
    (r"all sent", _s(N_("tout est envoyé"))),
    (r"no content server configured", _s(N_("aucun serveur de contenu configuré"))),
    (r"(?P<n>\d+) events",
     lambda m: ngettext("{n} événement", "{n} événements", int(m["n"])).format(**_count(m))),
    (r"(?P<n>\d+) file\(s\) waiting",
     lambda m: ngettext("{n} fichier en attente", "{n} fichiers en attente",
                        int(m["n"])).format(**_count(m))),
    (r"(?P<n>\d+) bundle\(s\) published",
     lambda m: ngettext("{n} paquet publié", "{n} paquets publiés",
                        int(m["n"])).format(**_count(m))),
    (r"outside the update window (?P<window>.+)",
     _s(N_("hors de la plage de mise à jour {window}"))),
    (r"installed (?P<what>.+)", _s(N_("installé : {what}"))),
    (r"(?P<what>\S+ \S+) up to date", _s(N_("{what} à jour"))),
    (r"(?P<what>\S+ \S+) published, not taken .*",
     _s(N_("{what} publié, non pris (retiré, plus ancien ou d'un autre contenu)"))),
    (r"(?P<what>\S+ \S+) \(previous (?P<previous>\S+)\)",
     _s(N_("{what} (précédente : {previous})"))),
    (r"(?P<phase>\w+) (?P<done>\d+)/(?P<total>\d+) bytes",
     lambda m: _("{phase} : {done} octets sur {total}").format(
         **{**m.groupdict(), "phase": _(PHASES.get(m["phase"], m["phase"]))})),
)]
# An installed bundle's "<id> <version>": names, nothing to translate.
_NAMES = re.compile(r"[\w.-]+ [\w.+-]+")


# Fixed forms of a status's `error` around a message of its own.
ERRORS: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [(re.compile(p), f) for p, f in (
    (r"(?P<n>\d+) problems; first: (?P<first>.*)",
     lambda m: ngettext("{n} problème ; le premier : {first}",
                        "{n} problèmes ; le premier : {first}", int(m["n"])).format(
         n=m["n"], first=english(m["first"]))),
)]


def english(text: str) -> str:
    """A text only core's English has (an exception's message), marked as such."""
    if not text or current_language() == "en":
        return text
    return _("{text} (en anglais)").format(text=text)


def detail_text(detail: str) -> str:
    for pattern, words in DETAILS:
        m = pattern.fullmatch(detail)
        if m is not None:
            return words(m)
    if not detail or _NAMES.fullmatch(detail):
        return detail
    return english(detail)


def error_text(error: str) -> str:
    for pattern, words in ERRORS:
        m = pattern.fullmatch(error)
        if m is not None:
            return words(m)
    return english(error)


def source_name(source: str) -> str:
    prefix, sep, rest = source.partition(":")
    if not sep or prefix not in SOURCE_NAMES:
        return source
    word, space, argument = rest.partition(" ")  # "push http://…": a word, then its target
    part = SOURCE_PARTS.get(rest) or SOURCE_PARTS.get(word)
    if part is None:
        return f"{_(SOURCE_NAMES[prefix])} · {rest}"
    named = _(part) if rest in SOURCE_PARTS else f"{_(part)}{space}{argument}"
    return f"{_(SOURCE_NAMES[prefix])} · {named}"


def area_name(area: str) -> str:
    return _(SYNC_AREAS[area]) if area in SYNC_AREAS else area


def problem_source(source: str) -> str:
    return _(PROBLEM_SOURCES[source]) if source in PROBLEM_SOURCES else source


def rejection_text(reason: str, detail: str) -> str:
    """A refused bundle: the reason in the facilitator's words, core's detail as English."""
    if reason not in REJECTIONS:
        return english(f"{reason}: {detail}" if reason else detail)
    return _("{reason} — {detail}").format(reason=_(REJECTIONS[reason]),
                                           detail=english(detail)) if detail else _(
        REJECTIONS[reason])
