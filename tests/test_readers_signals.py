"""General rules the new real documents showed (tests/documents/layouts/prose_gorinchem_2017-06.txt and
agenda_westerkwartier_2024-05.txt), on text of their own: where an embassy is, the home country, an acronym and
a received visitor are no destinations; a later paragraph about "de handelsmissie" names its official."""

from __future__ import annotations

from pathlib import Path

import pytest

from reisatlas.parsing import parse_document
from reisatlas.readers.signals import find_places


@pytest.mark.parametrize(
    "text, expected",
    [
        ("De Nederlandse ambassade in Japan steunt de missie naar Osaka.", [("Osaka", "JP")]),
        ("met de ambassadeur van Nederland in Canada, daarna naar Toronto", [("Toronto", "CA")]),
        ("De Koreaanse ambassade in Nederland nodigde de wethouder uit.", []),
        ("Damen Shipyards, KLM en Van Oord gaan mee naar Chili.", [("Chili", "CL")]),
    ],
)
def test_no_embassy_home_country_or_acronym_becomes_a_destination(text, expected):
    assert [(p.name, p.country_code) for p in find_places(text)] == expected


ARTICLE = """Delegatie naar Vietnam

HENGELO – Een groep bedrijven gaat samen met de gemeente Hengelo op handelsmissie naar Vietnam.

De rol van wethouder Gerrit Jansen is voor de handelsmissie belangrijk; hij opent er een congres.

Later dit jaar bespreekt wethouder Bakker de begroting met de raad.
"""


def test_a_later_paragraph_about_the_same_trip_names_its_official():
    parsed = parse_document(ARTICLE, "artikel.txt")
    assert [([str(o) for o in t.officials], [s.name for s in t.stops]) for t in parsed.trips] == [
        (["wethouder Jansen"], ["Vietnam"])
    ]
    assert [n.key for n in parsed.notices] == ["notice_no_period"]  # the official is no longer missing


def test_a_paragraph_about_something_else_lends_no_official():
    text = ARTICLE.replace(
        "De rol van wethouder Gerrit Jansen is voor de handelsmissie belangrijk; hij opent er een congres.\n\n", ""
    )
    parsed = parse_document(text, "artikel.txt")
    assert [t.officials for t in parsed.trips] == [()]
    assert sorted(n.key for n in parsed.notices) == ["notice_no_official", "notice_no_period"]


def test_a_trip_told_twice_in_one_news_report_is_one_trip_with_its_details_merged():
    """Issue 19, item 1, on a real report (tests/documents/layouts/prose_denhaag_2018-10.txt): the lead names the
    official and the month, a later paragraph the same destination again; one trip."""
    from reisatlas.parsing import parse_document

    path = Path(__file__).resolve().parent / "documents" / "layouts" / "prose_denhaag_2018-10.txt"
    trips = parse_document(path.read_text(encoding="utf-8"), str(path)).trips
    china = [t for t in trips if any(s.name == "China" for s in t.stops)]
    assert [([str(o) for o in t.officials], t.months) for t in china] == [(["wethouder de Mos"], ("2018-12",))]
    assert "United Vansen" in china[0].description


@pytest.mark.parametrize(
    "text, expected",
    [
        # issue 19, item 10: a country and then its city keeps the city
        (
            "Wethouder Prins maakt in april een studiereis naar Denemarken. Zij bezoekt er warmtebedrijven in "
            "Kopenhagen en Aarhus.",
            [("Kopenhagen", "city"), ("Aarhus", "city")],
        ),
        ("Werkbezoek aan Denemarken, met een bezoek aan het stadhuis van Kopenhagen", [("Kopenhagen", "city")]),
        # a list of destinations keeps a country of its own, and a home stays a home
        (
            "naar o.a. Chicago, Rome, Italië, Oostenrijk, Parijs, Wales, Wenen",
            [("Chicago", "city"), ("Rome", "city"), ("Oostenrijk", "country"), ("Parijs", "city")]
            + [("Wales", "country"), ("Wenen", "city")],
        ),
        ("de burgemeester van Shanghai ontvangt bezoek uit Kopenhagen in Utrecht", []),
    ],
)
def test_a_country_and_then_its_city_keeps_the_city(text, expected):
    assert [(p.name, p.kind) for p in find_places(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        # issue 19, item 9: a surname that is also a place is a person after a role or in a list of names
        "Handelsmissie naar China met wethouders Kool en De Mos",
        "Naar Shanghai reizen burgemeester Krikke, wethouder Revis en De Mos.",
        "Handelsmissie naar China door wethouders Bredemeijer, De Mos en Revis",
        # a speaker, in the real Den Haag report (tests/documents/layouts/prose_denhaag_2018-10.txt)
        "Volgens Bos is het geen probleem dat een wethouder naar het buitenland gaat om de belangen van de stad te "
        "behartigen. Bos: “Maar als je daar zelf te pas en te onpas kritiek op hebt gehad dan moet je dat rechtzetten.”",
    ],
)
def test_people_are_not_places(text):
    assert [p.name for p in find_places(text)] in (["China"], ["Shanghai"], [])


def test_costs_of_a_trip_told_in_the_next_paragraph_are_its_costs():
    """Issue 19, item 7, on the real Barneveld questions (tests/documents/layouts/questions_barneveld_2015-10.txt):
    "de begrote kosten voor deze missie zijn voorzien op € 22.000" is a paragraph of its own."""
    path = Path(__file__).resolve().parent / "documents" / "layouts" / "questions_barneveld_2015-10.txt"
    (trip,) = parse_document(path.read_text(encoding="utf-8"), str(path)).trips
    assert trip.costs.amount == 22000.0


def test_a_total_over_several_trips_is_no_trip_of_its_own():
    """Issue 19, item 7, on the real Breda report (tests/documents/layouts/prose_breda_2019.txt): "de twee reizen
    naar China: die kostten samen 41.700 euro" sums the two Yangzhou trips told below it."""
    path = Path(__file__).resolve().parent / "documents" / "layouts" / "prose_breda_2019.txt"
    trips = parse_document(path.read_text(encoding="utf-8"), str(path)).trips
    assert [(t.months, [s.name for s in t.stops], t.costs.amount if t.costs else None) for t in trips] == [
        (("2019-03",), ["Yangzhou"], 26700.0),
        (("2019-11",), ["Yangzhou"], 15000.0),
        ((), ["Gdansk", "Wroclaw", "Warschau"], 5500.0),
    ]


@pytest.mark.parametrize(
    "text, amount",
    [
        ("Werkbezoek wethouder Jansen aan Lissabon (Portugal) in mei 2023. Voorgestelde uitgaven € 1.300,00.", 1300.0),
        ("Burgemeester De Groot reisde in juni 2022 naar Hamburg. Die reis kostte de stad 5.000 euro.", 5000.0),
        (
            "In maart 2019 gingen wethouders Smit en Pauw naar Yangzhou in China. De reis kostte bijna 21.000 euro.",
            21000.0,
        ),
    ],
)
def test_costs_written_in_prose(text, amount):
    (trip,) = parse_document(text, "bericht.txt").trips
    assert trip.costs.amount == amount
