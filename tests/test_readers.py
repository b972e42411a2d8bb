"""The readers per layout family, on excerpts of real published documents (tests/documents/layouts, sources in
its SOURCES.md) and on the shapes the issue names; the Rotterdam 2025 blocks keep their own tests
(test_parsing, test_seed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reisatlas.atlas import read_document
from reisatlas.errors import DocumentError
from reisatlas.geocoding import default_geocoder
from reisatlas.model import Costs
from reisatlas.parsing import parse_document
from reisatlas.readers import pdf_tables
from reisatlas.readers.signals import find_places

LAYOUTS = Path(__file__).resolve().parent / "documents" / "layouts"


def read(name: str):
    path = LAYOUTS / name
    return parse_document(path.read_text(encoding="utf-8"), str(path))


def summary(trip) -> tuple:
    return (
        trip.layout,
        trip.municipality,
        [str(o) for o in trip.officials],
        trip.months,
        [(s.name, s.country_code, s.kind) for s in trip.stops],
        trip.costs,
    )


# One case per real document: what a reader of it sees (layout, home, officials, months, places, costs).
DOCUMENTS = {
    "register_almere_2017.txt": [
        ("register", "Almere", ["burgemeester Weerwind"], ("2017-11",), [("Ljubljana", "SI", "city")], None),
    ],
    "table_denhaag_2014.txt": [
        (
            "table",
            "Den Haag",
            ["wethouder Kool"],
            ("2014-01",),
            [("New York", "US", "city")],
            Costs(3563.0, "de gemeente"),
        ),
    ],
    "agenda_rotterdam_weekberichten_2025-09.txt": [
        ("agenda", "Rotterdam", ["wethouder Simons"], ("2025-09",), [("Londen", "GB", "city")], None),
    ],
    "agenda_rotterdam_activiteitenkalender_2003-09.txt": [
        (
            "agenda",
            "Rotterdam",
            ["burgemeester Opstelten"],
            ("2003-09",),
            [("Shanghai", "CN", "city"), ("Beijing", "CN", "city")],
            None,
        ),
        ("agenda", "Rotterdam", ["wethouder Pastors"], ("2003-09",), [("Wenen", "AT", "city")], None),
    ],
    "calendar_utrecht_2004_week21.txt": [
        (
            "agenda",
            "Utrecht",
            ["burgemeester Brouwer-Korf", "wethouder Spekman"],
            ("2004-05",),
            [("Brno", "CZ", "city")],
            None,
        ),
    ],
    # a news report: the embassy "in Zuid-Korea" and "in Nederland" are no stops, "KLM" is no city, the mayor is
    # named in a later paragraph about "de handelsmissie"; the report gives no date (reported)
    "prose_gorinchem_2017-06.txt": [
        ("prose", "Gorinchem", ["burgemeester Veldhuijzen"], (), [("Zuid-Korea", "KR", "country")], None),
    ],
}
# Real documents of a layout family that hold no trip: every appointment local, a visitor received at home.
WITHOUT_TRIPS = {"agenda_westerkwartier_2024-05.txt"}
UNDATED = {"prose_gorinchem_2017-06.txt", "news_en_people_2008_olympics.txt"}
# Several municipalities named once each, none the document's: each sentence's own is not read yet (an xfail in
# tests/test_readers_gaps.py).
NO_HOME = {"news_en_people_2008_olympics.txt"}
# The aside set until issue 19: the readers were tuned on it, so it is layout documents now, with its old checks.
FORMER_ASIDE = [
    "agenda_rotterdam_activiteitenkalender_2008-03.txt",
    "calendar_utrecht_2008_week18.txt",
    "prose_breda_2019-04.txt",
    "prose_breda_2019.txt",
    "prose_noardeast_fryslan_2025.txt",
    "prose_tytsjerksteradiel_2024-11.txt",
]
# "het college van B&W" travels as a whole: no official is named
NO_OFFICIAL = {
    "prose_tytsjerksteradiel_2024-11.txt",
    "decision_antwerpen_2014.txt",  # a service of the city organises the mission
    "questions_barneveld_2015-10.txt",  # the college, unnamed
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_layout_reads_its_real_document(name):
    assert [summary(trip) for trip in read(name).trips] == DOCUMENTS[name]


@pytest.mark.parametrize("name", sorted(WITHOUT_TRIPS))
def test_a_real_agenda_of_local_appointments_and_a_received_ambassador_has_no_trip(name):
    with pytest.raises(DocumentError, match="geen reizen gevonden"):
        read(name)


def test_an_undated_report_keeps_its_trip_and_says_so():
    parsed = read("prose_gorinchem_2017-06.txt")
    assert [(n.line, n.key) for n in parsed.notices] == [(3, "notice_no_period")]


def test_agenda_dates_take_the_year_of_the_title_and_local_appointments_are_no_trips():
    parsed = read("agenda_rotterdam_weekberichten_2025-09.txt")
    (trip,) = parsed.trips  # the speed dates and the Regiodag stay in Rotterdam
    assert (trip.start.isoformat(), trip.end.isoformat(), trip.title) == (
        "2025-09-15",
        "2025-09-17",
        "Ambtsreis Londen",
    )
    assert parsed.notices == []


def test_context_places_do_not_become_stops():
    # the trade office "(NBSO) Manchester", the "London International Shipping Week" and the deputy mayor "van Londen"
    places = [p.name for p in find_places(read("agenda_rotterdam_weekberichten_2025-09.txt").trips[0].description)]
    assert "Manchester" not in places and "London" not in places
    assert (
        find_places(
            "met wethouder Smit van Utrecht en een delegatie uit Kopenhagen; burgemeester Han Zheng van Shanghai"
        )
        == []
    )


def test_a_year_from_the_file_name_is_reported_as_a_guess():
    parsed = read("calendar_utrecht_2004_week21.txt")
    (trip,) = parsed.trips
    assert (trip.start.isoformat(), trip.end.isoformat()) == ("2004-05-16", "2004-05-19")
    assert [n.line for n in parsed.notices] == [trip.source.line]
    assert "bestandsnaam" in parsed.notices[0].message


def test_journalists_overview_reads_each_municipality_from_its_own_section():
    trips = read("prose_rtl_overzicht_2008.txt").trips
    assert {trip.layout for trip in trips} == {"prose"}
    assert [t.municipality for t in trips][:1] == ["Amsterdam"] and {t.municipality for t in trips} == {
        "Amsterdam",
        "Tilburg",
        "Maastricht",
        "Rotterdam",
    }
    cohen = [summary(t) for t in trips if [str(o) for o in t.officials] == ["burgemeester Cohen"]]
    assert cohen[:2] == [
        ("prose", "Amsterdam", ["burgemeester Cohen"], ("2006-05",), [("China", "CN", "country")], Costs(8250.0)),
        ("prose", "Amsterdam", ["burgemeester Cohen"], ("2006-06",), [("Suriname", "SR", "country")], Costs(3386.0)),
    ]
    # "Werkbezoeken aan Casablanca, Milaan, …": one published item, one trip with its stops (issue 19, item 1)
    aboutaleb = [[s.name for s in t.stops] for t in trips if [o.name for o in t.officials] == ["Aboutaleb"]]
    assert aboutaleb == [["Casablanca", "Milaan", "Washington", "New York", "Lissabon"]]
    cohen_more = [[s.name for s in t.stops] for t in trips if t.title == "Verder reizen naar Istanbul en Venetië"]
    assert cohen_more == [["Istanbul", "Venetië"]]
    # "Elf studiereizen … naar o.a. Chicago, Rome, Italië, Oostenrijk, Parijs, Wales, Wenen": a country named apart
    # in a list is a destination of its own, one beside its city ("Rome, Italië") only says where the city is
    line = next(t.source.line for t in trips if t.title.startswith("Elf studiereizen"))
    assert [(s.name, s.kind) for t in trips if t.source.line == line for s in t.stops] == [
        ("Chicago", "city"),
        ("Rome", "city"),
        ("Oostenrijk", "country"),
        ("Parijs", "city"),
        ("Wales", "country"),
        ("Wenen", "city"),
    ]
    # a country with its city in brackets is that city
    assert [s.name for s in trips[-1].stops] == ["Shanghai"] and trips[-1].municipality == "Rotterdam"


REGISTER = """Dienstreis wethouder Jansen naar Duitsland (Hamburg) van 3 tot en met 5 mei 2021
Reden en doel: deelname aan de Hamburg Port Conference
Kosten: € 845
Aantal ambtenaren: 1

Dienstreis burgemeester De Groot naar Denemarken, Aarhus van 12 – 13 juni 2022
Doel: kennisuitwisseling klimaatadaptatie, samen met wethouder Smit van Utrecht en een delegatie uit Kopenhagen
Kosten: € 1.120 (betaald door de gemeente)
"""


def test_register_headings_with_the_country_first_and_the_period_on_the_heading():
    parsed = parse_document(REGISTER, "register.txt", municipality="Almere")
    assert [summary(t) for t in parsed.trips] == [
        ("register", "Almere", ["wethouder Jansen"], ("2021-05",), [("Hamburg", "DE", "city")], Costs(845.0)),
        (
            "register",
            "Almere",
            ["burgemeester De Groot"],
            ("2022-06",),
            [("Aarhus", "DK", "city")],
            Costs(1120.0, "de gemeente"),
        ),
    ]
    assert parsed.trips[0].subtitle == "deelname aan de Hamburg Port Conference"
    assert parsed.notices == []


TABLE = """Reiskosten buitenland college 2023

Bestemming Doel Datum Kosten Betaald door
Wethouder De Vries:
Spanje, Bilbao Kennisbezoek havenontwikkeling 9 t/m 11 april € 1.250 gemeente
Italië Turijn Congres mobiliteit 3+4 juni € 980,50 gemeente
Wethouder Jansen:
Italië Turijn Congres mobiliteit 3+4 juni € 980,50 gemeente
Burgemeester Bakker:
Geen reizen
"""


def test_table_rows_grouped_by_official_with_dates_without_a_year():
    trips = parse_document(TABLE, "reiskosten_2023.txt", municipality="Zwolle").trips
    assert [summary(t) for t in trips] == [
        (
            "table",
            "Zwolle",
            ["wethouder De Vries"],
            ("2023-04",),
            [("Bilbao", "ES", "city")],
            Costs(1250.0, "gemeente"),
        ),
        # the same trip under two officials is one trip of both; "Geen reizen" is no trip
        (
            "table",
            "Zwolle",
            ["wethouder De Vries", "wethouder Jansen"],
            ("2023-06",),
            [("Turijn", "IT", "city")],
            Costs(980.5, "gemeente"),
        ),
    ]
    assert (trips[1].start.isoformat(), trips[1].end.isoformat()) == ("2023-06-03", "2023-06-04")


CELLS = """Overzicht buitenlandse reizen 2022

Wie
Waar
Wanneer
Kosten
Burgemeester Halsema
Barcelona, Spanje
14 - 16 november
€ 2.100
Wethouder Van Dantzig
Denemarken
3 oktober
€ 450
"""


def test_a_table_with_one_cell_per_line_and_a_country_only_destination():
    trips = parse_document(CELLS, "cellen.txt", municipality="Amsterdam").trips
    assert [summary(t) for t in trips] == [
        ("table", "Amsterdam", ["burgemeester Halsema"], ("2022-11",), [("Barcelona", "ES", "city")], Costs(2100.0)),
        (
            "table",
            "Amsterdam",
            ["wethouder Van Dantzig"],
            ("2022-10",),
            [("Denemarken", "DK", "country")],
            Costs(450.0),
        ),
    ]


def make_table_pdf(rows: list[list[str]]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.cell(0, 8, "Buitenlandse dienstreizen college 2024", new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(value)
    return bytes(pdf.output())


def test_pdf_tables_are_read_by_pdfplumber(tmp_path):
    rows = [
        ["Wie", "Bestemming", "Doel", "Datum", "Kosten", "Betaald door"],
        ["Wethouder Smit", "Lyon, Frankrijk", "Eurocities mobiliteit", "4 t/m 6 maart", "1.200", "gemeente"],
        ["Burgemeester Dijk", "Oostenrijk", "Netwerkbijeenkomst", "12 mei", "-", "organisatie"],
    ]
    data = make_table_pdf(rows)
    assert pdf_tables(data)[0][0] == rows[0]
    path = tmp_path / "dienstreizen_2024.pdf"
    path.write_bytes(data)
    parsed = read_document(path, default_geocoder(online=False))
    assert [summary(t) for t in parsed.trips] == [
        ("table", "", ["wethouder Smit"], ("2024-03",), [("Lyon", "FR", "city")], Costs(1200.0, "gemeente")),
        (
            "table",
            "",
            ["burgemeester Dijk"],
            ("2024-05",),
            [("Oostenrijk", "AT", "country")],
            Costs(None, "organisatie"),
        ),
    ]
    lyon, austria = (t.stops[0] for t in parsed.trips)
    assert lyon.source == "gazetteer" and austria.source == "country"  # the country at its centre, as a country
    assert 46 < austria.lat < 48 and 13 < austria.lon < 15


def test_a_country_only_destination_is_placed_as_the_country_never_as_a_city():
    parsed = read_document(LAYOUTS / "prose_rtl_overzicht_2008.txt", default_geocoder(online=False))
    suriname = next(s for t in parsed.trips for s in t.stops if s.name == "Suriname")
    assert (suriname.kind, suriname.source, suriname.country_code) == ("country", "country", "SR")
    for trip in parsed.trips:
        for stop in trip.stops:
            assert stop.country_code and stop.country_code != "NL"  # nothing drawn that is not a destination abroad


def test_text_without_trips_in_any_layout_is_refused():
    with pytest.raises(DocumentError, match="geen reizen gevonden"):
        parse_document("Wethouder De Vries opent de Lijnbaan.\nBurgemeester bezoekt Delfshaven.\n", "lokaal.txt")


def test_a_header_only_block_after_a_description_is_its_own_trip():
    text = (
        "Werkbezoek Oslo (Noorwegen)\nDoel: kennis delen\ndoor wethouder Kasmi\nJuni 2025\n"
        "Wethouder Kasmi bezoekt de haven.\nWerkbezoek Lyon (Frankrijk)\nDe wethouder spreekt over mobiliteit.\n"
    )
    parsed = parse_document(text, "blokken.txt")
    assert [trip.title for trip in parsed.trips] == ["Werkbezoek Oslo (Noorwegen)", "Werkbezoek Lyon (Frankrijk)"]
    assert parsed.trips[0].description == "Wethouder Kasmi bezoekt de haven."
    assert sorted(n.message.split(" (")[0] for n in parsed.notices if n.line == 6) == [
        "geen bewindspersoon gevonden",
        "geen periode gevonden",
    ]


def test_a_region_only_destination_is_kept_as_a_region(tmp_path):
    parsed = read_document(LAYOUTS / "prose_rtl_overzicht_2008.txt", default_geocoder(online=False))
    (california,) = [s for t in parsed.trips for s in t.stops if s.kind == "region"]
    assert (california.name, california.country_code, california.source) == ("Californië", "US", "region")
    assert 33 < california.lat < 38 and -122 < california.lon < -117  # where Californians live, not a city
    assert [p.kind for p in find_places("werkbezoek aan Houston, Texas")] == ["city"]


AGENDA = """Agenda college week 41 2024

Maandag 7 oktober
Opening fietsenstalling Stationsplein door wethouder De Boer.

Bezoek van de burgemeester aan Lissabon
Dinsdag 8 tot en met donderdag 10 oktober
De burgemeester bezoekt de Smart City Expo.

Ambtsreis Wenen
Vrijdag 11 oktober
Wethouder Bakker neemt deel aan het congres over sociale woningbouw.
"""

CALENDAR = """Kalender oktober 2024
12-14 Portugal Werkbezoek burgemeester Dijksma aan de havens
15 Raadsvergadering
21-23 Duitsland Werkbezoek wethouder Eerenberg, Hamburg en Berlijn
"""


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            AGENDA,
            [
                ("agenda", "Utrecht", ["de burgemeester"], ("2024-10",), [("Lissabon", "PT", "city")], None),
                ("agenda", "Utrecht", ["wethouder Bakker"], ("2024-10",), [("Wenen", "AT", "city")], None),
            ],
        ),
        (
            CALENDAR,
            [
                ("agenda", "Utrecht", ["burgemeester Dijksma"], ("2024-10",), [("Portugal", "PT", "country")], None),
                (
                    "agenda",
                    "Utrecht",
                    ["wethouder Eerenberg"],
                    ("2024-10",),
                    [("Hamburg", "DE", "city"), ("Berlijn", "DE", "city")],
                    None,
                ),
            ],
        ),
    ],
    ids=["agenda", "calendar"],
)
def test_agendas_keep_foreign_trips_among_local_appointments(text, expected):
    parsed = parse_document(text, "agenda.txt", municipality="Utrecht")
    assert [summary(t) for t in parsed.trips] == expected
    assert parsed.notices == []
    assert [t.start.day for t in parsed.trips] == ([8, 11] if text is AGENDA else [12, 21])


BULLETIN = """Collegebericht 12 september 2024

Het college van burgemeester en wethouders van Eindhoven deelt mee dat wethouder Jansen van 4 tot en met 9 oktober een bezoek brengt aan Seoul en Busan voor de Smart City World Expo. De kosten bedragen € 4.800 en worden betaald uit het budget internationale zaken.

Verder besloot het college de subsidie voor de wijkcentra te verlengen.

Burgemeester Dijkhoff neemt van 20 tot 22 november deel aan de conferentie van Eurocities in Duitsland (Braunschweig).
"""


def test_a_bulletin_names_its_municipality_and_the_college_is_no_traveller():
    parsed = parse_document(BULLETIN, "collegebericht.txt")
    assert [summary(t) for t in parsed.trips] == [
        (
            "prose",
            "Eindhoven",
            ["wethouder Jansen"],
            ("2024-10",),
            [("Seoul", "KR", "city"), ("Busan", "KR", "city")],
            Costs(4800.0, "het budget internationale zaken"),
        ),
        ("prose", "Eindhoven", ["burgemeester Dijkhoff"], ("2024-11",), [("Braunschweig", "DE", "city")], None),
    ]
    assert parsed.notices == []


@pytest.mark.parametrize(
    "path", sorted(p for p in LAYOUTS.glob("*.txt") if p.name not in WITHOUT_TRIPS), ids=lambda p: p.name
)
def test_the_command_line_reads_each_layout(path, capsys):
    import json

    from reisatlas.cli import main

    assert main(["parse", "--offline", str(path)]) == 0
    trips = json.loads(capsys.readouterr().out)
    assert trips and all(trip["layout"] and (trip["municipality"] or path.name in NO_HOME) for trip in trips)
    assert any(trip["officials"] for trip in trips) or path.name in NO_OFFICIAL
    assert any(trip["months"] for trip in trips) or path.name in UNDATED | NO_OFFICIAL
    assert all(trip["stops"] and all(stop["country_code"] != "NL" for stop in trip["stops"]) for trip in trips)
    if path.name in ("table_denhaag_2014.txt", "prose_rtl_overzicht_2008.txt"):
        assert any(trip["costs"] and trip["costs"]["amount"] for trip in trips)


@pytest.mark.parametrize("name", FORMER_ASIDE)
def test_former_aside_documents_yield_trips_with_every_gap_reported(name):
    import re

    path = LAYOUTS / name
    parsed = read_document(path, default_geocoder(online=False))
    lines = path.read_text(encoding="utf-8").split("\n")
    assert parsed.trips
    assert any(trip.officials for trip in parsed.trips) or name in NO_OFFICIAL
    reported = {(n.file, n.line) for n in parsed.notices}
    for trip in parsed.trips:
        assert 1 <= trip.source.line <= len(lines)
        assert all(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month) for month in trip.months)
        assert trip.layout and 0 < trip.confidence <= 1 and trip.stops
        for stop in trip.stops:
            assert stop.country_code and stop.country_code != "NL" and stop.kind in ("city", "country", "region")
        if not trip.officials or not trip.months or not all(s.resolved for s in trip.stops):
            assert (str(path), trip.source.line) in reported
