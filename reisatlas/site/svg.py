"""The published site's map as SVG, drawn when the site is written: the country outlines in Web Mercator
(``geo.world_px``, as deck.gl draws the app's map), the routes, a marker at each place and every label where the
app's placer puts it (``map.map_layers`` with the view and the map's size). A browser paints it from the page's
first bytes, with no script and no WebGL; the page's small script only hides what a filter leaves out.

Each marker and its label carries its place's number (``data-p``), each route its leg's (``data-r``); which trips
each one shows is in the page's data (``Things``, written after the list), so the bytes before the map paints are
the drawing alone. Document text (a place's name) is written as escaped text, never as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

import pandas as pd
import pydeck as pdk

from ..colours import HOME_COLOUR, Colouring
from ..geo import world_px
from ..map import FINE_ZOOM, country_areas, country_outlines, fit_view, map_layers
from ..map.records import Selected, place_rows, placed_stops, route_homes, route_rows

LAND, SEA, BORDER, AREA = "#f6f4ee", "#deebf7", "#969696", "#d9cfe8"


class Things:
    """The places and legs of a page's maps, numbered once for both maps: each one's trips (their numbers)."""

    def __init__(self, numbers: dict[str, int]):
        self.numbers = numbers  # trip id -> the trip's number on the page
        self.places: dict[str, int] = {}
        self.routes: dict[str, int] = {}
        self.trips: dict[str, list[list[int]]] = {"places": [], "routes": []}

    def number(self, kind: str, record: dict) -> int:
        """The number of a place or a leg (``kind``: "places" or "routes"), the same in every map of the page."""
        known = self.places if kind == "places" else self.routes
        if record["key"] not in known:
            known[record["key"]] = len(known)
            self.trips[kind].append([self.numbers[i] for i in record["trip_ids"]])
        return known[record["key"]]


@dataclass(frozen=True)
class SvgMap:
    """An SVG map of ``size`` (width, height) and the view it was drawn at."""

    svg: str
    size: tuple[int, int]
    zoom: float


def _hex(colour) -> str:
    return "#%02x%02x%02x" % tuple(int(c) for c in colour[:3])


class _Projection:
    """Longitude and latitude to the map's pixels: the view's centre in the middle of a (width, height) map."""

    def __init__(self, view: pdk.ViewState, size: tuple[int, int]):
        self.zoom = float(view.zoom)
        self.centre = world_px(float(view.latitude), float(view.longitude), self.zoom)
        self.size = size
        self.world = 512 * 2**self.zoom

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = world_px(lat, lon, self.zoom)
        return x - self.centre[0] + self.size[0] / 2, y - self.centre[1] + self.size[1] / 2

    def sees(self, box: tuple[float, float, float, float]) -> bool:
        """Whether a (west, south, east, north) box in degrees reaches into the map (with a margin)."""
        (x0, y1), (x1, y0) = self(box[0], box[1]), self(box[2], box[3])
        w, h = self.size
        return x1 >= -w * 0.2 and x0 <= w * 1.2 and y1 >= -h * 0.2 and y0 <= h * 1.2


def _rings(geometry: dict):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


def _box(rings) -> tuple[float, float, float, float]:
    lons = [p[0] for ring in rings for p in ring]
    lats = [p[1] for ring in rings for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _path(points: list[tuple[float, float]], closed: bool) -> str:
    """An SVG path through ``points`` in whole pixels, each step relative to the last ("M12 40l3-1 4 2"),
    repeated points left out: the outlines of a world map in tens of kilobytes.

    >>> _path([(0.2, 0.4), (3, -1), (3.1, -1.2), (7, 1)], False)
    'M0 0l3-1 4 2'
    """
    steps, last = [], None
    for x, y in points:
        here = (round(x), round(y))
        if here != last:
            steps.append(here if last is None else (here[0] - last[0], here[1] - last[1]))
            last = here
    if len(steps) < 3:  # smaller than a few pixels: nothing to see
        return ""
    (x, y), text = steps[0], [f"M{steps[0][0]} {steps[0][1]}l"]
    for dx, dy in steps[1:]:
        text.append(f"{' ' if dx >= 0 and text[-1][-1] != 'l' else ''}{dx}{' ' if dy >= 0 else ''}{dy}")
    return "".join(text) + ("z" if closed else "")


def outlines_path(projection: _Projection, outlines: dict) -> str:
    """Every country of ``outlines`` that reaches into the map, as one path."""
    parts = []
    for feature in outlines["features"]:
        rings = _rings(feature["geometry"])
        if not projection.sees(_box(rings)):
            continue
        parts.extend(_path([projection(lon, lat) for lon, lat in ring], True) for ring in rings)
    return "".join(parts)


def _unwrapped(path) -> list[tuple[float, float]]:
    """A route's (lon, lat) points with no jump at the antimeridian: each longitude within 180° of the last."""
    points, last = [], None
    for lon, lat in path:
        if last is not None:
            lon += 360 * round((last - lon) / 360)
        points.append((lon, lat))
        last = lon
    return points


def svg_map(
    trips: pd.DataFrame,
    stops: pd.DataFrame,
    paint: Colouring,
    lang: str,
    things: Things,
    size: tuple[int, int],
    *,
    css_class: str,
    title: str,
) -> SvgMap:
    """The map of ``trips`` on a map of ``size`` pixels, as the app lays it out; its places and legs numbered by
    ``things`` (shared by a page's maps)."""
    placed = placed_stops(trips, stops)
    selected = Selected(trips, paint, lang)
    places = place_rows(placed, selected, stops)
    routes = route_rows(placed, selected, stops)
    path = [point for route in routes for point in route["path"]]
    view = fit_view([lat for _, lat in path], [lon for lon, _ in path], *size) if path else fit_view([], [], *size)
    place_number = {record["key"]: things.number("places", record) for record in places}
    route_number = {record["key"]: things.number("routes", record) for record in routes}
    layers = {
        layer.id: layer.data
        for layer in map_layers(
            places, routes, lang, "", view, route_homes(placed, stops), country_areas(placed, stops), size
        )
    }
    project = _Projection(view, size)
    width, height = size
    fine = project.zoom > FINE_ZOOM
    parts = [
        f'<svg class="map {css_class}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" focusable="false">',
        f'<rect width="{width}" height="{height}" fill="{SEA}"/>',
        f'<path d="{outlines_path(project, country_outlines(fine))}" fill="{LAND}" stroke="{BORDER}" '
        'stroke-width="0.6" stroke-linejoin="round"/>',
    ]
    areas = layers.get("country_areas")
    if areas:
        parts.append(f'<path d="{outlines_path(project, areas)}" fill="{AREA}" stroke="#785aa0" stroke-width="1.2"/>')
    parts.append('<g class="routes" fill="none" stroke-linecap="round" stroke-linejoin="round">')
    for route in layers["routes"]:
        d = _path([project(lon, lat) for lon, lat in _unwrapped(route["path"])], False)
        if d:
            colour = route["colour"]
            opacity = f' stroke-opacity="{round(colour[3] / 255, 2)}"' if len(colour) > 3 else ""
            parts.append(
                f'<path d="{d}" stroke="{_hex(colour)}"{opacity} stroke-width="{route["width"]}" '
                f'data-r="{route_number[route["key"]]}"/>'
            )
    parts.append("</g>")
    parts.append('<g class="markers" stroke="#fff" stroke-width="1.5">')
    for home in layers["home"]:
        x, y = project(home["lon"], home["lat"])
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{home["radius"]}" fill="{_hex(HOME_COLOUR)}"/>')
    at: dict[tuple, str] = {}
    for place in layers["stops"]:
        x, y = project(place["lon"], place["lat"])
        at[(place["name"], place["lon"], place["lat"])] = place["key"]
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{place["radius"]}" fill="{_hex(place["colour"])}" '
            f'data-p="{place_number[place["key"]]}"/>'
        )
    parts.append("</g>")
    parts.append('<g class="labels" text-anchor="middle" dominant-baseline="central">')
    for label in layers["labels"]:
        x, y = project(label["lon"], label["lat"])
        dx, dy = label["offset"]
        key = at.get((label["name"], label["lon"], label["lat"]))
        shown = f' data-p="{place_number[key]}"' if key else ""
        parts.append(f'<text x="{x + dx:.1f}" y="{y + dy:.1f}"{shown}>{escape(label["name"])}</text>')
    parts.append("</g></svg>")
    return SvgMap("".join(parts), size, round(project.zoom, 2))


def marker_count(svg: str) -> int:
    """How many places an SVG map marks (its circles with trips)."""
    return len(re.findall(r"<circle [^>]*data-p=", svg))


__all__ = ["SvgMap", "Things", "marker_count", "outlines_path", "svg_map"]
