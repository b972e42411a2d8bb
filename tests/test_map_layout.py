"""The map's screen layout (issue 9, section 2): every placed stop labelled, markers that share a spot fanned
out so each can be hovered, tooltips turned towards the middle of the map. The browser test checks the same
on the canvas; these check the layout the library computes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from reisatlas.colours import colouring
from reisatlas.geo import world_px
from reisatlas.map import RING_PX, build_deck, place_labels, spread_markers
from reisatlas.map.screen import MARKER_Y


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
    """Where a marker is drawn (or a label's middle), in world pixels at the deck's zoom: its place, moved by its
    offset in pixels."""
    x, y = world_px(record["lat"], record["lon"], deck["initialViewState"]["zoom"])
    dx, dy = record.get("offset", (0, 0))
    if "radius" in record:  # a marker's offset counts y upwards, as deck.gl's ScatterplotLayer does
        dy = MARKER_Y * dy
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
    # The outlines as the app serves them (a link, not 1.5 MB of a slide's 1:50m outlines to read back each time):
    # they are drawn under the labels and move none of them.
    paint = colouring(trips, "official", lang)
    whole = json.loads(build_deck(trips, stops, paint, lang, fit=size, served_outlines=True).to_json())
    assert outside(whole, size) == []  # on a phone, Osaka's label went right, past the edge: "Osak"
    ordered = story_order(trips)
    for i in range(len(ordered)):
        slide = story_deck(ordered.iloc[[i]], stops, colouring(trips), lang, fit=size, served_outlines=True)
        assert outside(json.loads(slide.to_json()), size) == [], ordered.iloc[i]["title"]


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
    ) == [(0.0, 18.5, None), (0.0, -18.5, None)]


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
        deck = json.loads(story_deck(ordered.iloc[[i]], stops, colouring(trips), served_outlines=True).to_json())
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


# --- markers at their places, labels beside their markers (issue 17, items 1 and 2) ---------------------------

OVERVIEW = Path(__file__).resolve().parent / "documents" / "overview_23_places.txt"
# The map as the map page fits it on a phone (390×844: a 358 px main column, the map 0.9 as tall), on a tablet
# (768×1024: a 704 px column) and on a desktop (1440×900, and the same screen at 200 % browser zoom, whose
# 720×450 CSS pixels leave a 656 px column), and the presentation's map on a desktop.
SCREENS = {
    "phone": (358, 322),
    "tablet": (704, 560),
    "desktop": (1000, 560),
    "desktop at 200 %": (656, 560),
    "presentation": (1000, 384),
}
NUDGE, BESIDE = 30, 40  # pixels: the furthest a marker is drawn from its place, a label from its marker's edge


@pytest.fixture(scope="module")
def overview_frames(offline_geocoder):
    from reisatlas import read_document
    from reisatlas.selection import stops_frame, trips_frame

    atlas = read_document(OVERVIEW, offline_geocoder)
    return trips_frame(atlas.trips), stops_frame(atlas.trips)


def label_box(deck: dict, label: dict) -> tuple[float, float, float, float]:
    x, y = drawn(deck, label)
    half = (7.5 * len(label["name"]) + 8) / 2
    return x - half, y - 9, x + half, y + 9


def marker_box(deck: dict, marker: dict) -> tuple[float, float, float, float]:
    x, y = drawn(deck, marker)
    r = marker["radius"] + RING_PX / 2
    return x - r, y - r, x + r, y + r


def gap(a, b) -> float:
    """The distance between two boxes (x0, y0, x1, y1); 0 when they touch or overlap."""
    return math.hypot(max(0, a[0] - b[2], b[0] - a[2]), max(0, a[1] - b[3], b[1] - a[3]))


def overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


def check_layout(deck: dict, key: list[tuple[int, str]], places: dict[str, tuple[float, float]], size) -> list[str]:
    """What a reader would see wrong on this map: a marker away from its place, a label away from its marker or
    covering another label or marker, a place neither named nor in the key."""
    wrong = []
    markers = layer(deck, "home") + layer(deck, "stops")
    for marker in markers:
        if (marker["lat"], marker["lon"]) != places[marker["name"]]:
            wrong.append(f"{marker['name']} drawn at {marker['lat']}, {marker['lon']}, not at its place")
        if math.hypot(*marker.get("offset", (0, 0))) > NUDGE:
            wrong.append(f"{marker['name']} moved {math.hypot(*marker['offset']):.0f} px")
    numbered = {str(number): name for number, name in key}
    named = []
    labels = layer(deck, "labels")
    for label in labels:
        name = numbered.get(label["name"], label["name"])
        named.append(name)
        (own,) = [m for m in markers if m["name"] == name]
        if (label["lat"], label["lon"]) != (own["lat"], own["lon"]):
            wrong.append(f"label {name} not tied to its marker")
        box = label_box(deck, label)
        if gap(box, marker_box(deck, own)) > BESIDE:
            wrong.append(f"label {label['name']} {gap(box, marker_box(deck, own)):.0f} px from {name}")
        for other in markers:  # a number may sit on its own marker (where nothing beside it is free)
            if (other is not own or name == label["name"]) and overlap(box, marker_box(deck, other)):
                wrong.append(f"label {label['name']} covers the marker of {other['name']}")
        for other in labels:
            if other is not label and overlap(box, label_box(deck, other)):
                wrong.append(f"label {label['name']} covers label {other['name']}")
    if sorted(named) != sorted(m["name"] for m in markers):
        wrong.append(f"named {sorted(named)}, drawn {sorted(m['name'] for m in markers)}")
    return wrong + outside(deck, size)


def own_places(stops) -> dict[str, tuple[float, float]]:
    from reisatlas.geo import HOME

    placed = stops.dropna(subset=["lat", "lon"])
    places = {
        n: (round(float(a), 5), round(float(o), 5)) for n, a, o in zip(placed["name"], placed["lat"], placed["lon"])
    }
    return {**places, HOME.name: (HOME.lat, HOME.lon)}


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("document", ["seed", "overview"])
def test_markers_at_their_places_and_labels_beside_them(seed_frames, overview_frames, document, screen):
    trips, stops = seed_frames if document == "seed" else overview_frames
    size = SCREENS[screen]
    deck = build_deck(trips, stops, colouring(trips), "nl", fit=size)
    spec = json.loads(deck.to_json())
    assert check_layout(spec, getattr(deck, "key", []), own_places(stops), size) == []
    if document == "seed" and screen == "desktop":
        assert deck.key == []  # room for every name


def test_the_overview_on_a_phone_numbers_what_has_no_room(overview_frames):
    trips, stops = overview_frames
    deck = build_deck(trips, stops, colouring(trips), "nl", fit=SCREENS["phone"])
    numbered = [name for _, name in deck.key]
    assert [number for number, _ in deck.key] == list(range(1, len(numbered) + 1))
    assert numbered
    # The places far apart keep their names: only crowded ones are numbered (north-west Europe, on a phone: all of it).
    assert {"Shanghai", "Singapore", "Kaapstad"}.isdisjoint(numbered)


def test_the_html_export_lays_out_every_zoom_step_as_the_app(overview_frames):
    from reisatlas.exports import render

    trips, stops = overview_frames
    page = render("html", trips, stops, lang="nl").decode()
    spec = json.loads(page.split('<script id="deck-spec" type="application/json">')[1].split("</script>")[0])
    places = own_places(stops)
    # Every step a screen fits the overview to (a phone's is -0.5) and any closer; not the last step out, a world
    # 256 px wide, where two of twenty numbers may touch.
    for layout in [layout for layout in spec["layouts"] if layout["zoom"] >= -0.5]:
        shown = {**spec, "initialViewState": {**spec["initialViewState"], "zoom": layout["zoom"]}}
        shown["layers"] = [
            {
                **layer,
                "data": [
                    {
                        **record,
                        "offset": placed[:2],
                        **({"name": placed[2]} if layer["id"] == "labels" else {"radius": placed[2]}),
                    }
                    for record, placed in zip(layer["data"], layout["placed"][layer["id"]])
                ],
            }
            if layer["id"] in layout["placed"]
            else layer
            for layer in spec["layers"]
        ]
        wrong = check_layout(shown, [tuple(entry) for entry in layout["key"]], places, (10**6, 10**6))
        assert wrong == [], layout["zoom"]


def test_a_chosen_trip_keeps_its_route_and_stops_lit(seed_frames):
    from ui.streamlit_internals import fresh_selection

    trips, stops = seed_frames
    (japan,) = trips.loc[trips["title"].str.contains("Tokio"), "trip_id"]
    plain = json.loads(build_deck(trips, stops, colouring(trips)).to_json())
    written = build_deck(trips, stops, colouring(trips), chosen=[japan]).to_json()
    spec = json.loads(written)
    colours = {stop["name"]: stop["colour"] for stop in layer(spec, "stops")}
    lit = {name for name, colour in colours.items() if len(colour) == 3 or colour[3] == 255}
    assert lit == {"Tokio", "Osaka", "Kobe"}
    routes = layer(spec, "routes")
    lit_routes = [route for route in routes if len(route["colour"]) == 3]
    assert len(lit_routes) == 3 and routes[-3:] == lit_routes  # Rotterdam → Tokio → Osaka → Kobe, drawn on top
    assert len(layer(plain, "routes")) == len(routes)
    # The layers a reader picks from are named anew with each pick: Streamlit lets go of its own selection, which
    # faded all but the record clicked.
    ids = [[item["id"] for item in json.loads(fresh_selection(written, turn))["layers"]] for turn in (0, 1)]
    assert {"stops", "routes"}.isdisjoint(ids[0] + ids[1]) and ids[0] != ids[1]
    assert [item["id"] for item in spec["layers"] if item["id"] not in ("stops", "routes")] == [
        name for name in ids[1] if not name.endswith("-1")
    ]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_smaller_marker_is_drawn_over_a_larger_one(overview_frames, screen):
    """deck.gl draws a layer's records in order: the larger markers first, so a smaller one that overlaps them keeps
    its disc. A crowd fanned out is drawn smaller after the records were ordered: on a phone Keulen's half-size marker
    lay under Wenen's whole one, and no reader saw it."""
    trips, stops = overview_frames
    deck = json.loads(build_deck(trips, stops, colouring(trips), "nl", fit=SCREENS[screen]).to_json())
    radii = [marker["radius"] for marker in layer(deck, "stops")]
    assert radii == sorted(radii, reverse=True)
