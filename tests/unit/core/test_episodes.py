"""Episode rules, seasons and detection, and the recorded days of issue 16."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from kiosk.core.episodes import rules as rules_mod
from kiosk.core.episodes import seasons as seasons_mod
from kiosk.core.episodes.detect import Sample, StationData, detect
from kiosk.core.paths import Paths, app_root
from kiosk.core.rehearsal import recording as rec_mod
from kiosk.core.sensors.service import SensorsService
from kiosk.core.settings import default_settings
from tests.helpers.recorded_days import write_recording

SITES = app_root() / "media" / "sites"
UTC = dt.UTC


def shipped_rules() -> rules_mod.Rules:
    return rules_mod.load(SITES)


def utc(*args) -> float:
    return dt.datetime(*args, tzinfo=UTC).timestamp()


# --- the rules file ----------------------------------------------------------------------

def test_shipped_rules_hold_the_regulatory_thresholds_with_their_sources():
    r = shipped_rules()
    by_q = {p.quantity: p for p in r.pollutants}
    assert (by_q["o3"].information, by_q["o3"].alert, by_q["o3"].average) == (180, 240, "hour")
    assert (by_q["pm10"].information, by_q["pm10"].alert, by_q["pm10"].average) == (
        50, 80, "day")
    assert (by_q["no2"].information, by_q["no2"].alert) == (200, 400)
    assert by_q["no2"].alert_consecutive_hours == 3
    assert r.max_age_hours == 3
    for rule in (*r.pollutants, *r.heat):
        assert rule.source in r.sources
        assert r.sources[rule.source].title
        assert r.sources[rule.source].reference
    assert "R221-1" in r.sources["R221-1"].title
    assert "7 avril 2016" in r.sources["arrete-2016"].reference
    assert "Météo-France" in r.sources["sacs"].title
    amp, nca = r.heat_for("AMP"), r.heat_for("NCA")
    assert (amp.departement, amp.night_min, amp.day_max, amp.confirmed) == ("13", 24, 35, True)
    assert (nca.departement, nca.night_min, nca.day_max, nca.confirmed) == ("06", 24, 31, True)
    assert [h.departement for h in r.unconfirmed()] == ["83"]


def _data(**changes) -> dict:
    data = tomllib.loads((SITES / rules_mod.RULES_FILE).read_text("utf-8"))
    data.update(changes)
    return data


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d["pollutant"][0].update(alert=100), "alert 100.0 is below information"),
    (lambda d: d["pollutant"][0].update(source="nowhere"), "'nowhere' is not listed"),
    (lambda d: d["pollutant"][1].update(quantity="o3"), "o3 is listed twice"),
    (lambda d: d["heat"][0].update(day_max=20), "day_max must be above night_min"),
    (lambda d: d.update(format=2), "format must be 1"),
    (lambda d: d.update(sources={}), "[sources] must name"),
])
def test_a_broken_rules_file_is_refused_naming_the_entry(mutate, message):
    data = _data()
    mutate(data)
    with pytest.raises(rules_mod.RulesError, ) as e:
        rules_mod.parse(data, "episodes.toml")
    assert message in str(e.value)
    assert "episodes.toml" in str(e.value)


def test_rules_from_the_sites_folder_win_over_the_shipped_ones(tmp_path):
    (tmp_path / rules_mod.RULES_FILE).write_text(
        (SITES / rules_mod.RULES_FILE).read_text("utf-8").replace(
            'version = "2026-12-02"', 'version = "bundle-1"'), "utf-8")
    assert rules_mod.load(tmp_path, SITES).version == "bundle-1"
    assert rules_mod.load(tmp_path / "none", SITES).version == shipped_rules().version


# --- seasons -----------------------------------------------------------------------------

def test_seasons_from_data_summer_and_a_winter_over_new_year():
    seasons = seasons_mod.load(SITES)
    of = lambda d: seasons_mod.season_of(seasons, d)  # noqa: E731
    assert of(dt.date(2027, 7, 15)).module == "heat-island"
    assert of(dt.date(2027, 1, 10)).module == "air-quality"
    assert of(dt.date(2026, 12, 20)).id == "winter"
    assert of(dt.date(2027, 4, 10)) is None
    with pytest.raises(seasons_mod.SeasonsError, match="13-01"):
        seasons_mod.parse({"format": 1, "season": [{"id": "x", "module": "m",
                                                    "from": "13-01", "to": "01-01"}]})


# --- detection on plain data -------------------------------------------------------------

def _station(q: str, values: list[float], end: float, *, demo=False, quality="valid"):
    n = len(values)
    samples = [Sample(end - (n - i) * 3600, v, quality) for i, v in enumerate(values)]
    return StationData("s", "Site", {q: samples}, demo)


def test_no2_alert_needs_three_hours_in_a_row():
    now = utc(2027, 1, 20, 10, 10)
    end = utc(2027, 1, 20, 10)
    one = detect(shipped_rules(), "AMP", [_station("no2", [150, 150, 410], end)], now)
    assert [(e.kind, e.level, e.threshold) for e in one] == [("no2", "information", 200)]
    three = detect(shipped_rules(), "AMP", [_station("no2", [405, 420, 410], end)], now)
    assert [(e.kind, e.level, e.threshold) for e in three] == [("no2", "alert", 400)]


def test_pm10_is_a_24_hour_mean_with_enough_hours():
    now, end = utc(2027, 1, 20, 10, 10), utc(2027, 1, 20, 10)
    high = detect(shipped_rules(), "AMP", [_station("pm10", [55.0] * 24, end)], now)
    assert [(e.kind, e.level, round(e.value)) for e in high] == [("pm10", "information", 55)]
    short = detect(shipped_rules(), "AMP", [_station("pm10", [90.0] * 10, end)], now)
    assert short == []
    peak = detect(shipped_rules(), "AMP", [_station("pm10", [20.0] * 23 + [200.0], end)], now)
    assert peak == []  # one polluted hour does not make a daily mean of 50


def test_unvalidated_values_and_values_after_a_simulated_now_count_for_nothing():
    now, end = utc(2027, 7, 15, 13, 5), utc(2027, 7, 15, 13)
    assert detect(shipped_rules(), "AMP",
                  [_station("o3", [230.0], end, quality="unvalidated")], now) == []
    future = _station("o3", [230.0], end + 3 * 3600)
    assert detect(shipped_rules(), "AMP", [future], now) == []


def test_demonstration_data_announces_only_in_rehearsal():
    now, end = utc(2027, 7, 15, 13, 5), utc(2027, 7, 15, 13)
    demo = _station("o3", [230.0], end, demo=True)
    assert detect(shipped_rules(), "AMP", [demo], now) == []
    found = detect(shipped_rules(), "AMP", [demo], now, rehearsal=True)
    assert [(e.kind, e.level, e.demo) for e in found] == [("o3", "information", True)]


def test_unconfirmed_heat_thresholds_are_never_applied():
    now, end = utc(2027, 7, 21, 0, 5), utc(2027, 7, 21, 0)
    hot = _station("temperature", [45.0] * 72, end)
    assert detect(shipped_rules(), "TPM", [hot], now) == []
    assert [e.kind for e in detect(shipped_rules(), "AMP", [hot], now)] == ["heat"]


# --- recorded days through the parsers, the cache and the sensors service --------------

def _service(tmp_path, recording_dir, now: float) -> SensorsService:
    paths = Paths(data=tmp_path / "data", shipped=app_root()).ensure()
    service = SensorsService(paths, default_settings(), clock=lambda: now)
    service.open()
    report = service.replay(rec_mod.load(recording_dir))
    assert report.problems == []
    assert report.observations > 0
    return service


def test_a_july_ozone_afternoon_promotes_air_quality(tmp_path):
    # 15 July 2027, 14:00 in Marseille (12:00 UTC): the recording ends with the last hour.
    now = utc(2027, 7, 15, 12, 20)
    rec = write_recording(tmp_path / "rec", dt.datetime(2027, 7, 15, 12, tzinfo=UTC), "ozone")
    c = _service(tmp_path, rec, now).conditions()
    assert c.episode is not None
    assert (c.episode.kind, c.episode.level, c.episode.threshold) == ("o3", "information", 180)
    assert 180 <= c.episode.value < 240
    assert not c.episode.demo
    assert (c.module_first, c.reason) == ("air-quality", "episode")


def test_a_heat_wave_night_promotes_heat_island(tmp_path):
    # 21 July 2027, 02:00 in Marseille (00:00 UTC), after three hot days and nights.
    now = utc(2027, 7, 21, 0, 10)
    rec = write_recording(tmp_path / "rec", dt.datetime(2027, 7, 21, 0, tzinfo=UTC), "heat")
    c = _service(tmp_path, rec, now).conditions()
    assert [e.kind for e in c.episodes] == ["heat"]
    e = c.episode
    assert e.value >= 24
    assert e.day_value >= 35
    assert (e.threshold, e.day_threshold) == (24, 35)
    assert (c.module_first, c.reason) == ("heat-island", "episode")


def test_an_ordinary_day_promotes_nothing_but_the_season(tmp_path):
    now = utc(2027, 7, 15, 12, 20)
    rec = write_recording(tmp_path / "rec", dt.datetime(2027, 7, 15, 12, tzinfo=UTC),
                          "ordinary")
    c = _service(tmp_path, rec, now).conditions()
    assert c.episodes == ()
    assert (c.module_first, c.reason) == ("heat-island", "season")  # summer emphasis


def test_data_four_hours_old_announces_nothing(tmp_path):
    end = dt.datetime(2027, 7, 15, 12, tzinfo=UTC)
    rec = write_recording(tmp_path / "rec", end, "ozone")
    fresh = _service(tmp_path / "a", rec, end.timestamp() + 2.5 * 3600).conditions()
    assert [e.kind for e in fresh.episodes] == ["o3"]  # 2.5 h after the last hour's end
    old = _service(tmp_path / "b", rec, end.timestamp() + 4 * 3600).conditions()
    assert old.episodes == ()


def test_demonstration_data_announces_nothing_outside_rehearsal(tmp_path):
    # No measurement was ever stored: the screens show the generated demonstration year.
    paths = Paths(data=tmp_path / "data", shipped=app_root()).ensure()
    now = utc(2027, 7, 21, 0, 10)
    service = SensorsService(paths, default_settings(), clock=lambda: now)
    service.open()
    assert not service.has_data()
    rules = service._episode_rules
    hot = rules_mod.Rules(rules.version, rules.max_age_hours, rules.min_hours_per_day,
                          rules.pollutants, tuple(
                              h if h.departement != "13" else
                              rules_mod.HeatRule(h.departement, h.name, h.territories, 5, 10,
                                                 h.module, h.source, True)
                              for h in rules.heat), rules.sources)
    service._episode_rules = hot  # thresholds any generated July day reaches
    assert service.conditions().episodes == ()
    service.rehearsal = True
    rehearsed = service.conditions()
    assert [e.kind for e in rehearsed.episodes] == ["heat"]
    assert rehearsed.episode.demo


def test_unconfirmed_thresholds_are_reported_for_the_kiosk_territory_only(tmp_path):
    from dataclasses import replace

    s = default_settings()
    paths = Paths(data=tmp_path, shipped=app_root())
    amp = SensorsService(paths, s)
    amp.reload_sites()
    assert amp.problems == []
    tpm = SensorsService(paths, replace(s, kiosk=replace(s.kiosk, territory="TPM")))
    tpm.reload_sites()
    assert [item for item, m in tpm.problems if "Var (83)" in m] == ["episodes.toml"]


# --- the shipped demonstration recording -------------------------------------------------

@pytest.mark.parametrize(("territory", "when", "kinds"), [
    ("AMP", (2027, 7, 15, 12, 30), ["o3"]),  # 14:30 in Marseille: the ozone afternoon
    ("AMP", (2027, 7, 21, 0, 10), ["heat"]),  # 02:10: a heat-wave night
    ("NCA", (2027, 7, 21, 0, 10), ["heat"]),
    ("AMP", (2027, 7, 17, 8, 0), []),  # an ordinary morning
    ("TPM", (2027, 7, 21, 0, 10), []),  # the Var's thresholds are not confirmed
])
def test_the_shipped_demonstration_recording_replays_into_its_episodes(
        tmp_path, territory, when, kinds):
    from dataclasses import replace

    folder = app_root() / "media" / "recordings" / "demo-juillet-2027"
    s = default_settings()
    from kiosk.core.settings import TERRITORIES

    t = TERRITORIES[territory]
    s = replace(s, kiosk=replace(s.kiosk, territory=territory, latitude=t.latitude,
                                 longitude=t.longitude))
    now = utc(*when)
    service = SensorsService(Paths(data=tmp_path, shipped=app_root()).ensure(), s,
                             clock=lambda: now)
    service.open()
    report = service.replay(rec_mod.load(folder))
    assert report.problems == []
    assert report.payloads == len(rec_mod.load(folder).of("sensors"))
    assert [e.kind for e in service.conditions().episodes] == kinds
