"""What the attract loop shows in turn: the exhibition's modules, the live value nearest the
kiosk, the next agenda event and the territory's trail, each worded in any of the five
languages.

A slide holds data only (no Qt object, no disk); `Slide.words(lang, now)` words it in `lang`
with the project's gettext and Babel (kiosk.core.i18n.speaking), without touching the
interface language. The data comes from the services the other screens use, read off the GUI
thread by the attract screen (kiosk.ui.screens.attract); `nearest_reading`, `next_event` and
`trail_of` pick from what they return.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.core.i18n import N_, _, current_language, format_skeleton, ngettext, speaking
from kiosk.core.settings import LANGUAGES

# The attract loop is the kiosk's first screen: the modules that word the data slides are
# imported when the first data lands, not on the way to the first paint.
if TYPE_CHECKING:
    from kiosk.core.sensors.bands import Level
    from kiosk.core.sensors.territory import SiteCatalog
    from kiosk.core.sensors.views import LiveView, Reading

INVITATION = N_("Touchez l'écran pour commencer")


@dataclass(frozen=True)
class Words:
    kicker: str  # what kind of slide, above the title
    title: str
    body: str
    note: str = ""  # the age of a value, "démonstration", a place


@dataclass(frozen=True)
class Slide:
    kind: str  # "welcome", "module", "live", "event", "trail"
    key: str  # stable across reloads: the picture cache's key

    def words(self, lang: str, now: float) -> Words:
        with speaking(lang):
            return self._words(now)

    def _words(self, now: float) -> Words:
        return Words("", _("La nature en ville"), _("et le changement climatique"))


@dataclass(frozen=True)
class ModuleSlide(Slide):
    title: dict[str, str]
    summary: dict[str, str]
    cover: bytes | None = None  # the module's SVG, as the exhibition loaded it

    def _words(self, now: float) -> Words:
        lang = current_language()
        return Words(_("À découvrir dans l'exposition"), self.title[lang], self.summary[lang])


@dataclass(frozen=True)
class LiveSlide(Slide):
    site: str
    distance_m: float
    direction: str  # a compass msgid
    reading: Reading

    def level(self) -> Level | None:
        from kiosk.core.sensors.bands import ATMO_2021

        return ATMO_2021.level(self.reading.quantity, self.reading.value)

    def value(self) -> str:
        from kiosk.ui.screens.sensors_parts import value_text

        r = self.reading
        return value_text(r.quantity, r.value, r.unit)

    def _words(self, now: float) -> Words:
        from kiosk.core.sensors.territory import format_distance
        from kiosk.ui.screens.agenda_parts import capitalised
        from kiosk.ui.widgets.freshness import age_text
        from kiosk.ui.widgets.sensor_embed import quantity_label

        r = self.reading
        where = _("{name} — {distance}, {direction}").format(
            name=self.site, distance=format_distance(self.distance_m),
            direction=_(self.direction))
        if r.demo:
            note = _("Données de démonstration : des valeurs générées, pas des mesures")
        else:
            note = capitalised(_("dernière mesure : {ago}").format(
                ago=age_text(r.age(now), r.time)))
        return Words(_("En ce moment près d'ici"), quantity_label(r.quantity), where, note)


@dataclass(frozen=True)
class EventSlide(Slide):
    occurrence: Any  # kiosk.core.agenda.model.Occurrence
    organiser: str

    def day(self) -> dt.date:
        from kiosk.core.agenda.model import zone

        o = self.occurrence
        return o.start if o.all_day else o.start_instant(zone()).date()

    def _words(self, now: float) -> Words:
        from kiosk.core.agenda.model import zone
        from kiosk.ui.screens.agenda_parts import capitalised, plain_text, when_text

        o = self.occurrence
        day = max(self.day(), dt.datetime.fromtimestamp(now, zone()).date())
        when = "{date}, {time}".format(date=capitalised(format_skeleton(day, "MMMMEEEEd")),
                                       time=when_text(o, day))
        where = plain_text(o.location) if o.location else self.organiser
        return Words(_("Prochain rendez-vous"), plain_text(o.summary), when, where)


@dataclass(frozen=True)
class TrailSlide(Slide):
    name: str
    stops: tuple[tuple[str, float, float], ...]  # (name, latitude, longitude), in file order
    here: int | None = None  # the stop the centre is parked at

    def _words(self, now: float) -> Words:
        n = len(self.stops)
        body = ngettext("{n} étape", "{n} étapes", n).format(n=n)
        if n > 1:
            body += " : " + _("de {first} à {last}").format(first=self.stops[0][0],
                                                          last=self.stops[-1][0])
        note = ""
        if self.here is not None:
            note = _("Nous sommes à l'étape {stop}").format(stop=self.stops[self.here][0])
        return Words(_("Le sentier du territoire"), self.name, body, note)


# --- picking from the services' answers --------------------------------------------------------

def module_slides(exhibition, pictures) -> list[ModuleSlide]:
    """One slide per module of a loaded exhibition (kiosk.ui.library.Loaded's content)."""
    out = []
    for m in exhibition.modules:
        out.append(ModuleSlide(
            "module", f"module:{m.id}", {lang: m.title.get(lang) for lang in LANGUAGES},
            {lang: m.summary.get(lang) for lang in LANGUAGES}, pictures.picture(m.cover)))
    return out


def nearest_reading(view: LiveView) -> LiveSlide | None:
    """The nearest site's value the live-data screen would graph first; None without one."""
    from kiosk.core.sensors.views import GRAPH_PREFERENCE

    for panel in view.panels:
        own = [q for q in GRAPH_PREFERENCE if q in panel.readings
               and not panel.readings[q].filled_from]
        if own:
            near = panel.nearby
            reading = panel.readings[own[0]]
            if not math.isfinite(reading.value):
                continue
            return LiveSlide("live", "live", near.site.name, near.distance_m, near.direction,
                             reading)
    return None


def next_event(view, now: float) -> EventSlide | None:
    """The first event still to start (else one under way) of an AgendaView."""
    from kiosk.core.agenda.model import zone

    tz = zone()
    moment = dt.datetime.fromtimestamp(now, tz)
    upcoming = [o for o in view.occurrences if o.start_instant(tz) >= moment]
    ongoing = [o for o in view.occurrences if o.end_instant(tz) > moment]
    chosen = (upcoming or ongoing or [None])[0]
    if chosen is None:
        return None
    feed = view.feeds.get(chosen.feed_id)
    return EventSlide("event", "event", chosen, feed.name if feed is not None else "")


def trail_of(catalog: SiteCatalog, kiosk_settings) -> TrailSlide | None:
    """The territory's trail as the trail screen picks it (core.sensors.trail.trail_for),
    with its parking stops in file order; None when the territory has no stop on it."""
    from kiosk.core.sensors.trail import trail_for

    trail = trail_for(catalog, kiosk_settings.territory, kiosk_settings.parking_stop)
    if trail is None:
        return None
    mine = [s for s in catalog.trail_stops(kiosk_settings.territory) if s.trail == trail.id]
    if not mine:
        return None
    here = next((i for i, s in enumerate(mine) if s.id == kiosk_settings.parking_stop), None)
    return TrailSlide("trail", "trail", trail.name,
                      tuple((s.name, s.latitude, s.longitude) for s in mine), here)


def arrange(modules: list[ModuleSlide], live: Slide | None, event: Slide | None,
            trail: Slide | None) -> list[Slide]:
    """The loop: the welcome, then each module followed by the live value, the next event
    and the trail, so the news of the moment comes back between modules."""
    news = [s for s in (live, event, trail) if s is not None]
    slides: list[Slide] = [Slide("welcome", "welcome")]
    for m in modules:
        slides += [m, *news]
    return slides if modules else slides + news


def position(tick: int, count: int) -> tuple[int, int]:
    """(slide, language) indices shown at `tick`: both change at every tick, and over
    `5 × count` ticks every slide is shown in every language."""
    count = max(1, count)
    n = len(LANGUAGES)
    period = count * n // math.gcd(count, n)
    return tick % count, (tick + tick // period) % n
