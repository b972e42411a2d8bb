"""The map's screen layout (issue 9, section 2): every placed stop labelled, markers that share a spot fanned
out so each can be hovered, tooltips turned towards the middle of the map. The browser test checks the same
on the canvas; these check the layout the library computes."""

from __future__ import annotations

import json
import math

import pytest

from reisatlas.colours import colouring
from reisatlas.geo import world_px
from reisatlas.map import RING_PX, build_deck, place_labels, spread_markers


@pytest.fixture(scope="module")
def seed_deck(seed_frames):
    trips, stops = seed_frames
    return json.loads(build_deck(trips, stops, colouring(trips), "nl").to_json())


@pytest.fixture(scope="module")
def seed_frames(seed_atlas):
    from reisatlas.selection import stops_frame, trips_frame

    return trips_frame(seed_atlas.trips), stops_frame(seed_atlas.trips)


def layer(deck: dict, name: str) -> list[dict]:
    (found,) = [layer for layer in deck["layers"] if layer["id"] == name]
    return found["data"]


def drawn(deck: dict, record: dict) -> tuple[float, float]:
    """Where a marker is drawn (or a label's middle), in world pixels at the deck's zoom."""
    x, y = world_px(record["lat"], record["lon"], deck["initialViewState"]["zoom"])
    dx, dy = record.get("offset", (0, 0))  # labels are moved by pixels; markers are drawn where they are
    return x + dx, y + dy


def test_every_placed_stop_has_one_label(seed_deck):
    stops, labels = layer(seed_deck, "stops"), layer(seed_deck, "labels")
    assert len(stops) == 11
    assert sorted(label["name"] for label in labels) == sorted([stop["name"] for stop in stops] + ["Rotterdam"])


def test_no_two_labels_overlap_at_the_first_view(seed_deck):
    boxes = []
    for label in layer(seed_deck, "labels"):
        x, y = drawn(seed_deck, label)
        half = (7.5 * len(label["name"]) + 8) / 2
        boxes.append((label["name"], x - half, y - 9, x + half, y + 9))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[3] <= b[1] or a[1] >= b[3] or a[4] <= b[2] or a[2] >= b[4], (a[0], b[0])


def outside(deck: dict, size: tuple[int, int]) -> list[str]:
    """The labels whose box (as place_labels measures one) crosses the edge of a map of ``size`` showing ``deck``."""
    view = deck["initialViewState"]
    cx, cy = world_px(view["latitude"], view["longitude"], view["zoom"])
    crossing = []
    for label in layer(deck, "labels"):
        x, y = drawn(deck, label)
        x, y, half = x - cx + size[0] / 2, y - cy + size[1] / 2, (7.5 * len(label["name"]) + 8) / 2
        if x - half < 0 or x + half > size[0] or y - 9 < 0 or y + 9 > size[1]:
            crossing.append(f"{label['name']} at ({x:.0f}, {y:.0f}) on {size[0]}×{size[1]}")
    return crossing


# A phone's map (390 px wide: 358 px of main column, as tall as 0.9 its width), the presentation's on a phone,
# the desktop's map page and its presentation.
SIZES = [(358, 322), (358, 384), (1000, 560), (1000, 384)]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_every_label_stays_inside_the_map(seed_frames, size, lang):
    from reisatlas.story import story_deck, story_order

    trips, stops = seed_frames
    whole = json.loads(build_deck(trips, stops, colouring(trips, "official", lang), lang, fit=size).to_json())
    assert outside(whole, size) == []  # on a phone, Osaka's label went right, past the edge: "Osak"
    ordered = story_order(trips)
    for i in range(len(ordered)):
        slide = json.loads(story_deck(ordered.iloc[[i]], stops, colouring(trips), lang, fit=size).to_json())
        assert outside(slide, size) == [], ordered.iloc[i]["title"]


def test_a_label_at_the_edge_turns_inward():
    markers = [(190, 100, 6), (190, 78, 6), (190, 122, 6)]  # its sides above and below taken
    label = [{"name": "Osaka", "x": 190, "y": 100, "radius": 6}]
    (free,) = place_labels(label, markers)  # a map without edges: the first free side, to the right
    assert free[0] > 0
    (kept,) = place_labels(label, markers, bounds=(0, 0, 200, 200))
    assert kept[0] < 0 and kept[1] == 0


def test_markers_that_share_a_spot_are_fanned_out(seed_deck, seed_frames):
    stops = {stop["name"]: stop for stop in layer(seed_deck, "stops")}
    for a, b in (("Botkyrka", "Stockholm"), ("Osaka", "Kobe"), ("Tokio", "Osaka")):
        (ax, ay), (bx, by) = drawn(seed_deck, stops[a]), drawn(seed_deck, stops[b])
        # Each keeps most of its disc: the centres are at least a radius apart.
        assert math.hypot(ax - bx, ay - by) >= stops[a]["radius"], (a, b)
    places = seed_frames[1].drop_duplicates("name").set_index("name")
    zoom = seed_deck["initialViewState"]["zoom"]
    for name, stop in stops.items():  # a fanned marker is a few pixels from its place; one alone exactly on it
        place = world_px(places.loc[name, "lat"], places.loc[name, "lon"], zoom)
        assert math.dist(drawn(seed_deck, stop), place) <= 3 * stop["radius"], name
    assert (stops["Richmond"]["lat"], stops["Richmond"]["lon"]) == (
        round(places.loc["Richmond", "lat"], 5),
        round(places.loc["Richmond", "lon"], 5),
    )


def test_spread_keeps_markers_clear_of_each_other():
    points = [(100.0 + i * 0.1, 100.0, 6.0) for i in range(12)]  # twelve markers on one spot
    offsets = spread_markers(points)
    centres = [(x + dx, y + dy) for (x, y, _), (dx, dy) in zip(points, offsets)]
    closest = min(math.dist(a, b) for i, a in enumerate(centres) for b in centres[i + 1 :])
    assert closest >= 6.0 + RING_PX  # at least a radius apart: every marker can be hovered


def test_labels_take_the_first_free_side():
    # A's place above is B's marker, so A goes below; B, with nothing above it, goes above.
    assert place_labels(
        [{"name": "A", "x": 0, "y": 0, "radius": 5}, {"name": "B", "x": 0, "y": -20, "radius": 5}],
        [(0, 0, 5), (0, -20, 5)],
    ) == [(0.0, 18.5), (0.0, -18.5)]


def test_tooltips_turn_towards_the_middle(seed_deck):
    tips = {stop["name"]: (stop["tx"], stop["ty"]) for stop in layer(seed_deck, "stops")}
    assert tips["Tokio"][0] == 1 and tips["Kobe"][0] == 1  # east: to the left
    assert tips["Richmond"][0] == 0  # west: to the right
    assert tips["Johannesburg"][1] == 1  # south: above


# --- the map page while the period plays (section 4) -------------------------------------------------


def _deck(at) -> dict:
    (chart,) = at.get("deck_gl_json_chart")
    return json.loads(chart.proto.json)


def test_playing_keeps_the_camera_and_names_an_empty_month():
    from apptest import run_app

    at = run_app()
    everything = _deck(at)["initialViewState"]
    at.button(key="play").click().run()
    assert at.select_slider[0].value == ("2025-06", "2025-06")
    views = [_deck(at)["initialViewState"]]
    sentences = []
    for month in ("2025-07", "2025-08", "2025-09"):
        at.session_state["_next_months"] = (month, month)  # what the play timer's tick sets
        at.run()
        assert not at.exception
        views.append(_deck(at)["initialViewState"])
        sentences.append(at.markdown[0].value)
    # One camera over the whole selection, fitted once: not Scandinavia, then Canada, then the world.
    assert views == [everything] * 4
    assert sentences[1] == "**augustus 2025: geen reizen**"  # not "0 reizen … periode onbekend"
    assert not at.metric  # the tiles go while playing: the map comes right under the sentence
    stop = at.button(key="stop")
    assert stop.proto.icon == ":material/stop:"  # not "⏹", which the default fonts lack
    stop.click().run()
    assert not at.session_state["playing"]


def _legend(at) -> list[str]:
    (group,) = [g for g in at.get("button_group") if g.proto.label == "Legenda"]
    return [option.content for option in group.proto.options]


def test_legend_names_the_main_themes_and_goes_with_the_trips():
    from apptest import run_app

    at = run_app({"colour": "theme"})
    # Main themes from the purpose lines: Richmond is sport (not care), Tokio and Oslo economy (not port).
    assert "Sport & bewegen" in _legend(at) and "Economie, handel & investeringen" in _legend(at)
    assert "Haven & maritiem" not in _legend(at) and "Zorg, gezondheid & welzijn" not in _legend(at)
    at = run_app({"official": "Schouten", "theme": "onderwijs"})  # no trips: no legend at all, not a bare heading
    assert not [g for g in at.get("button_group") if g.proto.label == "Legenda"]


def test_timeline_and_presentation_colour_as_the_map():
    from apptest import run_app

    for page in ("pages/tijdlijn.py", "pages/presentatie.py"):
        at = run_app({"colour": "theme"}, page)
        colour = [g for g in at.get("button_group") if g.key == "colour"]
        assert colour and colour[0].value == "theme", page  # the link's choice, the same toggle as the map's


def test_every_slide_names_every_stop_of_its_trip(seed_frames):
    from reisatlas.story import story_deck, story_order

    trips, stops = seed_frames
    ordered = story_order(trips)
    for i in range(len(ordered)):
        deck = json.loads(story_deck(ordered.iloc[[i]], stops, colouring(trips)).to_json())
        names = {label["name"] for label in layer(deck, "labels")}
        assert set(ordered.iloc[i]["places"]) <= names, ordered.iloc[i][
            "title"
        ]  # Stockholm on trip 1, Osaka and Kobe on 7


def test_projector_mode_hides_the_sidebar_and_fits_a_smaller_map():
    from apptest import run_app

    at = run_app({}, "pages/presentatie.py")
    next(b for b in at.button if b.label == "Projectormodus").click().run()
    assert at.query_params["present"] == "1"  # the address says so (and keeps saying so: ui.links)
    assert any('[data-testid="stSidebar"]' in block.proto.body for block in at.get("html"))  # hidden by CSS
    assert any(b.label == "Sluiten" for b in at.button) and not at.get("progress")
    (chart,) = at.get("deck_gl_json_chart")
    projector_zoom = json.loads(chart.proto.json)["initialViewState"]["zoom"]
    normal = run_app({}, "pages/presentatie.py")
    assert any(b.label == "Projectormodus" for b in normal.button)
    assert not any('[data-testid="stSidebar"]' in block.proto.body for block in normal.get("html"))
    (chart,) = normal.get("deck_gl_json_chart")
    assert projector_zoom < json.loads(chart.proto.json)["initialViewState"]["zoom"]  # fitted for a lower map
