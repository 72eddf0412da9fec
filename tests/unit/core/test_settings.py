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
        # Ranges, not only types (before: accepted).
        ("[session]\nidle_seconds = -5\ncountdown_seconds = -10\n",
         "session.idle_seconds: must be at least 2 (got -5)"),
        ("[admin]\nlogout_seconds = 0\n", "admin.logout_seconds: must be at least 1 (got 0)"),
        ("[agenda]\ndays = 100000\n", "agenda.days: must be at most 366 (got 100000)"),
        ("[journal]\nretention_days = -1\n", "journal.retention_days"),
        ("[content]\nmax_bundle_mb = 0\n", "content.max_bundle_mb"),
        ('[admin]\npin_hash = "scrypt$zz$00"\n', "admin.pin_hash: not a hash"),
        ('[admin]\npin_hash = "1234"\n', "admin.pin_hash"),
        ('[content]\nupdate_window = "25:00-26:00"\n', "content.update_window"),
        ('[[agenda.feeds]]\nname = "x"\nurl = "u"\ncolour = "red"\n',
         "agenda.feeds[0].colour"),
        ("schema_version = 0\n", "schema_version: 0 is not a known version"),
        ("schema_version = -3\n", "schema_version: -3 is not a known version"),
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


def test_version_1_provider_keys_move_to_their_provider_tables(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('schema_version = 1\n[sensors]\nproject_feed_url = "https://feed.example/"\n'
                    'openaq_api_key = "k1"\nmicrospot_api_key = ""\nrefresh_minutes = 5\n')
    cfg = s.load(path)
    p = cfg.sensors.providers
    assert (p.project.url, p.openaq.api_key, p.microspot.api_key) == (
        "https://feed.example/", "k1", "")
    assert cfg.sensors.refresh_minutes == 5
    # A file naming no version is read as version 1 too; what it is saved as is version 2.
    path.write_text('[sensors]\nopenaq_api_key = "k2"\n')
    assert s.load(path).sensors.providers.openaq.api_key == "k2"
    s.save(s.load(path), path)
    assert "schema_version = 2" in path.read_text()
    assert "openaq_api_key" not in path.read_text()
    assert s.load(path).sensors.providers.openaq.api_key == "k2"


def test_provider_settings_are_checked_like_any_other(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('[sensors.providers.openaq]\napi_key = 3\n')
    with pytest.raises(s.SettingsError, match="sensors.providers.openaq.api_key: expected str"):
        s.load(path)
    path.write_text('[sensors.providers.nobody]\nurl = ""\n')
    with pytest.raises(s.SettingsError, match="sensors.providers.nobody: unknown setting"):
        s.load(path)


def test_an_unreadable_settings_path_is_a_settings_error(tmp_path):
    path = tmp_path / "settings.toml"
    path.mkdir()  # a folder where the file belongs: before, an IsADirectoryError traceback
    with pytest.raises(s.SettingsError, match="cannot read"):
        s.load(path)


def test_every_default_is_inside_its_range():
    d = s.default_settings()
    for key, (lo, hi) in s.RANGES.items():
        section, name = key.split(".")
        assert lo <= getattr(getattr(d, section), name) <= hi, key
