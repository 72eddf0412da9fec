"""What one source's sync did, told truthfully: received, stored, dropped and why.

Parsers count what they skip in their own words (ParseResult.skipped: "sentinel",
"impossible pm25", "unknown quantity 'xyz'"…); `classify` maps each to one of the reason
codes below, so `kiosk sensors sources`, `kiosk sync` and the health screen (in the
facilitator's language, through the French msgids of REASONS) say the same thing. A sync
that stores nothing says so — never "ok, N new".
"""

from __future__ import annotations

from kiosk.core.i18n import N_

# Reason code -> (English, for the log and the command line; French msgid, for the screen).
REASONS = {
    "too_old": ("older than the retention", N_("plus anciennes que la durée de conservation")),
    "duplicate": ("duplicates (already held)", N_("doublons (déjà reçues)")),
    "sentinel": ("sentinels (no measurement)", N_("valeurs sentinelles (pas de mesure)")),
    "out_of_range": ("outside the measuring range", N_("hors de la plage de mesure")),
    "negative": ("negative values", N_("valeurs négatives")),
    "unknown_quantity": ("unknown quantities", N_("grandeurs inconnues")),
    "not_wanted": ("quantities not asked for", N_("grandeurs non demandées")),
    "invalid": ("flagged invalid by the provider", N_("invalidées par le fournisseur")),
    "missing": ("missing values", N_("valeurs manquantes")),
    "indoor": ("indoor sensors", N_("capteurs d'intérieur")),
    "unreadable": ("unreadable", N_("illisibles")),
}


def classify(reason: str) -> str:
    """The reason code of a parser's skip reason."""
    r = reason.lower()
    if r == "duplicate":
        return "duplicate"
    if r.startswith("negative"):
        return "negative"
    if "sentinel" in r or "saturat" in r:
        return "sentinel"
    if r.startswith(("impossible", "out of range", "above", "below")) or "range" in r:
        return "out_of_range"
    if "quantity" in r or "parameter is unknown" in r or "code table" in r:
        return "unknown_quantity"
    if "invalid" in r:
        return "invalid"
    if r in ("missing", "not a number", "no time"):
        return "missing"
    if "indoor" in r:
        return "indoor"
    return "unreadable"


def dropped_by_reason(skipped: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for reason, n in skipped.items():
        code = classify(reason)
        out[code] = out.get(code, 0) + n
    return out


def describe(received: int, stored: int, dropped: dict[str, int]) -> str:
    """ "12 received, 10 stored, 2 dropped (2 duplicates)", or "nothing stored: 144
    received, 0 stored, 144 dropped (144 older than the retention)". A value received again
    unchanged (the overlap each sync fetches again) counts as a duplicate."""
    parts = [f"{n} {REASONS.get(code, (code,))[0]}"
             for code, n in sorted(dropped.items(), key=lambda kv: (-kv[1], kv[0]))]
    why = f" ({', '.join(parts)})" if parts else ""
    text = f"{received} received, {stored} stored, {sum(dropped.values())} dropped{why}"
    return f"nothing stored: {text}" if stored == 0 else text
