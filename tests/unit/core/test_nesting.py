"""Nesting bombs: deep JSON or TOML is refused with the parser's own error, never a
RecursionError (before: a traceback, and one sensor reply skipped every other source)."""

from __future__ import annotations

import json
import tomllib

import pytest

from kiosk.core import nesting
from kiosk.core import settings as settings_mod
from kiosk.core.content import sync as content_sync
from kiosk.core.content.manifest import Rejected
from kiosk.core.content.manifest import parse as parse_manifest
from kiosk.core.sensors import providers
from kiosk.core.sensors.tables import InputRejected

DEEP_JSON = "[" * 200_000 + "]" * 200_000
DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000


def test_deep_json_is_a_decode_error_not_a_recursion_error():
    with pytest.raises(json.JSONDecodeError, match="nested deeper than 64 levels"):
        nesting.loads_json(DEEP_JSON)
    with pytest.raises(json.JSONDecodeError, match="nested deeper"):
        nesting.loads_json(DEEP_OBJECT.encode())


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"a": "[" * 1000, "b": ["\\\"[[[", {"c": "{{{"}]})
    assert nesting.loads_json(text) == json.loads(text)
    assert nesting.loads_json("[" * 64 + "]" * 64) is not None


def test_an_unterminated_string_is_left_to_the_parser():
    with pytest.raises(json.JSONDecodeError, match="Unterminated"):
        nesting.loads_json('{"a": "' + '\\"' * 10_000)


@pytest.mark.parametrize("text", [
    "a = " + "[" * 50_000 + "]" * 50_000,
    "a = " + "{b = " * 5000 + "1" + "}" * 5000,
    ".".join(["k"] * 5000) + " = 1",  # dotted keys: no brackets, still 5000 levels
    "[" + ".".join(["k"] * 5000) + "]\n",
])
def test_deep_toml_is_a_decode_error(text):
    with pytest.raises(tomllib.TOMLDecodeError, match="nested deeper"):
        nesting.loads_toml(text)


def test_toml_strings_and_comments_do_not_count():
    text = ('a = "[[[[" # [[[[[[\nb = \'{{{{\'\nc = """\n[[[[\n"""\nd = \'\'\'{{{{\'\'\'\n'
            "[t]\ne = [[1], [2]]\n")
    assert nesting.loads_toml(text) == tomllib.loads(text)


def test_a_deep_settings_file_is_named_and_refused(tmp_path):
    p = tmp_path / "settings.toml"
    p.write_text("[kiosk]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(settings_mod.SettingsError, match="settings.toml.*nested deeper"):
        settings_mod.load(p)


def test_a_deep_manifest_is_rejected():
    with pytest.raises(Rejected, match="nested deeper"):
        parse_manifest(DEEP_JSON.encode()[:4 * 1024 * 1024], app_version="1.0")


def test_a_deep_index_is_rejected():
    with pytest.raises(ValueError, match="nested deeper"):
        content_sync.parse_index(DEEP_OBJECT.encode(), 10**9)


@pytest.mark.parametrize("provider", ["atmosud", "microspot", "sensor.community", "openaq",
                                      "project"])
def test_a_deep_sensor_reply_is_rejected(provider):
    with pytest.raises(InputRejected, match="nested deeper"):
        providers.parse(provider, DEEP_JSON.encode())


def test_a_deep_module_file_is_an_issue(tmp_path):
    from kiosk.core.exhibits.common import read_toml
    p = tmp_path / "module.toml"
    p.write_text("id = " + "[" * 100_000 + "]" * 100_000)
    issues: list = []
    assert read_toml(p, "m", issues) is None
    assert "nested deeper" in issues[0].message
