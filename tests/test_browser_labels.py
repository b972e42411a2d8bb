"""The map page's markers and labels as a reader sees them (issue 17, items 1, 2 and 6), in a real browser on a
phone (390×844), a tablet (768×1024), a desktop (1440×900) and the same desktop at 200 % browser zoom (720×450 CSS
pixels, two device pixels each), with the seed and with an overview of 23 places, half of them in north-west Europe:

- every marker drawn within 30 px of its place's true position (from the document's own coordinates, not the
  map's), and inside the map;
- every label beside its own marker (within 40 px of its edge) or, with no room, a number whose name is in the
  key under the map;
- no label covering another label or another place's marker.

The map the page drew is read from what the server sent it (the spec in Streamlit's websocket messages), and each
marker and label is looked for in the screenshot where that spec puts it, so a test cannot pass on a layout the page
did not draw.

Same server and browser set-up as test_browser.py (its fixtures).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from browser import FITTED_BELOW, REPORTED, screen_point, settled_look
from test_browser import (  # noqa: F401
    CHROMIUM,
    MAP,
    SCREENSHOTS,
    STATE_LOG,
    Tab,
    map_drawn,
)

from reisatlas.i18n import t
from reisatlas.map import RING_PX
from reisatlas.map.screen import MARKER_Y

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium at /usr/bin/chromium or on PATH"),
    pytest.mark.xdist_group("labels"),  # its two servers (the seed, the overview) started once, on one worker
]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
OVERVIEW = Path(__file__).resolve().parent / "documents" / "overview_23_places.txt"
# (CSS viewport, device pixels per CSS pixel): 200 % browser zoom halves the CSS viewport and doubles the pixels.
SCREENS = {
    "phone": ({"width": 390, "height": 844}, 1),
    "tablet": ({"width": 768, "height": 1024}, 1),
    "desktop": ({"width": 1440, "height": 900}, 1),
    "desktop at 200%": ({"width": 720, "height": 450}, 2),
}
NUDGE, BESIDE = 30, 40  # CSS pixels: the furthest a marker from its place, a label from its marker's edge


@pytest.fixture(scope="module", params=["seed", "overview"])
def shown(request, tmp_path_factory, servers):  # noqa: F811
    """(the server on one document, the document's own coordinates of each place by name, which document)."""
    from reisatlas.atlas import document_paths, load_atlas
    from reisatlas.geo import HOME
    from reisatlas.geocoding import default_geocoder

    folder = tmp_path_factory.mktemp(request.param)
    source = SEED if request.param == "seed" else OVERVIEW
    (folder / source.name).write_bytes(source.read_bytes())
    atlas = load_atlas(document_paths(folder), default_geocoder(online=False))
    placed = atlas.stops.dropna(subset=["lat", "lon"])
    places = {name: (float(lat), float(lon)) for name, lat, lon in zip(placed["name"], placed["lat"], placed["lon"])}
    return servers(folder), {**places, HOME.name: (HOME.lat, HOME.lon)}, request.param


class SizedTab(Tab):
    """A tab at a viewport and device scale of its own, which keeps every map spec the server sends it."""

    def __init__(self, browser, server, viewport: dict, scale: int = 1):  # noqa: F811
        self.server = server
        self.context = browser.new_context(viewport=viewport, device_scale_factor=scale, locale="nl-NL")
        self.context.add_init_script(STATE_LOG)
        self.page = self.context.new_page()
        self.dialogs, self.errors, self.specs = [], [], []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        # Streamlit's messages are protobuf; a map's spec is in one as its JSON text, whole.
        data = payload if isinstance(payload, bytes) else payload.encode()
        at = data.find(b'"initialViewState"')
        if at < 0:
            return
        start = data.rfind(b"{", 0, at)
        spec, _ = json.JSONDecoder().raw_decode(data[start:].decode("utf-8", errors="replace"))
        self.specs.append(spec)


def records(spec: dict, name: str) -> list[dict]:
    return next(layer["data"] for layer in spec["layers"] if layer["id"].split("-")[0] == name)


def drawn_at(spec: dict, record: dict, box: dict) -> tuple[float, float]:
    """Where a marker (or a label's middle) is drawn: its record's position, moved by its offset in pixels."""
    x, y = screen_point(spec["initialViewState"], record["lat"], record["lon"], box)
    dx, dy = record.get("offset", (0, 0))
    if "radius" in record:  # a marker's offset counts y upwards, as deck.gl's ScatterplotLayer does
        dy = MARKER_Y * dy
    return x + dx, y + dy


def gap(a, b) -> float:
    """The distance between two boxes (x0, y0, x1, y1); 0 when they touch or overlap."""
    return math.hypot(max(0, a[0] - b[2], b[0] - a[2]), max(0, a[1] - b[3], b[1] - a[3]))


def overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


def what_is_wrong(spec: dict, places: dict, box: dict, image, origin, scale: int, key_line: str) -> list[str]:
    """Everything a reader would see wrong on the map drawn from ``spec`` on a canvas at ``box``, as ``image`` (a
    screenshot from ``origin``, ``scale`` device pixels a CSS pixel) shows it, with the key under it reading
    ``key_line``."""
    wrong = []
    view = spec["initialViewState"]
    pixels = np.asarray(image, dtype=np.int16)

    def at(x: float, y: float) -> tuple[int, int]:
        return round((y - origin[1]) * scale), round((x - origin[0]) * scale)

    def pixel(x: float, y: float) -> np.ndarray:
        return pixels[at(x, y)][:3]

    def inside(x: float, y: float) -> bool:
        return box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"]

    markers = {marker["name"]: marker for marker in records(spec, "home") + records(spec, "stops")}
    marker_boxes = {}
    for name, marker in markers.items():
        x, y = drawn_at(spec, marker, box)
        true_x, true_y = screen_point(view, *places[name], box)
        if math.hypot(x - true_x, y - true_y) > NUDGE:
            wrong.append(f"{name} drawn {math.hypot(x - true_x, y - true_y):.0f} px from its place")
        if not inside(true_x, true_y):
            wrong.append(f"{name} outside the map")
            continue
        r = marker["radius"] + RING_PX / 2
        if "colour" in marker:
            # Its colour in its disc: a marker of a crowd may be partly under its neighbour, never wholly.
            (top, left), (bottom, right) = at(x - r / 2, y - r / 2), at(x + r / 2, y + r / 2)
            disc = pixels[top : bottom + 1, left : right + 1, :3].reshape(-1, 3)
            if not (np.abs(disc - np.array(marker["colour"][:3])).max(axis=1) <= 40).any():
                wrong.append(f"no {name} marker drawn where the map puts it: {pixel(x, y).tolist()}")
        marker_boxes[name] = (x - r, y - r, x + r, y + r)
    numbered = {str(number): name for number, name in (entry.split(" ", 1) for entry in key_entries(key_line))}
    labels = []
    for label in records(spec, "labels"):
        name = numbered.get(label["name"], label["name"])
        if label["name"].isdigit() and label["name"] not in numbered:
            wrong.append(f"number {label['name']} is not in the key: {key_line!r}")
        x, y = drawn_at(spec, label, box)
        half = (7.5 * len(label["name"]) + 8) / 2
        labels.append((label["name"], name, (x - half, y - 9, x + half, y + 9)))
        if not (inside(x - half, y - 9) and inside(x + half, y + 9)):
            wrong.append(f"label {label['name']} crosses the edge of the map")
            continue
        # A label is a light box with dark letters, where the layout put it.
        (top, left), (bottom, right) = at(x - half + 1, y - 7), at(x + half - 1, y + 7)
        patch = pixels[top:bottom, left:right, :3].reshape(-1, 3)
        # Its box is white at 84 %: lighter than 205 over land, sea or a marker.
        if not ((patch >= 205).all(axis=1).mean() > 0.2 and (patch <= 150).all(axis=1).mean() > 0.02):
            wrong.append(f"label {label['name']} not drawn where the map puts it")
    for text, name, label_box in labels:
        if name not in marker_boxes:
            continue
        if gap(label_box, marker_boxes[name]) > BESIDE:
            wrong.append(f"label {text} {gap(label_box, marker_boxes[name]):.0f} px from {name}'s marker")
        for other, other_box in marker_boxes.items():  # a number may sit on its own marker
            if (other != name or text != name) and overlap(label_box, other_box):
                wrong.append(f"label {text} covers the marker of {other}")
        for other_text, _, other_box in labels:
            if other_text != text and overlap(label_box, other_box):
                wrong.append(f"label {text} covers label {other_text}")
    named = sorted(name for _, name, _ in labels)
    if named != sorted(markers):
        wrong.append(f"named {named}, drawn {sorted(markers)}")
    return wrong


def key_entries(line: str) -> list[str]:
    """The key under the map ("Nummers op de kaart: 1 Botkyrka · 2 Kobe") as its entries ("1 Botkyrka", …)."""
    for lang in ("nl", "en"):
        title = f"{t('map_key', lang)}: "
        if line.startswith(title):
            return line[len(title) :].split(" · ")
    return []


@pytest.mark.parametrize("screen", SCREENS)
def test_markers_at_their_places_and_labels_beside_them(browser, shown, screen):  # noqa: F811
    server, places, document = shown
    viewport, scale = SCREENS[screen]
    tab = SizedTab(browser, server, viewport, scale)
    try:
        tab.open("/")
        # A narrow column (a phone's, a tablet's, a desktop's at 200 %) reports its width and the map is made again
        # for it: the spec drawn is the last one sent.
        tab.page.wait_for_function(REPORTED, arg=FITTED_BELOW, timeout=30_000)
        tab.wait()
        # On a loaded machine the first picture can still be the draw before the width report's: look again until
        # what is drawn settles (browser.settled_look), then judge the last look.

        def look():
            image = map_drawn(tab)
            box = tab.canvas_box()
            chart = tab.page.locator(MAP).bounding_box()
            origin = round(chart["x"]), round(chart["y"])  # where Tab.map_image's screenshot starts
            key = tab.page.get_by_text(f"{t('map_key', 'nl')}: ")
            return image, box, origin, key.first.inner_text() if key.count() else ""

        def wrong(seen) -> list[str]:
            if not tab.specs:
                return ["no map spec came over the websocket"]
            image, box, origin, key_line = seen
            return what_is_wrong(tab.specs[-1], places, box, image, origin, scale, key_line)

        (image, box, origin, key_line), wrong_seen = settled_look(tab.page, look, wrong)
        image.save(SCREENSHOTS / f"labels_{document}_{screen.replace(' ', '_').replace('%', '')}.png")
        assert tab.specs, "no map spec came over the websocket"
        (SCREENSHOTS / f"labels_{document}_{screen.replace(' ', '_').replace('%', '')}.json").write_text(
            json.dumps({"spec": tab.specs[-1], "box": box, "origin": origin, "key": key_line})
        )
        assert not wrong_seen, "\n".join(wrong_seen)
    finally:
        tab.context.close()
