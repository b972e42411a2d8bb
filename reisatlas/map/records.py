"""The map's records: one per place and one per leg of the selected trips, with only the fields the layers use,
and their tooltips.

Stops are aggregated per place and route segments per pair of places, so the browser receives one record per
thing it draws. Document text reaches the map only as text: the tooltip's HTML form is a fixed frame whose
fields Streamlit (and the HTML export's own tooltip) escape before they are shown. What no selection changes
(a table's places, legs and tooltip lines) is worked out once per table and kept while that table lives.
"""

from __future__ import annotations

import hashlib
import math
import weakref
from functools import lru_cache
from weakref import WeakKeyDictionary

import numpy as np
import pandas as pd

from ..colours import NO_COLOUR, Colouring
from ..countries import country_name
from ..geo import HOME, great_circle_points, path_steps
from ..i18n import co2_text, month_label, number, official, t
from ..selection import stops_of
from ..themes import theme_labels

STOP_FIELDS = ["name", "country", "lat", "lon", "trips", "radius", "colour", "tooltip", "trip_ids", "key"]
# What the browser receives per layer: only the fields the layer draws and its tooltip shows. A click is answered
# by the record's ``key`` (``Deck.picks``): no record carries its trip ids (at 10,000 trips a fifth of the spec).
ROUTE_LAYER_FIELDS = ["path", "width", "colour", "tooltip", "key", "tx", "ty"]
# A marker's ``lat``/``lon`` are its place's own; ``offset`` the pixels it is drawn off it in a fanned-out group
# (x right, y up: ``screen.MARKER_Y``).
STOP_LAYER_FIELDS = ["name", "lat", "lon", "offset", "radius", "colour", "tooltip", "key", "tx", "ty"]
HOME_LAYER_FIELDS = ["name", "lat", "lon", "offset", "radius", "tooltip", "tx", "ty"]
TOOLTIP_TRIPS = 3  # a hover names a few trips; a click shows them all


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


class Selected:
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


def key_text(key: list[tuple[int, str]], lang: str) -> str:
    """The map's key as a line under it: the places numbered on the map, by number.

    >>> key_text([(1, "Botkyrka"), (2, "Kobe")], "en")
    'Numbers on the map: 1 Botkyrka · 2 Kobe'
    """
    return f"{t('map_key', lang)}: {' · '.join(f'{number} {name}' for number, name in key)}"


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


def placed_stops(trips: pd.DataFrame, stops: pd.DataFrame) -> pd.DataFrame:
    """The selected trips' stops that are on the map."""
    return stops_of(trips, stops).dropna(subset=["lat", "lon"])


def place_records(trips: pd.DataFrame, stops: pd.DataFrame, paint: Colouring, lang: str = "nl") -> pd.DataFrame:
    """One record per placed destination of the selected trips: the ``stops`` layer's data."""
    return pd.DataFrame(
        place_rows(placed_stops(trips, stops), Selected(trips, paint, lang), stops), columns=STOP_FIELDS
    )


def map_records(
    trips: pd.DataFrame, stops: pd.DataFrame, paint: Colouring, lang: str = "nl"
) -> tuple[list[dict], list[dict]]:
    """The records of the places and of the legs of the selected trips, as ``map_layers`` takes them."""
    placed, selected = placed_stops(trips, stops), Selected(trips, paint, lang)
    return place_rows(placed, selected, stops), route_rows(placed, selected, stops)


def place_rows(placed: pd.DataFrame, selected: Selected, stops: pd.DataFrame | None = None) -> list[dict]:
    """One record per place, in the order the stops first name it; its trips in stop order. ``stops``: the
    table ``placed`` was taken from, whose places are then worked out once (``_StopTable``)."""
    table, at = stop_table(placed, stops)
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


def route_rows(placed: pd.DataFrame, selected: Selected, stops: pd.DataFrame | None = None) -> list[dict]:
    """One record per leg (a pair of places), in the order of the trips' ids and stops; its trips in that
    order. ``stops`` as in ``place_rows``."""
    table, at = stop_table(placed, stops)
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


def stop_table(placed: pd.DataFrame, stops: pd.DataFrame | None) -> tuple[_StopTable, np.ndarray]:
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


def route_homes(placed: pd.DataFrame, stops: pd.DataFrame | None = None) -> list[tuple[str, float, float]] | None:
    """The homes the selected trips start from (None: only Rotterdam, as ever); ``stops`` as in ``place_rows``."""
    if "home_lat" not in placed or placed.empty:
        return None
    if stops is not None:
        table, at = stop_table(placed, stops)
        homes = [
            (name, lat, lon) for name, lon, lat in (table.homes[i] for i in dict.fromkeys(table.home[at].tolist()))
        ]
    else:
        homes = list(
            dict.fromkeys(zip(placed["home"].tolist(), placed["home_lat"].tolist(), placed["home_lon"].tolist()))
        )
    return None if homes == [(HOME.name, HOME.lat, HOME.lon)] else homes


# ``tx``/``ty`` (0 or 1) choose the side: 14 px right of (below) the pointer, or the box's width (height) and
# 14 px left of (above) it. Two digits per record instead of a CSS value.
TOOLTIP_HTML = (
    '<div style="translate:calc({tx} * (-100% - 28px) + 14px) calc({ty} * (-100% - 28px) + 14px);'
    "background:#29323c;color:#f5f6f7;padding:8px 10px;border-radius:4px;"
    'white-space:pre-line;max-width:min(24rem,44vw);width:max-content;font:13px/1.35 sans-serif">{tooltip}</div>'
)
# deck.gl's own tooltip box becomes a transparent point at the pointer; the box above is drawn from there.
TOOLTIP = {"html": TOOLTIP_HTML, "style": {"backgroundColor": "transparent", "padding": "0", "color": "inherit"}}
