"""Renders the live-data screen on real-shaped feeds served from 127.0.0.1 (issue 12):

    docs/screenshots/live-data-fresh-fr.png   the last complete hour, from every source
    docs/screenshots/live-data-6h-fr.png      the same feeds, six hours old
    docs/screenshots/live-data-never-fr.png   nothing ever received: demonstration, labelled

The shipped AMP sites are synced with `kiosk sync` from a local server answering as the
project feed and AtmoSud's API do (tests/helpers/live_payloads.py), then `kiosk screenshot
--screen sensors` renders them, as an operator would. Run from the repository:
    .venv/bin/python packaging/make_live_screenshots.py
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.core import settings as settings_mod  # noqa: E402
from kiosk.core.sensors import territory  # noqa: E402
from kiosk.core.settings import TERRITORIES  # noqa: E402
from tests.helpers import live_payloads as lp  # noqa: E402
from tests.helpers.http_server import LocalServer  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def kiosk(*args: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "QT_LOGGING_RULES": "qt.multimedia*=false"}
    r = subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                       env=env, cwd=ROOT, timeout=300)
    if r.returncode not in (0, 1):
        sys.exit(f"kiosk {args[0]} failed: {r.stderr}")


def scene(data: Path, server: LocalServer | None, ago: dt.timedelta | None) -> None:
    data.mkdir()
    s = {"kiosk": {"territory": "AMP"}}
    if server is not None:
        s["sensors"] = {"providers": {"project": {"url": server.url("/feed")},
                                      "atmosud": {"url": server.url("")}}}
    settings_mod.save(settings_mod.from_dict(s), data / "settings.toml")
    if server is None or ago is None:
        return
    newest = dt.datetime.now(dt.UTC) - ago
    server.route("/observations/stations/mesures",
                 body=lp.atmosud(newest)["/observations/stations/mesures"])
    catalog = territory.load(ROOT / "media" / "sites", TERRITORIES)
    for i, site in enumerate(s for s in catalog.sites.values() if not s.is_reference):
        for ref in site.sensors:
            if ref.provider == "project":
                for path, body in lp.project(newest, ref.station, offset=3.0 * i).items():
                    server.route(path, body=body)
    kiosk("sync", "--only", "sensors", "--data-dir", str(data))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = LocalServer()
        try:
            for name, ago in (("fresh", dt.timedelta(hours=1)), ("6h", dt.timedelta(hours=6)),
                              ("never", None)):
                data = Path(tmp) / name
                scene(data, server if ago is not None else None, ago)
                out = OUT / f"live-data-{name}-fr.png"
                kiosk("screenshot", str(out), "--screen", "sensors", "--lang", "fr",
                      "--data-dir", str(data))
                print(out)
        finally:
            server.close()


if __name__ == "__main__":
    main()
