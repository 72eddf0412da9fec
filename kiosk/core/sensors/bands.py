"""Air-quality index bands: the French ATMO index (2021) and the European Air Quality Index.

Each table is versioned; the legend on screen shows `name` and `version`, and a table is never
edited in place: a new official version is a new `BandTable` next to the old one.

Sources (thresholds in µg/m³; a value at a threshold belongs to the lower band, as in the
official tables where e.g. PM2.5 "bon" is 0–10 and "moyen" starts above 10):

* ATMO 2021 — arrêté du 10 juillet 2020 relatif à l'indice de la qualité de l'air ambiant,
  in force on 1 January 2021, and the "Notice technique et détaillée de l'indice ATMO" of
  Atmo France. Six levels from "bon" to "extrêmement mauvais"; PM are daily means, NO2, O3
  and SO2 daily maxima of hourly means.
  Colours are the notice's RGB values (same hex codes in Atmo France's API field coul_qual).
* EAQI 2017 — European Environment Agency, European Air Quality Index as launched in
  November 2017 (https://airindex.eea.europa.eu, "About the index"): NO2, O3, SO2 hourly,
  PM 24-hour running means. ATMO 2021 adopted these same thresholds.
* EAQI 2024 — the EEA's revision of the index aligned on the 2021 WHO air-quality guidelines
  (same page after the revision); the same thresholds are in AtmoSud's OpenAirMap code. Its
  averaging periods are taken to be those of 2017 (not re-checked for the revision).

Applying a daily index to the latest hourly value is an indication, not the official index:
the screen says so in its "pourquoi cette couleur ?" explainer.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.i18n import N_


@dataclass(frozen=True)
class Level:
    rank: int  # 1 = best
    label: str  # French msgid (N_), translated when shown
    colour: str  # "#RRGGBB"


@dataclass(frozen=True)
class BandTable:
    id: str
    name: str  # msgid
    version: str
    source: str  # the official text, cited on screen in the explainer
    levels: tuple[Level, ...]
    # pollutant → upper bounds of levels 1..n-1 (the last level is open-ended)
    thresholds: dict[str, tuple[float, ...]]
    averaging: dict[str, str]  # pollutant → msgid of its averaging period

    def level(self, quantity: str, value: float | None) -> Level | None:
        """The level of a value, or None when this table does not rate the quantity."""
        bounds = self.thresholds.get(quantity)
        if bounds is None or value is None or value != value:  # NaN
            return None
        for i, upper in enumerate(bounds):
            if value <= upper:
                return self.levels[i]
        return self.levels[len(bounds)]

    def ranges(self, quantity: str) -> list[tuple[Level, float, float | None]]:
        """(level, lower, upper) for a legend; upper None for the last, open band."""
        bounds = self.thresholds.get(quantity, ())
        out: list[tuple[Level, float, float | None]] = []
        lower = 0.0
        for i, level in enumerate(self.levels[: len(bounds) + 1]):
            upper = bounds[i] if i < len(bounds) else None
            out.append((level, lower, upper))
            if upper is not None:
                lower = upper
        return out

    @property
    def legend_title(self) -> str:
        return f"{self.name} {self.version}"


_DAILY_MEAN = N_("moyenne journalière")
_DAILY_MAX_HOURLY = N_("maximum horaire du jour")
_HOURLY = N_("moyenne horaire")
_RUNNING_24H = N_("moyenne glissante sur 24 h")

ATMO_2021 = BandTable(
    id="atmo",
    name=N_("Indice ATMO"),
    version="2021",
    source="Arrêté du 10 juillet 2020 relatif à l'indice de la qualité de l'air ambiant ; "
           "notice technique de l'indice ATMO, Atmo France",
    levels=(
        Level(1, N_("bon"), "#50F0E6"),
        Level(2, N_("moyen"), "#50CCAA"),
        Level(3, N_("dégradé"), "#F0E641"),
        Level(4, N_("mauvais"), "#FF5050"),
        Level(5, N_("très mauvais"), "#960032"),
        Level(6, N_("extrêmement mauvais"), "#872181"),
    ),
    thresholds={
        "pm25": (10, 20, 25, 50, 75),
        "pm10": (20, 40, 50, 100, 150),
        "no2": (40, 90, 120, 230, 340),
        "o3": (50, 100, 130, 240, 380),
        "so2": (100, 200, 350, 500, 750),
    },
    averaging={"pm25": _DAILY_MEAN, "pm10": _DAILY_MEAN, "no2": _DAILY_MAX_HOURLY,
               "o3": _DAILY_MAX_HOURLY, "so2": _DAILY_MAX_HOURLY},
)

_EAQI_LEVELS = (
    Level(1, N_("bon"), "#50F0E6"),
    Level(2, N_("correct"), "#50CCAA"),
    Level(3, N_("modéré"), "#F0E641"),
    Level(4, N_("médiocre"), "#FF5050"),
    Level(5, N_("très médiocre"), "#960032"),
    Level(6, N_("extrêmement médiocre"), "#7D2181"),
)
_EAQI_AVERAGING = {"pm25": _RUNNING_24H, "pm10": _RUNNING_24H, "no2": _HOURLY, "o3": _HOURLY,
                   "so2": _HOURLY}

EAQI_2017 = BandTable(
    id="eaqi",
    name=N_("Indice européen de la qualité de l'air"),
    version="2017",
    source="European Environment Agency, European Air Quality Index (2017), "
           "airindex.eea.europa.eu",
    levels=_EAQI_LEVELS,
    thresholds={
        "pm25": (10, 20, 25, 50, 75),
        "pm10": (20, 40, 50, 100, 150),
        "no2": (40, 90, 120, 230, 340),
        "o3": (50, 100, 130, 240, 380),
        "so2": (100, 200, 350, 500, 750),
    },
    averaging=_EAQI_AVERAGING,
)

EAQI_2024 = BandTable(
    id="eaqi",
    name=N_("Indice européen de la qualité de l'air"),
    version="2024",
    source="European Environment Agency, European Air Quality Index revised on the 2021 WHO "
           "air quality guidelines, airindex.eea.europa.eu",
    levels=_EAQI_LEVELS,
    thresholds={
        "pm25": (5, 15, 50, 90, 140),
        "pm10": (15, 45, 120, 195, 270),
        "no2": (10, 25, 60, 100, 150),
        "o3": (60, 100, 120, 160, 180),
        "so2": (20, 40, 125, 190, 275),
    },
    averaging=_EAQI_AVERAGING,
)

# The tables the screens use today; older versions stay importable for the record.
CURRENT = (ATMO_2021, EAQI_2024)
RATED = tuple(sorted(ATMO_2021.thresholds))


def rate(quantity: str, value: float | None) -> dict[str, Level | None]:
    """The level of a value in each current table, keyed by table id."""
    return {table.id: table.level(quantity, value) for table in CURRENT}
