"""The map as people meet it, in a real browser (issue 9, sections 2, 4 and 6): every placed stop labelled on
the canvas, markers that share a spot each hoverable, tooltips inside the map at its right edge, a camera
that holds still while the period plays, an empty month named, and a legend that filters.

Same server and browser set-up as test_browser.py (its fixtures), at 1440×900.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from browser import expected_deck, screen_point
from test_browser import (  # noqa: F401
    CHROMIUM,
    LAND,
    MAP,
    OCEAN,
    SCREENSHOTS,
    Tab,
    click_place,
    hover_until_tooltip,
    map_drawn,
    share,
)

from reisatlas.map.screen import MARKER_Y
from reisatlas.selection import Selection

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium at /usr/bin/chromium or on PATH"),
]


@pytest.fixture
def desk(browser, server):  # noqa: F811
    opened = Tab(browser, server)
    opened.page.set_viewport_size({"width": 1440, "height": 900})
    yield opened
    opened.context.close()


def drawn_at(spec: dict, record: dict, box: dict) -> tuple[float, float]:
    """Where a stop's marker (or a label's middle) is drawn on a canvas at ``box``: its place, moved by its offset."""
    x, y = screen_point(spec["initialViewState"], record["lat"], record["lon"], box)
    dx, dy = record["offset"]  # pixels off its place
    if "radius" in record:  # a marker's offset counts y upwards, as deck.gl's ScatterplotLayer does
        dy = MARKER_Y * dy
    return x + dx, y + dy


def layer(spec: dict, name: str) -> list[dict]:
    (found,) = [layer for layer in spec["layers"] if layer["id"] == name]
    return found["data"]


def tooltip_near(tab: Tab, x: float, y: float, text: str) -> str:
    """Hover (x, y) and a few pixels around it until deck.gl shows a tooltip containing ``text``; its text."""
    hover_until_tooltip(tab, x, y, text, spiral=[(0, 0), (1, 1), (-1, -1), (2, 0), (-2, 0), (0, 2), (0, -2)])
    return tab.page.locator(".deck-tooltip").inner_text()


@pytest.mark.xdist_group("map_world")  # one worker: one drawn ``world``
def test_the_map_draws_offline_and_every_placed_stop_has_a_label_on_the_canvas(world):
    """The map as drawn at rest: its outlines, routes and places (many colours, land and ocean: test_browser.py's
    map test carried these before) and a label at every placed stop."""
    desk, spec, _, box = world
    at_rest(desk)
    image = map_drawn(desk)
    # Outlines (land and ocean, fetched from app/static/), routes, places and labels: many colours.
    assert len(image.getcolors(maxcolors=1 << 20)) > 200
    assert share(image, OCEAN) > 0.10 and share(image, LAND) > 0.05
    labels, stops = layer(spec, "labels"), layer(spec, "stops")
    assert len(labels) == len(stops) + 1  # every placed stop, and home
    shown = np.asarray(image, dtype=np.int16)
    map_box = desk.page.locator(MAP).bounding_box()
    missing = []
    for label in labels:
        x, y = drawn_at(spec, label, box)
        x, y = round(x - map_box["x"]), round(y - map_box["y"])
        patch = shown[y - 6 : y + 6, x - 14 : x + 14].reshape(-1, 3)
        # A label is a light box with dark letters: both must be there, where the layout put it.
        light = (patch >= 235).all(axis=1).mean()
        dark = (patch <= 150).all(axis=1).mean()
        if not (light > 0.2 and dark > 0.03):
            missing.append((label["name"], round(light, 2), round(dark, 2)))
    SCREENSHOTS.mkdir(exist_ok=True)
    image.save(SCREENSHOTS / "map_labels.png")
    assert missing == []


def map_stops(tab: Tab, documents) -> tuple[dict, dict, dict]:  # noqa: F811
    """The map page, drawn: the spec it shows, its stops by name, and the canvas's box."""
    tab.open("/")
    map_drawn(tab)
    spec = expected_deck(documents, Selection())
    return spec, {stop["name"]: stop for stop in layer(spec, "stops")}, tab.canvas_box()


@pytest.fixture(scope="module")
def world(browser, server, documents):
    """One tab at 1440×900 on the map page with nothing chosen, drawn once for the tests that only look at it and
    hover over it (each map a page mounts costs software WebGL some 5 s of CPU; a hover changes nothing the app
    keeps): (the tab, the spec it shows, its stops by name, the canvas's box)."""
    tab = Tab(browser, server)
    tab.page.set_viewport_size({"width": 1440, "height": 900})
    try:
        yield (tab, *map_stops(tab, documents))
    finally:
        tab.context.close()


def at_rest(tab: Tab) -> None:
    """The pointer off the map and no tooltip shown: the map as drawn, whatever a test before hovered."""
    tab.page.mouse.move(0, 0)
    tab.page.locator(".deck-tooltip").first.wait_for(state="hidden", timeout=10_000)


@pytest.mark.xdist_group("map_world")  # one worker: one drawn ``world``
def test_markers_that_share_a_spot_can_each_be_hovered(world):
    desk, spec, stops, box = world
    for name, country in (("Botkyrka", "Zweden"), ("Stockholm", "Zweden"), ("Osaka", "Japan"), ("Kobe", "Japan")):
        text = tooltip_near(desk, *drawn_at(spec, stops[name], box), f"{name} ({country})")
        assert text.startswith(f"{name} ({country})"), (name, text)


@pytest.mark.xdist_group("map_world")  # one worker: one drawn ``world``
def test_tooltips_stay_inside_the_map_at_its_right_edge(world):
    desk, spec, stops, box = world
    for name in ("Tokio", "Kobe", "Johannesburg"):
        tooltip_near(desk, *drawn_at(spec, stops[name], box), name)
        shown = desk.page.locator(".deck-tooltip > div").bounding_box()
        assert shown["x"] >= box["x"] and shown["x"] + shown["width"] <= box["x"] + box["width"], name
        assert shown["y"] >= box["y"] and shown["y"] + shown["height"] <= box["y"] + box["height"], name


@pytest.mark.xdist_group("map_world")  # one worker: one drawn ``world``
def test_a_click_shows_the_trip_and_lights_it_and_the_legend_filters(world, documents):  # noqa: F811
    """On the world tab, after the tests that only look at it and hover (this one chooses and filters, which they
    must not meet: keep it the last test on ``world``), three checks that each had a page load of their own:
    1. a click on a place shows its trip, and only its, under "Details" (test_browser.py's map test);
    2. tapping Tokio lights the whole Japan trip: Osaka and Kobe keep their colour (Streamlit's own selection faded
       everything but the marker tapped), while another trip of the same official fades;
    3. the legend filters when clicked: Schouten's pill shows Schouten's trips and sets the sidebar's filter."""
    from reisatlas.atlas import document_paths, load_atlas
    from reisatlas.geocoding import default_geocoder
    from reisatlas.summary import summarise

    desk, spec, stops, box = world
    at_rest(desk)

    # 1. A click shows the trip.
    x, y = hover_until_tooltip(desk, *drawn_at(spec, stops["Johannesburg"], box), "Johannesburg (Zuid-Afrika)")
    assert "Johannesburg (Zuid-Afrika)" in desk.page.locator(".deck-tooltip").inner_text()
    click_place(desk, x, y, "Johannesburg (Zuid-Afrika)")
    details = desk.main_text().split("Details", 1)[1]
    assert "Werkbezoek Johannesburg (Zuid-Afrika)" in details
    assert "burgemeester Schouten" in details
    assert "september 2025" in details
    assert "Tokio" not in details.split("Niet op de kaart")[0]  # only the clicked place's trip
    assert desk.exceptions() == []

    # 2. A chosen trip keeps its route and stops lit.
    x, y = hover_until_tooltip(desk, *drawn_at(spec, stops["Tokio"], box), "Tokio (Japan)")
    click_place(desk, x, y, "Tokio (Japan)")
    map_box = desk.page.locator(MAP).bounding_box()
    green = np.array(stops["Osaka"]["colour"][:3])  # burgemeester Schouten's

    def colours() -> dict[str, np.ndarray]:
        image = np.asarray(desk.map_image(), dtype=np.int16)
        found = {}
        for name in ("Tokio", "Osaka", "Kobe", "Johannesburg"):
            px, py = drawn_at(spec, stops[name], box)
            found[name] = image[round(py - map_box["y"]), round(px - map_box["x"])][:3]
        return found

    desk.wait()  # the run the click asked for
    # Until the map is redrawn with the chosen trip lit, or a minute has passed (a look takes seconds on a loaded
    # machine: a number of looks bounds nothing in time). Johannesburg, chosen before, is faded only once the map
    # shows Tokio's trip chosen instead.
    deadline = time.monotonic() + 60
    while True:
        seen = colours()
        lit = np.abs(seen["Johannesburg"] - green).max() > 60 and np.abs(seen["Osaka"] - green).max() < 30
        if lit or time.monotonic() > deadline:
            break
        desk.page.wait_for_timeout(250)
    for name in ("Tokio", "Osaka", "Kobe"):
        assert np.abs(seen[name] - green).max() < 30, (name, seen[name])
    assert np.abs(seen["Johannesburg"] - green).max() > 60  # Schouten's other trip, faded

    # 3. The legend filters when clicked.
    atlas = load_atlas(document_paths(documents), default_geocoder(online=False))
    schouten = summarise(Selection(officials=("Schouten",)).apply(atlas.trips), atlas.stops)
    everyone = summarise(atlas.trips, atlas.stops)
    assert schouten.trips < everyone.trips  # the filter shows fewer trips than the page before it
    assert everyone.sentence("nl").split(",")[0] in desk.main_text()
    desk.page.locator('.st-key-legend_official button[data-variant="pills"]', has_text="burgemeester Schouten").click()
    desk.wait()
    text = desk.main_text()
    assert schouten.sentence("nl").split(",")[0] in text  # "4 reizen naar … plaatsen in … landen": Schouten's own
    assert "Schouten" in desk.page.locator('[data-testid="stSidebar"]').inner_text()  # the sidebar's filter, set
    assert desk.exceptions() == []
    assert desk.errors == []


def steady_land(tab: Tab, land) -> np.ndarray:
    """The map's land once two screenshots in a row agree. A map still drawing its outlines (software WebGL, seconds
    on a loaded machine) shows part of the land, which differs from a whole map as much as a moved camera does; a
    camera that did move is as steady as one that did not, so this hides no move."""
    last = land(map_drawn(tab))
    for _ in range(20):
        now = land(tab.map_image())
        if (now != last).mean() < 0.005:
            return now
        last = now
    pytest.fail("the map kept changing while a month was shown")


def test_playing_holds_the_camera_still_and_names_an_empty_month(desk):
    desk.open("/")
    first = map_drawn(desk)
    # Land is warmer than the ocean (red above blue); that holds while Streamlit greys the map during a rerun.
    land = lambda image: np.asarray(image, dtype=np.int16)[..., 0] > np.asarray(image, dtype=np.int16)[..., 2] + 3  # noqa: E731
    desk.page.get_by_role("button", name="Afspelen").click()
    sentences, masks = [], []
    stop = desk.page.get_by_role("button", name="Stoppen")
    stop.wait_for(timeout=30_000)
    # The stop button's icon is a Material Symbols glyph (a font the app ships), not "⏹" in a missing font.
    assert stop.locator('[data-testid="stIconMaterial"]').inner_text() == "stop"
    for _ in range(40):
        if not stop.is_visible():
            break  # the play has ended (the last month is then fitted on its own)
        sentence = desk.page.locator(
            '[data-testid="stMain"] [data-testid="stMarkdownContainer"] strong'
        ).first.inner_text()
        if not sentences or sentence != sentences[-1]:
            sentences.append(sentence)
            mask = steady_land(desk, land)
            if not stop.is_visible():
                break
            masks.append(mask)
            map_box = desk.page.locator(MAP).bounding_box()
            assert map_box["y"] + map_box["height"] / 2 < 900, "the map is below the fold while playing"
        if "oktober" in sentence or len(sentences) >= 4:
            break
        desk.page.wait_for_timeout(400)
    assert len(sentences) >= 2  # the months went by (the empty month's sentence: test_map_layout, AppTest)
    for mask in masks[1:]:
        # The coasts stay where they were: few pixels differ (routes and markers come and go).
        assert (mask != masks[0]).mean() < 0.03  # a moved camera changes a third of them
    assert land(first).shape == masks[0].shape


# --- projector mode and the HTML export (section 7) ---------------------------------------------------


def test_projector_mode_shows_the_whole_trip_at_1920_and_at_1440(browser, server, documents):  # noqa: F811
    """Projector mode at 1920×1080 and then at 1440×900: no sidebar, and every stop of the first trip (and home)
    inside the screen and inside the map. One load for both sizes, the window resized between them: projector mode's
    layout is CSS of the window's size (ui/streamlit_internals.PROJECTOR_CSS) and both are desktops, whose map is
    fitted alike (ui.client.map_width), so the resized page is the page a load at 1440×900 shows."""
    from reisatlas.atlas import document_paths, load_atlas
    from reisatlas.colours import colouring
    from reisatlas.geocoding import default_geocoder
    from reisatlas.story import story_deck, story_order

    atlas = load_atlas(document_paths(documents), default_geocoder(online=False))
    trips = story_order(atlas.trips)
    spec = json.loads(story_deck(trips.iloc[[0]], atlas.stops, colouring(atlas.trips), fit=(1000, 384)).to_json())
    tab = Tab(browser, server)
    try:
        tab.page.set_viewport_size({"width": 1920, "height": 1080})
        tab.open("/presentatie?present=1")
        for size in [(1920, 1080), (1440, 900)]:
            tab.page.set_viewport_size({"width": size[0], "height": size[1]})
            tab.wait()  # a run the page may ask for at its new size (none for a desktop)
            assert not tab.page.locator('[data-testid="stSidebar"]').is_visible()
            map_drawn(tab)
            box = tab.canvas_box()
            tab.page.evaluate("() => window.scrollTo(0, 0)")
            box = tab.page.locator(f"{MAP} canvas").first.bounding_box()
            for stop in layer(spec, "stops") + layer(spec, "home"):
                x, y = drawn_at(spec, stop, box)
                assert 0 <= x <= size[0] and 0 <= y <= size[1], (stop["name"], x, y, size)
                assert box["y"] <= y <= box["y"] + box["height"], (stop["name"], y, box, size)
    finally:
        tab.context.close()


@pytest.mark.parametrize("size", [(1920, 1080), (390, 844)])
def test_html_export_fits_the_screen_clear_of_its_caption(browser, documents, tmp_path, size):  # noqa: F811
    from reisatlas.atlas import document_paths, load_atlas
    from reisatlas.exports import render
    from reisatlas.geocoding import default_geocoder

    atlas = load_atlas(document_paths(documents), default_geocoder(online=False))
    chosen = Selection(months=("2025-06", "2025-09")).apply(atlas.trips)
    page_file = tmp_path / "kaart.html"
    page_file.write_bytes(render("html", chosen, atlas.stops))
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        page.goto(page_file.as_uri())
        page.wait_for_function("() => window.reisatlasMap && window.reisatlasMap.getViewports().length", timeout=60_000)
        caption = page.locator("#reisatlas-caption").bounding_box()
        points = page.evaluate(
            """() => { const [viewport] = window.reisatlasMap.getViewports();
                 const stops = window.reisatlasMap.props.layers.find(l => l.id === "stops").props.data;
                 return stops.map(d => [d.name, ...viewport.project([d.lon, d.lat])]); }"""
        )
        assert len(points) == 11
        for name, x, y in points:
            assert 0 <= x <= size[0] and 0 <= y <= size[1], (name, x, y)
            inside = (
                caption["x"] <= x <= caption["x"] + caption["width"]
                and caption["y"] <= y <= caption["y"] + caption["height"]
            )
            assert not inside, f"{name} under the caption"
        # The page fills the window: no white bands (the background is the ocean's colour).
        assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(222, 235, 247)"
    finally:
        page.close()
