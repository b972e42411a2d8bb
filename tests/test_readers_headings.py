"""Headings that carry (issue 19): a header naming several countries, a region in Rotterdam's layout, register
heading variants, groups and years of a table's title, and years taken from the right place. Faithful small
examples of the layouts the issue quotes, and real excerpts in tests/documents/layouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reisatlas.atlas import read_document
from reisatlas.geocoding import default_geocoder
from reisatlas.parsing import parse_document

LAYOUTS = Path(__file__).resolve().parent / "documents" / "layouts"


@pytest.fixture(scope="module")
def geocoder():
    return default_geocoder(online=False)


def stops(parsed):
    return [[(s.name, s.country, s.country_code, s.kind) for s in trip.stops] for trip in parsed.trips]


def test_a_header_naming_several_countries_places_each_city_in_one_of_them(tmp_path, geocoder):
    path = tmp_path / "overzicht.txt"
    path.write_text(
        "Werkbezoek Hamburg, Kopenhagen en Malmö (Duitsland, Denemarken, Zweden)\n"
        "Kennisuitwisseling over havens en energie\n"
        "door wethouder Simons\n"
        "Juni 2025\n"
        "Wethouder Simons bezoekt drie havensteden.\n",
        encoding="utf-8",
    )
    parsed = read_document(path, geocoder)
    assert stops(parsed) == [
        [
            ("Hamburg", "Duitsland", "DE", "city"),
            ("Kopenhagen", "Denemarken", "DK", "city"),
            ("Malmö", "Zweden", "SE", "city"),
        ]
    ]
    assert all(s.resolved for s in parsed.trips[0].stops)
    assert not [n for n in parsed.notices if n.key == "notice_unknown_country"]


def test_a_region_in_rotterdams_layout_is_a_region(tmp_path, geocoder):
    path = tmp_path / "overzicht.txt"
    path.write_text(
        "Werkbezoek Beieren (Duitsland)\nEnergietransitie\ndoor wethouder Simons\nMei 2025\nBezoek aan München.\n\n"
        "Werkbezoek Ontario (Canada)\nHavens\ndoor burgemeester Schouten\nOktober 2025\nBezoek aan Toronto.\n",
        encoding="utf-8",
    )
    parsed = read_document(path, geocoder)
    assert stops(parsed) == [[("Beieren", "Duitsland", "DE", "region")], [("Ontario", "Canada", "CA", "region")]]
    assert [s.source for t in parsed.trips for s in t.stops] == ["region", "region"]


@pytest.mark.parametrize("country", ["VS", "UK", "Verenigde Staten"])
def test_geocode_takes_a_country_alias_of_two_letters_as_a_name(country, capsys):
    from reisatlas.cli import main

    place = "New York" if country != "UK" else "Manchester"
    assert main(["geocode", "--offline", place, "--country", country]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["country_code"] == ("GB" if country == "UK" else "US") and found["lat"] is not None


def test_geocode_can_check_a_region(capsys):
    from reisatlas.cli import main

    assert main(["geocode", "--offline", "Beieren", "--country", "Duitsland"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["source"], round(found["lat"]), round(found["lon"])) == ("region", 49, 11)


def table_pdf(title: str, rows: list[list[str]]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(value)
    return bytes(pdf.output())


def test_a_tables_groups_carry_to_every_row_below_and_its_title_gives_the_year(tmp_path, geocoder):
    """ "Wethouder X:" as a row of its own, and a "who" cell left empty under the first row of a person (a merged
    cell): every row below belongs to that official until the next. Rows giving "2 t/m 6 maart" take the year of
    the title ("Overzicht 2016"); two rows to the same city in different months are two trips."""
    rows = [
        ["Wie", "Bestemming", "Doel", "Datum", "Kosten"],
        ["Wethouder Smit:", "", "", "", ""],
        ["", "Barcelona, Spanje", "Smart City Expo", "2 t/m 6 maart", "1.200"],
        ["", "Berlijn, Duitsland", "Eurocities", "10 t/m 12 mei", "800"],
        ["", "Barcelona, Spanje", "Smart City Expo, vervolg", "15 t/m 17 november", "900"],
        ["Burgemeester Dijk", "Lyon, Frankrijk", "Mobiliteit", "4 april", "600"],
        ["", "Wenen, Oostenrijk", "Wonen", "8 juni", "700"],
    ]
    path = tmp_path / "dienstreizen.pdf"
    path.write_bytes(table_pdf("Overzicht 2016", rows))
    parsed = read_document(path, geocoder)
    assert [([str(o) for o in t.officials], t.months, [s.name for s in t.stops]) for t in parsed.trips] == [
        (["wethouder Smit"], ("2016-03",), ["Barcelona"]),
        (["wethouder Smit"], ("2016-05",), ["Berlijn"]),
        (["wethouder Smit"], ("2016-11",), ["Barcelona"]),
        (["burgemeester Dijk"], ("2016-04",), ["Lyon"]),
        (["burgemeester Dijk"], ("2016-06",), ["Wenen"]),
    ]


REGISTER_VARIANTS = """Dienstreis van burgemeester Bruls naar Münster (Duitsland)
14 maart 2022
Doel: overleg over de Euregio

Buitenlandse dienstreis wethouder De Jong naar Frankrijk (Lyon) van 6 tot en met 9 oktober 2019
Doel: Eurocities-conferentie over mobiliteit
Kosten: € 1.450

Verslag buitenlandse dienstreis van burgemeester Meijer naar Denemarken, Aarhus van 28 – 29 september 2023
Doel: kennisuitwisseling over klimaatadaptatie
"""


def test_register_heading_variants_are_the_same_kind_of_entry():
    parsed = parse_document(REGISTER_VARIANTS, "register.txt")
    assert [
        (t.layout, [str(o) for o in t.officials], t.months, [(s.name, s.country_code) for s in t.stops])
        for t in parsed.trips
    ] == [
        ("register", ["burgemeester Bruls"], ("2022-03",), [("Münster", "DE")]),
        ("register", ["wethouder De Jong"], ("2019-10",), [("Lyon", "FR")]),
        ("register", ["burgemeester Meijer"], ("2023-09",), [("Aarhus", "DK")]),
    ]


def test_a_year_is_never_taken_from_an_unrelated_sentence_and_a_guessed_year_is_reported(geocoder):
    """The real Zuidplas report (tests/documents/layouts/prose_zuidplas_bueckeburg.txt) gives the visit as
    "van donderdag 16 juli tot en met zaterdag 18 juli" and mentions "het 45-jarig bestaan … in 2019" in another
    paragraph: the visit is not in 2019. Thursday 16 July next to 2019 is 2020 (the corona year the report names):
    a guess, and said to be one."""
    parsed = read_document(LAYOUTS / "prose_zuidplas_bueckeburg.txt", geocoder)
    (trip,) = parsed.trips
    assert (trip.start.isoformat(), trip.end.isoformat()) == ("2020-07-16", "2020-07-18")
    guesses = [n for n in parsed.notices if n.key == "notice_year_guessed"]
    assert [(n.line, "2020" in n.message) for n in guesses] == [(trip.source.line, True)]


def test_the_text_s_own_date_line_gives_the_year_before_the_file_name():
    text = (
        "woensdag, 17. juni 2009 - 14:31\n\nStadsbestuur bezoekt zusterstad\n\n"
        "Burgemeester Jansen gaat van 15 tot en met 18 oktober op werkbezoek naar Keulen in Duitsland.\n"
    )
    parsed = parse_document(text, "bericht_2011.txt")
    assert [t.months for t in parsed.trips] == [("2009-10",)]
    assert [n.key for n in parsed.notices if n.key.startswith("notice_year")] == ["notice_year_guessed"]
    assert "bestandsnaam" not in " ".join(n.message for n in parsed.notices)


def test_a_decisions_dates_are_not_the_trips_and_the_mission_told_three_times_is_one_trip(geocoder):
    """The real Antwerp decision (tests/documents/layouts/decision_antwerpen_2014.txt): the college approved the
    mission "op 21 februari 2014" and the travel agent "in de zitting van 23 mei 2014"; the mission itself is "van
    11 tot en met 18 oktober 2014". One trip, in October, to Shanghai and Singapore, both on the map."""
    parsed = read_document(LAYOUTS / "decision_antwerpen_2014.txt", geocoder)
    assert [(t.municipality, t.months, [(s.name, s.resolved) for s in t.stops]) for t in parsed.trips] == [
        ("Antwerpen", ("2014-10",), [("Shanghai", True), ("Singapore", True)])
    ]


def test_a_country_without_an_outline_is_placed_at_its_capital():
    from reisatlas.geocoding.areas import country_centre

    singapore = country_centre("SG")
    assert (round(singapore.lat), round(singapore.lon), singapore.source) == (1, 104, "country")


def test_several_countries_in_brackets_say_where_the_cities_are_in_any_layout():
    from reisatlas.readers.signals import find_places

    text = "Dienstreis wethouder Simons naar Hamburg, Kopenhagen en Malmö (Duitsland, Denemarken en Zweden)"
    assert [(p.name, p.country_code) for p in find_places(text)] == [
        ("Hamburg", "DE"),
        ("Kopenhagen", "DK"),
        ("Malmö", "SE"),
    ]
