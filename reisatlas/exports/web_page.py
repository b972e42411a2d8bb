"""A standalone web page with the app's map: deck.gl, the country outlines and the trips in one file,
which opens offline and fills any screen.

deck.gl comes in as its standalone bundle, gzipped and base64-encoded (data/vendor/, 0.63 MB instead of
pydeck's 4.3 MB widget bundle), and so do the country outlines (1:50m when the map is zoomed in: 0.58 MB
instead of 1.5 MB); the page inflates both with the browser's ``DecompressionStream``. The map's
spec is the app's (``build_deck``), read by a few lines of script instead of deck.gl's JSON module:
"@@=name" is a record's field, "@@=[a, b]" two fields. The view is fitted on the reader's screen, clear
of the caption panel (on the left on wide screens, below on phones); the app's layout (``map.screen``: each
marker at its place, nudged a few pixels; each label beside its marker, or a number and a line in the key in
the caption) is worked out for a range of zooms and the page takes the one for the zoom it shows, so labels
stay apart when the reader zooms. The tooltip is text (``innerText``) and opens towards the middle of the screen.

The spec is JSON written into a ``<script>``; document text containing ``</script>`` would end that
script early, so ``<``, ``>`` and ``&`` are written as ``\\u003c``-style escapes, which JavaScript reads
back as the same characters.
"""

from __future__ import annotations

import base64
import gzip
import json
from functools import cache, lru_cache
from html import escape

import pandas as pd
import pydeck as pdk

from ..colours import Colouring
from ..i18n import month_label, t
from ..map import build_deck, country_outlines, map_layers, map_records
from ..paths import DATA
from .alt_text import alt_line
from .common import Export

DECKGL_BUNDLE = DATA / "vendor" / "deck.gl-9.3.11.min.js.gz"
DECKGL_SHA256 = "91cebf7d9595c50fac694c4ec622d651a1ac07601390ac1315a5e486fc90ec41"  # of the bundle inflated
LAYOUT_ZOOMS = tuple(z / 2 for z in range(-2, 17))  # 0.5 steps from the world to a city: the page picks one
OCEAN = "#deebf7"

PAGE_CSS = f"""
html, body {{ margin: 0; height: 100%; overflow: hidden; background: {OCEAN}; }}
#deck-container {{ position: fixed; inset: 0; }}
#reisatlas-caption {{ position: absolute; z-index: 2; top: 12px; left: 12px; width: min(22rem, 34vw);
  max-height: calc(100vh - 24px); overflow: auto; box-sizing: border-box; padding: 10px 14px;
  background: rgba(255, 255, 255, 0.94); border-radius: 6px; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25);
  font: 14px/1.4 "DejaVu Sans", Helvetica, Arial, sans-serif; color: #1e1e1e; }}
#reisatlas-caption h1 {{ font-size: 17px; margin: 0 0 6px; }}
#reisatlas-caption ul {{ margin: 4px 0; padding-left: 0; list-style: none; }}
#reisatlas-caption .swatch {{ display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px; }}
#reisatlas-caption details ul {{ list-style: disc; padding-left: 18px; }}
#reisatlas-caption .key {{ margin: 6px 0 0; font-size: 13px; }}
#reisatlas-caption .source {{ color: #555; font-size: 12px; margin: 6px 0 0; }}
@media (max-width: 700px) {{
  #reisatlas-caption {{ top: auto; bottom: 0; left: 0; width: 100%; max-height: 34vh; border-radius: 8px 8px 0 0;
    font-size: 13px; }}
  #reisatlas-caption h1 {{ font-size: 15px; }}
}}
"""

# Runs after the bundle has been inflated: builds the layers from the spec, fits the view, swaps label layouts.
PAGE_SCRIPT = """
const spec = JSON.parse(document.getElementById("deck-spec").textContent);
function accessor(value) {
  if (typeof value !== "string" || !value.startsWith("@@=")) return value;
  const expression = value.slice(3), pair = expression.match(/^\\[\\s*(\\w+)\\s*,\\s*(\\w+)\\s*\\]$/);
  if (pair) return d => [d[pair[1]], d[pair[2]]];
  return d => d[expression];
}
function layersAt(layout) {
  return spec.layers.map(layer => {
    const props = {};
    for (const [key, value] of Object.entries(layer)) if (key !== "@@type") props[key] = accessor(value);
    if (layer.id === "countries") props.data = window.reisatlasOutlines;
    const placed = layout.placed[layer.id];
    if (placed) props.data = props.data.map((d, i) => {
      const [dx, dy, c] = placed[i];
      return typeof c === "string" ? {...d, offset: [dx, dy], name: c} : {...d, offset: [dx, dy], radius: c};
    });
    return new deck[layer["@@type"]](props);
  });
}
function layoutFor(zoom) {
  let chosen = spec.layouts[0];
  for (const layout of spec.layouts) if (layout.zoom <= zoom + 0.01) chosen = layout;
  return chosen;
}
function fitted() {
  const panel = document.getElementById("reisatlas-caption").getBoundingClientRect();
  const width = window.innerWidth, height = window.innerHeight, wide = width > 700;
  const side = wide ? 70 : 60, padding = {top: 56, right: side, bottom: 48, left: side};
  if (wide) padding.left = Math.min(panel.right + 70, width / 2);
  else padding.bottom = Math.min(height - panel.top + 30, height / 2);
  const [[west, south], [east, north]] = spec.bounds;
  const view = new deck.WebMercatorViewport({width, height}).fitBounds([[west, south], [east, north]], {padding});
  return {longitude: view.longitude, latitude: view.latitude, zoom: Math.max(-1, Math.min(view.zoom, 7)), minZoom: -1, normalize: false};
}
let shown = null;
const map = new deck.Deck({
  parent: document.getElementById("deck-container"),
  views: new deck.MapView({repeat: false}),
  initialViewState: fitted(),
  controller: true,
  layers: [],
  getTooltip: ({object, x, y}) => object && object.tooltip ? {
    text: object.tooltip,
    style: {backgroundColor: "#29323c", color: "#f5f6f7", padding: "8px 10px", borderRadius: "4px",
      whiteSpace: "pre-line", maxWidth: "min(24rem, 44vw)", font: "13px/1.35 sans-serif",
      translate: (x > window.innerWidth / 2 ? "calc(-100% - 14px)" : "14px") + " "
        + (y > window.innerHeight / 2 ? "calc(-100% - 14px)" : "14px")},
  } : null,
  onViewStateChange: ({viewState}) => { show(viewState.zoom); return viewState; },
});
window.reisatlasMap = map;  // for the browser tests
function show(zoom) {
  const layout = layoutFor(zoom);
  if (layout !== shown) {
    shown = layout;
    map.setProps({layers: layersAt(layout)});
    const key = document.getElementById("reisatlas-key");
    key.hidden = !layout.key.length;
    key.textContent = layout.key.length ? `${spec.keyTitle}: ${layout.key.map(([n, name]) => `${n} ${name}`).join(" · ")}` : "";
  }
}
show(fitted().zoom);
window.addEventListener("resize", () => { const view = fitted(); map.setProps({initialViewState: view}); show(view.zoom); });
"""

LOADER = """
(async () => {
  const inflate = async id => {
    const packed = Uint8Array.from(atob(document.getElementById(id).textContent.trim()), c => c.charCodeAt(0));
    return new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  };
  (0, eval)(await inflate("deck-gl"));
  window.reisatlasOutlines = JSON.parse(await inflate("outlines"));
  (0, eval)(document.getElementById("deck-page").textContent);
})();
"""


@cache
def _bundle() -> str:
    return base64.b64encode(DECKGL_BUNDLE.read_bytes()).decode("ascii")


@lru_cache(maxsize=4)
def _packed(text: str) -> str:
    """Text gzipped and base64-encoded, as the page's loader inflates it (the outlines: one of two files)."""
    return base64.b64encode(gzip.compress(text.encode("utf-8"), 9, mtime=0)).decode("ascii")


def script_safe_json(text: str) -> str:
    """JSON that cannot end the ``<script>`` it is written into.

    >>> script_safe_json('{"title": "</script><script>alert(1)</script>"}')
    '{"title":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    compact = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        compact = compact.replace(char, code)
    return compact


def _period(months, lang: str) -> str:
    if not len(months):
        return t("no_period", lang)
    first, last = month_label(months[0], lang), month_label(months[-1], lang)
    return first if first == last else f"{first} – {last}"


def _caption(trips: pd.DataFrame, paint: Colouring, lang: str, title: str, source: str) -> str:
    legend = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>{escape(label)}</li>'
        for label, colour in paint.legend(trips)
    )
    items = "".join(
        f"<li>{escape(trip['title'])} — {escape(', '.join(trip['official_labels']))} — {escape(_period(trip['months'], lang))}</li>"
        for _, trip in trips.iterrows()
    )
    return (
        f'<aside id="reisatlas-caption"><h1>{escape(title)}</h1>'
        f"<ul>{legend}</ul>"
        f"<details><summary>{escape(t('trips', lang))} ({len(trips)})</summary><ul>{items}</ul></details>"
        f'<p id="reisatlas-key" class="key" hidden></p>'
        f'<p class="source">{escape(source)}</p></aside>'
    )


def _layouts(deck: pdk.Deck, trips: pd.DataFrame, stops: pd.DataFrame, paint: Colouring, lang: str) -> list[dict]:
    """The app's layout (``map.screen``) at each of LAYOUT_ZOOMS: [dx, dy, radius] per marker (its offset in
    pixels from its place, and its size), [dx, dy, text] per label (its name, or the number its marker shows
    instead), and the key of the numbered places; the layers' records keep the deck's order from one zoom to the
    next, each at its place's own coordinates."""
    places, routes = map_records(trips, stops, paint, lang)
    centre = deck.initial_view_state
    # Each zoom's markers in the deck's order (``map_layers`` orders them by their size at its own zoom).
    order = {record["key"]: at for layer in deck.layers if layer.id == "stops" for at, record in enumerate(layer.data)}
    layouts = []
    for zoom in LAYOUT_ZOOMS:
        view = pdk.ViewState(latitude=centre.latitude, longitude=centre.longitude, zoom=zoom)
        placed = {}
        layers = map_layers(places, routes, lang, outlines="", view=view)
        for layer in layers:
            if layer.id == "stops":
                records = sorted(layer.data, key=lambda record: order[record["key"]])
                placed[layer.id] = [[*record["offset"], record["radius"]] for record in records]
            elif layer.id == "home":
                placed[layer.id] = [[*record["offset"], record["radius"]] for record in layer.data]
            elif layer.id == "labels":
                placed[layer.id] = [[*record["offset"], record["name"]] for record in layer.data]
        layouts.append({"zoom": zoom, "placed": placed, "key": layers.key})
    return layouts


def _box(geometry: dict) -> tuple[float, float, float, float]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    lons = [point[0] for polygon in polygons for ring in polygon for point in ring]
    lats = [point[1] for polygon in polygons for ring in polygon for point in ring]
    return min(lons), min(lats), max(lons), max(lats)


def near_outlines(outlines: dict, bounds: list[list[float]]) -> dict:
    """The 1:50m outlines where the map looks (countries within the trips' bounds, widened by half on every
    side), the 1:110m ones elsewhere: the coasts as fine where it matters, and a browser without a graphics
    card draws the page in seconds instead of half a minute (every 1:50m polygon is triangulated on load).
    Outlines that are not the 1:50m ones come back as they are."""
    coarse = country_outlines()
    if len(outlines["features"]) <= len(coarse["features"]):
        return outlines
    (west, south), (east, north) = bounds
    dx, dy = (east - west) / 2 + 5, (north - south) / 2 + 5
    west, south, east, north = west - dx, south - dy, east + dx, north + dy
    by_name = {feature["properties"]["name"]: feature for feature in coarse["features"]}
    features = []
    for feature in outlines["features"]:
        x0, y0, x1, y1 = _box(feature["geometry"])
        if x1 >= west and x0 <= east and y1 >= south and y0 <= north:
            features.append(feature)
        elif feature["properties"]["name"] in by_name:
            features.append(by_name.pop(feature["properties"]["name"]))
    return {**outlines, "features": features}


def html_bytes(export: Export) -> bytes:
    """The app's map as one HTML file, with a caption: the summary, the legend, the trips, the sources."""
    trips, stops, lang, paint, title = export.trips, export.stops, export.lang, export.paint, export.title
    deck = build_deck(trips, stops, paint, lang)  # the outlines in the page itself, 1:50m when zoomed in
    spec = json.loads(deck.to_json())
    (countries,) = [layer for layer in spec["layers"] if layer["id"] == "countries"]
    outlines, countries["data"] = countries["data"], None  # packed like deck.gl (1:50m: 1.5 MB, 0.43 MB gzipped)
    paths = [
        point
        for layer in spec["layers"]
        if layer["id"] == "routes"
        for route in layer["data"]
        for point in route["path"]
    ]
    lons, lats = [p[0] for p in paths] or [-170.0, 170.0], [p[1] for p in paths] or [-60.0, 75.0]
    spec["bounds"] = [[min(lons), max(min(lats), -75)], [max(lons), min(max(lats), 80)]]
    spec["layouts"] = _layouts(deck, trips, stops, paint, lang)
    spec["keyTitle"] = t("map_key", lang)
    outlines = near_outlines(outlines, spec["bounds"])
    source = export.source_line(", ".join)
    page = (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n"
        # The map is a picture to assistive technology, named by its text alternative; the caption describes it.
        f'<div id="deck-container" role="img" aria-label="{escape(alt_line(export))}" '
        'aria-describedby="reisatlas-caption"></div>\n'
        f"{_caption(trips, paint, lang, title, source)}\n"
        f'<script id="deck-spec" type="application/json">{script_safe_json(json.dumps(spec))}</script>\n'
        f'<script id="deck-gl" type="application/octet-stream">{_bundle()}</script>\n'
        f'<script id="outlines" type="application/octet-stream">{_packed(json.dumps(outlines, separators=(",", ":")))}</script>\n'
        f'<script id="deck-page" type="text/plain">{PAGE_SCRIPT}</script>\n'
        f"<script>{LOADER}</script>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")
