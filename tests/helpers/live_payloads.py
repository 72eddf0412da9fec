"""Real-shaped answers of each sensor provider, dated from a given newest hour.

The shapes are those of the providers' public APIs as the recorded payloads show them
(/work/shared/fixtures/real, DATA-FORMATS.md), written here afresh, re-dated so that the
newest value is `newest` (now for a fresh feed, six hours ago for a stale one). Each builder
returns the routes to serve: {path: body}. `SITES` is a sites bundle with one site per
provider, near the AMP parking point, so that each provider's site is alone on screen.
"""

from __future__ import annotations

import datetime as dt
import json

from kiosk.core.settings import TERRITORIES

UTC = dt.UTC
PARIS = dt.timezone(dt.timedelta(hours=1))  # winter: the Microspot export writes +01:00
HOURS = 24

# provider -> (site id, station, extra sensor keys, kind, setting table, api key)
PROVIDERS = {
    "atmosud": ("e2e-atmosud", "FR03043", {"quantities": ["pm25", "no2"]}, "reference",
                "atmosud", ""),
    "microspot": ("e2e-microspot", "1488", {}, "demo", "microspot", "test-bearer"),
    "sensor.community": ("e2e-sc", "3121", {"sensor_ids": ["5331", "5332"]}, "demo",
                         "sensor_community", ""),
    "openaq": ("e2e-openaq", "2178", {"quantities": ["pm25", "no2"]}, "reference", "openaq",
               "test-key"),
    "project": ("e2e-project", "amp-e2e", {}, "demo", "project", ""),
}


def sites_toml(provider: str) -> str:
    """A sites bundle holding only this provider's site, at the AMP parking point."""
    site, station, extra, kind, _setting, _key = PROVIDERS[provider]
    amp = TERRITORIES["AMP"]
    fields = [f'provider = "{provider}"', f'station = "{station}"']
    fields += [f"{k} = {json.dumps(v)}" for k, v in extra.items()]
    return ("format = 1\n\n[[site]]\n"
            f'id = "{site}"\nterritory = "AMP"\nname = "Site de test {provider}"\n'
            f'kind = "{kind}"\nlatitude = {amp.latitude}\nlongitude = {amp.longitude}\n'
            f"sensors = [{{ {', '.join(fields)} }}]\n")


def hours(newest: dt.datetime, n: int = HOURS) -> list[dt.datetime]:
    top = newest.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return [top - dt.timedelta(hours=i) for i in reversed(range(n))]


def pm25(i: int) -> float:
    return round(8.0 + (i % 6) * 1.5, 1)


def atmosud(newest: dt.datetime) -> dict[str, bytes]:
    # /observations/stations/mesures, one call per pollutant: both answers in one body (the
    # parser keeps what it is given; the sync asks per quantity).
    rows = []
    for i, t in enumerate(hours(newest)):
        rows.append({"id_station": "FR03043", "nom_station": "MARSEILLE 5 AVENUES",
                     "date_debut": t.isoformat().replace("+00:00", "Z"), "valeur": pm25(i),
                     "unite": "µg/m3", "label_polluant": "PM2.5", "polluant_id": "39",
                     "validation": "non validée", "temporalite": "horaire",
                     "lat": 43.305287, "lon": 5.394716})
        rows.append({"id_station": "FR03043", "nom_station": "MARSEILLE 5 AVENUES",
                     "date_debut": t.isoformat().replace("+00:00", "Z"),
                     "valeur": 30.0 + i % 5, "unite": "µg/m3", "label_polluant": "NO2",
                     "polluant_id": "03", "validation": "non validée",
                     "temporalite": "horaire", "lat": 43.305287, "lon": 5.394716})
    return {"/observations/stations/mesures": json.dumps({"mesures": rows}).encode()}


def microspot(newest: dt.datetime) -> dict[str, bytes]:
    obs = []
    for i, t in enumerate(hours(newest)):
        local = t.astimezone(PARIS).isoformat()
        for code, unit, value in (("39", "µg/m3", pm25(i)), ("24", "µg/m3", pm25(i) + 6),
                                  ("54", "°C", 11.0 + i % 4), ("58", "%", 70 + i % 9)):
            obs.append({"statusCode": "A", "trustPercentage": 90, "valueRaw": value,
                        "happenedAt": local, "unit": unit, "manuallyValidated": False,
                        "isoCode": code, "updatedAt": t.strftime("%Y-%m-%d %H:%M:%S")})
    device = [{"id": 1488, "uid": "C19D42", "model": {"name": "PMo", "isDrone": False},
               "scanInterval": 900, "location": "Test FR03043",
               "datastreams": [{"id": 1279, "campaign": {"name": "Microcapteurs test"},
                                "location": {"id": 67, "name": "Test FR03043",
                                             "position": ["43.2965", "5.3698"]},
                                "isDraft": False, "observations": obs}]}]
    return {"/export-api/observations": json.dumps(device).encode()}


def sensor_community(newest: dt.datetime) -> dict[str, bytes]:
    stamp = newest.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")  # UTC, no zone marker
    loc = {"id": 3121, "latitude": "43.2965", "longitude": "5.3698", "altitude": "20.0",
           "country": "FR", "exact_location": 0, "indoor": 0}

    def record(rid, sid, kind, values):
        return [{"id": rid, "sampling_rate": None, "timestamp": stamp, "location": loc,
                 "sensor": {"id": sid, "pin": "1",
                            "sensor_type": {"id": 14, "name": kind, "manufacturer": "x"}},
                 "sensordatavalues": [{"id": rid * 10 + k, "value": v, "value_type": t}
                                      for k, (t, v) in enumerate(values)]}]

    return {
        "/airrohr/v1/sensor/5331/": json.dumps(record(1, 5331, "SDS011", [
            ("P1", "14.70"), ("P2", "9.10")])).encode(),
        "/airrohr/v1/sensor/5332/": json.dumps(record(2, 5332, "DHT22", [
            ("temperature", "12.40"), ("humidity", "71.00")])).encode(),
    }


def openaq(newest: dt.datetime) -> dict[str, bytes]:
    sensors = {"results": [
        {"id": 7771, "name": "pm25 µg/m³", "parameter": {"id": 2, "name": "pm25",
                                                        "units": "µg/m³",
                                                        "displayName": "PM2.5"}},
        {"id": 7772, "name": "no2 ppm", "parameter": {"id": 7, "name": "no2", "units": "ppm",
                                                     "displayName": "NO₂"}}]}

    def hours_body(name, units, value_of):
        results = []
        for i, t in enumerate(hours(newest)):
            results.append({
                "period": {"label": "1hour", "interval": "01:00:00",
                           "datetimeFrom": {"utc": t.isoformat(),
                                            "local": t.astimezone(PARIS).isoformat()},
                           "datetimeTo": {"utc": (t + dt.timedelta(hours=1)).isoformat(),
                                          "local": (t + dt.timedelta(hours=1)).astimezone(
                                              PARIS).isoformat()}},
                "value": value_of(i), "flagInfo": {"hasFlags": False},
                "parameter": {"id": 2, "name": name, "units": units, "displayName": None},
                "coordinates": None, "summary": None,
                "coverage": {"expectedCount": 1, "observedCount": 1, "percentComplete": 100}})
        return json.dumps({"meta": {"name": "openaq-api", "page": 1, "limit": 1000,
                                    "found": len(results)}, "results": results}).encode()

    return {"/v3/locations/2178/sensors": json.dumps(sensors).encode(),
            "/v3/sensors/7771/hours": hours_body("pm25", "µg/m³", pm25),
            "/v3/sensors/7772/hours": hours_body("no2", "ppm", lambda i: 0.016 + i % 3 / 1000)}


def project(newest: dt.datetime, site: str = "amp-e2e", offset: float = 0.0
            ) -> dict[str, bytes]:
    rows = []
    for i, t in enumerate(hours(newest)):
        stamp = t.isoformat().replace("+00:00", "Z")
        value = round(pm25(i) + offset, 1)
        rows.append({"time": stamp, "quantity": "pm25", "value": value, "raw": value + 4,
                     "unit": "µg/m³", "quality": "corrected", "period": 3600})
        rows.append({"time": stamp, "quantity": "temperature", "value": 12.0 + i % 3 + offset,
                     "unit": "°C", "quality": "valid", "period": 3600})
    return {f"/feed/sites/{site}/observations":
            json.dumps({"site": site, "observations": rows}).encode()}


BUILDERS = {"atmosud": atmosud, "microspot": microspot, "sensor.community": sensor_community,
            "openaq": openaq, "project": project}


def base_url(provider: str, server_url) -> str:
    """The `sensors.providers.<p>.url` that points the provider at the local server."""
    return {"atmosud": server_url(""), "microspot": server_url("/export-api/observations"),
            "sensor.community": server_url(""), "openaq": server_url("/v3"),
            "project": server_url("/feed")}[provider]
