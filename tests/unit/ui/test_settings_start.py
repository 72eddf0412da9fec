"""A settings file out of range starts the kiosk on defaults, naming the file and the key."""

from __future__ import annotations

import pytest

from kiosk import app


@pytest.mark.parametrize(("text", "key"), [
    ("[session]\nidle_seconds = -5\n", "session.idle_seconds"),
    ('[admin]\npin_hash = "not-a-hash"\n', "admin.pin_hash"),
    ("schema_version = 0\n", "schema_version"),
    ("a = " + "[" * 10_000 + "]" * 10_000 + "\n", "nested deeper"),
])
def test_the_core_starts_on_defaults_and_names_the_file_and_key(tmp_path, text, key):
    (tmp_path / "settings.toml").write_text(text)
    core = app.load_core(app.Options(data_dir=str(tmp_path), windowed=True))
    assert core.settings.session.idle_seconds == 90
    assert core.settings.admin.pin_hash == ""
    (problem,) = [p for p in core.problems.latest(10) if p.source == "settings"]
    assert str(tmp_path / "settings.toml") in problem.item + problem.message
    assert key in problem.message
