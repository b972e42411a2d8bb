"""The map as people meet it, in a real browser (issue 9, sections 2, 4 and 6): every placed stop labelled on
the canvas, markers that share a spot each hoverable, tooltips inside the map at its right edge, a camera
that holds still while the period plays, an empty month named, and a legend that filters.

Same server and browser set-up as test_browser.py (its fixtures), at 1440×900.
"""

from __future__ import annotations

import numpy as np
import pytest

from browser import expected_deck, screen_point
from reisatlas.selection import Selection
from test_browser import CHROMIUM, MAP, SCREENSHOTS, Tab, browser, documents, map_drawn, server, share  # noqa: F401

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
    return x + record["offset"][0], y + record["offset"][1]


def layer(spec: dict, name: str) -> list[dict]:
    (found,) = [layer for layer in spec["layers"] if layer["id"] == name]
    return found["data"]


def tooltip_near(tab: Tab, x: float, y: float) -> str:
    """Hover (x, y) and a few pixels around it until deck.gl shows a tooltip; its text."""
    tooltip = tab.page.locator(".deck-tooltip")
    for dx, dy in [(0, 0), (1, 1), (-1, -1), (2, 0), (-2, 0), (0, 2), (0, -2)]:
        tab.page.mouse.move(x + dx, y + dy, steps=3)
        try:
            tooltip.wait_for(state="visible", timeout=1500)
            return tooltip.inner_text()
        except sync_api.TimeoutError:
            continue
    pytest.fail(f"no tooltip around ({x:.0f}, {y:.0f})")


def test_every_placed_stop_has_a_label_on_the_canvas(desk, documents):  # noqa: F811
    desk.open("/")
    image = map_drawn(desk)
    box = desk.canvas_box()
    spec = expected_deck(documents, Selection())
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


def test_markers_that_share_a_spot_can_each_be_hovered(desk, documents):  # noqa: F811
    spec, stops, box = map_stops(desk, documents)
    for name, country in (("Botkyrka", "Zweden"), ("Stockholm", "Zweden"), ("Osaka", "Japan"), ("Kobe", "Japan")):
        text = tooltip_near(desk, *drawn_at(spec, stops[name], box))
        assert text.startswith(f"{name} ({country})"), (name, text)


def test_tooltips_stay_inside_the_map_at_its_right_edge(desk, documents):  # noqa: F811
    spec, stops, box = map_stops(desk, documents)
    for name in ("Tokio", "Kobe", "Johannesburg"):
        tooltip_near(desk, *drawn_at(spec, stops[name], box))
        shown = desk.page.locator(".deck-tooltip > div").bounding_box()
        assert shown["x"] >= box["x"] and shown["x"] + shown["width"] <= box["x"] + box["width"], name
        assert shown["y"] >= box["y"] and shown["y"] + shown["height"] <= box["y"] + box["height"], name


def test_playing_holds_the_camera_still_and_names_an_empty_month(desk):
    desk.open("/")
    first = map_drawn(desk)
    land = lambda image: (np.abs(np.asarray(image, dtype=np.int16) - (246, 244, 238)) <= 4).all(axis=2)  # noqa: E731
    desk.page.get_by_role("button", name="Afspelen").click()
    sentences, masks = [], []
    stop = desk.page.get_by_role("button", name="Stoppen")
    stop.wait_for(timeout=30_000)
    # The stop button's icon is a Material Symbols glyph (a font the app ships), not "⏹" in a missing font.
    assert stop.locator('[data-testid="stIconMaterial"]').inner_text() == "stop"
    for _ in range(40):
        sentence = desk.page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] strong').first.inner_text()
        if not sentences or sentence != sentences[-1]:
            sentences.append(sentence)
            masks.append(land(map_drawn(desk)))
            map_box = desk.page.locator(MAP).bounding_box()
            assert map_box["y"] + map_box["height"] / 2 < 900, "the map is below the fold while playing"
        if "oktober" in sentence or len(sentences) >= 4:
            break
        desk.page.wait_for_timeout(400)
    assert "augustus 2025: geen reizen" in sentences
    for mask in masks[1:]:
        # The coasts stay where they were: few pixels differ (routes and markers come and go).
        assert (mask != masks[0]).mean() < 0.03  # a moved camera changes a third of them
    assert land(first).shape == masks[0].shape


def test_the_legend_filters_when_clicked(desk):
    desk.open("/")
    desk.page.locator('.st-key-legend_official button[data-variant="pills"]', has_text="burgemeester Schouten").click()
    desk.wait()
    text = desk.main_text()
    assert "3 reizen naar" in text or "reizen naar" in text
    assert "Schouten" in desk.page.locator('[data-testid="stSidebar"]').inner_text()  # the sidebar's filter, set
