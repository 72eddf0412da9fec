"""The report's words, in French (the source) and English, and its number formats.

The report is for the project's funders and partners, who read it in French or English; the
kiosk's five-language catalogs are for visitors and are not used here.
"""

from __future__ import annotations

import datetime as dt

LANGS = ("fr", "en")

TEXT: dict[str, dict[str, str]] = {
    "title": {"fr": "Maison de la nature en ville — rapport d'impact des kiosques",
              "en": "Maison de la nature en ville — kiosk impact report"},
    "period": {"fr": "Période : du {first} au {last}", "en": "Period: {first} to {last}"},
    "source": {"fr": "Source : {source} ({files} fichiers, {events} événements)",
               "en": "Source: {source} ({files} files, {events} events)"},
    "generated": {"fr": "Établi le {when}", "en": "Generated on {when}"},
    "summary": {"fr": "Chiffres clés", "en": "Key figures"},
    "visits": {"fr": "Visites", "en": "Visits"},
    "days": {"fr": "Jours avec des visites", "en": "Days with visits"},
    "kiosks": {"fr": "Kiosques", "en": "Kiosks"},
    "median_visit": {"fr": "Durée médiane d'une visite", "en": "Median visit length"},
    "module_views": {"fr": "Modules consultés (visites × modules)",
                     "en": "Modules viewed (visits × modules)"},
    "video_plays": {"fr": "Vidéos lancées", "en": "Videos played"},
    "videos_completed": {"fr": "Vidéos vues jusqu'au bout", "en": "Videos watched to the end"},
    "quiz_answers": {"fr": "Réponses au quiz", "en": "Quiz answers"},
    "quiz_correct": {"fr": "Bonnes réponses", "en": "Right answers"},
    "feedback_answers": {"fr": "Avis en fin de visite", "en": "End-of-visit ratings"},
    "feedback_mean": {"fr": "Note moyenne (1 à 5)", "en": "Mean rating (1 to 5)"},
    "episodes_promoted": {"fr": "Épisodes mis en avant", "en": "Episodes promoted"},
    "episodes_followed": {"fr": "Épisodes suivis", "en": "Episodes followed"},
    "season_promoted": {"fr": "Mises en avant saisonnières", "en": "Seasonal emphasis shown"},
    "season_followed": {"fr": "Mises en avant saisonnières suivies",
                        "en": "Seasonal emphasis followed"},
    "episodes_none": {
        "fr": "Le journal de cette version n'a pas encore d'événement d'épisode : 0 par "
              "construction.",
        "en": "This version of the journal has no episode event yet: 0 by construction."},
    "per_day": {"fr": "Visites par jour", "en": "Visits per day"},
    "per_territory": {"fr": "Visites par territoire", "en": "Visits per territory"},
    "per_territory_year": {"fr": "Visites par territoire et par année",
                           "en": "Visits per territory and year"},
    "per_language": {"fr": "Visites par langue", "en": "Visits per language"},
    "per_language_note": {"fr": "une visite qui a changé de langue compte dans chacune",
                          "en": "a visit that switched languages counts in each"},
    "per_kiosk": {"fr": "Visites par kiosque", "en": "Visits per kiosk"},
    "modules": {"fr": "Modules de l'exposition", "en": "Exhibition modules"},
    "modules_note": {"fr": "le journal ne dit pas quand un module est terminé",
                     "en": "the journal does not say when a module is finished"},
    "videos": {"fr": "Vidéos", "en": "Videos"},
    "quiz": {"fr": "Quiz", "en": "Quiz"},
    "feedback": {"fr": "Avis des visiteurs (visages 1 à 5)",
                 "en": "Visitors' ratings (faces 1 to 5)"},
    "territory": {"fr": "Territoire", "en": "Territory"},
    "territory_page": {"fr": "Territoire : {name}", "en": "Territory: {name}"},
    "health": {"fr": "État du parc", "en": "Fleet health"},
    "health_details": {"fr": "Contenus installés et dernière erreur",
                       "en": "Installed content and latest error"},
    "health_none": {"fr": "Aucun rapport de santé reçu.", "en": "No health report received."},
    "col_kiosk": {"fr": "Kiosque", "en": "Kiosk"},
    "col_territories": {"fr": "Territoires", "en": "Territories"},
    "col_first": {"fr": "Premier jour", "en": "First day"},
    "col_last": {"fr": "Dernier jour", "en": "Last day"},
    "col_year": {"fr": "Année", "en": "Year"},
    "col_language": {"fr": "Langue", "en": "Language"},
    "col_date": {"fr": "Jour", "en": "Day"},
    "col_module": {"fr": "Module", "en": "Module"},
    "col_pages": {"fr": "Pages vues", "en": "Pages viewed"},
    "col_video": {"fr": "Vidéo", "en": "Video"},
    "col_plays": {"fr": "Lancements", "en": "Plays"},
    "col_completed": {"fr": "Vues en entier", "en": "Watched to the end"},
    "col_minutes": {"fr": "Minutes vues", "en": "Minutes watched"},
    "col_question": {"fr": "Question", "en": "Question"},
    "col_answers": {"fr": "Réponses", "en": "Answers"},
    "col_correct": {"fr": "Justes", "en": "Right"},
    "col_rate": {"fr": "Taux de réussite", "en": "Success rate"},
    "col_mean": {"fr": "Moyenne", "en": "Mean"},
    "col_indicator": {"fr": "Indicateur", "en": "Indicator"},
    "col_value": {"fr": "Valeur", "en": "Value"},
    "col_host": {"fr": "Machine", "en": "Host"},
    "col_contact": {"fr": "Dernier contact", "en": "Last contact"},
    "col_version": {"fr": "Version", "en": "Version"},
    "col_content": {"fr": "Contenus", "en": "Content"},
    "col_errors": {"fr": "Erreurs", "en": "Errors"},
    "col_last_error": {"fr": "Dernière erreur", "en": "Latest error"},
    "col_disk": {"fr": "Disque libre", "en": "Free disk"},
    "col_data": {"fr": "Journal jusqu'au", "en": "Journal up to"},
    "none": {"fr": "aucune donnée", "en": "no data"},
}

TERRITORY_NAMES = {"AMP": "Aix-Marseille-Provence", "NCA": "Nice Côte d'Azur",
                   "TPM": "Toulon Provence Méditerranée"}
LANGUAGE_NAMES = {
    "fr": {"fr": "français", "en": "anglais", "es": "espagnol", "it": "italien",
           "de": "allemand"},
    "en": {"fr": "French", "en": "English", "es": "Spanish", "it": "Italian",
           "de": "German"},
}


def t(key: str, lang: str, **kw: object) -> str:
    text = TEXT[key][lang]
    return text.format(**kw) if kw else text


def number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """1 234 / 61,5 in French; 1,234 / 61.5 in English; an en dash for no value."""
    if value is None:
        return "–"
    s = f"{value:,.{digits}f}"
    if lang == "fr":
        s = s.replace(",", "\u202f").replace(".", ",")
    return s


def percent(part: int, whole: int, lang: str) -> str:
    if not whole:
        return "–"
    return number(100 * part / whole, lang, 1) + ("\u202f%" if lang == "fr" else "%")


def duration(seconds: float | None, lang: str) -> str:
    """`2 min 05 s`."""
    if seconds is None:
        return "–"
    m, s = divmod(round(seconds), 60)
    return f"{m} min {s:02d} s" if m else f"{s} s"


def day(iso: str | None, lang: str) -> str:
    if not iso:
        return "–"
    d = dt.date.fromisoformat(iso[:10])
    return d.strftime("%d/%m/%Y") if lang == "fr" else d.isoformat()


def moment(iso: str | None, lang: str) -> str:
    """`2026-12-02T18:24:04Z` → `02/12/2026 18:24 UTC` (fr) or `2026-12-02 18:24 UTC`."""
    if not iso:
        return "–"
    try:
        when = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return f"{day(when.date().isoformat(), lang)} {when:%H:%M} UTC"


def size(n: int | None, lang: str) -> str:
    if n is None:
        return "–"
    return number(n / 1e9, lang, 1) + (" Go" if lang == "fr" else " GB")
