"""Three simulated kiosks with scripted visits push to a real nginx on 127.0.0.1; the report
read from that collection URL gives exactly the figures the script says, in HTML and PDF."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from kiosk import cli
from kiosk.core import settings as settings_mod
from kiosk.core.fleet import labels
from tests.helpers import fleet

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture
def collected(tmp_path, nginx_dav, capsys):
    """The three kiosks' journals, pushed by `kiosk journal push` to nginx."""
    for data in fleet.build(tmp_path / "kiosks"):
        s = settings_mod.default_settings()
        s.collect.url = nginx_dav.url("/fleet/")
        settings_mod.save(s, data / "settings.toml")
        assert cli.main(["journal", "push", "--data-dir", str(data)]) == 0
        line = json.loads(capsys.readouterr().out)
        assert line["ok"], line
        assert line["exported"] == fleet.DAYS
    return nginx_dav


def _report(source, out, capsys, *extra):
    code = cli.main(["fleet", "report", str(source), str(out), *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_every_figure_matches_the_scripted_visits(collected, tmp_path, capsys):
    html = tmp_path / "report.html"
    line = _report(collected.url("/fleet/"), html, capsys, "--json", str(tmp_path / "f.json"))
    assert line["kiosks"] == 3
    assert line["files"] == 3 * fleet.DAYS
    figs = json.loads((tmp_path / "f.json").read_text())
    want = fleet.expected()
    for key, value in want.items():
        assert figs[key] == value, key
    assert figs["period"] == {"first": "2026-11-16", "last": "2026-11-19"}
    assert figs["episodes_recorded"] is True
    assert figs["totals"]["episodes_promoted"] > figs["totals"]["episodes_followed"] > 0
    assert figs["schema_versions"] == [1]
    # Fleet health: one line per kiosk, from the health report each one pushed.
    assert [h["kiosk"] for h in figs["health"]] == sorted(fleet.SCRIPT)
    for h in figs["health"]:
        assert h["app_version"]
        assert h["last_contact"].endswith("Z")
        assert h["disk_total_bytes"] > 0
        assert h["last_day"] == "2026-11-19"
    # The HTML says the same figures, French formats.
    text = html.read_text("utf-8")
    t = want["totals"]
    assert "<h2>Chiffres clés</h2>" in text
    assert f"<td class=\"n\">{t['visits']}</td>" in text
    assert labels.duration(t["median_visit_seconds"], "fr") in text
    assert labels.number(t["feedback_mean"], "fr", 2) in text
    for code in want["territories"]:
        assert f"Territoire : {code}" in text
    assert f'<td>Épisodes suivis</td><td class="n">{t["episodes_followed"]}</td>' in text
    assert text.count("data:image/png;base64,") == 7


def test_the_pdf_in_english_and_a_folder_source(collected, tmp_path, capsys):
    pdftotext = shutil.which("pdftotext")
    # The collection's own folder gives the same figures as its URL.
    line = _report(collected.root / "fleet", tmp_path / "report.pdf", capsys, "--lang", "en",
                   "--json", str(tmp_path / "f.json"))
    figs = json.loads((tmp_path / "f.json").read_text())
    assert figs["totals"] == fleet.expected()["totals"]
    assert line["pages"] == 5 + (len(figs["territories"]) + 1) // 2 + 1
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text is not read")
    text = subprocess.run([pdftotext, "-layout", str(tmp_path / "report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    t = figs["totals"]
    assert "Key figures" in text
    assert "Fleet health" in text
    assert f"Visits {t['visits']}" in " ".join(text.split())
    assert labels.duration(t["median_visit_seconds"], "en") in text
    for kiosk in fleet.SCRIPT:
        assert kiosk in text


def test_a_source_without_journal_files(tmp_path, capsys):
    assert cli.main(["fleet", "report", str(tmp_path), str(tmp_path / "r.html")]) == 3
    assert "no journal file" in capsys.readouterr().err
    assert cli.main(["fleet", "report", str(tmp_path), str(tmp_path / "r.txt")]) == 2


def test_the_sample_report_of_the_docs_is_the_scripted_fleet():
    """docs/fleet-report/ is made by `python -m tests.helpers.fleet docs/fleet-report`."""
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "fleet-report"
    figs = json.loads((docs / "figures.json").read_text())
    for key, value in fleet.expected().items():
        assert figs[key] == value, key
    pages = 5 + (len(figs["territories"]) + 1) // 2 + 1
    for lang in ("fr", "en"):
        assert len(list(docs.glob(f"page-{lang}-*.png"))) == pages


def test_the_documented_duckdb_query_reads_the_same_files(collected, monkeypatch):
    """docs/fleet.md's SQL example, run as written on the collection's folder."""
    import re
    from pathlib import Path

    import duckdb

    doc = (Path(__file__).resolve().parents[2] / "docs" / "fleet.md").read_text("utf-8")
    sql = re.search(r"```sql\n(.*?)```", doc, re.S).group(1)
    monkeypatch.chdir(collected.root)
    rows = duckdb.connect().execute(sql).fetchall()
    want = fleet.expected()["visits_per_territory"]
    assert rows == [(r["territory"], 2026, r["visits"]) for r in want]


def test_credentials_in_a_source_url_never_reach_the_report():
    from kiosk.core.fleet.source import public

    assert public("https://report:s3cret@collect.example.org:8443/fleet/") == \
        "https://collect.example.org:8443/fleet/"
    assert public("http://127.0.0.1:8080/fleet/") == "http://127.0.0.1:8080/fleet/"


def test_a_report_from_a_bucket_with_each_kiosks_health(tmp_path, s3_server, monkeypatch,
                                                        capsys):
    import boto3

    from kiosk.core.content import usb
    from kiosk.core.health.problems import Problem
    from kiosk.core.journal import push
    from kiosk.core.journal.targets import S3Target
    from kiosk.core.paths import Paths, resolve
    from kiosk.core.settings import CollectSection

    for name, value in (("AWS_ACCESS_KEY_ID", "REPORT"), ("AWS_SECRET_ACCESS_KEY", "secret"),
                        ("AWS_DEFAULT_REGION", "eu-west-3")):
        monkeypatch.setenv(name, value)
    boto3.session.Session().client("s3", endpoint_url=s3_server).create_bucket(
        Bucket="fleet", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    c = CollectSection(s3_endpoint=s3_server, s3_bucket="fleet", s3_prefix="nature",
                       s3_region="eu-west-3", s3_access_key="KIOSK", s3_secret_key="k")
    problems = [Problem(1.0, "video", "canopee", "cannot start: no decoder"),
                Problem(0.5, "agenda", "feed", "HTTP 503")]
    for n, data in enumerate(fleet.build(tmp_path / "kiosks")):
        health = usb.health_report(Paths(data, data), [], problems[:n], 1.8e9)
        r = push.push(resolve(data), S3Target(c), health=health,
                      sleep=lambda s: None)
        assert r.ok, r.error
    _report("s3://fleet/nature/", tmp_path / "r.html", capsys, "--s3-endpoint", s3_server,
            "--json", str(tmp_path / "f.json"))
    figs = json.loads((tmp_path / "f.json").read_text())
    want = fleet.expected()
    assert figs["totals"] == want["totals"]
    assert figs["visits_per_kiosk"] == want["visits_per_kiosk"]
    assert [h["problems"] for h in figs["health"]] == [0, 1, 2]
    assert figs["health"][2]["last_problem"] == "video canopee: cannot start: no decoder"
    assert {h["last_contact"] for h in figs["health"]} == {"2027-01-15T08:00:00Z"}
    assert "video canopee: cannot start: no decoder" in (tmp_path / "r.html").read_text()
