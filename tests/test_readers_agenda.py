"""The agenda reader's general rules, found missing on the former aside set (now in tests/documents/layouts) and tested here on
shapes of their own: a calendar row takes its day from the day heading above it, a table flattened to one line
per day is split back into rows, and a paragraph with its heading run in is an item of its own, so an item's
official comes from that item only."""

from __future__ import annotations

from datetime import date

import pytest

from reisatlas.parsing import parse_document
from reisatlas.readers.agenda import run_in_heading, table_rows

PIPES = """Openbare activiteiten college van B&W, week 20
Maandag 12 mei
|10.00 uur|Wethouder Jansen opent de nieuwe fietsenstalling.|
|14.00 uur|Burgemeester Dekker reist naar Wenen voor een werkbezoek aan de|
|         |stadsvernieuwing.|
Dinsdag 13 mei
|09.00 uur|Wethouder Smit bezoekt Brussel voor de Eurocities-conferentie.|
"""

FLATTENED = """Openbare activiteiten college van B&W, week 20
12 mei
|10.00 uur|Wethouder Jansen opent de nieuwe fietsenstalling.| | |Locatie: Stadhuis| |14.00 uur|Burgemeester Dekker reist naar Wenen voor een| | |werkbezoek aan de stadsvernieuwing.|
Dinsdag 13 mei
|09.00 uur|Wethouder Smit bezoekt Brussel voor de Eurocities-conferentie.| | |Locatie: Brussel|
"""

PLAIN = """Agenda college week 20
Maandag 12 mei
10.00 uur Wethouder Jansen opent de nieuwe fietsenstalling.
14.00 uur Burgemeester Dekker reist naar Wenen voor een werkbezoek aan de stadsvernieuwing.
Dinsdag 13 mei
09.00 uur Wethouder Smit bezoekt Brussel voor de Eurocities-conferentie.
16 - 18 mei Wethouder Smit neemt deel aan het congres in Lyon.
"""


@pytest.mark.parametrize("text", [PIPES, FLATTENED, PLAIN], ids=["pipes", "flattened", "plain"])
def test_a_calendar_row_takes_its_day_from_the_day_heading_above_it(text):
    parsed = parse_document(text, "kalender_2025.txt", municipality="Utrecht")
    got = [(t.officials[0].name, [s.name for s in t.stops], t.start, t.end) for t in parsed.trips]
    expected = [
        ("Dekker", ["Wenen"], date(2025, 5, 12), date(2025, 5, 12)),
        ("Smit", ["Brussel"], date(2025, 5, 13), date(2025, 5, 13)),
    ]
    if text is PLAIN:  # a row with its own days keeps them
        expected.append(("Smit", ["Lyon"], date(2025, 5, 16), date(2025, 5, 18)))
    assert got == expected
    assert all(t.layout == "agenda" and len(t.officials) == 1 for t in parsed.trips)


def test_a_day_heading_above_no_rows_lends_its_day_to_nothing():
    # "Maandag 15 september" under an item's heading is that item's own date line, not a day heading
    text = """Weekberichten 15 tot en met 21 september 2025
Ambtsreis Londen
Maandag 15 tot woensdag 17 september
Wethouder Simons reist af naar Londen voor de London International Shipping Week.
Werkbezoek Hamburg
Wethouder Kasmi brengt een werkbezoek aan Hamburg.
"""
    trips = parse_document(text, "weekberichten.txt", municipality="Rotterdam").trips
    assert [(t.title, t.start) for t in trips] == [
        ("Ambtsreis Londen", date(2025, 9, 15)),
        ("Werkbezoek Hamburg", None),
    ]


def test_a_table_flattened_into_one_line_is_split_back_into_its_rows():
    assert table_rows("|10.00 uur|Wethouder A| | |Locatie: B| |11.30 uur|C|") == [
        "|10.00 uur|Wethouder A|",
        "| |Locatie: B|",
        "|11.30 uur|C|",
    ]
    assert table_rows("|16 t/m 19 mei|Burgemeester … brengen van     |") == [
        "|16 t/m 19 mei|Burgemeester … brengen van     |"
    ]
    assert table_rows("|a|b|c| |d|e|f|") == ["|a|b|c|", "|d|e|f|"]


RUN_IN = """Activiteitenkalender B&W Leiden 3 t/m 9 maart 2008

Wethouder Bakker op werkbezoek in Lyon, Frankrijk Wethouder Anna Bakker (verkeer en vervoer) is van zondag 2 tot dinsdag 4 maart op werkbezoek in Lyon. Zij spreekt er over de tram van de stad en de kosten van het onderhoud van de sporen.

Wethouder Visser opent de nieuwe brug Wethouder Kees Visser (financiën en sport) opent maandag 3 maart om 8.30 uur de vernieuwde brug over de Oude Rijn, samen met de bewoners van de wijk.

Burgemeester Lenferink naar Oxford Burgemeester Henri Lenferink brengt van 6 tot 8 maart een bezoek aan de Engelse zusterstad Oxford, samen met een delegatie van de universiteit.
"""


def test_a_paragraph_with_its_heading_run_in_is_its_own_item():
    trips = parse_document(RUN_IN, "kalender.txt").trips
    assert [(t.title, [str(o) for o in t.officials], [s.name for s in t.stops], t.start, t.end) for t in trips] == [
        (
            "Wethouder Bakker op werkbezoek in Lyon, Frankrijk",
            ["wethouder Bakker"],
            ["Lyon"],
            date(2008, 3, 2),
            date(2008, 3, 4),
        ),
        (
            "Burgemeester Lenferink naar Oxford",
            ["burgemeester Lenferink"],
            ["Oxford"],
            date(2008, 3, 6),
            date(2008, 3, 8),
        ),
    ]
    assert {t.municipality for t in trips} == {"Leiden"}


def test_a_long_title_is_cut_at_a_word():
    title = run_in_heading("Het college " + "bespreekt de stand van zaken " * 8)
    assert len(title) <= 102 and title.endswith(" …")


BULLETS = """Weekoverzicht 12 t/m 18 mei 2025
In onderstaand weekoverzicht vindt u de activiteiten van de collegeleden.
Maandag 12 mei
- Burgemeester Dekker opent het nieuwe zwembad in Leek
- Burgemeester Dekker ontvangt de ambassadeur van Nederland in Canada
Dinsdag 13 mei
- Wethouder Smit neemt deel aan de conferentie van Eurocities in Brussel
"""


def test_bullets_under_day_headings_are_rows_and_a_received_visitor_is_no_trip():
    trips = parse_document(BULLETS, "weekoverzicht.txt", municipality="Westerkwartier").trips
    assert [(str(t.officials[0]), [s.name for s in t.stops], t.start) for t in trips] == [
        ("wethouder Smit", ["Brussel"], date(2025, 5, 13)),
    ]
