"""The trail screen's geometry: trails in sites.toml, distance and direction words, the local
plane, the fitted picture, the scale bar, and the view of each shipped territory."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from kiosk.core import i18n
from kiosk.core.paths import app_root
from kiosk.core.sensors import territory, trail
from kiosk.core.settings import TERRITORIES

SHIPPED = app_root() / "media" / "sites"


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("fr")


def kiosk(code: str, stop: str = "", lat: float | None = None, lon: float | None = None):
    t = TERRITORIES[code]
    return SimpleNamespace(territory=code, parking_stop=stop,
                           latitude=t.latitude if lat is None else lat,
                           longitude=t.longitude if lon is None else lon)


def demo(sid, lat, lon, trail_id="", code="AMP"):
    return {"id": sid, "territory": code, "name": sid.title(), "kind": "demo",
            "latitude": lat, "longitude": lon, **({"trail": trail_id} if trail_id else {})}


LINE = {"id": "line", "name": "Ligne", "territory": "AMP", "url": "https://example.org/l",
        "stage": [{"name": "Ouest", "latitude": 43.30, "longitude": 5.30},
                  {"name": "Est", "latitude": 43.30, "longitude": 5.40}]}


# --- distance, bearing, words ------------------------------------------------------------

def test_bearings_of_the_four_cardinal_points_are_exact():
    assert territory.bearing_deg(0, 0, 1, 0) == pytest.approx(0)
    assert territory.bearing_deg(0, 0, 0, 1) == pytest.approx(90)
    assert territory.bearing_deg(0, 0, -1, 0) == pytest.approx(180)
    assert territory.bearing_deg(0, 0, 0, -1) == pytest.approx(270)
    # Marseille's Vieux-Port to Aix-en-Provence's Rotonde: 25.9 km, a little east of north.
    d = territory.distance_m(43.2951, 5.3745, 43.5262, 5.4454)
    assert d == pytest.approx(26_240, rel=0.01)
    assert 10 < territory.bearing_deg(43.2951, 5.3745, 43.5262, 5.4454) < 15


@pytest.mark.parametrize(("metres", "bearing", "lang", "text"), [
    (1200, 45, "fr", "1,2 km au nord-est"),
    (850, 90, "fr", "850 m à l'est"),
    (850, 270, "fr", "850 m à l'ouest"),
    (5600, 225, "fr", "5,6 km au sud-ouest"),
    (1200, 45, "en", "1.2 km north-east"),
    (1200, 45, "de", "1,2 km nordöstlich"),
    (1200, 180, "es", "a 1,2 km al sur"),
    (1200, 315, "it", "a 1,2 km a nord-ovest"),
    (12, 0, "fr", "ici même"),
    (12, 0, "en", "right here"),
])
def test_direction_phrase_in_the_visitors_language(french, metres, bearing, lang, text):
    i18n.set_language(lang)
    assert trail.direction_phrase(metres, bearing) == text


# --- plane, line, fit, scale -------------------------------------------------------------

def test_the_local_plane_keeps_distances_across_a_metropolis():
    plane = trail.Plane.around([(43.29, 5.37), (43.53, 5.45)])
    a, b = plane.xy(43.2951, 5.3745), plane.xy(43.5262, 5.4454)
    true = territory.distance_m(43.2951, 5.3745, 43.5262, 5.4454)
    assert math.dist(a, b) == pytest.approx(true, rel=0.003)
    # East is +x, north is +y.
    assert plane.xy(43.41, 5.50)[0] > 0
    assert plane.xy(43.50, 5.41)[1] > 0


def test_distance_to_a_polyline():
    line = [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0)]
    assert trail.distance_to_line((50, 30), line) == pytest.approx(30)  # across a segment
    assert trail.distance_to_line((-30, -40), line) == pytest.approx(50)  # past its end
    assert trail.distance_to_line((130, 50), line) == pytest.approx(30)
    assert trail.distance_to_line((5, 5), [(0.0, 0.0)]) == pytest.approx(math.hypot(5, 5))
    assert trail.distance_to_line((5, 5), []) == math.inf


def test_fit_puts_north_up_keeps_the_aspect_and_fills_the_picture():
    pts = [(43.0, 5.0), (43.1, 5.0), (43.0, 5.2)]
    fit = trail.Fit.of(pts, 800, 600, margin=50)
    xy = [fit.to_px(*p) for p in pts]
    assert all(50 - 1e-6 <= x <= 750 + 1e-6 and 50 - 1e-6 <= y <= 550 + 1e-6 for x, y in xy)
    assert xy[1][1] < xy[0][1]  # further north is higher on the picture
    assert xy[2][0] > xy[0][0]  # further east is to the right
    # One scale both ways: the picture's distances are the plane's over metres_per_px.
    plane_d = math.dist(fit.plane.xy(*pts[1]), fit.plane.xy(*pts[2]))
    assert math.dist(xy[1], xy[2]) * fit.metres_per_px == pytest.approx(plane_d)
    # The longer side touches its margins.
    xs = [x for x, _ in xy]
    assert min(xs) == pytest.approx(50)
    assert max(xs) == pytest.approx(750)


def test_fit_of_one_point_centres_it_at_a_street_scale():
    fit = trail.Fit.of([(43.3, 5.4)], 400, 300)
    assert fit.to_px(43.3, 5.4) == pytest.approx((200, 150))
    assert fit.metres_per_px == pytest.approx(100 / 400)


@pytest.mark.parametrize(("mpp", "max_px", "metres"), [
    (10, 250, 2000), (10, 200, 2000), (10, 199, 1000), (3, 100, 200), (75, 220, 10_000),
    (0.5, 300, 100), (4, 130, 500),
])
def test_scale_bar_is_the_longest_1_2_5_length_that_fits(mpp, max_px, metres):
    m, px = trail.scale_bar(mpp, max_px)
    assert m == metres
    assert px == pytest.approx(metres / mpp)
    assert px <= max_px + 1e-6


def test_scale_bar_refuses_a_picture_without_size():
    with pytest.raises(ValueError):
        trail.scale_bar(0, 100)


def test_scale_labels(french):
    assert [trail.scale_label(m) for m in (200, 500, 1000, 20_000)] == [
        "200 m", "500 m", "1 km", "20 km"]
    i18n.set_language("de")
    assert trail.scale_label(5000) == "5 km"


# --- sites.toml --------------------------------------------------------------------------

def test_trails_parse_with_their_stages_url_and_territory():
    cat = territory.parse({"trail": [{**LINE, "loop": True}]}, "test", TERRITORIES)
    t = cat.trails["line"]
    assert (t.name, t.territory, t.url, t.loop) == ("Ligne", "AMP", "https://example.org/l",
                                                    True)
    assert [s.name for s in t.stages] == ["Ouest", "Est"]
    # Two stages make no loop to close; three do.
    assert len(trail.trail_points(t)) == 2
    three = territory.Trail("x", "X", stages=t.stages + (territory.Stage("N", 43.4, 5.35),),
                            loop=True)
    assert trail.trail_points(three)[-1] == trail.trail_points(three)[0]


@pytest.mark.parametrize(("change", "message"), [
    ({"url": "http://example.org"}, "url must be an https:// address"),
    ({"territory": "XYZ"}, "unknown territory 'XYZ'"),
    ({"stage": [{"name": "A", "latitude": 43.3}]}, "stage[0]: longitude must be a number"),
    ({"stage": [{"name": "A", "latitude": 95, "longitude": 5}]}, "latitude 95 is out of range"),
    ({"stage": "Vieux-Port"}, "stages must be [[trail.stage]] tables"),
    ({"name": ""}, "trail 'line': name must be a non-empty string"),
])
def test_a_bad_trail_is_refused_with_a_message_naming_it(change, message):
    with pytest.raises(territory.SitesError, match=message.replace("[", r"\[")):
        territory.parse({"trail": [{**LINE, **change}]}, "test", TERRITORIES)


def test_which_trail_a_territory_shows():
    data = {"trail": [LINE, {"id": "other", "name": "Autre"}],
            "stop": [{"id": "s1", "territory": "NCA", "trail": "other", "name": "S",
                      "latitude": 43.7, "longitude": 7.27}]}
    cat = territory.parse(data, "test", TERRITORIES)
    assert trail.trail_for(cat, "AMP").id == "line"  # the trail naming the territory
    assert trail.trail_for(cat, "NCA").id == "other"  # the trail of the territory's stop
    assert trail.trail_for(cat, "NCA", "s1").id == "other"
    assert trail.trail_for(cat, "TPM") is None
    # A stop of another territory does not choose the trail.
    assert trail.trail_for(cat, "AMP", "s1").id == "line"


def test_sites_on_or_near_the_line_with_distance_and_direction(french):
    data = {"trail": [LINE], "site": [
        demo("on-line", 43.3005, 5.35),  # 55 m north of the line, untagged
        demo("tagged-far", 43.40, 5.35, "line"),  # 11 km off, but tagged with the trail
        demo("far", 43.35, 5.35),  # 5.5 km off, untagged: not on this trail
        demo("nice", 43.30, 5.35, code="NCA"),  # another territory
        {"id": "ref", "territory": "AMP", "name": "Ref", "kind": "reference",
         "latitude": 43.30, "longitude": 5.36},  # stations are not demonstration sites
    ]}
    cat = territory.parse(data, "test", TERRITORIES)
    view = trail.build(cat, kiosk("AMP", lat=43.30, lon=5.30))
    assert [s.site.id for s in view.sites] == ["on-line", "tagged-far"]
    on_line = view.sites[0]
    assert on_line.off_line_m == pytest.approx(55.6, abs=1)
    assert on_line.where() == "4,0 km à l'est"
    assert view.sites[1].where() == "11,8 km au nord"
    assert view.here_text() == "Vous êtes ici : Ouest"  # on a stage
    view = trail.build(cat, kiosk("AMP", lat=43.31, lon=5.30))
    assert view.here_text() == "Vous êtes ici, à 1,1 km de : Ouest"


def test_a_territory_without_stages_has_no_view():
    cat = territory.parse({"trail": [{**LINE, "stage": []}]}, "test", TERRITORIES)
    assert trail.build(cat, kiosk("AMP")) is None
    assert trail.build(cat, kiosk("NCA")) is None


# --- the shipped trails ------------------------------------------------------------------

@pytest.mark.parametrize(("code", "stop", "trail_id", "url", "sites"), [
    ("AMP", "amp-vieux-port", "gr2013", "https://www.gr2013.fr/",
     {"amp-vieux-port", "amp-colline-puget", "amp-parc-longchamp", "amp-estaque",
      "amp-aix-jourdan"}),
    ("TPM", "tpm-liberte", "toulon", "", {"tpm-alexandre", "tpm-port", "tpm-mourillon"}),
    ("NCA", "nca-massena", "nice-nature",
     "https://explorenicecotedazur.com/blog-voyage/nature/"
     "la-nature-preservee-de-nice-a-portee-de-main",
     {"nca-paillon", "nca-chateau", "nca-alsace-lorraine", "nca-phoenix"}),
])
def test_each_shipped_territory_has_its_trail(french, code, stop, trail_id, url, sites):
    cat = territory.load(SHIPPED, TERRITORIES)
    view = trail.build(cat, kiosk(code, stop))
    assert view.trail.id == trail_id
    assert view.trail.url == url
    assert len(view.trail.stages) >= 5
    assert {s.site.id for s in view.sites} == sites
    assert view.here == (cat.stops[stop].latitude, cat.stops[stop].longitude)
    assert view.here_text() == f"Vous êtes ici : {cat.stops[stop].name}"
    distances = [s.distance_m for s in view.sites]
    assert distances == sorted(distances)


def test_shipped_stops_lie_on_their_trails_line_and_stages_in_their_territory():
    cat = territory.load(SHIPPED, TERRITORIES)
    for stop in cat.stops.values():
        t = cat.trails[stop.trail]
        assert t.territory == stop.territory, stop.id
        plane = trail.Plane.around(trail.trail_points(t))
        off = trail.distance_to_line(plane.xy(stop.latitude, stop.longitude),
                                     plane.line(trail.trail_points(t)))
        assert off < 300, f"{stop.id} is {off:.0f} m from the drawn {t.id}"
    for t in cat.trails.values():
        home = TERRITORIES[t.territory]
        for s in t.stages:
            d = territory.distance_m(home.latitude, home.longitude, s.latitude, s.longitude)
            assert d < 60_000, f"{t.id}: {s.name} is {d / 1000:.0f} km from {home.name}"
