"""Settings: defaults, round trip, schema version and errors that name the key."""

from __future__ import annotations

import pytest

from kiosk.core import settings as s


def test_missing_file_gives_defaults_for_three_territories(tmp_path):
    cfg = s.load(tmp_path / "settings.toml")
    assert cfg.schema_version == s.SCHEMA_VERSION
    assert cfg.kiosk.territory == "AMP"
    assert cfg.session.idle_seconds == 90
    assert cfg.session.idle_seconds - cfg.session.countdown_seconds == 75
    assert set(s.TERRITORIES) == {"AMP", "NCA", "TPM"}
    for t in s.TERRITORIES.values():
        assert 42.9 < t.latitude < 44.0
        assert 5.0 < t.longitude < 7.6


def test_round_trip_keeps_every_value(tmp_path):
    path = tmp_path / "settings.toml"
    cfg = s.from_dict({"kiosk": {"territory": "NCA", "language": "it", "latitude": 43.7,
                                 "longitude": 7.26},
                       "agenda": {"feeds": [{"name": "Ville", "url": "https://x/y.ics",
                                             "territory": "NCA"}]},
                       "content": {"trusted_keys": ["abc"]}})
    s.save(cfg, path)
    again = s.load(path)
    assert again == cfg
    assert again.agenda.feeds[0].name == "Ville"
    assert again.territory.name == "Nice Côte d'Azur"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('[kiosk]\nterritory = "PARIS"\n', "kiosk.territory"),
        ('[kiosk]\nteritory = "AMP"\n', "kiosk.teritory: unknown setting"),
        ("[session]\nidle_seconds = \"long\"\n", "session.idle_seconds: expected int"),
        ("[session]\nidle_seconds = true\n", "session.idle_seconds: expected int, got bool"),
        ('[kiosk]\nlanguage = "pt"\n', "kiosk.language"),
        ("[[agenda.feeds]]\nname = \"x\"\n", "agenda.feeds[0]"),
        ("[[agenda.feeds]]\nname = 1\nurl = \"u\"\n", "agenda.feeds[0].name: expected str"),
        ("schema_version = 99\n", "schema_version: 99 is newer"),
        ("[session]\nidle_seconds = 10\ncountdown_seconds = 20\n", "countdown_seconds"),
        ("[session]\nmax_untouched_seconds = 10\ncountdown_seconds = 10\n", "max_untouched"),
        ("kiosk = 3\n", "kiosk: expected a table"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_bad_files_are_rejected_naming_the_key(tmp_path, text, names):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(s.SettingsError) as e:
        s.load(path)
    assert names in str(e.value)
    assert str(path) in str(e.value)


def test_ints_are_accepted_where_floats_are_expected(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("[kiosk]\nlatitude = 43\nlongitude = 5\n", encoding="utf-8")
    cfg = s.load(path)
    assert cfg.kiosk.latitude == 43.0
    assert isinstance(cfg.kiosk.latitude, float)


def test_a_bom_is_tolerated(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_bytes('\ufeff[kiosk]\nterritory = "TPM"\n'.encode())
    assert s.load(path).kiosk.territory == "TPM"


def test_older_schema_goes_through_migrations(monkeypatch):
    monkeypatch.setattr(s, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(s.MIGRATIONS, 1, lambda d: {**d, "kiosk": {"territory": "TPM"}})
    cfg = s.from_dict({"schema_version": 1})
    assert cfg.kiosk.territory == "TPM"
    assert cfg.schema_version == 2


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "settings.toml"
    s.save(s.default_settings(), path)
    s.save(s.from_dict({"kiosk": {"territory": "NCA"}}), path)
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]
    assert s.load(path).kiosk.territory == "NCA"
