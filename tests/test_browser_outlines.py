"""The map's outlines and frame in a real browser (issue 17, item 6): a view zoomed in draws the fine (1:50m)
outlines in the same session too, not only when its link is opened fresh; and the map fills its frame, with no
white bands beside the world and every place of the selection inside it, on a desktop (a view with Japan), in
projector mode (a world-wide trip on a wide screen) and at 200 % browser zoom.

Same server and browser set-up as test_browser.py (its fixtures).
"""

from __future__ import annotations

import numpy as np
import pytest
from browser import screen_point
from test_browser import (  # noqa: F401
    CHROMIUM,
    LAND,
    MAP,
    SCREENSHOTS,
    Tab,
    choose,
    map_drawn,
)
from test_browser_labels import SizedTab
from test_browser_view import PHONE, settle

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
Image = pytest.importorskip("PIL.Image", reason="pillow is not installed")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium at /usr/bin/chromium or on PATH"),
]

DESKTOP = {"width": 1440, "height": 900}


# Whether the page has received the whole of each file (a map layer's data given by its address): the browser's
# resource timing has an entry for a file once its response has ended. Arg: the addresses, relative to the app.
FETCHED = """(addresses) => addresses.every(address => performance.getEntriesByType('resource').some(
  entry => entry.name.split('?')[0].endsWith('/' + address) && entry.responseEnd > 0))"""


def steady(tab: SizedTab) -> np.ndarray:
    """The map's pixels once the outline files its last spec names have come (the fine outlines are 1.5 MB, fetched
    after the map's first frame) and then two screenshots a second apart agree (drawn by software WebGL). Two looks
    agree as well while the file is still coming or being read: the old outlines stay on screen meanwhile."""
    assert tab.specs, "no map spec came over the websocket"
    files = [layer["data"] for layer in tab.specs[-1]["layers"] if str(layer.get("data")).endswith(".geojson")]
    tab.page.wait_for_function(FETCHED, arg=files, timeout=60_000)
    last = np.asarray(map_drawn(tab), dtype=np.int16)
    for _ in range(30):
        tab.page.wait_for_timeout(1000)
        now = np.asarray(tab.map_image(), dtype=np.int16)
        if now.shape == last.shape and (np.abs(now - last).max(axis=2) > 8).mean() < 0.0005:
            return now
        last = now
    pytest.fail("the map kept changing")


def land(pixels: np.ndarray) -> np.ndarray:
    return (np.abs(pixels - np.array(LAND)) <= 6).all(axis=2)


def test_the_desktop_map_fills_its_frame_and_zooming_in_by_a_filter_draws_the_fine_outlines_as_a_fresh_link_does(
    browser,
    server,  # noqa: F811
):
    """One load of "/" on a desktop serves two checks:

    - the map fills its frame (no white bands, every place of the selection inside it): the case ("desktop", "/")
      of test_the_map_fills_its_frame, on the same page at the same size (frame_desktop_1.png);
    - filtering to one official zooms the map in on north-west Europe: the coasts there are the 1:50m ones, as on
      the same link opened fresh (the 1:50m were fetched, but the 1:110m stayed on screen)."""
    tab = SizedTab(browser, server, DESKTOP)
    fresh = SizedTab(browser, server, DESKTOP)
    try:
        tab.open("/")
        settle(tab)
        fills_its_frame(tab, "desktop", "/", 1)
        officials = tab.page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
        choose(tab, officials, "wethouder Kasmi (2)")
        tab.page.keyboard.press("Escape")
        settle(tab)
        assert "official=Kasmi" in tab.page.url
        filtered = steady(tab)
        fresh.open(tab.page.url.removeprefix(server.url))
        settle(fresh)
        opened = steady(fresh)
        SCREENSHOTS.mkdir(exist_ok=True)
        for name, pixels in (("outlines_after_filter", filtered), ("outlines_fresh_link", opened)):
            Image.fromarray(pixels.astype(np.uint8)).save(SCREENSHOTS / f"{name}.png")
        assert filtered.shape == opened.shape
        differ = (land(filtered) != land(opened)).mean()
        assert differ < 0.002, f"{differ:.2%} of the map is land in one and not the other"
    finally:
        tab.context.close()
        fresh.context.close()


def within(point: tuple[float, float], box: dict) -> bool:
    return box["x"] <= point[0] <= box["x"] + box["width"] and box["y"] <= point[1] <= box["y"] + box["height"]


def white_bands(pixels: np.ndarray) -> list[str]:
    """Columns and rows of the map that are mostly the page's white: the frame not filled."""
    white = (pixels >= 250).all(axis=2)
    found = []
    for name, share in (("column", white.mean(axis=0)), ("row", white.mean(axis=1))):
        bands = np.flatnonzero(share > 0.8)
        if len(bands) > 2:  # the chart's own edge may be a pixel of page
            found.append(f"{len(bands)} white {name}s ({bands.min()}…{bands.max()} of {len(share)})")
    return found


@pytest.mark.parametrize(
    "screen, address",
    [
        # ("desktop", "/") is checked on the page of the desktop's outlines test above: the same load serves both.
        ("desktop", "/?official=Schouten"),  # Johannesburg and Japan
        ("projector", "/presentatie?present=1"),
        ("projector", "/presentatie?present=1&country=JP"),  # a world-wide trip on a wide screen
        ("desktop at 200%", "/"),
        ("desktop at 200%", "/?official=Schouten"),
        ("phone", "/"),
    ],
)
def test_the_map_fills_its_frame(browser, server, screen, address):  # noqa: F811
    viewport, scale = {
        "desktop": (DESKTOP, 1),
        "projector": (DESKTOP, 1),
        "desktop at 200%": ({"width": 720, "height": 450}, 2),
        "phone": (PHONE, 1),
    }[screen]
    tab = SizedTab(browser, server, viewport, scale)
    try:
        tab.open(address)
        settle(tab)
        fills_its_frame(tab, screen, address, scale)
    finally:
        tab.context.close()


def fills_its_frame(tab: SizedTab, screen: str, address: str, scale: int) -> None:
    """The map on a settled page fills its frame: no white bands, every place of the selection inside it."""
    pixels = np.asarray(map_drawn(tab), dtype=np.int16)
    # Streamlit's header stays at the top of a scrolled page (a 450 px high window): page, not map.
    header = tab.page.locator('header[data-testid="stHeader"]').bounding_box()
    chart = tab.page.locator(MAP).bounding_box()
    if header and header["height"] and header["y"] + header["height"] > round(chart["y"]):
        pixels = pixels[round(header["y"] + header["height"] - round(chart["y"])) * scale :]
    SCREENSHOTS.mkdir(exist_ok=True)
    Image.fromarray(pixels.astype(np.uint8)).save(
        SCREENSHOTS / f"frame_{screen.replace(' ', '_').replace('%', '')}_{len(address)}.png"
    )
    assert white_bands(pixels) == []
    # And the whole selection in it: at 200 % zoom a map fitted for 1,000 px left Richmond and Japan outside.
    assert tab.specs, "no map spec came over the websocket"
    spec, box = tab.specs[-1], tab.canvas_box()
    outside = [
        record["name"]
        for layer in spec["layers"]
        if layer["id"] in ("home", "stops")
        for record in layer["data"]
        if not within(screen_point(spec["initialViewState"], record["lat"], record["lon"], box), box)
    ]
    assert outside == [], f"drawn outside the map: {outside}"
