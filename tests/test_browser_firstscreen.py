"""The map page's first screen in a real browser (issue 17, item 3 and 9): who, where, when and why without a click.

At 1440×900 the map starts within 300 px of the top with every placed stop of the selection inside it and inside
the window; each trip's purpose is on the first screen, beside the map, and a click on a trip there selects it as a
click on the map does (the details, the address). On a phone the map starts in the first screen, the purposes
follow it, and nothing on the first screen moves while the page loads (the number tiles used to be drawn for a
desktop first and then jump to one line once the phone had reported its width).

Same server as tests/test_browser_view.py: the seed alone, the session's ``seed_alone`` folder (tests/browser.py), so
one server on each pytest-xdist worker serves both modules.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from browser import screen_point

# The shared browser and server fixtures (tests/browser.py, registered in conftest) on this module's documents (the
# seed alone: the folder and so the server of tests/test_browser_view.py), and test_browser's marks.
from test_browser import MAP, SCREENSHOTS, SEED, pytestmark  # noqa: F401
from test_browser_view import DESKTOP, PHONE, open_tab, query, settle


@pytest.fixture(scope="module")
def documents(seed_alone) -> Path:
    return seed_alone


MAP_TOP = 300  # the map starts within this many pixels of the top at 1440×900
MARKER_OFFSET = 30  # a marker may be drawn this many pixels beside its place (close places kept apart)
# The browser's cumulative layout shift while a phone loads the page, at most: "good" by web.dev's measure is 0.1.
LAYOUT_SHIFT = 0.1

# Records, every animation frame from the start, where the title, the summary sentence and the map are.
POSITIONS = """
window.__positions = [];
const top = (selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const box = element.getBoundingClientRect();
  return box.height ? Math.round(box.top) : null;
};
const sample = () => {
  const row = {
    title: top('[data-testid="stMain"] h1'),
    sentence: top('[data-testid="stMain"] [data-testid="stMarkdownContainer"] strong'),
    map: top('[data-testid="stDeckGlJsonChart"]'),
  };
  const last = window.__positions[window.__positions.length - 1];
  if (!last || JSON.stringify(last[1]) !== JSON.stringify(row)) window.__positions.push([Math.round(performance.now()), row]);
  requestAnimationFrame(sample);
};
requestAnimationFrame(sample);
window.__shifts = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""


def seed_trips(documents: Path, lang: str = "nl") -> pd.DataFrame:
    from reisatlas.atlas import document_paths, load_atlas
    from reisatlas.geocoding import default_geocoder

    return load_atlas(document_paths(documents), default_geocoder(online=False)).trips


def test_at_a_desktop_the_map_starts_high_with_its_whole_selection_in_view(browser, server, documents):
    from reisatlas.atlas import document_paths, load_atlas
    from reisatlas.colours import colouring
    from reisatlas.geocoding import default_geocoder
    from reisatlas.map import build_deck

    tab = open_tab(browser, server, DESKTOP)
    try:
        tab.open("/")
        settle(tab)
        box = tab.page.locator(MAP).bounding_box()
        tab.page.screenshot(path=SCREENSHOTS / "first_screen_desktop.png")
        assert box["y"] <= MAP_TOP, f"the map starts {box['y']:.0f} px down"
        canvas = tab.canvas_box()  # scrolled into view if it had to be: the map is whole on the first screen
        from ui.client import DESKTOP_MAP  # the size the app fits a desktop's map for: the map's own size

        assert (round(canvas["width"]), round(canvas["height"])) == DESKTOP_MAP
        atlas = load_atlas(document_paths(documents), default_geocoder(online=False))
        deck = build_deck(atlas.trips, atlas.stops, colouring(atlas.trips), fit=DESKTOP_MAP)
        view = {k: getattr(deck.initial_view_state, k) for k in ("latitude", "longitude", "zoom")}
        assert tab.page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollTop") == 0
        outside = []
        for stop in atlas.stops.dropna(subset=["lat"]).itertuples():
            x, y = screen_point(view, stop.lat, stop.lon, canvas)
            inside = canvas["x"] - MARKER_OFFSET <= x <= canvas["x"] + canvas["width"] + MARKER_OFFSET
            inside &= canvas["y"] - MARKER_OFFSET <= y <= min(canvas["y"] + canvas["height"], DESKTOP["height"])
            if not inside:
                outside.append(f"{stop.name} at ({x:.0f}, {y:.0f})")
        assert outside == [], f"not on the first screen's map ({canvas}): {outside}"
    finally:
        tab.context.close()


def test_every_purpose_is_on_the_first_screen_and_a_click_there_selects_the_trip(browser, server, documents):
    trips = seed_trips(documents)
    tab = open_tab(browser, server, DESKTOP)
    try:
        tab.open("/")
        settle(tab)
        main = tab.page.locator('[data-testid="stMain"]')
        hidden = []
        for purpose in trips["subtitle"]:
            found = main.get_by_role("button").filter(has_text=purpose)
            box = found.first.bounding_box() if found.count() else None
            if box is None or box["y"] + box["height"] > DESKTOP["height"] or box["y"] < 0:
                hidden.append(f"{purpose}: {box}")
        assert hidden == [], f"purposes not on the first screen at 1440×900: {hidden}"
        trip = trips.iloc[3]
        main.get_by_role("button").filter(has_text=trip["subtitle"]).click()
        settle(tab)
        assert ("trip", trip["trip_id"]) in query(tab)  # the same selection as a click on the map, in the address
        details = main.get_by_role("heading", name=trip["title"], exact=True)
        assert details.count() == 1, f"no details of {trip['title']}"
        tab.page.screenshot(path=SCREENSHOTS / "first_screen_desktop_selected.png")
    finally:
        tab.context.close()


def test_on_a_phone_the_map_is_on_the_first_screen_and_nothing_jumps_while_it_loads(browser, server, documents):
    trips = seed_trips(documents)
    tab = open_tab(browser, server, PHONE)
    try:
        tab.context.add_init_script(POSITIONS)
        tab.open("/")
        settle(tab)
        box = tab.page.locator(MAP).bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], (
            f"the map is at {box['y']:.0f}-{box['y'] + box['height']:.0f}"
        )
        positions = tab.page.evaluate("window.__positions")
        moved = {}
        for name in ("title", "sentence", "map"):
            tops = [row[name] for _, row in positions if row[name] is not None]
            if max(tops) - min(tops) > 2:
                moved[name] = sorted(set(tops))
        shifts = tab.page.evaluate("window.__shifts")
        print(f"phone: cumulative layout shift {shifts:.4f} while the map page loaded")
        assert moved == {}, f"moved while the page loaded (px from the top): {moved}; layout shift {shifts:.3f}"
        assert shifts < LAYOUT_SHIFT, f"cumulative layout shift {shifts:.3f} while the page loaded"
        main = tab.page.locator('[data-testid="stMain"]')
        for purpose in trips["subtitle"]:  # under the map, no click needed
            assert main.get_by_role("button").filter(has_text=purpose).first.is_visible()
        tab.page.screenshot(path=SCREENSHOTS / "first_screen_phone.png")
    finally:
        tab.context.close()
