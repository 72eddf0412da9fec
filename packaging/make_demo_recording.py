"""Write the shipped demonstration recording (media/recordings/demo-juillet-2027/).

Eight July days for every site of the three territories, written as the providers publish
them — AtmoSud API JSON (`{"mesures": […]}`, one payload per station and pollutant) for the
reference stations, the project feed's JSON for the demonstration sites — so a rehearsal
replays them through the same parsers as real data. The numbers are not measurements: they
come from the kiosk's demonstration model (kiosk.core.sensors.demo, a plausible Provençal
summer with rush hours and sea breeze), with two episodes laid over it:

- 15 July 2027, 12:00-18:00 in Provence: an ozone afternoon at the reference stations
  (200-218 µg/m³, above the 180 information threshold, under the 240 alert);
- 17 July 14:00 to 21 July: a heat wave (nights about 26 °C, days about 37 °C), so on the
  night of 20 to 21 July the three-day means pass the Bouches-du-Rhône (24 / 35 °C) and
  Alpes-Maritimes (24 / 31 °C) thresholds.

Run: .venv/bin/python packaging/make_demo_recording.py  (deterministic: same bytes each run)
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.core.rehearsal.recording import FORMAT, MANIFEST  # noqa: E402
from kiosk.core.sensors import demo  # noqa: E402
from kiosk.core.sensors.territory import load  # noqa: E402
from kiosk.core.sensors.views import demo_stations  # noqa: E402

OUT = ROOT / "media" / "recordings" / "demo-juillet-2027"
END = dt.datetime(2027, 7, 21, 6, tzinfo=dt.UTC)  # 08:00 in Provence
DAYS = 8
PARIS = ZoneInfo("Europe/Paris")
CREATED = "2026-12-02T00:00:00Z"
POLLUTANTS = {"o3": ("08", "O3"), "no2": ("03", "NO2"), "pm10": ("24", "PM10"),
              "pm25": ("39", "PM2.5")}
PROJECT = (("temperature", "°C"), ("humidity", "%"), ("pm10", "µg/m³"), ("pm25", "µg/m³"))
OZONE_DAY = dt.date(2027, 7, 15)
HEAT_FROM = dt.datetime(2027, 7, 17, 12, tzinfo=dt.UTC)


def iso(t: float) -> str:
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def overlay(quantity: str, t: float, value: float, *, micro: bool) -> float:
    local = dt.datetime.fromtimestamp(t, PARIS)
    wave = math.sin((local.hour - 9) / 24 * 2 * math.pi)  # peak mid-afternoon
    if quantity == "o3" and local.date() == OZONE_DAY and 12 <= local.hour <= 17:
        return 200.0 + 18.0 * max(0.0, wave)
    if quantity == "temperature" and t >= HEAT_FROM.timestamp():
        island = 1.2 if micro and (local.hour >= 21 or local.hour <= 6) else 0.0
        return 31.5 + 5.5 * wave + island
    if quantity == "humidity" and t >= HEAT_FROM.timestamp():
        return max(20.0, value - 15.0)
    return value


def main() -> int:
    catalog = load(ROOT / "media" / "sites")
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "sensors").mkdir(parents=True)
    entries = []

    def add(provider: str, station: str, url: str, payload: dict) -> None:
        rel = f"sensors/{len(entries) + 1:04d}.json"
        (OUT / rel).write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
                               "utf-8")
        entries.append({"provider": provider, "station": station, "url": url,
                        "fetched_at": iso(END.timestamp()), "file": rel})

    for territory in ("AMP", "NCA", "TPM"):
        sites = catalog.in_territory(territory)
        data = demo.generate(demo_stations(catalog, sites), END, days=DAYS, micro_step=3600)
        for site in sites:
            for sensor in site.sensors:
                if sensor.provider == "atmosud":
                    for q in sensor.quantities:
                        if q not in POLLUTANTS:
                            continue
                        s = data.get(sensor.key, q)
                        if s is None:
                            continue
                        pid, label = POLLUTANTS[q]
                        rows = [{"id_station": sensor.station, "nom_station": site.name,
                                 "date_debut": iso(t), "valeur": round(
                                     overlay(q, t, v, micro=False), 1), "unite": "µg/m3",
                                 "label_polluant": label, "polluant_id": pid,
                                 "validation": "validée", "temporalite": "horaire"}
                                for t, v in zip(s.t.tolist(), s.v.tolist(), strict=True)
                                if not math.isnan(v)]
                        add("atmosud", sensor.station,
                            "https://api.atmosud.org/observations/stations/mesures?"
                            f"station_id={sensor.station}&nom_polluant={q}", {"mesures": rows})
                elif sensor.provider == "project":
                    obs = []
                    for q, unit in PROJECT:
                        s = data.get(sensor.key, q)
                        if s is None:
                            continue
                        for t, v in zip(s.t.tolist(), s.v.tolist(), strict=True):
                            if not math.isnan(v):
                                obs.append({"time": iso(t), "quantity": q, "unit": unit,
                                            "value": round(overlay(q, t, v, micro=True), 1),
                                            "quality": "valid"})
                    add("project", sensor.station,
                        f"project-feed/sites/{sensor.station}/observations",
                        {"site": sensor.station, "observations": obs})
    manifest = {"format": FORMAT, "created": CREATED, "territory": "",
                "note": "Demonstration recording (not measurements): eight July days with an "
                        "ozone afternoon (15 July 2027) and a heat wave (nights of 18-21 July); "
                        "written by packaging/make_demo_recording.py.",
                "sensors": entries, "agenda": []}
    (OUT / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n",
                                "utf-8")
    size = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(json.dumps({"path": str(OUT), "payloads": len(entries), "bytes": size}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
