"""The deck spec: the layers bottom to top (ocean, outlines, routes, home, stops, labels) and pydeck's Deck,
written as compact JSON with the outlines and the legs' paths written once per process and spliced in.

Also where pydeck's internals are touched: ``has_jupyter_extra`` answered once per process, and
``json_tools.default_serialize`` to write a Deck as pydeck does. Made for pydeck 0.9: pyproject.toml pins it,
and ui/streamlit_internals.py (the list of every internal the app touches) checks the version when the server starts.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Collection
from functools import cache
from weakref import WeakKeyDictionary

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize
from pydeck.types import String

from ..colours import COUNTRY_AREA_COLOUR, HOME_COLOUR, Colouring, colouring
from .labels import RING_PX
from .outlines import (
    BORDERS_URL,
    FINE_BORDERS_URL,
    FINE_OUTLINES_URL,
    country_areas,
    country_outlines,
    outlines_for,
    outlines_layer_id,
)
from .records import (
    ROUTE_LAYER_FIELDS,
    STOP_FIELDS,
    TOOLTIP,
    Selected,
    place_rows,
    placed_stops,
    route_homes,
    route_rows,
)
from .screen import fit_view, layout


def map_layers(
    places: pd.DataFrame | list[dict],
    routes: pd.DataFrame | list[dict],
    lang: str = "nl",
    outlines: dict | str | None = None,
    view: pdk.ViewState | None = None,
    homes: list[tuple[str, float, float]] | None = None,
    areas: dict | None = None,
    size: tuple[int, int] | None = None,
    served: bool = False,
) -> MapLayers:
    """The layers, bottom to top: ocean, country outlines, routes, home, stops, labels; the list's ``key`` is
    the map's key, (number, name) of each place numbered on the map (``screen.layout``).

    ``places`` and ``routes`` are the records build_deck makes (a frame, as place_records gives,
    or the rows themselves); each layer gets only the fields it draws. ``outlines`` is the URL a server offers
    data/outlines/countries.geojson at (the map then fetches it once), or by default the GeoJSON itself. With
    ``view``, markers drawn over each other at its zoom are fanned out by a few pixels from their places, and each
    label goes beside its marker where it overlaps nothing, else the marker is numbered (``place_labels``); with
    ``size``, the map's (width, height) in pixels, no label crosses its edge. ``homes`` are the (name, lat, lon)
    the routes start from, by default
    Rotterdam; ``areas`` the outlines of countries that are a destination on their own, drawn as that area.
    ``served``: the map is on a page of the app, which serves the outlines' border files (``outline_layers``).

    (deck.gl's CollisionFilterExtension would hide labels that overlap as the reader zooms out, but in
    Chromium's software WebGL it hides every label, collisions or not: a map without names is worse.)
    """
    places, routes = _rows(places, STOP_FIELDS), _rows(routes, ROUTE_LAYER_FIELDS[:-2])
    places.sort(key=lambda place: -place["radius"])  # the smaller on top, so an overlapped marker keeps its edge
    home, places, labels, key = layout(places, routes, view, lang, homes, size)
    # Again as drawn: a crowd fanned out is drawn smaller, and deck.gl draws the records in order (on a phone
    # Keulen's half-size marker lay under Wenen's whole one).
    places.sort(key=lambda place: -place["radius"])
    area_layers = (
        [
            pdk.Layer(
                "GeoJsonLayer",
                id="country_areas",
                data=areas,
                filled=True,
                stroked=True,
                get_fill_color=list(COUNTRY_AREA_COLOUR),
                get_line_color=[120, 90, 160],
                line_width_min_pixels=1.2,
            )
        ]
        if areas and areas.get("features")
        else []
    )
    return MapLayers(
        key,
        pdk.Layer(
            "PolygonLayer",
            id="ocean",
            data=[{"polygon": [[-180, -85], [180, -85], [180, 85], [-180, 85]]}],
            get_polygon="polygon",
            get_fill_color=[222, 235, 247],
            stroked=False,
        ),
        *outline_layers(outlines, served=served),
        *area_layers,
        pdk.Layer(
            "PathLayer",
            id="routes",
            data=routes,
            get_path="path",
            get_color="colour",
            get_width="width",
            width_units=String("pixels"),
            wrap_longitude=True,
            cap_rounded=True,
            joint_rounded=True,
            pickable=True,
            auto_highlight=True,
        ),
        _dots("home", home, list(HOME_COLOUR)),
        _dots("stops", places, "colour", auto_highlight=True),
        pdk.Layer(
            "TextLayer",
            id="labels",
            data=labels,
            get_position=["lon", "lat"],
            get_text="name",
            character_set=String("auto"),
            get_size=13,
            get_color=[30, 30, 30],
            get_pixel_offset="offset",
            get_text_anchor=String("middle"),
            get_alignment_baseline=String("center"),
            font_family=String("DejaVu Sans, Helvetica, Arial, sans-serif"),
            background=True,
            get_background_color=[255, 255, 255, 215],
            background_padding=[3, 1],
        ),
    )


def outline_layers(outlines: dict | str | None, *, served: bool = False) -> list[pdk.Layer]:
    """The country outlines: ``outlines`` (by default the 1:110m in the map itself), filled and stroked; on a page
    of the app (``served``) the 1:110m filled only, their land borders stroked from ``BORDERS_URL``, as the 1:50m.

    The 1:50m fetched from the app are filled only, with their land borders stroked from a file of their own
    (``FINE_BORDERS_URL``): in software WebGL (this machine's Chromium, a laptop without a graphics card) the
    strokes of every 1:50m ring, some 98,000 segments mostly of coasts, made every frame of a zoomed-in map take
    1-2 s, and a presentation's step into or within Europe waited that long for its first frame; filled, the coasts
    show as land against sea, and the borders are a fifth of the segments (docs/performance.md).
    """
    if outlines == FINE_OUTLINES_URL:
        borders = ("countries-fine-borders", FINE_BORDERS_URL)
    elif served:  # the same at 1:110m: their coasts were 8,600 of the 11,000 segments stroked in every frame
        borders = ("countries-borders", BORDERS_URL)
    else:  # a page on its own (the HTML export) strokes all
        borders = None
    outlines = country_outlines() if outlines is None else outlines
    if borders is None:
        return [_outlines(outlines_layer_id(outlines), outlines)]
    return [_outlines(outlines_layer_id(outlines), outlines, stroked=False), _outlines(*borders, filled=False)]


def _outlines(id: str, data: dict | str, *, filled: bool = True, stroked: bool = True) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        id=id,
        data=data,
        filled=filled,
        stroked=stroked,
        get_fill_color=[246, 244, 238],
        get_line_color=[150, 150, 150],
        line_width_min_pixels=0.6,
    )


class MapLayers(list):
    """The map's layers, and its key: (number, name) of each place whose marker shows a number."""

    def __init__(self, key: list[tuple[int, str]], *layers: pdk.Layer):
        super().__init__(layers)
        self.key = key


def _dots(id: str, data: list[dict], fill_colour, **options) -> pdk.Layer:
    """Markers at (lon, lat) moved by ``offset`` pixels, ``radius`` pixels, each with a white ring; a hover names
    them."""
    return pdk.Layer(
        "ScatterplotLayer",
        id=id,
        data=data,
        get_position=["lon", "lat"],
        get_pixel_offset="offset",
        get_radius="radius",
        radius_units=String("pixels"),
        get_fill_color=fill_colour,
        stroked=True,
        get_line_color=[255, 255, 255],
        get_line_width=RING_PX,
        line_width_units=String("pixels"),
        pickable=True,
        **options,
    )


# pydeck asks on every Deck, five times, whether its Jupyter widget can be imported; a failed import is
# not remembered, so each asking searches sys.path again (2 ms a map, more when the disk is busy: a
# tenth of a served rerun under load). The answer cannot change while the process runs.
_pydeck = sys.modules[pdk.Deck.__module__]
_pydeck.has_jupyter_extra = cache(_pydeck.has_jupyter_extra)


class Deck(pdk.Deck):
    """pydeck's Deck, written as JSON without pydeck's indentation: the same spec in half the bytes,
    and Streamlit sends the spec to the browser on every rerun.

    Embedded country outlines (the app's first map of a session, the HTML export) are written once per
    process and spliced in: the same 200 KB each time, which json.dumps took 15-45 ms to write, more than
    the rest of a rerun at the seed.
    """

    @property
    def picks(self) -> dict[str, list[str]]:
        """Each record's key and its trip ids: what a click on this map picks (``picked_trip_ids``). Kept beside
        the map, never sent: at 10,000 trips the ids were a fifth of every rerun's spec."""
        return _PICKS.get(self, {})

    @property
    def key(self) -> list[tuple[int, str]]:
        """The map's key: (number, name) of each place whose name did not fit beside its marker, which shows the
        number instead; for a line under the map."""
        return _KEYS.get(self, [])

    def to_json(self) -> str:
        spliced = [  # (layer, its data, the data's JSON): written apart and spliced in
            (
                layer,
                layer.data,
                _written_once(_WRITTEN, layer.data) if layer.id == "countries" else _routes_json(layer.data),
            )
            for layer in self.layers
            if (layer.id == "countries" and isinstance(layer.data, dict))
            or (layer.id == "routes" and isinstance(layer.data, list))
        ]
        for layer, _, _ in spliced:
            layer.data = f"\x00{layer.id}\x00"
        try:
            text = _json(self)
        finally:
            for layer, data, _ in spliced:
                layer.data = data
        # Each mark's first occurrence: no document text comes before the routes' records in the spec.
        for layer, _, written in spliced:
            text = text.replace(json.dumps(f"\x00{layer.id}\x00"), written, 1)
        return text


def picked_trip_ids(selection: dict, picks: dict[str, list[str]]) -> list[str]:
    """The trip ids of the places and routes in a map's selection (``{"objects": {layer: [record, ...]}}``), by
    their records' keys in ``picks`` (``Deck.picks`` of the map just drawn): a place picked before the filters
    took it away finds nothing.

    >>> picked_trip_ids({"objects": {"stops": [{"key": "a1"}], "routes": [{"key": "b2"}]}}, {"a1": ["t1"], "b2": ["t1", "t2"]})
    ['t1', 't2']
    """
    objects = (selection or {}).get("objects") or {}
    ids: dict[str, None] = {}
    for layer in ("stops", "routes"):
        for picked in objects.get(layer) or []:
            ids.update(dict.fromkeys(picks.get(picked.get("key"), ()) if isinstance(picked, dict) else ()))
    return list(ids)


# Each map's record keys and their trips, beside the map: pydeck writes every attribute of a Deck into its JSON.
_PICKS: WeakKeyDictionary[Deck, dict[str, list[str]]] = WeakKeyDictionary()
_KEYS: WeakKeyDictionary[Deck, list[tuple[int, str]]] = WeakKeyDictionary()
_WRITTEN: dict[int, tuple[dict, str]] = {}  # id of an outlines dict -> (the dict, its JSON): written once
_PATHS_WRITTEN: dict[int, tuple[tuple, str]] = {}  # id of a leg's path (``_path``) -> (the path, its JSON)
WRITTEN_LIMIT = 1 << 16  # things whose JSON is kept; past it the cache starts again
_PATH_MARK = re.compile(r'"\\u0000(\d+)\\u0000"')


def _json(value) -> str:
    # Text as itself, not as \u escapes: a tooltip line's dashes and CO₂ took six characters each (7 % of the spec).
    return json.dumps(value, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)


def world_outlines_json() -> str:
    """The world's 1:110m outlines as a map carries them (``carry_world_outlines``), written once per process."""
    return _written_once(_WRITTEN, country_outlines())


def _written_once(written: dict[int, tuple], value) -> str:
    """``value``'s JSON, written the first time that very object (never changed) is sent: kept by its id in
    ``written``, beside the object itself, so a new object with an old one's id is written afresh."""
    known = written.get(id(value))
    if known is None or known[0] is not value:
        if len(written) >= WRITTEN_LIMIT:
            written.clear()
        known = written[id(value)] = (value, _json(value))
    return known[1]


def _routes_json(routes: list[dict]) -> str:
    """The routes layer's records as JSON, each leg's path written once while it is drawn (``_path`` keeps the
    same tuple for a leg): the paths' numbers were half the time json.dumps took for a map at 10,000 trips."""
    paths = [route.get("path") for route in routes]
    texts = []
    for route, path in zip(routes, paths):
        if isinstance(path, tuple):
            route["path"] = f"\x00{len(texts)}\x00"  # a mark no tooltip or key can be: a tooltip has a line break
            texts.append(_written_once(_PATHS_WRITTEN, path))
    try:
        text = _json(routes)
    finally:
        for route, path in zip(routes, paths):
            if path is not None:
                route["path"] = path
    return _PATH_MARK.sub(lambda mark: texts[int(mark[1])], text) if texts else text


def _rows(records: pd.DataFrame | list[dict], fields: list[str]) -> list[dict]:
    """Records as a list of dicts holding ``fields`` only: what a layer sends to the browser."""
    if isinstance(records, pd.DataFrame):
        return records[fields].to_dict(orient="records")
    return [{field: record[field] for field in fields} for record in records]


def _fit_routes(routes: list[dict], width: int = 1000, height: int = 560) -> pdk.ViewState:
    # Fit the routes as drawn: a great circle to Japan bends far north of both ends.
    path = [point for route in routes for point in route["path"]]
    return fit_view([lat for _, lat in path], [lon for lon, _ in path], width, height) if path else fit_view([], [])


def fitted_view(trips: pd.DataFrame, stops: pd.DataFrame, fit: tuple[int, int] = (1000, 560)) -> pdk.ViewState:
    """The view build_deck fits to these trips on a map of ``fit`` (width, height) pixels: for a camera that
    holds still while a selection changes (playing through the months, it is fitted once over all of them)."""
    placed = placed_stops(trips, stops)
    return _fit_routes(route_rows(placed, Selected(trips, colouring(trips), "nl"), stops), *fit)


def build_deck(
    trips: pd.DataFrame,
    stops: pd.DataFrame,
    paint: Colouring,
    lang: str = "nl",
    *,
    basemap: bool = False,
    height: int = 560,
    width: int = 1000,
    outlines: dict | str | None = None,
    served_outlines: bool = False,
    carry_world_outlines: bool = False,
    view: pdk.ViewState | None = None,
    fit: tuple[int, int] = (1000, 560),
    table: pd.DataFrame | None = None,
    chosen: Collection[str] = (),
) -> Deck:
    """The whole map for the selected trips; no basemap unless asked (it needs the internet).

    ``outlines``: the country outlines (GeoJSON or a URL); by default ``outlines_for`` the view, from the
    app's static files when ``served_outlines``, else in the map itself; ``carry_world_outlines`` carries a
    world view's 1:110m in the map even when served (a browser tab's first map: the land in its first frame).
    ``view``: the camera (default: fitted to the trips for a map of at least ``fit`` = (width, height) pixels);
    the labels keep inside a map of ``fit``.
    ``table``: the trips table ``trips`` were selected from (their index says where), as an atlas's, shared by
    every rerun: the trips' tooltip lines are then worked out once per table, not once per map.
    ``chosen``: trip ids picked by the reader. Their routes and stops keep their colour, drawn on top, and the
    others fade.
    """
    placed = placed_stops(trips, stops)
    selected = Selected(trips, paint, lang, table)
    places = place_rows(placed, selected, stops)
    routes = route_rows(placed, selected, stops)
    view = view or _fit_routes(routes, *fit)
    if chosen:
        _light(places, routes, set(chosen))
    # Without a basemap, pydeck's own placeholder style must stay: Streamlit replaces a missing style
    # with a Carto basemap fetched from the internet.
    basemap_options = {"map_provider": "carto", "map_style": "light"} if basemap else {"map_provider": None}
    layers = map_layers(
        places,
        routes,
        lang,
        outlines or outlines_for(view, served=served_outlines, carry_world=carry_world_outlines),
        view,
        route_homes(placed, stops),
        country_areas(placed, stops),
        fit,
        served=served_outlines,
    )
    deck = Deck(
        layers=list(layers),
        initial_view_state=view,
        tooltip=TOOLTIP,
        height=height,
        views=[WORLD_VIEW],
        **basemap_options,
    )
    _PICKS[deck] = {record["key"]: record["trip_ids"] for record in places + routes}
    _KEYS[deck] = layers.key
    return deck


# The world drawn again beside itself where the map is wider than the world (a wide frame at a world view, or a
# view with Japan near its edge), as any web map: without it deck.gl leaves the page's white beside the world.
WORLD_VIEW = pdk.View(type="MapView", controller=True, repeat=True)
FADED_ALPHA = 90  # the routes and stops of the trips not chosen, when the reader has chosen some


def _light(places: list[dict], routes: list[dict], chosen: set[str]) -> None:
    """The chosen trips' stops and routes as they are, the others faded; the chosen routes drawn last (on top)."""
    for record in places + routes:
        if chosen.isdisjoint(record["trip_ids"]):
            record["colour"] = [*record["colour"][:3], FADED_ALPHA]
    routes.sort(key=lambda route: len(route["colour"]) == 3)
