"""Text in English (issue 19, item 11, a stretch): some municipalities publish English news. The same readers and
vocabulary read it: English role words (data/vocabulary.toml's "en") in an English text, English trip words,
months, countries and amounts. Faithful small examples in the style of such news."""

from __future__ import annotations

from reisatlas.model import Costs
from reisatlas.parsing import parse_document
from reisatlas.readers.costs import parse_amount
from reisatlas.readers.signals import find_officials

NEWS = """Mayor leads trade mission to Munich

Eindhoven - Mayor John Jorritsma and alderman Stijn Steenbakkers will travel to Munich from 4 to 6 October 2023
for the Expo Real real estate fair. The trip costs the municipality of Eindhoven €4,500.

Alderman Marcel Oosterveer visited Kigali in Rwanda in March 2020 with a delegation of the VNG.
"""


def test_english_news_is_read_with_the_same_readers():
    parsed = parse_document(NEWS, "news.txt")
    assert [
        (t.municipality, [str(o) for o in t.officials], t.months, [(s.name, s.country_code) for s in t.stops], t.costs)
        for t in parsed.trips
    ] == [
        (
            "Eindhoven",
            ["burgemeester Jorritsma", "wethouder Steenbakkers"],
            ("2023-10",),
            [("Munich", "DE")],
            Costs(4500.0),
        ),
        ("Eindhoven", ["wethouder Oosterveer"], ("2020-03",), [("Kigali", "RW")], None),
    ]


def test_english_roles_are_read_only_in_english_text():
    assert find_officials("De burgemeester nam deel aan de Sister City Mayors Conference in Hangzhou.") == ()
    assert [str(o) for o in find_officials("The mayors Smith and Jones went to Lyon.")] == [
        "burgemeester Smith",
        "burgemeester Jones",
    ]


def test_english_amounts():
    assert (parse_amount("4,500"), parse_amount("1,234,567"), parse_amount("4,50"), parse_amount("1.300,00")) == (
        4500.0,
        1234567.0,
        4.5,
        1300.0,
    )
