"""Every export format, read back: the seed's seven trips, filtered as in the app, in six formats."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from reisatlas.colours import colouring
from reisatlas.errors import ExportError, SelectionError
from reisatlas.exports import FORMATS, left_out, render, suggested_name, write_atomically
from reisatlas.exports.static_map import HEIGHT, WIDTH, extent
from reisatlas.model import Stop
from reisatlas.selection import Selection, stops_frame, trips_frame

DAYS_DOCUMENT = """Werkbezoek Kopenhagen (Denemarken)
Kennisuitwisseling klimaatadaptatie
door wethouder Zeegers
3 tot en met 7 november 2025
Wethouder Zeegers bezoekt Kopenhagen voor kennis over klimaatadaptatie.
"""

SCRIPT_DOCUMENT = """Werkbezoek Oslo (Noorwegen) <script>alert(1)</script> (Zweden)
Kennisuitwisseling </script><img src=x onerror=alert(2)>
door wethouder Kasmi
Juni 2025
Wethouder Kasmi gaat naar Oslo.
"""


@pytest.fixture(scope="module")
def seed(seed_atlas):
    """(all trips, all stops, the atlas-wide colouring) of the seed document."""
    trips = trips_frame(seed_atlas.trips)
    return trips, stops_frame(seed_atlas.trips), colouring(trips)


def export(seed, format: str, selection: Selection = Selection(), lang: str = "nl") -> bytes:
    trips, stops, paint = seed
    return render(format, selection.apply(trips), stops, lang=lang, paint=paint)


def frames_of(trips):
    return trips_frame(trips), stops_frame(trips)


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


FILTERS = [
    pytest.param(Selection(), 7, id="all"),
    pytest.param(Selection(officials=("Schouten",)), 2, id="official"),
    pytest.param(Selection(themes=("onderwijs",)), 1, id="theme"),
    pytest.param(Selection(months=("2025-07", "2025-08")), 2, id="months"),
    pytest.param(Selection(officials=("Schouten", "Simons")), 3, id="any-of-two-officials"),
]


# --- CSV --------------------------------------------------------------------------------------


@pytest.mark.parametrize("selection, rows", FILTERS)
def test_csv_has_one_row_per_selected_trip(seed, selection, rows):
    assert len(read_csv(export(seed, "csv", selection))) == rows


def test_csv_months_filter_keeps_richmond_and_brussel(seed):
    rows = read_csv(export(seed, "csv", Selection(months=("2025-07", "2025-08"))))
    assert [row["Titel"] for row in rows] == ["Werkbezoek Richmond (Canada)", "Werkbezoek Brussel (België)"]


def test_csv_is_utf8_with_bom_for_excel(seed):
    data = export(seed, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Malmö".encode("utf-8") in data
    assert b"\r\n" in data


def test_csv_columns_and_values(seed):
    rows = read_csv(export(seed, "csv"))
    assert list(rows[0]) == [
        "Titel",
        "Soort",
        "Onderwerp",
        "Bewindspersonen",
        "Eerste maand",
        "Laatste maand",
        "Begindatum",
        "Einddatum",
        "Plaatsen",
        "Landen",
        "Thema's",
        "Km heen en terug (hemelsbreed)",
        "Vervoer (aangenomen)",
        "CO₂ kg per reiziger, brandstof en bouw (schatting)",
        "Extra opwarming vliegen kg CO₂-eq. (niet-CO₂, schatting)",
        "Samen kg CO₂-eq. incl. extra opwarming (schatting)",
        "Kon per trein",
        "Beschrijving",
        "Bronbestand",
        "Regel",
        "Gemeente",
        "Kosten (euro)",
        "Betaald door",
        "Plaatsen zoals in het document",
    ]
    first = rows[0]
    assert first["Titel"] == "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)"
    assert first["Bewindspersonen"] == "wethouder Kasmi"
    assert first["Plaatsen"] == "Malmö; Botkyrka; Stockholm"
    assert first["Landen"] == "Zweden"
    assert (first["Eerste maand"], first["Laatste maand"], first["Begindatum"], first["Einddatum"]) == (
        "2025-06",
        "2025-06",
        "",
        "",
    )
    assert first["Bronbestand"] == "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
    assert first["Regel"] == "2"
    assert first["Beschrijving"].startswith("Wethouder Kasmi is voornemens")
    assert (first["Gemeente"], first["Kosten (euro)"], first["Betaald door"]) == ("Rotterdam", "", "")


def test_csv_in_english(seed):
    rows = read_csv(export(seed, "csv", lang="en"))
    assert list(rows[0])[:4] == ["Title", "Kind", "Subject", "Officials"]
    assert rows[0]["Countries"] == "Sweden"


# --- Excel ------------------------------------------------------------------------------------


def load_workbook(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_workbook_has_trips_and_places(seed):
    book = load_workbook(export(seed, "xlsx"))
    assert book.sheetnames == ["Reizen", "Plaatsen"]
    trips, places = book["Reizen"], book["Plaatsen"]
    assert trips.max_row == 1 + 7
    assert places.max_row == 1 + 11
    for sheet in (trips, places):
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
    assert trips["A1"].value == "Titel" and trips["A2"].value.startswith("Werkbezoek Malmö")
    header = [cell.value for cell in places[1]]
    assert header == [
        "Reis",
        "Volgorde",
        "Plaats",
        "Land",
        "Landcode",
        "Breedtegraad",
        "Lengtegraad",
        "Geplaatst via",
        "Soort",
        "Plaats zoals in het document",
    ]
    rows = [dict(zip(header, (cell.value for cell in row))) for row in places.iter_rows(min_row=2)]
    assert all(isinstance(r["Breedtegraad"], float) and isinstance(r["Lengtegraad"], float) for r in rows)
    tokio = next(r for r in rows if r["Plaats"] == "Tokio")
    assert tokio["Breedtegraad"] == pytest.approx(35.69, abs=0.05) and tokio["Lengtegraad"] == pytest.approx(
        139.69, abs=0.05
    )
    assert tokio["Geplaatst via"] == "GeoNames (offline)" and tokio["Volgorde"] == 1 and tokio["Landcode"] == "JP"


def test_workbook_columns_are_readable_width(seed):
    sheet = load_workbook(export(seed, "xlsx"))["Reizen"]
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
    assert widths["Titel"] > 30  # the longest title is 49 characters
    assert widths["Regel"] < 12
    assert max(widths.values()) <= 62  # the description is capped, not 1500 characters wide


def test_workbook_filters_and_english(seed):
    book = load_workbook(export(seed, "xlsx", Selection(officials=("Schouten",)), lang="en"))
    assert book.sheetnames == ["Trips", "Places"]
    assert book["Trips"].max_row == 1 + 2 and book["Places"].max_row == 1 + 4
    assert book["Trips"]["A1"].value == "Title"


def test_workbook_never_writes_a_formula(seed_atlas):
    trip = replace(seed_atlas.trips[0], title='=HYPERLINK("http://example.org")')
    trips, stops = frames_of([trip])
    cell = load_workbook(render("xlsx", trips, stops))["Reizen"]["A2"]
    assert cell.data_type == "s" and cell.value == trip.title


# --- GeoJSON ----------------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_of_placed_stops(seed):
    collection = json.loads(export(seed, "geojson"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 11
    assert all(f["type"] == "Feature" and f["geometry"]["type"] == "Point" for f in collection["features"])
    tokio = next(f for f in collection["features"] if f["properties"]["place"] == "Tokio")
    lon, lat = tokio["geometry"]["coordinates"]
    assert lon == pytest.approx(139.7, abs=0.1) and lat == pytest.approx(35.7, abs=0.1)
    properties = tokio["properties"]
    assert properties["title"] == "Werkbezoek Tokio, Osaka en Kobe (Japan)"
    assert properties["officials"] == ["burgemeester Schouten"]
    assert properties["months"] == ["2025-09"] and properties["country_code"] == "JP"
    assert properties["themes"] == ["haven", "economie", "klimaat"]
    assert properties["stop"] == 1 and properties["placed_by"] == "gazetteer"


def test_geojson_follows_the_filter(seed):
    collection = json.loads(export(seed, "geojson", Selection(themes=("onderwijs",))))
    assert [f["properties"]["place"] for f in collection["features"]] == ["Malmö", "Botkyrka", "Stockholm"]


def test_geojson_leaves_unplaced_stops_out(seed_atlas):
    trip = seed_atlas.trips[0]
    lost = replace(trip, stops=(*trip.stops, Stop("Nergenshuizen", "Zweden", "SE")))
    trips, stops = frames_of([lost])
    collection = json.loads(render("geojson", trips, stops))
    assert [f["properties"]["place"] for f in collection["features"]] == ["Malmö", "Botkyrka", "Stockholm"]
    assert all(f["geometry"] is not None for f in collection["features"])
    assert left_out("geojson", trips, stops) == ["Nergenshuizen (Zweden): niet geplaatst, niet op de kaart"]


# --- CO₂ in every export ------------------------------------------------------------------------

# The seed's Malmö trip (flown: 292.2 kg CO₂ + 241.3 kg extra warming) and Manchester trip (train, 18.4 kg), by hand
# from data/emission_factors.csv in tests/test_emissions.py; every export gives each trip its kilograms.
MALMO, MANCHESTER = "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)", "Werkbezoek Manchester (Verenigd Koninkrijk)"
BY_HAND = {MALMO: (292.2, 241.3, 533.5), MANCHESTER: (18.4, 0.0, 18.4)}


def test_json_gives_every_trip_its_co2_and_the_extra_warming_its_own_field(seed):
    records = json.loads(export(seed, "json"))
    assert len(records) == 7
    for record in records:
        assert record["co2_kg"] > 0 and record["total_kg"] == pytest.approx(
            record["co2_kg"] + record["non_co2_kg"], abs=0.1
        )
        assert (record["non_co2_kg"] > 0) == (record["mode"] == "flight")
    kilograms = {r["title"]: (r["co2_kg"], r["non_co2_kg"], r["total_kg"]) for r in records}
    assert {title: kilograms[title] for title in BY_HAND} == BY_HAND


def test_geojson_gives_every_feature_its_trips_co2_and_extra_warming(seed):
    features = json.loads(export(seed, "geojson"))["features"]
    for feature in features:
        properties = feature["properties"]
        assert properties["co2_kg"] > 0 and (properties["non_co2_kg"] > 0) == (properties["mode"] == "flight")
    kilograms = {
        f["properties"]["title"]: tuple(f["properties"][k] for k in ("co2_kg", "non_co2_kg", "total_kg"))
        for f in features
    }
    assert {title: kilograms[title] for title in BY_HAND} == BY_HAND


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_csv_and_workbook_give_every_trip_its_co2_and_extra_warming(seed, lang):
    columns = [
        {
            "nl": "CO₂ kg per reiziger, brandstof en bouw (schatting)",
            "en": "CO₂ kg per traveller, fuel and construction (estimate)",
        },
        {
            "nl": "Extra opwarming vliegen kg CO₂-eq. (niet-CO₂, schatting)",
            "en": "Extra warming of flying kg CO₂e (non-CO₂, estimate)",
        },
        {
            "nl": "Samen kg CO₂-eq. incl. extra opwarming (schatting)",
            "en": "Total kg CO₂e incl. extra warming (estimate)",
        },
    ]
    names = [column[lang] for column in columns]
    title = {"nl": "Titel", "en": "Title"}[lang]
    rows = read_csv(export(seed, "csv", lang=lang))
    assert all(float(row[names[0]]) > 0 for row in rows) and len(rows) == 7
    assert {row[title]: tuple(float(row[n]) for n in names) for row in rows if row[title] in BY_HAND} == BY_HAND
    sheet = load_workbook(export(seed, "xlsx", lang=lang))[{"nl": "Reizen", "en": "Trips"}[lang]]
    header = [cell.value for cell in sheet[1]]
    cells = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=2)]
    assert all(row[names[0]] > 0 for row in cells)
    assert {row[title]: tuple(row[n] for n in names) for row in cells if row[title] in BY_HAND} == BY_HAND


def test_calendar_gives_every_trip_its_co2_and_a_flights_extra_warming(seed):
    found = {str(e["SUMMARY"]).split(" (")[0]: str(e["DESCRIPTION"]) for e in events(export(seed, "ics"))}
    assert len(found) == 7 and all("kg CO₂" in text or "t CO₂" in text for text in found.values())
    assert (
        "Afstand en CO₂ (schatting per reiziger): 2.388 km heen en terug per vliegtuig: ca. 290 kg CO₂ per reiziger "
        "(brandstof en bouw van het toestel), plus ca. 240 kg CO₂-equivalent extra opwarming door vliegen op grote "
        "hoogte; samen ca. 530 kg." in found["Werkbezoek Malmö, Botkyrka en Stockholm"]
    )
    assert "969 km heen en terug, ca. 18 kg CO₂ per reiziger, per trein." in found["Werkbezoek Manchester"]


def title_lines(seed, lang: str, title: str | None = None, selection: Selection = Selection()):
    """The PNG's title lines as drawn for the seed's ``selection`` (its own title unless given), with the
    renderer that measures them and the legend's box."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from reisatlas.exports.lettering import header as _header
    from reisatlas.exports.static_map import DPI
    from reisatlas.summary import summarise

    trips, stops, paint = seed
    chosen = selection.apply(trips)
    title = title or summarise(chosen, stops).sentence(lang)
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    renderer = FigureCanvasAgg(figure).get_renderer()
    _header(figure, renderer, title, paint.legend(chosen))
    return title, figure.texts, renderer, figure.legends[0].get_window_extent(renderer)


LONG_TITLE = (
    "12 reizen naar 31 plaatsen in 17 landen, januari 2024 – december 2025, 158.002 km, ca. 29 t CO₂-eq. incl. "
    "extra opwarming door vliegen op grote hoogte, met wethouders Schouten, Kasmi, Achbar en Zeegers"
)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("title", [None, LONG_TITLE], ids=["full selection", "too long for one line"])
def test_the_pictures_title_fits_on_it_whole(seed, lang, title):
    """The headline of the full selection in both languages, and one too long for a line: every word drawn
    (wrapped rather than cut), every line inside the margins, the legend under the last line."""
    from reisatlas.exports.lettering import MARGIN

    title, texts, renderer, legend = title_lines(seed, lang, title)
    assert " ".join(text.get_text() for text in texts) == title
    boxes = [text.get_window_extent(renderer) for text in texts]
    assert all(MARGIN <= box.x0 and box.x1 <= WIDTH - MARGIN for box in boxes)
    assert all(upper.y0 >= lower.y1 - 2 for upper, lower in zip(boxes, boxes[1:]))  # lines do not overlap
    assert legend.y1 <= min(box.y0 for box in boxes)
    assert len(texts) == (1 if title != LONG_TITLE else 2) and "CO₂" in texts[-1].get_text() + texts[0].get_text()


# --- iCalendar --------------------------------------------------------------------------------


def events(data: bytes):
    from icalendar import Calendar

    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_calendar_has_one_all_day_event_per_trip(seed):
    from icalendar import Calendar

    data = export(seed, "ics")
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0" and "Reisatlas" in str(calendar["PRODID"])
    found = events(data)
    assert len(found) == 7
    malmo = found[0]
    # The document says "Juni 2025", no days: one entry on 1 June that says so, not a month-long absence.
    assert str(malmo["SUMMARY"]) == "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden) (juni 2025, dagen onbekend)"
    start, end = malmo.decoded("DTSTART"), malmo.decoded("DTEND")
    assert type(start) is date and type(end) is date  # all-day: DATE, not DATE-TIME
    assert (start, end) == (date(2025, 6, 1), date(2025, 6, 2))
    assert str(malmo["DESCRIPTION"]).startswith("juni 2025 (geen data bekend)")
    assert str(malmo["X-REISATLAS-PERIOD"]) == "2025-06"
    assert str(malmo["TRANSP"]) == "TRANSPARENT"
    assert str(malmo["LOCATION"]) == "Malmö, Botkyrka, Stockholm (Zweden)"
    description = str(malmo["DESCRIPTION"])
    assert "wethouder Kasmi" in description and "Kennisuitwisseling voorschoolse educatie" in description
    assert isinstance(malmo.decoded("DTSTAMP"), datetime)


def test_calendar_file_imports_into_outlook_and_google(seed):
    data = export(seed, "ics")
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # CRLF everywhere
    assert max(len(line) for line in lines) <= 75  # folded
    assert lines[0] == b"BEGIN:VCALENDAR"


def test_calendar_uses_known_days(tmp_path, offline_geocoder):
    from reisatlas.atlas import read_document

    path = tmp_path / "2025-11_werkbezoek.txt"
    path.write_text(DAYS_DOCUMENT, encoding="utf-8")
    trips, stops = frames_of(read_document(path, offline_geocoder).trips)
    (event,) = events(render("ics", trips, stops))
    assert event.decoded("DTSTART") == date(2025, 11, 3)
    assert event.decoded("DTEND") == date(2025, 11, 8)  # exclusive: the day after 7 November
    assert "dagen onbekend" not in str(event["SUMMARY"]) and "X-REISATLAS-PERIOD" not in event


def test_calendar_uids_are_stable_and_unique(seed):
    first = [str(e["UID"]) for e in events(export(seed, "ics"))]
    second = [str(e["UID"]) for e in events(export(seed, "ics"))]
    assert first == second
    assert len(set(first)) == 7
    assert first[0] == f"{seed[0]['trip_id'][0]}@reisatlas"


def test_calendar_skips_trips_without_a_period(seed_atlas):
    dated, undated = seed_atlas.trips[0], replace(seed_atlas.trips[1], months=(), start=None, end=None)
    trips, stops = frames_of([dated, undated])
    assert [str(e["SUMMARY"]) for e in events(render("ics", trips, stops))] == [
        f"{dated.title} (juni 2025, dagen onbekend)"
    ]
    assert left_out("ics", trips, stops, "en") == [
        f"{undated.title} ({Path(undated.source.file).name}:30): no period, not in the calendar"
    ]
    only_undated = frames_of([undated])
    with pytest.raises(SelectionError):
        render("ics", *only_undated)


# --- PNG --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def picture(seed):
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(export(seed, "png"))).convert("RGB"))


def test_png_is_full_hd(picture):
    assert picture.shape == (HEIGHT, WIDTH, 3) == (1080, 1920, 3)


def test_png_is_a_map_not_a_blank(picture):
    packed = picture.astype(np.int32) @ np.array([1 << 16, 1 << 8, 1], dtype=np.int32)
    assert len(np.unique(packed)) > 500
    assert picture.std() > 20


@pytest.mark.parametrize("name", ["Schouten", "Kasmi", "Achbar"])
def test_png_draws_each_official_in_their_colour(seed, picture, name):
    red, green, blue = seed[2].colours[name]
    close = np.abs(picture.astype(int) - [red, green, blue]).sum(axis=2) < 30
    assert close.sum() > 200  # routes and dots, not a stray pixel


def test_png_sea_and_land(picture):
    sea = np.all(picture == (222, 235, 247), axis=2).mean()
    land = np.all(picture == (246, 244, 238), axis=2).mean()
    assert sea > 0.2 and land > 0.1


def test_png_for_one_nearby_trip_and_in_english(seed):
    from PIL import Image

    data = export(seed, "png", Selection(officials=("Zeegers",)), lang="en")
    assert Image.open(io.BytesIO(data)).size == (1920, 1080)


@pytest.mark.parametrize(
    "lons, lats",
    [([4.48, 4.35], [51.92, 50.85]), ([-123.1, 139.7, 4.5], [49.2, -26.2, 72.0]), ([-179.0, 179.0], [-80.0, 85.0])],
)
def test_map_extent_shows_every_point_and_fills_the_box(lons, lats):
    west, east, south, north, stretch = extent(lons, lats, (1840, 830))
    assert west <= min(lons) and east >= max(lons) and south <= min(lats) and north >= min(max(lats), 85)
    assert -90 <= south < north <= 90
    assert (east - west) / 1840 == pytest.approx((north - south) * stretch / 830)


# --- HTML -------------------------------------------------------------------------------------


class Scripts(HTMLParser):
    """The script elements of a page and the attributes that load anything from elsewhere."""

    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.remote: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        for name in ("src", "href"):
            if (attrs.get(name) or "").startswith(("http:", "https:", "//")):
                self.remote.append(attrs[name])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def scripts_of(page: str) -> Scripts:
    parser = Scripts()
    parser.feed(page)
    return parser


def outlines_of(page: str) -> str:
    """The country outlines an HTML export carries (gzipped and base64-encoded, as the page's loader reads them)."""
    import base64
    import gzip
    import re

    (packed,) = re.findall(r'<script id="outlines" type="application/octet-stream">([^<]+)</script>', page)
    return gzip.decompress(base64.b64decode(packed)).decode("utf-8")


@pytest.fixture(scope="module")
def page(seed) -> str:
    return export(seed, "html").decode("utf-8")


def test_html_holds_every_trip_and_the_outlines(seed, page):
    from html import escape

    for title in seed[0]["title"]:
        assert escape(title) in page
    assert '"id":"countries"' in page and '"type":"FeatureCollection"' in outlines_of(page)
    assert '"name":"Netherlands"' in outlines_of(page)  # the outlines themselves, not a URL the app serves
    assert "app/static/countries.geojson" not in page
    assert (
        "<title>7 reizen naar 11 plaatsen in 7 landen, juni – september 2025, 58.002 km, ca. 9 t CO₂-eq. incl. extra "
        "opwarming door vliegen</title>" in page
    )
    assert "Bron: 2025-06_2025-09_buitenlandse-werkbezoeken.txt · kaart: Natural Earth" in page
    assert '<html lang="nl">' in page


def test_html_works_without_the_internet(page):
    found = scripts_of(page)
    assert found.remote == []
    assert "DecompressionStream" in found.scripts[-1]  # the loader inflates the inlined deck.gl bundle


def test_html_is_small_and_carries_the_pinned_deckgl(page):
    import base64
    import gzip
    import hashlib
    import re

    from reisatlas.exports.web_page import DECKGL_SHA256

    assert len(page.encode("utf-8")) < 1_500_000  # pydeck's offline page was 4.4 MB
    (packed,) = re.findall(r'<script id="deck-gl" type="application/octet-stream">([^<]+)</script>', page)
    assert hashlib.sha256(gzip.decompress(base64.b64decode(packed))).hexdigest() == DECKGL_SHA256


def test_html_has_label_layouts_for_every_zoom(page):
    import re

    spec = json.loads(re.search(r'<script id="deck-spec" type="application/json">(.+?)</script>', page).group(1))
    labels = [layer for layer in spec["layers"] if layer["id"] == "labels"][0]["data"]
    stops = [layer for layer in spec["layers"] if layer["id"] == "stops"][0]["data"]
    assert len(labels) == len(stops) + 1  # every place and home
    for layout in spec["layouts"]:
        assert len(layout["placed"]["labels"]) == len(labels) and len(layout["placed"]["stops"]) == len(stops)
    assert [layout["zoom"] for layout in spec["layouts"]] == sorted(layout["zoom"] for layout in spec["layouts"])


def test_html_document_text_cannot_start_a_script(tmp_path, offline_geocoder, page):
    from reisatlas.atlas import read_document

    path = tmp_path / "kwaadaardig.txt"
    path.write_text(SCRIPT_DOCUMENT, encoding="utf-8")
    trips, stops = frames_of(read_document(path, offline_geocoder).trips)
    assert "<script>alert(1)</script>" in trips["title"][0]
    evil = render("html", trips, stops).decode("utf-8")
    found = scripts_of(evil)
    assert len(found.scripts) == len(scripts_of(page).scripts)  # no extra script element
    assert not any("alert(1)" in s for s in found.scripts if not s.startswith("{"))  # only inside the JSON spec
    assert "<script>alert" not in evil and "<img src=x" not in evil
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil  # shown as text in the trip list
    assert "\\u003cscript\\u003ealert(1)" in evil  # and as text in the map's tooltip


@pytest.mark.browser
def test_html_map_draws_offline_in_chromium(tmp_path, offline_geocoder, browser):
    """In the shared Chromium fixture (tests/browser.py's ``browser``: skipped without Chromium or Playwright)."""
    from reisatlas.atlas import read_document

    path = tmp_path / "kwaadaardig.txt"
    path.write_text(SCRIPT_DOCUMENT, encoding="utf-8")
    trips, stops = frames_of(read_document(path, offline_geocoder).trips)
    out = tmp_path / "kaart.html"
    out.write_bytes(render("html", trips, stops))
    requests, dialogs, errors = [], [], []
    tab = browser.new_page()
    try:
        tab.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("file:")
                else (requests.append(route.request.url), route.abort())
            ),
        )
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(out.as_uri())
        try:
            tab.wait_for_selector("#deck-container canvas", timeout=30000)
        except Exception:
            raise AssertionError((requests, errors))
        # Every layer built from the document's text loaded and drawn, the key under the map written: all the text
        # the page puts in place is in place (a payload that ran would have shown by now), not a fixed pause.
        tab.wait_for_function(DECK_DRAWN, timeout=30000)
    finally:
        tab.close()
    assert requests == [] and dialogs == [] and errors == [], (requests, errors)


# Whether the HTML export's deck.gl (``window.reisatlasMap``) has every layer of its spec loaded and nothing left to
# draw, and the page has written its key.
DECK_DRAWN = """() => {
  const map = window.reisatlasMap, spec = document.getElementById("deck-spec");
  if (!map || !map.isInitialized || !map.layerManager || !spec) return false;
  const layers = map.layerManager.getLayers();
  return layers.length >= JSON.parse(spec.textContent).layers.length && layers.every(layer => layer.isLoaded)
    && !map.needsRedraw({clearRedrawFlags: false}) && document.getElementById("reisatlas-key") !== null;
}"""


# --- the registry, file names and writing ------------------------------------------------------


def test_formats_table():
    assert list(FORMATS) == ["csv", "xlsx", "geojson", "ics", "json", "png", "html", "mp4", "gif"]
    assert FORMATS["geojson"].media_type == "application/geo+json" and FORMATS["ics"].suffix == ".ics"


def test_unknown_format_and_empty_selection(seed):
    with pytest.raises(ExportError, match="pdf"):
        export(seed, "pdf")
    with pytest.raises(SelectionError):
        export(seed, "csv", Selection(months=("2030-01", "2030-12")))


def test_suggested_name_says_what_was_selected(seed):
    trips = seed[0]
    assert suggested_name("xlsx", Selection(), trips) == "reisatlas_2025-06_2025-09.xlsx"
    kasmi, simons = (Selection(officials=(name,)) for name in ("Kasmi", "Simons"))
    names = [suggested_name("csv", s, s.apply(trips)) for s in (kasmi, simons)]
    assert names == ["reisatlas_kasmi_2025-06.csv", "reisatlas_simons_2025-06.csv"]  # no longer the same name
    chosen = Selection(themes=("haven", "klimaat"), countries=("JP",), months=("2025-06", "2025-09"))
    assert suggested_name("png", chosen, chosen.apply(trips)) == "reisatlas_haven-klimaat_jp_2025-06_2025-09.png"
    assert suggested_name("ics", Selection(text="Malmö / <x>")) == "reisatlas_malmo-x.ics"


def test_render_ignores_stops_of_other_trips(seed):
    trips, stops, paint = seed
    chosen = Selection(officials=("Achbar",)).apply(trips)
    collection = json.loads(render("geojson", chosen, stops, paint=paint))
    assert [f["properties"]["place"] for f in collection["features"]] == ["Richmond"]


def test_write_atomically_replaces_whole_or_leaves_nothing(tmp_path):
    target = tmp_path / "reizen.csv"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reizen.csv"]
    with pytest.raises(ExportError, match="niet schrijven"):
        write_atomically(tmp_path / "missing" / "reizen.csv", b"x")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(ExportError):
        write_atomically(folder, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder", "reizen.csv"]
    assert list(folder.iterdir()) == []


# --- formulas ---------------------------------------------------------------------------------

FORMULA_DOCUMENT = """Werkbezoek Oslo (Noorwegen)
=HYPERLINK("http://example.invalid/","klik")
door wethouder Kasmi
Juni 2025
@SUM(1+1) gaat over havens.
"""


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\0"])
def test_a_cell_that_would_start_a_formula_gets_a_quote(start):
    from reisatlas.exports.tables import neutralise

    assert neutralise(f"{start}1+2") == f"'{start}1+2"
    assert neutralise(f"a{start}1") == f"a{start}1"  # only at the start


def test_csv_neutralises_document_formulas_and_json_keeps_them(tmp_path, offline_geocoder):
    from reisatlas.atlas import read_document

    path = tmp_path / "formules.txt"
    path.write_text(FORMULA_DOCUMENT, encoding="utf-8")
    trips, stops = frames_of(read_document(path, offline_geocoder).trips)
    (row,) = read_csv(render("csv", trips, stops))
    assert row["Onderwerp"] == '\'=HYPERLINK("http://example.invalid/","klik")'
    assert row["Beschrijving"].startswith("'@SUM(1+1)")
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())
    (feature, *_) = json.loads(render("geojson", trips, stops))["features"]
    assert feature["properties"]["subtitle"] == '=HYPERLINK("http://example.invalid/","klik")'  # JSON keeps the text


# --- outlines ---------------------------------------------------------------------------------


def test_a_zoomed_in_map_uses_the_finer_outlines_and_the_world_the_light_ones(seed):
    from reisatlas.map import FINE_OUTLINES_URL, FINE_ZOOM, OUTLINES_URL, build_deck, country_outlines
    from reisatlas.map.outlines import BORDERS_URL, FINE_BORDERS_URL

    trips, stops, paint = seed
    world = json.loads(build_deck(trips, stops, paint).to_json())
    brussel = json.loads(build_deck(trips[trips["title"].str.contains("Brussel")], stops, paint).to_json())
    (world_outlines,) = [layer["data"] for layer in world["layers"] if layer["id"] == "countries"]
    (brussel_outlines,) = [layer["data"] for layer in brussel["layers"] if layer["id"] == "countries"]
    assert world["initialViewState"]["zoom"] <= FINE_ZOOM < brussel["initialViewState"]["zoom"]
    assert world_outlines == country_outlines() and brussel_outlines == country_outlines(fine=True)
    # The app's maps name the files it serves instead of carrying them.
    served = [
        json.loads(build_deck(chosen, stops, paint, served_outlines=True).to_json())
        for chosen in (trips, trips[trips["title"].str.contains("Brussel")])
    ]
    # The fetched 1:50m are a layer of their own: deck.gl kept drawing the 1:110m when only the address changed.
    # They are filled, and only their land borders stroked, from a file of their own: stroking every 1:50m ring
    # took 1-2 s a frame in software WebGL. The world's 1:110m likewise: their coasts stroked took a fifth of the
    # CPU software WebGL spent on a desktop's world map.
    assert [
        [
            (layer["id"], layer["data"], layer["filled"], layer["stroked"])
            for layer in spec["layers"]
            if "countries" in layer["id"]
        ]
        for spec in served
    ] == [
        [("countries", OUTLINES_URL, True, False), ("countries-borders", BORDERS_URL, False, True)],
        [("countries-fine", FINE_OUTLINES_URL, True, False), ("countries-fine-borders", FINE_BORDERS_URL, False, True)],
    ]

    # 1:50m draws Sweden's coast with many more points than 1:110m.
    def points(outlines, name):
        (sweden,) = [f for f in outlines["features"] if f["properties"]["name"] == name]
        return len(json.dumps(sweden["geometry"]))

    assert points(country_outlines(fine=True), "Sweden") > 5 * points(country_outlines(), "Sweden")


@pytest.mark.parametrize("fine", [True, False])
def test_the_borders_are_the_stretches_two_countries_share_once(fine):
    """data/outlines/countries-50m-borders.geojson and countries-borders.geojson are what tools/outline_borders.py
    makes of the 1:50m and the 1:110m: every segment two countries' rings share, once, and no coast; under half
    of the segments of every ring."""
    from reisatlas.map import country_outlines
    from reisatlas.paths import OUTLINES

    name = "countries-50m-borders.geojson" if fine else "countries-borders.geojson"
    (feature,) = json.loads((OUTLINES / name).read_text(encoding="utf-8"))["features"]
    drawn = [
        tuple(sorted((tuple(a), tuple(b))))
        for line in feature["geometry"]["coordinates"]
        for a, b in zip(line, line[1:])
    ]
    owners: dict[tuple, set[str]] = {}
    for country in country_outlines(fine=fine)["features"]:
        geometry = country["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for ring in (ring for polygon in polygons for ring in polygon):
            for a, b in zip(ring, ring[1:]):
                owners.setdefault(tuple(sorted((tuple(a), tuple(b)))), set()).add(country["properties"]["name"])
    shared = {segment for segment, names in owners.items() if len(names) > 1}
    assert len(drawn) == len(set(drawn)) and set(drawn) == shared
    assert len(drawn) < len(owners) / 2
    assert any(owners[segment] == {"Netherlands", "Belgium"} for segment in drawn)


def test_a_zoomed_in_html_map_carries_the_finer_outlines_itself(seed):
    page = export(seed, "html", Selection(officials=("Kasmi",), months=("2025-06", "2025-06"))).decode("utf-8")
    assert "app/static" not in page and "Isle of Man" in outlines_of(page)  # a 1:50m country, not in 1:110m
    assert len(page.encode("utf-8")) < 1_500_000  # with the 1:50m outlines too


# --- one language per output ---------------------------------------------------------------------


def test_english_exports_name_places_in_english_and_keep_the_documents_spelling(seed):
    """Tokio and Brussel are Tokyo and Brussels in every English file; the document's own spelling stays in a
    field of its own."""
    from reisatlas.exports import prepared
    from reisatlas.exports.static_map import png_figure

    japan = Selection(countries=("JP",))
    rows = read_csv(export(seed, "csv", japan, lang="en"))
    assert rows[0]["Places"] == "Tokyo; Osaka; Kobe"
    assert rows[0]["Places as the document writes them"] == "Tokio; Osaka; Kobe"
    assert read_csv(export(seed, "csv", japan))[0]["Plaatsen"] == "Tokio; Osaka; Kobe"

    book = load_workbook(export(seed, "xlsx", japan, lang="en"))
    stops = list(book["Places"].iter_rows(values_only=True))
    assert [(row[2], row[-1]) for row in stops[1:]] == [("Tokyo", "Tokio"), ("Osaka", "Osaka"), ("Kobe", "Kobe")]

    (record,) = json.loads(export(seed, "json", japan, lang="en"))
    assert [(s["name"], s["name_as_written"]) for s in record["stops"]][0] == ("Tokyo", "Tokio")
    features = json.loads(export(seed, "geojson", japan, lang="en"))["features"]
    assert (features[0]["properties"]["place"], features[0]["properties"]["place_as_written"]) == ("Tokyo", "Tokio")

    (event,) = events(export(seed, "ics", japan, lang="en"))
    assert str(event["LOCATION"]).startswith("Tokyo, Osaka, Kobe")
    assert "Brussels" in str(events(export(seed, "ics", Selection(countries=("BE",)), lang="en"))[0]["LOCATION"])

    page = export(seed, "html", japan, lang="en").decode("utf-8")
    assert '"Tokyo"' in page and '"Tokio"' not in page

    trips, stops_, paint = seed
    figure = png_figure(prepared(japan.apply(trips), stops_, "en", paint=paint))
    drawn = {text.get_text() for axes in figure.axes for text in axes.texts}
    assert "Tokyo" in drawn and "Tokio" not in drawn
