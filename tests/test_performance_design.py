"""The design that keeps Reisatlas fast at 10,000 trips, checked without timing anything (the timings
are in ``make bench`` and docs/performance.md):

- a document set is parsed and geocoded once: one geocoder lookup per distinct place, none on a
  second load (the document cache answers), and the app loads the atlas once, not on every rerun;
- a changed document invalidates its own cache entries and no other document's;
- the browser receives one record per place and per leg, with only the fields the layers use, and no
  document text but the tooltips;
- filters and summaries work on whole columns, not row by row;
- what no selection changes is worked out once per atlas table, not once per map: a trip's tooltip line, a
  leg's path and its JSON.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from pydeck.bindings.json_tools import default_serialize
from streamlit.testing.v1 import AppTest

from reisatlas.atlas import DocumentCache, load_atlas, read_document
from reisatlas.colours import colouring
from reisatlas.geo import HOME, distance_km, path_steps
from reisatlas.geocoding import Gazetteer, Geocoder, Location
from reisatlas.map import HOME_LAYER_FIELDS, ROUTE_LAYER_FIELDS, STOP_LAYER_FIELDS, build_deck, picked_trip_ids
from reisatlas.selection import Selection, stops_frame, trips_frame

ROOT = Path(__file__).resolve().parent.parent
JAPAN = {"Tokio": (35.6895, 139.69171), "Osaka": (34.69374, 135.50218), "Kobe": (34.6913, 135.183)}
MONTHS = [
    "Januari",
    "Februari",
    "Maart",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Augustus",
    "September",
    "Oktober",
    "November",
    "December",
]
# Words that occur only in subtitles and descriptions: they must never reach the map's spec.
SUBTITLE_WORD, DESCRIPTION_WORD = "Ondertitelwoord", "Beschrijvingswoord"


class Japan:
    """A geocoding layer that knows Tokio, Osaka and Kobe, and counts what it is asked."""

    name = "gazetteer"

    def __init__(self):
        self.asked: list[str] = []

    def lookup(self, name, country_code):
        self.asked.append(name)
        return Location(*JAPAN[name], self.name) if name in JAPAN and country_code == "JP" else None


def overview(trips: int, places: str = "Tokio, Osaka en Kobe (Japan)", year: int = 2025) -> str:
    """A document of ``trips`` trips to the same places, each its own trip (its own subtitle and month)."""
    blocks = [
        f"Werkbezoek {places}\n"
        f"{SUBTITLE_WORD} {i} over havens\n"
        "door wethouder Simons\n"
        f"{MONTHS[i % 12]} {year}\n"
        f"{DESCRIPTION_WORD} {i}: de reis gaat over maritieme samenwerking en energietransitie.\n\n"
        for i in range(trips)
    ]
    return "".join(blocks)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def deck_json(trips, stops, **selection) -> dict:
    chosen = Selection(**selection).apply(trips)
    return json.loads(build_deck(chosen, stops, colouring(trips), served_outlines=True).to_json())  # as the map page


def layer(spec: dict, layer_id: str) -> list[dict]:
    (found,) = [layer for layer in spec["layers"] if layer["id"] == layer_id]
    return found["data"]


# --- parsed and geocoded once per document set ------------------------------------------------------


def test_the_geocoder_is_asked_once_per_distinct_place_not_per_stop(tmp_path):
    document = write(tmp_path, "japan.txt", overview(50))
    japan = Japan()
    geocoder = Geocoder([japan])
    atlas = read_document(document, geocoder)
    assert sum(len(trip.stops) for trip in atlas.trips) == 150
    assert geocoder.calls == 3
    assert sorted(japan.asked) == ["Kobe", "Osaka", "Tokio"]


def test_a_second_load_is_answered_by_the_document_cache_without_geocoding(tmp_path):
    document = write(tmp_path, "japan.txt", overview(50))
    first = DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json")
    read_document(document, Geocoder([Japan()]), first)
    assert (first.hits, first.misses) == (0, 1)

    again = DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json")  # as after a restart
    geocoder = Geocoder([Japan()])
    atlas = read_document(document, geocoder, again)
    assert (again.hits, again.misses) == (1, 0)
    assert geocoder.calls == 0
    assert len(atlas.trips) == 50


def test_a_changed_document_invalidates_exactly_its_own_entry(tmp_path):
    kept = write(tmp_path / "docs", "a.txt", overview(3))
    changed = write(tmp_path / "docs", "b.txt", overview(4, year=2026))
    for document in (kept, changed):
        read_document(document, Geocoder([Japan()]), DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json"))

    changed.write_text(overview(5, year=2026), encoding="utf-8")
    cache = DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json")
    geocoder = Geocoder([Japan()])
    documents = [read_document(document, geocoder, cache) for document in (kept, changed)]
    assert (cache.hits, cache.misses) == (1, 1)
    assert sum(len(document.trips) for document in documents) == 3 + 5
    assert geocoder.calls == 3  # the changed document's places, asked once each


def test_the_atlas_tables_are_cached_per_document_too(tmp_path):
    kept = write(tmp_path / "docs", "a.txt", overview(3))
    changed = write(tmp_path / "docs", "b.txt", overview(4, year=2026))
    load_atlas([kept, changed], Geocoder([Japan()]), DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json"))

    warm = DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json")
    load_atlas([kept, changed], Geocoder([Japan()]), warm)
    assert (warm.hits, warm.misses) == (2, 0)  # one tables entry per document, nothing parsed

    changed.write_text(overview(5, year=2026), encoding="utf-8")
    cache = DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json")
    tables = load_atlas([kept, changed], Geocoder([Japan()]), cache)
    assert (cache.hits, cache.misses) == (1, 2)  # the kept document's tables; the changed one's tables and trips
    assert len(tables.trips) == 3 + 5


def test_the_atlas_tables_are_the_frames_of_the_trips(tmp_path):
    documents = [write(tmp_path, "a.txt", overview(3)), write(tmp_path, "b.txt", overview(2, "Oslo (Noorwegen)"))]
    parsed = [read_document(document, Geocoder([Japan()])) for document in documents]
    trips = [trip for document in parsed for trip in document.trips]
    for cache in (None, DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json")):
        atlas = load_atlas(documents, Geocoder([Japan()]), cache)
        assert atlas.trips.equals(trips_frame(trips))
        assert atlas.stops.equals(stops_frame(trips))
        assert atlas.notices == tuple(notice for document in parsed for notice in document.notices)
        assert atlas.documents == tuple(str(document) for document in documents)


def test_a_start_from_the_document_cache_never_loads_the_gazetteer(tmp_path, monkeypatch):
    document = write(tmp_path, "japan.txt", overview(5))
    load_atlas([document], Geocoder([Japan()]), DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json"))

    def refuse(cls):
        raise AssertionError("the gazetteer index was loaded")

    monkeypatch.setattr(Gazetteer, "_load_index", classmethod(refuse))
    tables = load_atlas(
        [document], Geocoder([Gazetteer()]), DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json")
    )
    assert len(tables.trips) == 5


# --- what reaches the browser --------------------------------------------------------------------


@pytest.fixture(scope="module")
def japan_tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("japan")
    atlas = read_document(write(folder, "japan.txt", overview(50)), Geocoder([Japan()]))
    return trips_frame(atlas.trips), stops_frame(atlas.trips)


def test_stops_are_aggregated_per_place_and_legs_per_pair_of_places(japan_tables):
    trips, stops_table = japan_tables
    deck = build_deck(trips, stops_table, colouring(trips), served_outlines=True)
    spec = json.loads(deck.to_json())
    stops = layer(spec, "stops")
    assert [record["name"] for record in stops] == ["Tokio", "Osaka", "Kobe"]
    # A click on a record finds its trips on the server, by the record's key: the spec carries no trip ids.
    assert [len(picked_trip_ids({"objects": {"stops": [record]}}, deck.picks)) for record in stops] == [50, 50, 50]
    routes = layer(spec, "routes")
    assert len(routes) == 3  # Rotterdam → Tokio → Osaka → Kobe, however many trips take it
    assert [len(picked_trip_ids({"objects": {"routes": [route]}}, deck.picks)) for route in routes] == [50, 50, 50]
    assert "trip_ids" not in deck.to_json()
    # One label per place, home first: every place is named.
    labels = [record["name"] for record in layer(spec, "labels")]
    assert labels[0] == HOME.name and sorted(labels) == sorted(["Tokio", "Osaka", "Kobe", HOME.name])


def test_each_layer_gets_only_the_fields_it_uses(japan_tables):
    spec = deck_json(*japan_tables)
    assert all(list(record) == sorted(STOP_LAYER_FIELDS) for record in layer(spec, "stops"))
    assert all(list(record) == sorted(ROUTE_LAYER_FIELDS) for record in layer(spec, "routes"))
    assert all(list(record) == sorted(HOME_LAYER_FIELDS) for record in layer(spec, "home"))
    assert all(set(record) == {"name", "lat", "lon", "offset"} for record in layer(spec, "labels"))
    (countries,) = [layer for layer in spec["layers"] if layer["id"] == "countries"]
    assert countries["data"] == "app/static/countries.geojson"  # outlines are fetched, not sent


def test_no_subtitle_or_description_text_reaches_the_spec(japan_tables):
    text = json.dumps(deck_json(*japan_tables), ensure_ascii=False)
    assert SUBTITLE_WORD not in text and DESCRIPTION_WORD not in text
    # Titles are shown in tooltips only: outside the tooltip fields no document text at all.
    spec = deck_json(*japan_tables)
    for layer_spec in spec["layers"]:
        if isinstance(layer_spec.get("data"), list):
            for record in layer_spec["data"]:
                assert "Werkbezoek" not in json.dumps({k: v for k, v in record.items() if k != "tooltip"})


def test_a_tooltip_names_a_few_trips_however_many_share_the_place(japan_tables):
    from reisatlas.map import TOOLTIP_TRIPS

    (tokio, *_) = layer(deck_json(*japan_tables), "stops")
    assert TOOLTIP_TRIPS == 3
    assert tokio["tooltip"].count("Werkbezoek") == 3
    assert "… +47" in tokio["tooltip"]


def test_a_trips_tooltip_line_is_worked_out_once_per_atlas_table(japan_tables, monkeypatch):
    from reisatlas.map import records

    trips, stops = japan_tables
    paint = colouring(trips)
    lines = []
    footprint = records.footprint_text  # called once for each line worked out
    monkeypatch.setattr(records, "footprint_text", lambda *args: lines.append(args) or footprint(*args))
    first, wider = (
        trips.iloc[10:20],
        trips.iloc[10:30],
    )  # selections of the atlas's table, as the app's; the same trips first
    own = [build_deck(chosen, stops, paint, served_outlines=True).to_json() for chosen in (first, wider)]
    each_map_its_own = len(lines)
    lines.clear()
    shared = [
        build_deck(chosen, stops, paint, served_outlines=True, table=trips).to_json() for chosen in (first, wider)
    ]
    assert shared == own  # the same spec
    assert 0 < len(lines) < each_map_its_own  # the wider map's tooltips name some trips the first worked out already
    lines.clear()
    build_deck(first, stops, paint, served_outlines=True, table=trips)
    assert lines == []  # nor does the way back to a selection shown before


def test_the_spec_is_pydecks_without_the_indentation(japan_tables):
    import pydeck as pdk

    trips, stops = japan_tables
    deck = build_deck(trips, stops, colouring(trips))
    text = deck.to_json()
    assert json.loads(text) == json.loads(pdk.Deck.to_json(deck))
    assert text == json.dumps(
        json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )  # no space outside strings
    assert "CO₂" in text and "\\u" not in text  # text as itself, not as escapes
    assert len(text) < 0.7 * len(pdk.Deck.to_json(deck))


def test_short_legs_are_drawn_with_few_points_long_ones_as_arcs():
    rotterdam = (HOME.lat, HOME.lon)
    assert path_steps(rotterdam, (50.85, 4.35)) == 1  # Brussel: a straight segment
    assert path_steps(rotterdam, (35.69, 139.69)) == 16  # Tokio: a full arc
    for lat, lon in [(50.85, 4.35), (59.33, 18.07), (40.71, -74.01), (-33.87, 151.21)]:
        # never coarser than one point per 3 degrees of arc, unless the leg is long enough for 16 segments
        angle = math.degrees(
            2
            * math.asin(
                math.sqrt(
                    math.sin(math.radians(lat - rotterdam[0]) / 2) ** 2
                    + math.cos(math.radians(lat))
                    * math.cos(math.radians(rotterdam[0]))
                    * math.sin(math.radians(lon - rotterdam[1]) / 2) ** 2
                )
            )
        )
        steps = path_steps(rotterdam, (lat, lon))
        assert steps == 16 or angle / steps <= 3


# --- whole columns, not rows ------------------------------------------------------------------------


def test_a_text_filter_folds_the_query_once_not_once_per_trip(japan_tables, monkeypatch):
    import reisatlas.selection as selection

    folded = []
    real_fold = selection.fold
    monkeypatch.setattr(selection, "fold", lambda text: folded.append(text) or real_fold(text))
    trips, _ = japan_tables
    kept = Selection(text="Osaka", months=("2025-01", "2025-06")).apply(trips)
    assert folded == ["Osaka"]
    assert len(kept) == 26  # January to June, in every year-long run of the 50 trips


def test_distances_are_geopys_great_circle_without_importing_geopy(japan_tables):
    from geopy.distance import great_circle

    _, stops = japan_tables
    points = [(HOME.lat, HOME.lon), *zip(stops["lat"], stops["lon"])]
    for a, b in zip(points, points[1:]):
        assert distance_km(a, b) == pytest.approx(great_circle(a, b).km, rel=1e-12)


# --- the app: the atlas is loaded once, not on every rerun ------------------------------------------


def test_the_app_loads_a_document_set_once_and_reruns_without_reading_it(tmp_path, monkeypatch):
    import ui.atlas as common

    # A document set no other test loads: the app's cache is shared by the whole process.
    folder = tmp_path / "documents"
    write(folder, "japan.txt", overview(24) + overview(24, year=2026).replace(SUBTITLE_WORD, "Andere"))
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(folder))
    loads = []
    real = common.load_atlas
    monkeypatch.setattr(common, "load_atlas", lambda *args, **kwargs: loads.append(args) or real(*args, **kwargs))

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception[0].message
    assert len(loads) == 1
    at.select_slider(key="months").set_range("2025-03", "2025-08").run()
    assert not at.exception, at.exception[0].message
    at.select_slider(key="months").set_range("2026-01", "2026-12").run()
    assert len(loads) == 1  # reruns filter the loaded atlas; nothing is read, parsed or geocoded again

    (chart,) = at.get("deck_gl_json_chart")
    spec = chart.proto.json
    assert DESCRIPTION_WORD not in spec and SUBTITLE_WORD not in spec
    stops = layer(json.loads(spec), "stops")
    assert [record["tooltip"].count("… +21") for record in stops] == [1, 1, 1]  # 2026's 24 trips, one record per place
    assert not re.search(r"\n\s", spec)  # no indentation: half the bytes of pydeck's own JSON


def test_english_place_names_are_looked_up_once_per_distinct_place_not_per_stop(japan_tables, monkeypatch):
    """An English reader's tables name 150 stops with three places in one country: GeoNames' own-names table is
    asked for once and Babel's country names made once (per stop, this was most of the first run at 10,000
    trips)."""
    from babel import Locale

    from reisatlas import countries, geonames
    from reisatlas.places import localised

    trips, stops = japan_tables
    tables, locales = [], []
    real_table = geonames.table
    monkeypatch.setattr(geonames, "table", lambda name: tables.append(name) or real_table(name))
    monkeypatch.setattr(countries, "Locale", lambda lang: locales.append(lang) or Locale(lang))
    countries._territories.cache_clear()
    _, named = localised(trips, stops, "en")
    assert len(stops) == 150 and sorted(set(named["name"])) == ["Kobe", "Osaka", "Tokyo"]
    assert set(named["country"]) == {"Japan"}
    assert tables == ["own_names"] and locales == ["en"]


def test_a_dutch_first_run_makes_no_english_tables(tmp_path, monkeypatch):
    """The atlas's English tables (GeoNames' own names read for them) are made when an English reader first asks,
    not in the first run of a Dutch one; then once for every session."""
    import ui.atlas as common

    folder = tmp_path / "documents"  # a document set no other test loads: the app's cache is the process's
    write(folder, "japan.txt", overview(6))
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(folder))
    made = []
    real = common.localised
    monkeypatch.setattr(common, "localised", lambda trips, stops, lang: made.append(lang) or real(trips, stops, lang))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception[0].message
    assert made == ["nl"]
    for _ in range(2):
        english = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        english.query_params["lang"] = "en"
        english.run()
        assert not english.exception, english.exception[0].message
        assert "Tokyo" in english.get("deck_gl_json_chart")[0].proto.json
    assert made == ["nl", "en"]


def test_the_stops_of_a_selection_are_looked_up_once_per_rerun(japan_tables, monkeypatch):
    import pyarrow.compute as pc

    from reisatlas import selection

    trips, stops = japan_tables
    lookups = []
    is_in = pc.is_in
    monkeypatch.setattr(pc, "is_in", lambda *a, **k: lookups.append(1) or is_in(*a, **k))
    chosen = trips.iloc[:10]
    first = selection.stops_of(chosen, stops)
    assert (
        selection.stops_of(chosen, stops) is first and len(lookups) == 1
    )  # the summary, the map, the places not on it
    other = trips.iloc[10:30]
    assert set(selection.stops_of(other, stops)["trip_id"]) == set(other["trip_id"]) and len(lookups) == 2
    assert set(first["trip_id"]) == set(chosen["trip_id"])


def test_embedded_outlines_are_written_once_and_the_spec_is_the_same(japan_tables, monkeypatch):
    from reisatlas.map import deck as map_deck

    trips, stops = japan_tables
    deck = build_deck(trips, stops, colouring(trips))  # the outlines embedded, as a session's first map
    plain = json.dumps(deck, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)
    assert deck.to_json() == plain
    written = []
    monkeypatch.setattr(map_deck, "_json", lambda value: written.append(type(value).__name__) or plain_json(value))
    # The routes' records with their paths marked, then the rest: the outlines' and the paths' text came from the first time.
    assert deck.to_json() == plain and written == ["list", "Deck"]


def test_each_legs_path_is_written_once_and_the_spec_is_the_same(japan_tables, monkeypatch):
    from reisatlas.map import deck as map_deck

    trips, stops = japan_tables
    whole = build_deck(trips, stops, colouring(trips), served_outlines=True)
    assert whole.to_json() == plain_json(whole)  # every leg's path written once, spliced in
    some = build_deck(trips.iloc[:3], stops, colouring(trips), served_outlines=True)  # a selection: legs drawn before
    written = []
    monkeypatch.setattr(map_deck, "_json", lambda value: written.append(type(value).__name__) or plain_json(value))
    assert some.to_json() == plain_json(some) and "tuple" not in written


def plain_json(value) -> str:
    return json.dumps(value, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)


def test_a_first_map_carries_the_world_outlines_but_never_the_fine_ones():
    import pydeck as pdk

    from reisatlas.map import FINE_OUTLINES_URL, OUTLINES_URL, country_outlines, outlines_for

    world, europe = pdk.ViewState(latitude=30, longitude=10, zoom=1), pdk.ViewState(latitude=52, longitude=5, zoom=4)
    assert outlines_for(world, served=True, carry_world=True) == country_outlines()  # 200 KB, in the first frame
    assert outlines_for(europe, served=True, carry_world=True) == FINE_OUTLINES_URL  # 1.5 MB: fetched
    assert outlines_for(world, served=True) == OUTLINES_URL
