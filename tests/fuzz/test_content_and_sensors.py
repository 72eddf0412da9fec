"""Fuzzing of the outside inputs test_parsers.py leaves: the sync index, module files and
every sensor provider's payloads. Each has one documented outcome for anything it is given:
a value, or its rejection naming why — never another exception."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.content.sync import parse_index
from kiosk.core.exhibits.modules import load_module
from kiosk.core.sensors import providers
from kiosk.core.sensors.tables import InputRejected

ROOT = Path(__file__).resolve().parents[2]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                    st.floats(allow_nan=True), st.text(max_size=12))
JSONISH = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
TOMLISH = st.recursive(
    st.one_of(st.booleans(), st.integers(-2**63, 2**63 - 1), st.floats(), st.text(max_size=12)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)

ENTRY_KEYS = ("id", "version", "kind", "file", "sha256", "size", "supersedes")
ENTRY_VALUES = {"id": st.sampled_from(["demo", "", "a/b"]), "version": st.just("1.2.0"),
                "kind": st.sampled_from(["exhibits", "videos", "agenda", "sites", "apps", ""]),
                "file": st.sampled_from(["demo-1.2.0.zip", "../x.zip", "/etc/passwd", "a\0b"]),
                "sha256": st.sampled_from(["0" * 64, "z" * 64, ""]),
                "size": st.one_of(st.integers(-5, 10**12), st.booleans(), st.text(max_size=3)),
                "supersedes": st.one_of(st.lists(st.text(max_size=5), max_size=2), SCALARS)}


@st.composite
def indexes(draw) -> bytes:
    entries = []
    for _ in range(draw(st.integers(0, 3))):
        keys = draw(st.lists(st.sampled_from(ENTRY_KEYS), unique=True))
        entry = {k: draw(ENTRY_VALUES[k]) for k in keys}
        entries.append(draw(st.one_of(st.just(entry), JSONISH)))
    top = {"format": draw(st.sampled_from([1, 2, "1", None])), "bundles": entries}
    return json.dumps(draw(st.one_of(st.just(top), JSONISH))).encode()


@given(st.one_of(indexes(), st.binary(max_size=200)))
def test_a_sync_index_is_entries_or_a_value_error(raw):
    try:
        entries = parse_index(raw, max_bytes=10**9)
    except ValueError as e:
        message = str(e)
    else:
        message = "index.json"
        assert all(isinstance(e["sha256"], str) for e in entries)
    assert message.startswith("index.json")


SHIPPED = tomllib.loads((ROOT / "exhibits" / "heat-island" / "module.toml").read_text())


@st.composite
def modules(draw) -> str:
    """The shipped module with some of its values (top level or a page's) replaced."""
    data = json.loads(json.dumps(SHIPPED))
    for _ in range(draw(st.integers(1, 4))):
        pages = data.get("pages")
        target = data
        if isinstance(pages, list) and pages and draw(st.booleans()):
            page = pages[draw(st.integers(0, len(pages) - 1))]
            target = page if isinstance(page, dict) else data
        key = draw(st.sampled_from(sorted(target) + ["extra"]))
        if draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = draw(TOMLISH)
    return tomli_w.dumps(data)


@given(st.one_of(modules(), st.text(max_size=200)))
def test_a_module_file_is_a_module_or_named_issues(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("m") / "heat-island"
    folder.mkdir()
    (folder / "module.toml").write_text(text, encoding="utf-8")
    module, issues = load_module(folder)
    if module is None:
        assert any(i.kind == "error" for i in issues)
    else:
        assert module.pages


CSV_CELLS = st.sampled_from(["", "n/d", "-", "NaN", "12,5", "12.5", "-3", "1000", "24",
                             "2026-12-02 14:00:00", "2026-12-02T14:00:00+01:00", "NO2",
                             "O3", "PM2.5", "µg/m³", "ug.m-3", "FR02004", "1", "0", "-1",
                             "\"a;b\"", "Marseille Longchamp"])
CSV_HEADERS = st.lists(st.sampled_from([
    "nom_station", "code_station", "nom_poll", "id_poll_ue", "valeur", "unite", "date_debut",
    "date_fin", "statut_valid", "x_wgs84", "y_wgs84", "date", "heure", "NO2", "O3", "PM10",
    "temperature", "humidity", "timestamp", "sensor_id", "P1", "P2", "value"]),
    min_size=1, max_size=8, unique=True)


@st.composite
def tables(draw) -> bytes:
    sep = draw(st.sampled_from([";", ",", "\t"]))
    header = draw(CSV_HEADERS)
    rows = [sep.join(draw(st.lists(CSV_CELLS, min_size=0, max_size=len(header) + 2)))
            for _ in range(draw(st.integers(0, 5)))]
    return "\n".join([sep.join(header), *rows]).encode(draw(st.sampled_from(["utf-8", "latin-1"])),
                                                       errors="replace")


@given(st.sampled_from(providers.NAMES),
       st.one_of(tables(), JSONISH.map(lambda v: json.dumps(v).encode()), st.binary(max_size=200)),
       st.sampled_from([None, "FR02004", "demo-1"]), st.booleans())
def test_every_sensor_payload_is_observations_or_rejected(provider, data, station, hour_ending):
    try:
        result = providers.parse(provider, data, station=station, hour_ending=hour_ending)
    except InputRejected as e:
        message = str(e)
    else:
        message = "parsed"
        assert all(n > 0 for n in result.skipped.values())
        assert all(o.value == o.value for o in result.observations)  # no NaN stored
    assert message  # a rejection names its reason
