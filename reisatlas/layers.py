"""From selected trips to the pydeck map: country outlines, great-circle routes from home, stops, labels.

Stops are aggregated per place and route segments per pair of places, so the browser receives one
record per thing it draws, with only the fields the layers use. Document text reaches the map only
as text: the tooltip's HTML form is a fixed frame whose fields Streamlit (and the HTML export's own
tooltip) escape before they are shown.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
import weakref
from dataclasses import dataclass
from functools import cache, lru_cache
from weakref import WeakKeyDictionary

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize
from pydeck.types import String

from .countries import country_name
from .geo import HOME, great_circle_points, mercator_y, path_steps
from .i18n import co2_text, month_label, number, official, t
from .paths import DATA
from .selection import official_labels, stops_of
from .themes import load_themes, theme_labels

OUTLINES_FILE = DATA / "countries.geojson"
# Natural Earth 1:50m (data/countries-50m.geojson.md) where the map is zoomed in past FINE_ZOOM: a country's
# coast at 1:110m is a few straight lines at a trip's zoom (Europe fits at ~4, Brussels at 7; the world at ~1).
FINE_OUTLINES_FILE = DATA / "countries-50m.geojson"
FINE_ZOOM = 3.0
# The app serves data/ as static files (the static -> data link and .streamlit/config.toml), so the browser
# fetches each outline file once (the 1:50m's 1.5 MB only when a map zooms in) instead of in every map spec.
OUTLINES_URL = "app/static/countries.geojson"
FINE_OUTLINES_URL = "app/static/countries-50m.geojson"
# Okabe–Ito's hues, then Paul Tol's muted ones: distinguishable for colour-blind readers, in a fixed order
# in which neighbours differ in lightness as well as hue (blue, orange, green, vermillion, ...).
PALETTE = [
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (213, 94, 0),
    (86, 180, 233),
    (204, 121, 167),
    (136, 34, 85),
    (153, 153, 51),
    (51, 34, 136),
    (68, 170, 153),
]
NO_COLOUR = (120, 120, 120)
HOME_COLOUR = (20, 20, 20)
STOP_FIELDS = ["name", "country", "lat", "lon", "trips", "radius", "colour", "tooltip", "trip_ids", "key"]
# What the browser receives per layer: only the fields the layer draws and its tooltip shows. A click is answered
# by the record's ``key`` (``Deck.picks``): no record carries its trip ids (at 10,000 trips a fifth of the spec).
ROUTE_LAYER_FIELDS = ["path", "width", "colour", "tooltip", "key", "tx", "ty"]
# A marker's ``lat``/``lon`` are where it is drawn: its place, or a few pixels off it in a fanned-out group.
STOP_LAYER_FIELDS = ["name", "lat", "lon", "radius", "colour", "tooltip", "key", "tx", "ty"]
HOME_LAYER_FIELDS = ["name", "lat", "lon", "radius", "tooltip", "tx", "ty"]
TOOLTIP_TRIPS = 3  # a hover names a few trips; a click shows them all
COUNTRY_AREA_COLOUR = (150, 120, 200, 90)  # a country that is a destination on its own


@cache
def country_outlines(fine: bool = False) -> dict:
    """Natural Earth 1:110m admin-0 countries (see data/countries.geojson.md), or 1:50m when ``fine``."""
    return json.loads((FINE_OUTLINES_FILE if fine else OUTLINES_FILE).read_text(encoding="utf-8"))


def outlines_for(view: pdk.ViewState, *, served: bool = False, carry_world: bool = False) -> dict | str:
    """The outlines a view needs, 1:110m for a world view and 1:50m past FINE_ZOOM: by the URL the app serves
    them at when ``served``, else in the map itself (a page that must stand on its own, as the HTML export).
    ``carry_world`` puts the 1:110m in the map even when served (200 KB; the 1:50m's 1.5 MB are always
    fetched): a fetched file reaches deck.gl only after its first frame."""
    fine = float(view.zoom) > FINE_ZOOM
    if served and not (carry_world and not fine):
        return FINE_OUTLINES_URL if fine else OUTLINES_URL
    return country_outlines(fine)


@dataclass(frozen=True)
class Colouring:
    """Which colour a trip gets: by its (first) official or by its main theme (see ``themes.main_theme``)."""

    by: str  # "official" or "theme"
    colours: dict[str, tuple[int, int, int]]
    labels: dict[str, str]

    def key(self, trip: pd.Series) -> str | None:
        if self.by == "theme":
            return trip["main_theme"]
        return trip["officials"][0] if len(trip["officials"]) else None

    def keys(self, trips: pd.DataFrame) -> list[str | None]:
        """``key`` of every trip, in order, without building a row per trip."""
        if self.by == "theme":
            return trips["main_theme"].tolist()
        return [values[0] if len(values) else None for values in trips["officials"]]

    def colour(self, trip: pd.Series) -> tuple[int, int, int]:
        return self.colours.get(self.key(trip), NO_COLOUR)

    def legend(self, trips: pd.DataFrame) -> list[tuple[str, str]]:
        """(label, "#rrggbb") for each colour the trips use, in a stable order."""
        return [(label, colour) for _, label, colour in self.entries(trips)]

    def entries(self, trips: pd.DataFrame) -> list[tuple[str, str, str]]:
        """(key, label, "#rrggbb") for each colour the trips use, in a stable order: a legend that filters."""
        used = set(self.keys(trips))
        return [(k, self.labels[k], "#%02x%02x%02x" % self.colours[k]) for k in self.colours if k in used]


def colouring(all_trips: pd.DataFrame, by: str = "official", lang: str = "nl") -> Colouring:
    """Colours fixed over the whole atlas, so filtering never changes a colour."""
    if by == "theme":
        themes = load_themes()
        return Colouring("theme", {th.id: th.rgb for th in themes}, {th.id: th.label(lang) for th in themes})
    labels = official_labels(all_trips)
    ordered = sorted(labels)
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(ordered)}
    return Colouring("official", colours, {name: official(labels[name], lang) for name in ordered})


class _TripTable:
    """What a tooltip reads of a trips table, worked out once per table (an atlas's, shared by every rerun):
    its columns as lists, each trip's themes as numbers (each once, in the trip's order), the colouring keys
    and each trip's tooltip line in a language, worked out the first time a record shows it."""

    def __init__(self, trips: pd.DataFrame):
        self.trips = weakref.ref(trips)  # for the colouring's keys, asked for once per colouring
        self.titles, self.who, self.months = (trips[name].tolist() for name in ("title", "official_labels", "months"))
        self.footprints = list(
            zip(*(trips[name].tolist() for name in ("km", "co2_kg", "non_co2_kg", "mode", "could_train")))
        )
        numbers: dict[str, int] = {}
        codes, counts = [], []
        for themes in trips["themes"].tolist():
            own = dict.fromkeys(themes)
            counts.append(len(own))
            codes.extend(numbers.setdefault(theme, len(numbers)) for theme in own)
        self.theme_ids: list[str] = list(numbers)
        self.theme_codes = np.array(codes, dtype=np.int64)
        self.theme_counts = np.array(counts, dtype=np.int64)
        self.theme_starts = np.cumsum(self.theme_counts) - self.theme_counts
        self.lines: dict[str, list[str | None]] = {}
        self.keys: dict[str, list[str | None]] = {}
        self.trip_ids = pd.Index(trips["trip_id"])
        self.rows_of_stops: WeakKeyDictionary[_StopTable, np.ndarray] = WeakKeyDictionary()

    def rows_of(self, stops: _StopTable) -> np.ndarray:
        """Each stop's trip's row in this table (-1 for none), once per table of stops."""
        rows = self.rows_of_stops.get(stops)
        if rows is None:
            rows = self.rows_of_stops[stops] = self.trip_ids.get_indexer(stops.trip_id)
        return rows

    def colour_keys(self, paint: Colouring) -> list[str | None]:
        """``paint.keys`` of every trip (one list per way of colouring: official or theme)."""
        keys = self.keys.get(paint.by)
        if keys is None:
            keys = self.keys[paint.by] = paint.keys(self.trips())
        return keys

    def line(self, row: int, lang: str) -> str:
        """The trip's line in a tooltip: "Titel — wethouder X — jun 2025 — 2.388 km, ca. 290 kg CO₂ + ca. 240 kg extra opwarming"."""
        lines = self.lines.get(lang)
        if lines is None:
            lines = self.lines.setdefault(lang, [None] * len(self.titles))
        if lines[row] is None:
            months = self.months[row]
            when = _month_label(months[0], lang) if len(months) else t("no_period", lang)
            if len(months) > 1:
                when = f"{when} – {_month_label(months[-1], lang)}"
            who = ", ".join(_official(label, lang) for label in self.who[row])
            lines[row] = f"{self.titles[row]} — {who} — {when}{footprint_text(*self.footprints[row], lang)}"
        return lines[row]


_TRIP_TABLES: dict[int, tuple] = {}  # id of a trips table -> (a weak reference to it, its _TripTable)


def _trip_table(trips: pd.DataFrame, table: pd.DataFrame | None) -> tuple[_TripTable, np.ndarray] | None:
    """The ``_TripTable`` of ``table`` (kept while that very table lives) and the rows of ``trips`` in it; None
    without ``table`` or when its index cannot say where a selected trip is."""
    if table is None or not table.index.is_unique:
        return None
    rows = table.index.get_indexer(trips.index)
    return (_kept(_TRIP_TABLES, table, _TripTable), rows) if (rows >= 0).all() else None


def _kept(tables: dict[int, tuple], frame: pd.DataFrame, make):
    """``make(frame)``, worked out once while that very frame lives (by its id, and a weak reference to it)."""
    known = tables.get(id(frame))
    if known is None or known[0]() is not frame:
        for key in [key for key, (ref, _) in tables.items() if ref() is None]:
            del tables[key]
        known = tables[id(frame)] = (weakref.ref(frame), make(frame))
    return known[1]


class _Selected:
    """The selected trips as records need them: where each trip id's rows are, and per record of trips its
    colour (of the first trip) and its tooltip's trips part, worked out for all records at once. A record of a
    thousand trips shows three lines, so no record copies its trips; the lines are worked out once per table
    (``table``: the table the trips were selected from, by their index; ``_TripTable``)."""

    def __init__(self, trips: pd.DataFrame, paint: Colouring, lang: str, table: pd.DataFrame | None = None):
        self.lang = lang
        shared = _trip_table(trips, table)
        self.table, rows = shared or (_TripTable(trips), np.arange(len(trips)))
        codes, ids = pd.factorize(trips["trip_id"])
        self.ids = pd.Index(ids)
        order = np.argsort(codes, kind="stable")
        self.counts = np.bincount(codes, minlength=len(ids))  # rows per trip id: 1, unless an id repeats
        self.starts = np.cumsum(self.counts) - self.counts
        self.rows = rows[order]  # the table's rows of each trip id, by id, in the order of ``trips``
        self.once = bool((self.counts == 1).all())
        # With a table whose trip ids are its own, a stop's trip is found by numbers: its row there, then here.
        self.code_of_row = None
        if shared and self.once and self.table.trip_ids.is_unique:
            self.code_of_row = np.full(len(self.table.titles), -1)
            self.code_of_row[rows] = np.arange(len(rows))
        keys = self.table.colour_keys(paint)
        self.colour = lambda row: paint.colours.get(keys[row], NO_COLOUR)
        self.theme_labels = [theme_labels(lang).get(theme, theme) for theme in self.table.theme_ids]
        self.themes_word = t("themes", lang)

    def codes(self, stops: _StopTable, at: np.ndarray) -> np.ndarray:
        """The trip of each stop at the positions ``at`` of ``stops`` as a number: its place among the selected
        trips' distinct ids."""
        if self.code_of_row is not None:
            return self.code_of_row[self.table.rows_of(stops)[at]]
        return self.ids.get_indexer(stops.trip_id[at])

    def records(self, codes: np.ndarray, sizes: np.ndarray) -> list[tuple[tuple[int, int, int], str]]:
        """For records of trips (``codes`` of their trip ids, record after record; ``sizes``: how many each
        record has), the colour of each record's first trip and the tooltip's trips part: up to TOOLTIP_TRIPS
        lines, how many more, and their themes in the order they first appear."""
        record = np.repeat(np.arange(len(sizes)), sizes)
        if self.once:
            rows = self.rows[self.starts[codes]]
        else:  # every row of a trip id that occurs more than once
            counts = self.counts[codes]
            record = np.repeat(record, counts)
            rows = self.rows[np.repeat(self.starts[codes], counts) + _within(counts)]
        counts = np.bincount(record, minlength=len(sizes))
        firsts = np.cumsum(counts) - counts
        table = self.table
        # Each record's themes in the order they first appear: every theme of every row in order, a (record,
        # theme) pair kept where it first occurs.
        themes_per_row = table.theme_counts[rows]
        themes = table.theme_codes[np.repeat(table.theme_starts[rows], themes_per_row) + _within(themes_per_row)]
        of_record = np.repeat(record, themes_per_row)
        first = np.sort(np.unique(of_record * max(1, len(table.theme_ids)) + themes, return_index=True)[1])
        named = themes[first].tolist()
        bounds = np.searchsorted(of_record[first], np.arange(len(sizes) + 1)).tolist()
        rows = rows.tolist()
        answers = []
        for i, (start, count) in enumerate(zip(firsts.tolist(), counts.tolist())):
            shown = rows[start : start + min(count, TOOLTIP_TRIPS)]
            lines = [table.line(row, self.lang) for row in shown]
            if count > TOOLTIP_TRIPS:
                lines.append(f"… +{count - TOOLTIP_TRIPS}")
            if bounds[i + 1] > bounds[i]:
                lines.append(
                    f"{self.themes_word}: {', '.join(self.theme_labels[theme] for theme in named[bounds[i] : bounds[i + 1]])}"
                )
            answers.append((self.colour(shown[0]), "\n".join(lines)))
        return answers


def _within(counts: np.ndarray) -> np.ndarray:
    """0, 1, …, count - 1 for each count, one after the other.

    >>> _within(np.array([2, 0, 3])).tolist()
    [0, 1, 0, 1, 2]
    """
    return np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)


def _grouped(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The positions of ``codes`` by group of equal codes, the groups in the order their codes first occur and
    each group's positions in order; each group's size and code.

    >>> [a.tolist() for a in _grouped(np.array([7, 3, 7, 5, 3]))]
    [[0, 2, 1, 4, 3], [2, 2, 1], [7, 3, 5]]
    """
    found, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    by_first = np.argsort(first)
    group = np.empty_like(by_first)
    group[by_first] = np.arange(len(found))
    group = group[inverse.reshape(-1)]
    return np.argsort(group, kind="stable"), np.bincount(group, minlength=len(found)), found[by_first]


@lru_cache(maxsize=1 << 15)
def footprint_text(km: float, co2_kg: float, non_co2_kg: float, mode: str, could_train: bool, lang: str) -> str:
    """ " — 2.388 km, ca. 290 kg CO₂ + ca. 240 kg extra opwarming (kon per trein)" for a tooltip line: a flight's
    extra warming at altitude apart from its CO₂; empty for a trip with no placed stop.

    >>> footprint_text(239.1, 4.54, 0.0, "train", False, "nl"), footprint_text(2387.6, 292.2, 241.3, "flight", True, "en")
    (' — 239 km, ca. 4,5 kg CO₂ (trein)', ' — 2,388 km, about 290 kg CO₂ + about 240 kg extra warming (train possible)')
    >>> footprint_text(float("nan"), float("nan"), float("nan"), "", False, "en")
    ''
    """
    if not km > 0:  # NaN: nothing placed
        return ""
    note = t("mode_train_short", lang) if mode == "train" else t("could_train_short", lang) if could_train else ""
    extra = t("tooltip_non_co2", lang, n=co2_text(non_co2_kg, lang)) if non_co2_kg > 0 else ""
    return f" — {number(km, lang)} km, {co2_text(co2_kg, lang)} CO₂{extra}{note}"


def mode_label(trip: pd.Series, lang: str) -> str:
    """ "vliegtuig (kon per trein)", "trein"; empty for a trip with no placed stop."""
    if not trip["km"] > 0:
        return ""
    return t(f"mode_{trip['mode']}", lang) + (t("could_train_short", lang) if trip["could_train"] else "")


@lru_cache(maxsize=4096)
def _official(label: str, lang: str) -> str:
    return official(label, lang)  # a role in the reader's language, by regular expressions; ten officials


@lru_cache(maxsize=4096)
def _month_label(month: str, lang: str) -> str:
    return month_label(month, lang)  # Babel formats a date each time; an atlas has a few dozen months


def _placed(trips: pd.DataFrame, stops: pd.DataFrame) -> pd.DataFrame:
    """The selected trips' stops that are on the map."""
    return stops_of(trips, stops).dropna(subset=["lat", "lon"])


def place_records(trips: pd.DataFrame, stops: pd.DataFrame, paint: Colouring, lang: str = "nl") -> pd.DataFrame:
    """One record per placed destination of the selected trips: the ``stops`` layer's data."""
    return pd.DataFrame(_place_rows(_placed(trips, stops), _Selected(trips, paint, lang), stops), columns=STOP_FIELDS)


def _place_rows(placed: pd.DataFrame, selected: _Selected, stops: pd.DataFrame | None = None) -> list[dict]:
    """One record per place, in the order the stops first name it; its trips in stop order. ``stops``: the
    table ``placed`` was taken from, whose places are then worked out once (``_StopTable``)."""
    table, at = _stop_table(placed, stops)
    places = table.place[at]
    at = at[places >= 0]  # as pandas' groupby, a place without a country is no group
    places, trip_ids, codes = table.place[at], table.trip_id[at], selected.codes(table, at)
    # Each trip once per place, where it first goes there.
    once = np.sort(np.unique(places * max(1, len(selected.ids)) + codes, return_index=True)[1])
    places, trip_ids, codes = places[once], trip_ids[once], codes[once]
    order, sizes, numbers = _grouped(places)
    answers = selected.records(codes[order], sizes)
    trip_ids = trip_ids[order].tolist()
    countries: dict[str, str] = {}
    rows, start = [], 0
    for place, size, (colour, trips_text) in zip(numbers.tolist(), sizes.tolist(), answers):
        ids, start = trip_ids[start : start + size], start + size
        name, code, lat, lon, country_level, key = table.places[place]
        if code not in countries:
            countries[code] = country_name(code, selected.lang)
        country = countries[code]
        # A destination that is only a country is named so ("heel Japan"), never as a place in it.
        title = t("whole_country", selected.lang, country=country) if country_level else f"{name} ({country})"
        rows.append(
            {
                "name": name,
                "country": country,
                "lat": lat,
                "lon": lon,
                "trips": size,
                "radius": round(6 + 4 * math.sqrt(size), 1),
                "colour": list(colour),
                "tooltip": f"{title}\n{trips_text}",
                "trip_ids": ids,
                "key": key,
            }
        )
    return rows


def _route_rows(placed: pd.DataFrame, selected: _Selected, stops: pd.DataFrame | None = None) -> list[dict]:
    """One record per leg (a pair of places), in the order of the trips' ids and stops; its trips in that
    order. ``stops`` as in ``_place_rows``."""
    table, at = _stop_table(placed, stops)
    at = at[np.argsort(table.rank[at], kind="stable")]
    order, sizes, numbers = _grouped(table.leg[at])
    at = at[order]
    answers = selected.records(selected.codes(table, at), sizes)
    trip_ids = table.trip_id[at].tolist()
    rows, start = [], 0
    for leg, size, (colour, trips_text) in zip(numbers.tolist(), sizes.tolist(), answers):
        its_ids, start = trip_ids[start : start + size], start + size
        drawn, header = table.legs[leg]
        rows.append(
            {
                **drawn,
                "width": round(1.5 + math.sqrt(size), 1),
                "colour": list(colour),
                "tooltip": f"{header}\n{trips_text}",
                "trip_ids": its_ids,
            }
        )
    return rows


class _StopTable:
    """What the map needs of a table's placed stops that no selection changes, worked out once per table: per
    stop (by position in the table) its trip id, its place and the leg that ends at it as small numbers (-1 for
    a stop not on the map), and where its leg comes in the order legs are listed (by trip id, then stop); per
    place its name, country, position and key; per leg its ends, path, key and tooltip header.

    Each stop ends one leg, which starts at the trip's previous placed stop, or at the trip's home (documents
    of several municipalities), else at HOME."""

    def __init__(self, stops: pd.DataFrame):
        n = len(stops)
        self.trip_id = np.array(stops["trip_id"].tolist(), dtype=object)
        self.place = np.full(n, -1)
        self.leg = np.full(n, -1)
        self.rank = np.full(n, n)
        self.area = np.full(n, -1)  # a stop that is a whole country: that country, as a number in ``areas``
        placed = stops.reset_index(drop=True).dropna(subset=["lat", "lon"])
        kinds = placed["kind"].tolist() if "kind" in placed else [None] * len(placed)
        numbers: dict[tuple, int] = {}
        self.places: list[tuple] = []
        self.areas: list[str] = []
        country_level: set[str] = set()
        columns = (placed[name].tolist() for name in ("name", "country_code", "lat", "lon"))
        for position, name, code, lat, lon, kind in zip(placed.index.tolist(), *columns, kinds):
            if not isinstance(code, str):
                continue
            if kind == "country":
                if code not in self.areas:
                    self.areas.append(code)
                self.area[position] = self.areas.index(code)
            number = numbers.get((name, code, lat, lon))
            if number is None:
                number = numbers[(name, code, lat, lon)] = len(self.places)
                self.places.append((name, code, round(float(lat), 5), round(float(lon), 5), _key(name, code, lat, lon)))
            self.place[position] = number
            if kind == "country":
                country_level.add(name)
        self.places = [(name, code, lat, lon, name in country_level, key) for name, code, lat, lon, key in self.places]

        route = placed.sort_values(["trip_id", "order"])
        trip_ids = route["trip_id"].tolist()
        ends = list(zip(route["name"].tolist(), route["lon"].tolist(), route["lat"].tolist()))
        homes = (
            list(zip(route["home"].tolist(), route["home_lon"].tolist(), route["home_lat"].tolist()))
            if "home_lat" in route
            else [(HOME.name, HOME.lon, HOME.lat)] * len(route)
        )
        self.home = np.full(n, -1)  # each placed stop's trip's home, as a number in ``homes``
        self.homes = list(dict.fromkeys(homes))
        number_of_home = {home: i for i, home in enumerate(self.homes)}
        self.home[route.index.to_numpy()] = [number_of_home[home] for home in homes]
        legs: dict[tuple, int] = {}
        self.legs: list[tuple[dict, str]] = []
        for rank, (position, trip_id) in enumerate(zip(route.index.tolist(), trip_ids)):
            a, b = ends[rank - 1] if rank and trip_ids[rank - 1] == trip_id else homes[rank], ends[rank]
            number = legs.get((a, b))
            if number is None:
                number = legs[(a, b)] = len(self.legs)
                drawn = {
                    "from_lon": round(float(a[1]), 5),
                    "from_lat": round(float(a[2]), 5),
                    "to_lon": round(float(b[1]), 5),
                    "to_lat": round(float(b[2]), 5),
                    "path": _path(float(a[2]), float(a[1]), float(b[2]), float(b[1])),
                    "key": _key(a, b),
                }
                self.legs.append((drawn, f"{a[0]} → {b[0]}"))
            self.leg[position] = number
            self.rank[position] = rank


_STOP_TABLES: dict[int, tuple] = {}  # id of a stops table -> (a weak reference to it, its _StopTable)


def _stop_table(placed: pd.DataFrame, stops: pd.DataFrame | None) -> tuple[_StopTable, np.ndarray]:
    """The ``_StopTable`` of ``stops`` (kept while that very table lives: an atlas's, shared by every rerun)
    and the positions of ``placed``'s rows in it; without ``stops`` (or when its index cannot say where a row
    is), the table of ``placed`` itself."""
    if stops is None or not stops.index.is_unique:
        return _StopTable(placed), np.arange(len(placed))
    return _kept(_STOP_TABLES, stops, _StopTable), stops.index.get_indexer(placed.index)


def _key(*thing) -> str:
    """A short name for a place or a leg that is the same on every map: a click on one map finds its trips on
    the next, whatever the records' order."""
    return hashlib.blake2b(repr(thing).encode(), digest_size=5).hexdigest()


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


LABEL_CHAR_PX, LABEL_HEIGHT_PX, LABEL_GAP_PX = 7.5, 18, 3
# The markers are one ScatterplotLayer: a disc per place with a white ring (its stroke). It needs no image, so
# deck.gl draws the stops in its first frame (an IconLayer's atlas loads later; see docs/performance.md).
RING_PX = 1.5  # the white ring around a marker
COVERED = 0.7  # markers closer than this times their radii together are fanned out


def marker_scale(zoom: float) -> float:
    """Markers shrink on a map zoomed out far (a phone's whole world), so a crowded region is not a pile.

    >>> marker_scale(2), marker_scale(0.5), marker_scale(-1)
    (1.0, 0.67, 0.5)
    """
    return round(min(1.0, max(0.5, (zoom + 1.5) / 3)), 2)


def _world_px(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """A point's pixel in deck.gl's Web Mercator world at ``zoom`` (512 px wide at zoom 0)."""
    scale = 512 * 2**zoom
    return scale * (lon + 180) / 360, scale * (1 - mercator_y(max(min(lat, 85), -85)) / math.pi) / 2


def _lat_lon(x: float, y: float, zoom: float) -> tuple[float, float]:
    """The point at world pixel (x, y) at ``zoom``: ``_world_px`` turned round.

    >>> [round(v, 6) for v in _lat_lon(*_world_px(59.3293, 18.0686, 3.5), 3.5)]
    [59.3293, 18.0686]
    """
    scale = 512 * 2**zoom
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / scale)))), 360 * x / scale - 180


class _Grid:
    """Boxes (x0, y0, x1, y1) by the grid cells they touch, so an overlap test looks at neighbours only."""

    def __init__(self, cell: float = 64):
        self.cell, self.cells = cell, {}

    def _keys(self, box):
        c = self.cell
        return [
            (i, j)
            for i in range(int(box[0] // c), int(box[2] // c) + 1)
            for j in range(int(box[1] // c), int(box[3] // c) + 1)
        ]

    def add(self, box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def overlap(self, box) -> float:
        """The area ``box`` shares with the boxes already added (0 when it is free).

        A box in several of ``box``'s cells counts once, in the first of them (by ``_keys``' order), where their
        overlap's top left corner is; the areas are added in the order of the boxes as first met, as ever."""
        c, cells = self.cell, self.cells
        x0, y0, x1, y1 = box
        total = 0.0
        for i in range(int(x0 // c), int(x1 // c) + 1):
            for j in range(int(y0 // c), int(y1 // c) + 1):
                for p in cells.get((i, j), ()):
                    if p[0] < x1 and x0 < p[2] and p[1] < y1 and y0 < p[3]:  # they overlap: most boxes near do not
                        left, top = max(x0, p[0]), max(y0, p[1])
                        if int(left // c) == i and int(top // c) == j:
                            total += (min(x1, p[2]) - left) * (min(y1, p[3]) - top)
        return total


def spread_markers(points: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """Screen offsets (dx, dy) that fan out markers drawn over each other, so each can be hovered and clicked.

        ``points`` are (x, y, radius) in pixels at the view's zoom. Markers that mostly cover each other (closer
        than ``COVERED`` times their radii; those further apart each keep a crescent to hover, the smaller drawn
        on top) form a group, directly or through each other; a group of two to six is set on a ring around its middle, a larger one on a
        sunflower spiral, neighbours about one and a half radii apart (each keeps a crescent of its own, and the
    group stays close to its places). The offsets are in pixels at every zoom, so zoomed
        in the markers sit a few pixels from their places, which by then lie apart anyway.

        >>> spread_markers([(100, 100, 6), (101, 100, 6), (300, 300, 6)])
        [(-5.1, 0.0), (5.1, 0.0), (0.0, 0.0)]
    """
    groups = _covering(points)
    offsets = [(0.0, 0.0)] * len(points)
    for members in groups:
        n = len(members)
        if n == 1:
            continue
        mx = sum(points[i][0] for i in members) / n
        my = sum(points[i][1] for i in members) / n
        size = max(points[i][2] for i in members) + RING_PX
        for k, i in enumerate(members):
            if n <= 6:  # a ring, starting in the west: neighbours 1.5 radii apart, each keeping a crescent
                ring = 0.75 * size / math.sin(math.pi / n)
                angle = math.pi + 2 * math.pi * k / n
                tx, ty = mx + ring * math.cos(angle), my + ring * math.sin(angle)
            else:  # Vogel's sunflower: evenly packed, about 1.6 radii apart
                ring = 1.6 * size * math.sqrt(k + 0.5)
                angle = k * math.pi * (3 - math.sqrt(5))
                tx, ty = mx + ring * math.cos(angle), my + ring * math.sin(angle)
            offsets[i] = (round(tx - points[i][0], 1), round(ty - points[i][1], 1))
    return offsets


def _covering(points: list[tuple[float, float, float]]) -> list[list[int]]:
    """The groups of markers (x, y, radius) that cover each other (closer than ``COVERED`` times their radii),
    directly or through each other: each group's members in order, the groups in the order of their first.

    Every pair is compared at once (numpy, in blocks of rows); a pair within a billionth of the distance that
    decides is measured again with ``math.hypot``, so the groups are exactly those of comparing each pair so.

    >>> _covering([(100, 100, 6), (300, 300, 6), (101, 100, 6), (108, 100, 6)])
    [[0, 2, 3], [1]]
    """
    n = len(points)
    if not n:
        return []
    xs, ys, rs = (np.array(column, dtype=float) for column in zip(*points))
    firsts, seconds = [], []
    for start in range(0, n, 256):
        stop = min(n, start + 256)
        dx, dy = xs[start:stop, None] - xs[None, :stop], ys[start:stop, None] - ys[None, :stop]
        near = COVERED * (rs[start:stop, None] + rs[None, :stop])
        squared, limit = dx * dx + dy * dy, near * near
        below = np.tri(stop - start, stop, start - 1, dtype=bool)  # each pair once: j < i
        i, j = np.nonzero(below & (squared < limit * (1 + 1e-9)))
        unsure = squared[i, j] >= limit[i, j] * (1 - 1e-9)
        if unsure.any():
            sure = [
                not doubt or math.hypot(dx[a, b], dy[a, b]) < near[a, b]
                for a, b, doubt in zip(i.tolist(), j.tolist(), unsure.tolist())
            ]
            i, j = i[sure], j[sure]
        firsts.append(i + start)
        seconds.append(j)
    a, b = np.concatenate(firsts), np.concatenate(seconds)
    group = np.arange(n)  # each marker's group, by its first member: the least of its neighbours', until none changes
    while len(a):
        lower = group.copy()
        least = np.minimum(group[a], group[b])
        np.minimum.at(lower, a, least)
        np.minimum.at(lower, b, least)
        lower = lower[lower]
        if (lower == group).all():
            break
        group = lower
    members: dict[int, list[int]] = {}
    for i, first in enumerate(group.tolist()):
        members.setdefault(first, []).append(i)
    return list(members.values())


def place_labels(
    labels: list[dict],
    markers: list[tuple[float, float, float]],
    bounds: tuple[float, float, float, float] | None = None,
) -> list[tuple[float, float]]:
    """For each label (``name``, ``x``, ``y``, ``radius``: its marker as drawn, in pixels at the view's zoom),
    the offset of its middle from the marker: above, below, right, left or a corner, next to the marker or a
    line further out, whichever first overlaps no marker, no label placed before it (home first, then
    busier places) and no edge of the map (``bounds``, (x0, y0, x1, y1) in the same pixels: what sticks out
    counts as overlap); where every spot overlaps, the one that overlaps least. Every place is named. A label
    with ``east`` set (its marker east of the map's middle) tries the left before the right.

    >>> place_labels([{"name": "Stockholm", "x": 100, "y": 100, "radius": 6},
    ...               {"name": "Botkyrka", "x": 100, "y": 112, "radius": 6}], [(100, 100, 6), (100, 112, 6)])
    [(0.0, -19.5), (0.0, 19.5)]

    A marker near the map's right edge, its sides above and below taken: the label goes left, inside the map.

    >>> place_labels([{"name": "Osaka", "x": 190, "y": 100, "radius": 6}], [(190, 100, 6), (190, 78, 6), (190, 122, 6)],
    ...              bounds=(0, 0, 200, 200))
    [(-33.2, 0.0)]
    """
    grid = _Grid()
    for x, y, r in markers:
        grid.add((x - r, y - r, x + r, y + r))
    anchors = []
    for label in labels:
        x, y, r = label["x"], label["y"], label["radius"] + RING_PX
        half_w, half_h = (LABEL_CHAR_PX * len(label["name"]) + 8) / 2, LABEL_HEIGHT_PX / 2
        best, least = None, math.inf
        for extra in (0, LABEL_HEIGHT_PX):
            up, side = r + LABEL_GAP_PX + half_h + extra, r + LABEL_GAP_PX + half_w + extra
            corner = r / math.sqrt(2) + LABEL_GAP_PX + extra
            inward = -1 if label.get("east") else 1  # sideways towards the middle of the map first
            for dx, dy in (
                (0, -up),
                (0, up),
                (inward * side, 0),
                (-inward * side, 0),
                (inward * (corner + half_w), -(corner + half_h)),
                (-inward * (corner + half_w), -(corner + half_h)),
                (inward * (corner + half_w), corner + half_h),
                (-inward * (corner + half_w), corner + half_h),
            ):
                box = (x + dx - half_w, y + dy - half_h, x + dx + half_w, y + dy + half_h)
                overlap = grid.overlap(box) + (_outside(box, bounds) if bounds else 0.0)
                if overlap < least:
                    best, least = (dx, dy, box), overlap
                if not overlap:
                    break
            if not least:
                break
        dx, dy, box = best
        grid.add(box)
        anchors.append((round(float(dx), 1), round(float(dy), 1)))
    return anchors


def _edges(cx: float, cy: float, size: tuple[int, int]) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) a label keeps inside, on a map of ``size`` (width, height) centred on (cx, cy):
    the map's edges, a few pixels in."""
    half_w, half_h = size[0] / 2 - LABEL_GAP_PX, size[1] / 2 - LABEL_GAP_PX
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def _outside(box, bounds) -> float:
    """The area of ``box`` outside ``bounds`` (both (x0, y0, x1, y1))."""
    inside = max(0.0, min(box[2], bounds[2]) - max(box[0], bounds[0])) * max(
        0.0, min(box[3], bounds[3]) - max(box[1], bounds[1])
    )
    return (box[2] - box[0]) * (box[3] - box[1]) - inside


def tooltip_side(x: float, y: float) -> tuple[int, int]:
    """Where a hovered thing's tooltip goes, towards the middle of the map from a thing at (x, y) pixels from the
    view's centre, so a tooltip at the edge stays inside the map: (1 to the left, 1 above), else 0 each.

    >>> tooltip_side(300, -20)
    (1, 0)
    """
    return int(x > 0), int(y > 0)


# ``tx``/``ty`` (0 or 1) choose the side: 14 px right of (below) the pointer, or the box's width (height) and
# 14 px left of (above) it. Two digits per record instead of a CSS value.
TOOLTIP_HTML = (
    '<div style="translate:calc({tx} * (-100% - 28px) + 14px) calc({ty} * (-100% - 28px) + 14px);'
    "background:#29323c;color:#f5f6f7;padding:8px 10px;border-radius:4px;"
    'white-space:pre-line;max-width:min(24rem,44vw);width:max-content;font:13px/1.35 sans-serif">{tooltip}</div>'
)
# deck.gl's own tooltip box becomes a transparent point at the pointer; the box above is drawn from there.
TOOLTIP = {"html": TOOLTIP_HTML, "style": {"backgroundColor": "transparent", "padding": "0", "color": "inherit"}}


def _layout(places: list[dict], routes: list[dict], view: pdk.ViewState | None, lang: str, homes=None, size=None):
    """The screen layout at the view's zoom: markers fanned out, labels placed, tooltips turned inward; the
    records of the home, stops, labels and routes layers, each with only its layer's fields. With ``size``, the
    map's (width, height) in pixels around the view's centre, no label is placed across its edge where it fits.

    A fanned-out marker is drawn where its offset in pixels at the view's zoom puts it, in degrees (a
    ScatterplotLayer moves nothing by pixels): zooming in, the group spreads with the map, each marker as far
    from its place as the places of its group are from each other. Its label goes with it.
    ``homes`` are the (name, lat, lon) the routes start from, by default Rotterdam."""
    home = [
        {
            "name": name,
            "lat": lat,
            "lon": lon,
            "tooltip": t("home", lang) if name == HOME.name else name,
            "radius": 6,
            "trips": 0,
        }
        for name, lat, lon in homes or [(HOME.name, HOME.lat, HOME.lon)]
    ]
    zoom = float(view.zoom) if view is not None else 1.0
    cx, cy = _world_px(float(view.latitude), float(view.longitude), zoom) if view is not None else (0.0, 0.0)
    everything = home + places
    scale = marker_scale(zoom) if view is not None else 1.0
    for p in everything:
        p["radius"] = round(p["radius"] * scale, 1)
    xy = [_world_px(p["lat"], p["lon"], zoom) for p in everything]
    offsets = (
        spread_markers([(x, y, p["radius"] + RING_PX) for (x, y), p in zip(xy, everything)])
        if view
        else [(0, 0)] * len(xy)
    )
    drawn = [(x + dx, y + dy) for (x, y), (dx, dy) in zip(xy, offsets)]
    for p, (x, y), (dx, dy) in zip(everything, drawn, offsets):
        if dx or dy:
            p["lat"], p["lon"] = (round(value, 5) for value in _lat_lon(x, y, zoom))
        p["tx"], p["ty"] = tooltip_side(x - cx, y - cy)
    order = list(range(len(home))) + sorted(range(len(home), len(everything)), key=lambda i: -everything[i]["trips"])
    anchors = place_labels(
        [
            {
                "name": everything[i]["name"],
                "x": drawn[i][0],
                "y": drawn[i][1],
                "radius": everything[i]["radius"],
                "east": drawn[i][0] > cx,
            }
            for i in order
        ],
        [(x, y, p["radius"] + RING_PX) for (x, y), p in zip(drawn, everything)],
        _edges(cx, cy, size) if view is not None and size else None,
    )
    labels = [
        {"name": everything[i]["name"], "lat": everything[i]["lat"], "lon": everything[i]["lon"], "offset": [ax, ay]}
        for i, (ax, ay) in zip(order, anchors)
    ]
    for p in everything:  # deck.gl draws the ring on the circle's edge, half inside: the disc keeps its radius
        p["radius"] = round(p["radius"] + RING_PX / 2, 2)
    for route in routes:
        lon, lat = route["path"][-1]
        x, y = _world_px(lat, lon, zoom)
        route["tx"], route["ty"] = tooltip_side(x - cx, y - cy)
    return (
        [{field: p[field] for field in HOME_LAYER_FIELDS} for p in home],
        [{field: p[field] for field in STOP_LAYER_FIELDS} for p in places],
        labels,
    )


def map_layers(
    places: pd.DataFrame | list[dict],
    routes: pd.DataFrame | list[dict],
    lang: str = "nl",
    outlines: dict | str | None = None,
    view: pdk.ViewState | None = None,
    homes: list[tuple[str, float, float]] | None = None,
    areas: dict | None = None,
    size: tuple[int, int] | None = None,
) -> list[pdk.Layer]:
    """The layers, bottom to top: ocean, country outlines, routes, home, stops, labels.

    ``places`` and ``routes`` are the records build_deck makes (a frame, as place_records gives,
    or the rows themselves); each layer gets only the fields it draws. ``outlines`` is the URL a server offers
    data/countries.geojson at (the map then fetches it once), or by default the GeoJSON itself. With ``view``,
    markers drawn over each other at its zoom are fanned out and every place's label gets a side where it
    overlaps nothing, or least (``place_labels``). Every place keeps its label at every zoom: zooming in
    only moves them further apart; with ``size``, the map's (width, height) in pixels, no label crosses its edge
    where it fits. ``homes`` are the (name, lat, lon) the routes start from, by default
    Rotterdam; ``areas`` the outlines of countries that are a destination on their own, drawn as that area.

    (deck.gl's CollisionFilterExtension would hide labels that overlap as the reader zooms out, but in
    Chromium's software WebGL it hides every label, collisions or not: a map without names is worse.)
    """
    places, routes = _rows(places, STOP_FIELDS), _rows(routes, ROUTE_LAYER_FIELDS[:-2])
    places.sort(key=lambda place: -place["radius"])  # the smaller on top, so an overlapped marker keeps its edge
    home, places, labels = _layout(places, routes, view, lang, homes, size)
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
    ]


def country_areas(placed: pd.DataFrame, stops: pd.DataFrame | None = None) -> dict | None:
    """The outlines of the countries that are a destination on their own (a stop of kind "country"); ``stops``
    as in ``_place_rows``."""
    if "kind" not in placed:
        return None
    if stops is not None:
        table, at = _stop_table(placed, stops)
        codes = {table.areas[i] for i in set(table.area[at].tolist()) if i >= 0}
    else:
        codes = set(placed.loc[placed["kind"] == "country", "country_code"].dropna())
    if not codes:
        return None
    from .geocoding.areas import iso3_codes

    wanted = {iso3_codes().get(code) for code in codes}
    features = [f for f in country_outlines()["features"] if f["properties"].get("iso_a3") in wanted]
    return {"type": "FeatureCollection", "features": features}


def route_homes(placed: pd.DataFrame, stops: pd.DataFrame | None = None) -> list[tuple[str, float, float]] | None:
    """The homes the selected trips start from (None: only Rotterdam, as ever); ``stops`` as in ``_place_rows``."""
    if "home_lat" not in placed or placed.empty:
        return None
    if stops is not None:
        table, at = _stop_table(placed, stops)
        homes = [
            (name, lat, lon) for name, lon, lat in (table.homes[i] for i in dict.fromkeys(table.home[at].tolist()))
        ]
    else:
        homes = list(
            dict.fromkeys(zip(placed["home"].tolist(), placed["home_lat"].tolist(), placed["home_lon"].tolist()))
        )
    return None if homes == [(HOME.name, HOME.lat, HOME.lon)] else homes


def _dots(id: str, data: list[dict], fill_colour, **options) -> pdk.Layer:
    """Markers at (lon, lat), ``radius`` pixels, each with a white ring; a hover names them."""
    return pdk.Layer(
        "ScatterplotLayer",
        id=id,
        data=data,
        get_position=["lon", "lat"],
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

    def trip_ids(self, selection: dict) -> list[str]:
        """The trip ids of the places and routes picked on this map (``st.pydeck_chart``'s ``event.selection``)."""
        return picked_trip_ids(selection, self.picks)

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
    placed = _placed(trips, stops)
    return _fit_routes(_route_rows(placed, _Selected(trips, colouring(trips), "nl"), stops), *fit)


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
) -> Deck:
    """The whole map for the selected trips; no basemap unless asked (it needs the internet).

    ``outlines``: the country outlines (GeoJSON or a URL); by default ``outlines_for`` the view, from the
    app's static files when ``served_outlines``, else in the map itself; ``carry_world_outlines`` carries a
    world view's 1:110m in the map even when served (a browser tab's first map: the land in its first frame).
    ``view``: the camera (default: fitted to the trips for a map of at least ``fit`` = (width, height) pixels);
    the labels keep inside a map of ``fit``.
    ``table``: the trips table ``trips`` were selected from (their index says where), as an atlas's, shared by
    every rerun: the trips' tooltip lines are then worked out once per table, not once per map.
    """
    placed = _placed(trips, stops)
    selected = _Selected(trips, paint, lang, table)
    places = _place_rows(placed, selected, stops)
    routes = _route_rows(placed, selected, stops)
    view = view or _fit_routes(routes, *fit)
    # Without a basemap, pydeck's own placeholder style must stay: Streamlit replaces a missing style
    # with a Carto basemap fetched from the internet.
    basemap_options = {"map_provider": "carto", "map_style": "light"} if basemap else {"map_provider": None}
    deck = Deck(
        layers=map_layers(
            places,
            routes,
            lang,
            outlines or outlines_for(view, served=served_outlines, carry_world=carry_world_outlines),
            view,
            route_homes(placed, stops),
            country_areas(placed, stops),
            fit,
        ),
        initial_view_state=view,
        tooltip=TOOLTIP,
        height=height,
        **basemap_options,
    )
    _PICKS[deck] = {record["key"]: record["trip_ids"] for record in places + routes}
    return deck
