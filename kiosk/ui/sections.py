"""The sections of the home screen: their names, one-line invitations and icons."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.i18n import N_


@dataclass(frozen=True)
class Section:
    id: str
    title: str  # French msgid, translated with _() when shown
    summary: str
    icon: str


SECTIONS = {
    s.id: s
    for s in (
        Section("exhibits", N_("Exposition"),
                N_("La nature dans la ville et le changement climatique"), "leaf"),
        Section("videos", N_("Vidéos"), N_("Les vidéos du MOOC, sous-titrées"), "play"),
        Section("sensors", N_("Données en direct"),
                N_("Ce que mesurent les capteurs près d'ici"), "gauge"),
        Section("trends", N_("Tendances"),
                N_("Îlot de chaleur, semaine et week-end, vacances"), "chart"),
        Section("agenda", N_("Agenda"), N_("Balades, ateliers et rencontres à venir"),
                "calendar"),
        Section("trail", N_("Le sentier"),
                N_("Le plan du sentier, où vous êtes et les sites de mesure"), "trail"),
    )
}
