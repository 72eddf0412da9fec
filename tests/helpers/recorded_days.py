"""Recordings of whole days, shaped as the providers return them, for the episode tests.

`write_recording(folder, end, profile)` writes a recording folder (kiosk.core.rehearsal.
recording) holding, for every site of a territory in the shipped sites.toml, the four days
before `end`: AtmoSud API JSON (`{"mesures": […]}`) for the reference stations, the project
feed's JSON for the demonstration sites. Replayed, they go through the same parsers as a
real sync. Profiles:

- "ordinary": a July day well under every threshold;
- "ozone": the same, with a summer-afternoon ozone peak of 200-215 µg/m³ on the last day at
  the reference stations (information threshold 180, alert 240);
- "heat": three days and nights of a heat wave (minima about 26 °C, maxima about 37 °C,
  above Bouches-du-Rhône's 24 / 35);
- "winter": a January week with wood-burning particles under the thresholds.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import tomllib
from pathlib import Path

from kiosk.core.paths import app_root
from kiosk.core.rehearsal.recording import Writer

POLLUTANT_IDS = {"o3": ("08", "O3"), "no2": ("03", "NO2"), "pm10": ("24", "PM10"),
                 "pm25": ("39", "PM2.5")}


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def value(profile: str, quantity: str, t: dt.datetime, end: dt.datetime) -> float:
    """A plausible hourly value (the hour starting at `t`, UTC)."""
    h = (t.hour + 2) % 24  # local summer time in Provence
    day_wave = math.sin((h - 9) / 24 * 2 * math.pi)  # peak mid-afternoon
    last_day = end - t <= dt.timedelta(hours=24)
    if quantity == "temperature":
        if profile == "heat":
            return 31.5 + 5.5 * day_wave  # 26 … 37 °C
        if profile == "winter":
            return 8.0 + 5.0 * day_wave
        return 26.0 + 5.0 * day_wave  # 21 … 31 °C
    if quantity == "humidity":
        return 55.0 - 15.0 * day_wave
    if quantity == "o3":
        base = 30.0 if profile == "winter" else 80.0 + 40.0 * max(0.0, day_wave)
        if profile == "ozone" and last_day and 11 <= h <= 17:
            return 200.0 + 15.0 * day_wave
        return base
    if quantity == "no2":
        rush = 25.0 if h in (7, 8, 9, 18, 19, 20) else 0.0
        return 22.0 + rush
    if quantity == "pm10":
        return 38.0 if profile == "winter" and (h >= 18 or h <= 8) else 21.0
    if quantity == "pm25":
        return 26.0 if profile == "winter" and (h >= 18 or h <= 8) else 11.0
    raise ValueError(quantity)


def _hours(end: dt.datetime, days: int):
    start = end - dt.timedelta(days=days)
    t = start
    while t < end:
        yield t
        t += dt.timedelta(hours=1)


def atmosud_payload(station: str, name: str, quantities, profile: str, end: dt.datetime,
                    days: int) -> bytes:
    rows = []
    for q in quantities:
        if q not in POLLUTANT_IDS:
            continue
        pid, label = POLLUTANT_IDS[q]
        for t in _hours(end, days):
            rows.append({"id_station": station, "nom_station": name, "date_debut": _iso(t),
                         "valeur": round(value(profile, q, t, end), 1), "unite": "µg/m3",
                         "label_polluant": label, "polluant_id": pid, "validation": "validée",
                         "temporalite": "horaire"})
    return json.dumps({"mesures": rows}, ensure_ascii=False).encode()


def project_payload(site: str, profile: str, end: dt.datetime, days: int,
                    quality: str = "valid") -> bytes:
    obs = []
    for t in _hours(end, days):
        for q, unit in (("temperature", "°C"), ("humidity", "%"), ("pm10", "µg/m³"),
                        ("pm25", "µg/m³")):
            obs.append({"time": _iso(t), "quantity": q, "unit": unit, "quality": quality,
                        "value": round(value(profile, q, t, end), 1)})
    return json.dumps({"site": site, "observations": obs}, ensure_ascii=False).encode()


def write_recording(folder: Path, end: dt.datetime, profile: str, *, territory: str = "AMP",
                    days: int = 4) -> Path:
    sites = tomllib.loads((app_root() / "media" / "sites" / "sites.toml").read_text("utf-8"))
    w = Writer(folder, territory=territory, note=f"test recording: {profile}")
    for site in sites["site"]:
        if site["territory"] != territory:
            continue
        for sensor in site.get("sensors", []):
            provider, station = sensor["provider"], sensor["station"]
            if provider == "atmosud":
                body = atmosud_payload(station, site["name"], sensor.get("quantities", ()),
                                       profile, end, days)
            elif provider == "project":
                body = project_payload(station, profile, end, days)
            else:
                continue
            w.add("sensors", f"{provider}:{station}", f"recorded://{provider}/{station}",
                  body, "json")
    return folder
