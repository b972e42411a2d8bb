"""From selected trips to the pydeck map: country outlines, great-circle routes from home, stops, labels.

Stops are aggregated per place and route segments per pair of places, so the browser receives one
record per thing it draws, with only the fields the layers use. Document text reaches the map only
as plain text (the tooltip uses pydeck's ``text`` form, never ``html``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize
from pydeck.types import String

from .countries import country_name
from .geo import HOME, great_circle_points, mercator_y, path_steps
from .i18n import month_label, official, t
from .paths import DATA
from .selection import official_labels, stops_of
from .themes import load_themes

OUTLINES_FILE = DATA / "countries.geojson"
# Okabe–Ito and Tableau hues: distinguishable for most colour-blind readers, in a fixed order.
PALETTE = [
    (0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167), (213, 94, 0),
    (86, 180, 233), (120, 94, 240), (153, 153, 51), (136, 34, 85), (68, 170, 153),
]
NO_COLOUR = (120, 120, 120)
HOME_COLOUR = (20, 20, 20)
STOP_FIELDS = ["name", "country", "lat", "lon", "trips", "radius", "colour", "tooltip", "trip_ids"]
# What the browser receives per layer: only the fields the layer draws, tooltips and clicks use.
ROUTE_LAYER_FIELDS = ["path", "width", "colour", "tooltip", "trip_ids"]
TOOLTIP_TRIPS = 3  # a hover names a few trips; a click shows them all


@cache
def country_outlines() -> dict:
    """Natural Earth 1:110m admin-0 countries (see data/countries.geojson.md)."""
    return json.loads(OUTLINES_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Colouring:
    """Which colour a trip gets: by its (first) official or by its (first) theme."""

    by: str  # "official" or "theme"
    colours: dict[str, tuple[int, int, int]]
    labels: dict[str, str]

    def key(self, trip: pd.Series) -> str | None:
        values = trip["officials"] if self.by == "official" else trip["themes"]
        return values[0] if len(values) else None

    def keys(self, trips: pd.DataFrame) -> list[str | None]:
        """``key`` of every trip, in order, without building a row per trip."""
        column = trips["officials"] if self.by == "official" else trips["themes"]
        return [values[0] if len(values) else None for values in column]

    def colour(self, trip: pd.Series) -> tuple[int, int, int]:
        return self.colours.get(self.key(trip), NO_COLOUR)

    def legend(self, trips: pd.DataFrame) -> list[tuple[str, str]]:
        """(label, "#rrggbb") for each colour the trips use, in a stable order."""
        used = set(self.keys(trips))
        return [
            (self.labels[k], "#%02x%02x%02x" % self.colours[k]) for k in self.colours if k in used
        ]


def colouring(all_trips: pd.DataFrame, by: str = "official", lang: str = "nl") -> Colouring:
    """Colours fixed over the whole atlas, so filtering never changes a colour."""
    if by == "theme":
        themes = load_themes()
        return Colouring("theme", {th.id: th.rgb for th in themes}, {th.id: th.label(lang) for th in themes})
    labels = official_labels(all_trips)
    ordered = sorted(labels)
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(ordered)}
    return Colouring("official", colours, {name: official(labels[name], lang) for name in ordered})


class _Selected:
    """The selected trips as records need them: by trip id, each trip's tooltip line (worked out the
    first time a record shows it), themes and colour. A record of a thousand trips shows five lines,
    so no record copies its trips."""

    def __init__(self, trips: pd.DataFrame, paint: Colouring, lang: str):
        self.lang = lang
        ids = trips["trip_id"].tolist()
        self.row = dict(zip(ids, range(len(ids))))
        self.repeats: dict[str, tuple[int, ...]] = {}  # rows of a trip id that occurs more than once
        if len(self.row) < len(ids):
            for row, trip_id in enumerate(ids):
                self.repeats[trip_id] = self.repeats.get(trip_id, ()) + (row,)
        self.titles, self.who, self.months, self.themes = (
            trips[name].tolist() for name in ("title", "official_labels", "months", "themes")
        )
        self.colours = [paint.colours.get(key, NO_COLOUR) for key in paint.keys(trips)]
        self.lines: list[str | None] = [None] * len(ids)
        self.every_theme = {theme for themes in self.themes for theme in themes}
        self.theme_labels = {th.id: th.label(lang) for th in load_themes()}

    def _month(self, month: str) -> str:
        return _month_label(month, self.lang)

    def line(self, row: int) -> str:
        if self.lines[row] is None:
            months = self.months[row]
            when = self._month(months[0]) if len(months) else t("no_period", self.lang)
            if len(months) > 1:
                when = f"{when} – {self._month(months[-1])}"
            who = ", ".join(official(label, self.lang) for label in self.who[row])
            self.lines[row] = f"{self.titles[row]} — {who} — {when}"
        return self.lines[row]

    def record(self, trip_ids: list[str]) -> tuple[tuple[int, int, int], str]:
        """The colour (of the first trip) and the tooltip's trips part for these trips: up to
        TOOLTIP_TRIPS lines, how many more, and their themes in the order they first appear."""
        if self.repeats:
            rows = [row for trip_id in trip_ids for row in self.repeats[trip_id]]
        else:
            rows = [self.row[trip_id] for trip_id in trip_ids]
        lines = [self.line(row) for row in rows[:TOOLTIP_TRIPS]]
        if len(rows) > TOOLTIP_TRIPS:
            lines.append(f"… +{len(rows) - TOOLTIP_TRIPS}")
        themes: dict[str, None] = {}
        for row in rows:
            themes.update(dict.fromkeys(self.themes[row]))
            if len(themes) == len(self.every_theme):
                break  # every theme is named; more trips change nothing
        if themes:
            lines.append(f"{t('themes', self.lang)}: {', '.join(self.theme_labels.get(i, i) for i in themes)}")
        return self.colours[rows[0]], "\n".join(lines)


@lru_cache(maxsize=4096)
def _month_label(month: str, lang: str) -> str:
    return month_label(month, lang)  # Babel formats a date each time; an atlas has a few dozen months


def _placed(trips: pd.DataFrame, stops: pd.DataFrame) -> pd.DataFrame:
    """The selected trips' stops that are on the map."""
    return stops_of(trips, stops).dropna(subset=["lat", "lon"])


def place_records(trips: pd.DataFrame, stops: pd.DataFrame, paint: Colouring, lang: str = "nl") -> pd.DataFrame:
    """One record per placed destination of the selected trips: the ``stops`` layer's data."""
    return pd.DataFrame(_place_rows(_placed(trips, stops), _Selected(trips, paint, lang)), columns=STOP_FIELDS)


def _place_rows(placed: pd.DataFrame, selected: _Selected) -> list[dict]:
    # One record per place, in the order the stops first name it; its trips in stop order.
    visits: dict[tuple, dict[str, None]] = {}
    columns = (placed[name].tolist() for name in ("name", "country_code", "lat", "lon", "trip_id"))
    for name, code, lat, lon, trip_id in zip(*columns):
        if isinstance(code, str):  # as pandas' groupby, a place without a country is no group
            visits.setdefault((name, code, lat, lon), {})[trip_id] = None
    countries: dict[str, str] = {}
    rows = []
    for (name, code, lat, lon), its_ids in visits.items():
        ids = list(its_ids)
        if code not in countries:
            countries[code] = country_name(code, selected.lang)
        country = countries[code]
        colour, trips_text = selected.record(ids)
        rows.append(
            {
                "name": name,
                "country": country,
                "lat": round(float(lat), 5),
                "lon": round(float(lon), 5),
                "trips": len(ids),
                "radius": round(6 + 4 * math.sqrt(len(ids)), 1),
                "colour": list(colour),
                "tooltip": f"{name} ({country})\n{trips_text}",
                "trip_ids": ids,
            }
        )
    return rows


def _route_rows(placed: pd.DataFrame, selected: _Selected) -> list[dict]:
    route = placed.sort_values(["trip_id", "order"])
    trip_ids = route["trip_id"].tolist()
    ends = list(zip(route["name"].tolist(), route["lon"].tolist(), route["lat"].tolist()))
    # Each stop is the end of one leg; the leg starts at the trip's previous stop, or at home.
    legs: dict[tuple, list[str]] = {}
    home = (HOME.name, HOME.lon, HOME.lat)
    for i, trip_id in enumerate(trip_ids):
        start = ends[i - 1] if i and trip_ids[i - 1] == trip_id else home
        legs.setdefault((start, ends[i]), []).append(trip_id)
    rows = []
    for (a, b), its_ids in legs.items():
        colour, trips_text = selected.record(its_ids)
        rows.append(
            {
                "from_lon": round(float(a[1]), 5),
                "from_lat": round(float(a[2]), 5),
                "to_lon": round(float(b[1]), 5),
                "to_lat": round(float(b[2]), 5),
                "path": _path(float(a[2]), float(a[1]), float(b[2]), float(b[1])),
                "width": round(1.5 + math.sqrt(len(its_ids)), 1),
                "colour": list(colour),
                "tooltip": f"{a[0]} → {b[0]}\n{trips_text}",
                "trip_ids": its_ids,
            }
        )
    return rows


@lru_cache(maxsize=1 << 16)
def _path(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[tuple[float, float], ...]:
    """A leg's drawn path, (lon, lat) rounded to 3 decimals; the same legs come back on every rerun,
    so each is worked out once (and, being a tuple, shared instead of copied)."""
    a, b = (lat1, lon1), (lat2, lon2)
    return tuple((round(lon, 3), round(lat, 3)) for lat, lon in great_circle_points(a, b, path_steps(a, b)))


def fit_view(lats: list[float], lons: list[float], width: int = 1000, height: int = 560) -> pdk.ViewState:
    """A view that shows every point; the whole world when they span it."""
    if not lats:
        return pdk.ViewState(latitude=25, longitude=10, zoom=0.6)
    south, north = max(min(lats), -75), min(max(lats), 80)
    west, east = min(lons), max(lons)
    lon_fraction = max(east - west, 1.0) / 360
    lat_fraction = max(mercator_y(north) - mercator_y(south), 0.02) / (2 * math.pi)
    zoom = min(math.log2(0.75 * width / (512 * lon_fraction)), math.log2(0.75 * height / (512 * lat_fraction)))
    middle = math.degrees(math.atan(math.sinh((mercator_y(north) + mercator_y(south)) / 2)))
    # A narrow map (a phone) may zoom out further than deck.gl's default floor of 0 to show everything.
    floor = min(0.3, math.log2(width / 1000) + 0.3)
    zoom = round(max(floor, min(zoom, 7)), 2)
    extra = {"min_zoom": math.floor(zoom)} if zoom < 0 else {}
    return pdk.ViewState(latitude=round(middle, 4), longitude=round((west + east) / 2, 4), zoom=zoom, **extra)


LABEL_CHAR_PX, LABEL_HEIGHT_PX, LABEL_OFFSET_PX = 7.5, 18, 18


def labels_that_fit(labels: list[dict], view: pdk.ViewState) -> list[dict]:
    """The labels that do not overlap at the view's zoom, earlier ones first (home, then busier places).

    A place whose label gives way keeps its marker and tooltip; zooming in does not bring the label back,
    so the map a presenter shows is the map that was planned.

    >>> view = pdk.ViewState(latitude=52, longitude=5, zoom=1)
    >>> [l["name"] for l in labels_that_fit([{"name": "Rotterdam", "lat": 51.9, "lon": 4.5},
    ...     {"name": "Den Haag", "lat": 52.1, "lon": 4.3}, {"name": "Tokio", "lat": 35.7, "lon": 139.7}], view)]
    ['Rotterdam', 'Tokio']
    """
    scale = 512 * 2 ** float(view.zoom)
    placed: list[tuple[float, float, float, float]] = []
    shown = []
    for label in labels:
        x = scale * (label["lon"] + 180) / 360
        y = scale * (1 - mercator_y(max(min(label["lat"], 85), -85)) / math.pi) / 2
        half = (LABEL_CHAR_PX * len(label["name"]) + 8) / 2
        box = (x - half, y - LABEL_OFFSET_PX - LABEL_HEIGHT_PX / 2, x + half, y - LABEL_OFFSET_PX + LABEL_HEIGHT_PX / 2)
        if all(box[2] <= p[0] or box[0] >= p[2] or box[3] <= p[1] or box[1] >= p[3] for p in placed):
            placed.append(box)
            shown.append(label)
    return shown


def map_layers(
    places: pd.DataFrame | list[dict],
    routes: pd.DataFrame | list[dict],
    lang: str = "nl",
    outlines: dict | str | None = None,
    view: pdk.ViewState | None = None,
) -> list[pdk.Layer]:
    """The layers, bottom to top: ocean, country outlines, routes, home, stops, labels.

    ``places`` and ``routes`` are the records build_deck makes (a frame, as place_records gives,
    or the rows themselves); each layer gets only the fields it draws. ``outlines`` is the URL a server offers
    data/countries.geojson at (the map then fetches it once), or by default the GeoJSON itself. With ``view``, labels that would overlap at
    its zoom give way to home and to places with more trips.
    """
    places, routes = _rows(places, STOP_FIELDS), _rows(routes, ROUTE_LAYER_FIELDS)
    home = [{"name": HOME.name, "lat": HOME.lat, "lon": HOME.lon, "tooltip": t("home", lang)}]
    by_weight = sorted(places, key=lambda place: -place["trips"])
    labels = [{"name": place["name"], "lat": place["lat"], "lon": place["lon"]} for place in home + by_weight]
    if view is not None:
        labels = labels_that_fit(labels, view)
    return [
        pdk.Layer(
            "PolygonLayer",
            id="ocean",
            data=[{"polygon": [[-180, -85], [180, -85], [180, 85], [-180, 85]]}],
            get_polygon="polygon",
            get_fill_color=[222, 235, 247],
            stroked=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            id="countries",
            data=country_outlines() if outlines is None else outlines,
            filled=True,
            stroked=True,
            get_fill_color=[246, 244, 238],
            get_line_color=[150, 150, 150],
            line_width_min_pixels=0.6,
        ),
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
        _dots("home", home, list(HOME_COLOUR), 6),
        _dots(
            "stops",
            places,
            "colour",
            "radius",
            get_line_color=[255, 255, 255],
            stroked=True,
            line_width_min_pixels=1.5,
            auto_highlight=True,
        ),
        pdk.Layer(
            "TextLayer",
            id="labels",
            data=labels,
            get_position=["lon", "lat"],
            get_text="name",
            character_set=String("auto"),
            get_size=13,
            get_color=[30, 30, 30],
            get_pixel_offset=[0, -18],
            font_family=String("DejaVu Sans, Helvetica, Arial, sans-serif"),
            background=True,
            get_background_color=[255, 255, 255, 200],
            background_padding=[3, 1],
        ),
    ]


def _dots(id: str, data: list[dict], fill_colour, radius, **options) -> pdk.Layer:
    """A ScatterplotLayer of (lon, lat) points, sized in pixels, that a hover can name."""
    return pdk.Layer(
        "ScatterplotLayer",
        id=id,
        data=data,
        get_position=["lon", "lat"],
        get_fill_color=fill_colour,
        get_radius=radius,
        radius_units=String("pixels"),
        pickable=True,
        **options,
    )


class Deck(pdk.Deck):
    """pydeck's Deck, written as JSON without pydeck's indentation: the same spec in half the bytes,
    and Streamlit sends the spec to the browser on every rerun."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def _rows(records: pd.DataFrame | list[dict], fields: list[str]) -> list[dict]:
    """Records as a list of dicts holding ``fields`` only: what a layer sends to the browser."""
    if isinstance(records, pd.DataFrame):
        return records[fields].to_dict(orient="records")
    return [{field: record[field] for field in fields} for record in records]


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
) -> Deck:
    """The whole map for the selected trips; no basemap unless asked (it needs the internet).

    ``outlines``: the URL a server offers the country outlines at; by default they are in the map itself
    (a map that must stand on its own, as the HTML export). ``width`` and ``height``: the map's size in CSS
    pixels, which the view is fitted to (a phone's map is narrower than a desktop's).
    """
    placed = _placed(trips, stops)
    selected = _Selected(trips, paint, lang)
    places = _place_rows(placed, selected)
    routes = _route_rows(placed, selected)
    # Fit the routes as drawn: a great circle to Japan bends far north of both ends.
    path = [point for route in routes for point in route["path"]]
    view = fit_view([lat for _, lat in path], [lon for lon, _ in path], width, height) if path else fit_view([], [])
    # Without a basemap, pydeck's own placeholder style must stay: Streamlit replaces a missing style
    # with a Carto basemap fetched from the internet.
    basemap_options = {"map_provider": "carto", "map_style": "light"} if basemap else {"map_provider": None}
    return Deck(
        layers=map_layers(places, routes, lang, outlines, view),
        initial_view_state=view,
        tooltip={"text": "{tooltip}"},
        height=height,
        **basemap_options,
    )
