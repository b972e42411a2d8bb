"""The parser on small documents, one per variant the overviews are written in.

Every document here is written for this file; none is copied from a published overview. Each case
states what the parser must read from it, and ``assert_clean`` checks that no extraction artefact
(page footers, hyphens, stray spaces, blank lines) leaks into a trip's fields.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from test_periods import OVERVIEW_FORMS

from reisatlas.errors import DocumentError
from reisatlas.parsing import parse_document

FILE = "overzicht.txt"


def block(
    header: str = "Werkbezoek Oslo (Noorwegen)",
    subtitle: str | None = "Kennisuitwisseling walstroom",
    officials: str | None = "door wethouder Simons",
    period: str | None = "Juni 2025",
    description: str = "De wethouder bezoekt de haven van Oslo.",
) -> str:
    lines = [header, subtitle, officials, period, description]
    return "\n".join(line for line in lines if line is not None) + "\n"


def parse(text: str):
    return parse_document(text, FILE)


def only_trip(text: str):
    parsed = parse(text)
    assert len(parsed.trips) == 1, [t.title for t in parsed.trips]
    return parsed.trips[0]


def header_line(text: str, title: str) -> int:
    """The 1-based line of the document that holds the header ``title``."""
    numbers = [n for n, line in enumerate(text.split("\n"), start=1) if line.strip() == title]
    assert len(numbers) == 1, (title, numbers)
    return numbers[0]


def assert_clean(trip) -> None:
    """No footer, stray whitespace or line break outside paragraph breaks in any text field."""
    fields = [trip.title, trip.subtitle, *(str(o) for o in trip.officials), *(s.name for s in trip.stops)]
    for text in fields:
        assert "\n" not in text, text
        assert not re.search(r"pagina|  |^\s|\s$", text, re.IGNORECASE), repr(text)
    for paragraph in trip.description.split("\n\n"):
        assert paragraph, repr(trip.description)
        assert "\n" not in paragraph, repr(trip.description)
        assert not re.search(r"pagina \d|  |^\s|\s$|-$", paragraph, re.IGNORECASE), repr(paragraph)


# --- one variant per case -------------------------------------------------------------------------

KINDS = ["Werkbezoek", "Werkbezoek en handelsmissie", "Handelsmissie", "Dienstreis", "Deelname"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_header_starts_a_trip(kind):
    text = block(header=f"{kind} Kaapstad (Zuid-Afrika)")
    trip = only_trip(text)
    assert trip.kind == kind
    assert trip.title == f"{kind} Kaapstad (Zuid-Afrika)"
    assert [(s.name, s.country, s.country_code) for s in trip.stops] == [("Kaapstad", "Zuid-Afrika", "ZA")]
    assert trip.subtitle == "Kennisuitwisseling walstroom"
    assert_clean(trip)


@pytest.mark.parametrize(
    "header, stops",
    [
        (
            "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)",
            [("Malmö", "SE"), ("Botkyrka", "SE"), ("Stockholm", "SE")],
        ),
        ("Werkbezoek Kaapstad (Zuid-Afrika) en Windhoek (Namibië)", [("Kaapstad", "ZA"), ("Windhoek", "NA")]),
        (
            "Werkbezoek Lyon (Frankrijk), Turijn (Italië) en Genève (Zwitserland)",
            [("Lyon", "FR"), ("Turijn", "IT"), ("Genève", "CH")],
        ),
        ("Werkbezoek Tokio, Osaka en Kobe (Japan)", [("Tokio", "JP"), ("Osaka", "JP"), ("Kobe", "JP")]),
        ("Werkbezoek Manchester (Verenigd Koninkrijk)", [("Manchester", "GB")]),
        ("Deelname U20 Mayors Summit in Johannesburg (Zuid-Afrika)", [("Johannesburg", "ZA")]),
        ("Werkbezoek aan Boston en New York (Verenigde Staten)", [("Boston", "US"), ("New York", "US")]),
    ],
    ids=["country-once", "country-per-place", "three-countries", "japan", "two-word-country", "event-in-place", "aan"],
)
def test_places_and_countries(header, stops):
    trip = only_trip(block(header=header))
    assert [(s.name, s.country_code) for s in trip.stops] == stops
    assert trip.title == header


@pytest.mark.parametrize(
    "country, code",
    [
        ("Verenigde Staten", "US"),
        ("VS", "US"),
        ("United States", "US"),
        ("Verenigd Koninkrijk", "GB"),
        ("Engeland", "GB"),
        ("UK", "GB"),
        ("Zuid-Korea", "KR"),
        ("Tsjechië", "CZ"),
        ("Oekraïne", "UA"),
        ("Bosnië en Herzegovina", "BA"),
        ("Bosnië-Herzegovina", "BA"),
        ("Verenigde Arabische Emiraten", "AE"),
        ("VAE", "AE"),
        ("Hongkong", "HK"),
        ("Curaçao", "CW"),
        ("Suriname", "SR"),
        ("Noord-Macedonië", "MK"),
        ("Wit-Rusland", "BY"),
        ("Myanmar", "MM"),
        ("Bonaire", "BQ"),
        ("Zuid Afrika", "ZA"),
        ("zweden", "SE"),
        ("IJsland", "IS"),
        ("Nieuw-Zeeland", "NZ"),
    ],
)
def test_country_names_as_documents_write_them(country, code):
    trip = only_trip(block(header=f"Werkbezoek Hoofdstad ({country})"))
    assert [(s.country, s.country_code) for s in trip.stops] == [(country, code)]


@pytest.mark.parametrize(
    "line, officials",
    [
        ("door wethouder Kasmi", [("wethouder", "Kasmi")]),
        ("door burgemeester Schouten en wethouder Simons", [("burgemeester", "Schouten"), ("wethouder", "Simons")]),
        ("door wethouders Kasmi en De Jong", [("wethouder", "Kasmi"), ("wethouder", "De Jong")]),
        (
            "door wethouders Kasmi, Simons en Achbar",
            [("wethouder", "Kasmi"), ("wethouder", "Simons"), ("wethouder", "Achbar")],
        ),
        (
            "door burgemeester Schouten, wethouders Zeegers en Kasmi",
            [("burgemeester", "Schouten"), ("wethouder", "Zeegers"), ("wethouder", "Kasmi")],
        ),
        ("Door wethouder Zeegers", [("wethouder", "Zeegers")]),
        ("door Aboutaleb", [("", "Aboutaleb")]),
        ("door de burgemeester", [("", "de burgemeester")]),
    ],
    ids=["one", "two-roles", "plural-role", "plural-three", "mixed", "capital-door", "no-role", "no-name"],
)
def test_officials(line, officials):
    trip = only_trip(block(officials=line))
    assert [(o.role, o.name) for o in trip.officials] == officials
    assert trip.description == "De wethouder bezoekt de haven van Oslo."


def test_officials_line_wrapped_over_several_lines():
    trip = only_trip(block(officials="door burgemeester Schouten,\nwethouders Kasmi,\nSimons en\nZeegers"))
    assert [o.name for o in trip.officials] == ["Schouten", "Kasmi", "Simons", "Zeegers"]
    assert list(trip.months) == ["2025-06"] and trip.description == "De wethouder bezoekt de haven van Oslo."


def test_officials_line_wrapped_after_en():
    trip = only_trip(block(officials="door burgemeester Schouten en\nwethouder Simons"))
    assert [(o.role, o.name) for o in trip.officials] == [("burgemeester", "Schouten"), ("wethouder", "Simons")]
    assert trip.description == "De wethouder bezoekt de haven van Oslo."


@pytest.mark.parametrize("period, months, start, end", OVERVIEW_FORMS)
def test_periods(period, months, start, end):
    trip = only_trip(block(period=period))
    assert list(trip.months) == months
    assert (trip.start, trip.end) == (start, end)
    assert period not in trip.description and trip.description == "De wethouder bezoekt de haven van Oslo."


def test_period_before_officials():
    text = "Werkbezoek Oslo (Noorwegen)\nKennisuitwisseling walstroom\nSeptember 2025\ndoor wethouder Simons\nTekst.\n"
    trip = only_trip(text)
    assert list(trip.months) == ["2025-09"] and [o.name for o in trip.officials] == ["Simons"]
    assert trip.description == "Tekst."


def test_subtitle_wrapped_over_two_lines():
    text = block(subtitle="Kennisuitwisseling over walstroom en de\nverduurzaming van de maritieme sector")
    trip = only_trip(text)
    assert trip.subtitle == "Kennisuitwisseling over walstroom en de verduurzaming van de maritieme sector"
    assert trip.description == "De wethouder bezoekt de haven van Oslo."


def test_block_without_subtitle():
    trip = only_trip(block(subtitle=None))
    assert trip.subtitle == "" and [o.name for o in trip.officials] == ["Simons"]
    assert list(trip.months) == ["2025-06"]


# --- a document around the blocks ------------------------------------------------------------------

TITLE = "Overzicht geplande buitenlandse werkbezoeken\nCollege van burgemeester en wethouders, juni tot en met september 2025\n\n"


def test_document_title_above_the_first_trip_is_no_part_of_it():
    text = TITLE + block() + "\n" + block(header="Werkbezoek Kobe (Japan)", officials="door burgemeester Schouten")
    parsed = parse(text)
    assert [t.title for t in parsed.trips] == ["Werkbezoek Oslo (Noorwegen)", "Werkbezoek Kobe (Japan)"]
    for trip in parsed.trips:
        assert_clean(trip)
        assert "Overzicht" not in trip.description and "College" not in trip.subtitle
        assert trip.source.line == header_line(text, trip.title)
    assert parsed.trips[0].subtitle == "Kennisuitwisseling walstroom"
    assert parsed.notices == []


def test_text_without_trips_is_an_error_naming_the_file():
    with pytest.raises(DocumentError, match=re.escape(FILE)):
        parse(TITLE + "Er staan deze periode geen werkbezoeken gepland.\n")


# --- extraction artefacts: the same trips as the clean text ----------------------------------------

REFERENCE = (
    TITLE
    + """\
Werkbezoek en handelsmissie Oslo (Noorwegen)
Handelsbevordering en kennisdeling maritieme innovaties
door wethouder Simons
Juni 2025
In juni is wethouder Simons van plan om met een handelsdelegatie naar de maritieme
beurs in Oslo te reizen. NMT-IRO, de brancheorganisatie voor de maritieme maakindustrie en offshore
energie-industrie, organiseert het Nederlandse paviljoen.

Daarnaast staat een bezoek aan de haven van Oslo op het programma.

Werkbezoek Kaapstad (Zuid-Afrika) en Windhoek (Namibië)
Kennisuitwisseling klimaatadaptatie
door burgemeester Schouten en wethouder Kasmi
3 tot en met 7 november 2025
De burgemeester en de wethouder bezoeken Kaapstad en Windhoek om kennis te delen over de
aanpak van droogte en wateroverlast.
"""
)


def trip_fields(trip) -> dict:
    fields = trip.to_dict()
    del fields["source"]
    return fields


def double_spaced(text: str) -> str:
    """A blank line after every line, as PDF extraction often gives."""
    return "\n".join(line + "\n" for line in text.split("\n"))


def trailing_spaces(text: str) -> str:
    return "\n".join(line + ("  " if i % 2 else " ") if line else line for i, line in enumerate(text.split("\n")))


def space_only_lines(text: str) -> str:
    """Blank lines that hold a space, and a space-only line between every header field."""
    text = text.replace("\n\n", "\n \n")
    return text.replace("Juni 2025\n", "Juni 2025\n \n").replace(
        "door wethouder Simons\n", "door wethouder Simons\n \n"
    )


def footers(text: str) -> str:
    """'Pagina n van 3' between the blocks, inside the header fields and inside a paragraph."""
    text = text.replace("door wethouder Simons\n", "door wethouder Simons\nPagina 1 van 3\n")
    text = text.replace("naar de maritieme\n", "naar de maritieme\n   Pagina 2 van 3  \n")
    return text.replace("\nWerkbezoek Kaapstad", "Pagina 2 van 3\n\nWerkbezoek Kaapstad")


def rewrapped(text: str) -> str:
    """The descriptions wrapped at another width, with hyphenation at line ends."""
    text = text.replace("brancheorganisatie voor", "branche-\norganisatie voor")
    text = text.replace("maritieme\nbeurs in Oslo te reizen.", "maritieme beurs in\nOslo te reizen.")
    text = text.replace("offshore\nenergie-industrie", "offshore energie-\nindustrie")
    return text.replace("wateroverlast.", "waterover-\nlast.")


def half_double_spaced(text: str) -> str:
    """A blank after every line in the first block only: extraction differs from page to page."""
    first, rest = text.split("\nWerkbezoek Kaapstad", 1)
    return double_spaced(first) + "\nWerkbezoek Kaapstad" + rest


def half_double_spaced_the_other_way(text: str) -> str:
    first, rest = text.split("\nWerkbezoek Kaapstad", 1)
    return first + "\n" + double_spaced("Werkbezoek Kaapstad" + rest)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def everything(text: str) -> str:
    return double_spaced(footers(trailing_spaces(rewrapped(text))))


ARTEFACTS = [
    double_spaced,
    trailing_spaces,
    space_only_lines,
    footers,
    rewrapped,
    everything,
    half_double_spaced,
    half_double_spaced_the_other_way,
]


@pytest.fixture(scope="module")
def reference():
    parsed = parse(REFERENCE)
    assert len(parsed.trips) == 2 and parsed.notices == []
    return parsed


def test_reference_document(reference):
    oslo, kaapstad = reference.trips
    assert oslo.kind == "Werkbezoek en handelsmissie"
    assert oslo.description == (
        "In juni is wethouder Simons van plan om met een handelsdelegatie naar de maritieme beurs in Oslo te "
        "reizen. NMT-IRO, de brancheorganisatie voor de maritieme maakindustrie en offshore energie-industrie, "
        "organiseert het Nederlandse paviljoen.\n\nDaarnaast staat een bezoek aan de haven van Oslo op het programma."
    )
    assert [(o.role, o.name) for o in kaapstad.officials] == [("burgemeester", "Schouten"), ("wethouder", "Kasmi")]
    assert (kaapstad.start, kaapstad.end) == (date(2025, 11, 3), date(2025, 11, 7))
    assert [s.country_code for s in kaapstad.stops] == ["ZA", "NA"]


@pytest.mark.parametrize("artefact", ARTEFACTS, ids=lambda f: f.__name__)
def test_artefacts_change_nothing(artefact, reference):
    text = artefact(REFERENCE)
    assert text != REFERENCE
    parsed = parse(text)
    assert [trip_fields(t) for t in parsed.trips] == [trip_fields(t) for t in reference.trips]
    assert parsed.notices == []
    for trip in parsed.trips:
        assert_clean(trip)
        assert trip.source.file == FILE
        assert text.split("\n")[trip.source.line - 1].strip() == trip.title


def test_seed_with_most_blocks_single_spaced_reads_the_same():
    """The seed has a blank after every line but in its last block; flip that balance."""
    seed = (
        Path(__file__).resolve().parent.parent / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
    ).read_text(encoding="utf-8")
    lines = seed.split("\n")
    richmond = lines.index("Werkbezoek Richmond (Canada) ")
    mixed = "\n".join(lines[:richmond]) + "\n" + "\n".join(lines[richmond:]).replace("\n\n", "\n")
    assert [trip_fields(t) for t in parse(mixed).trips] == [trip_fields(t) for t in parse(seed).trips]


def test_crlf_is_not_the_parsers_business_but_the_readers(reference):
    """parse_document takes text with \\n line ends; documents.decode turns \\r\\n into \\n before."""
    from reisatlas.documents import decode

    parsed = parse(decode(crlf(REFERENCE).encode("utf-8"), FILE))
    assert [trip_fields(t) for t in parsed.trips] == [trip_fields(t) for t in reference.trips]


@pytest.mark.parametrize(
    "wrapped, joined",
    [
        ("de offshore energie-\nindustrie in Noorwegen", "de offshore energie-industrie in Noorwegen"),
        ("een domein-\noverstijgende werkwijze", "een domeinoverstijgende werkwijze"),
        ("de provincie Noord-\nHolland en Rotterdam", "de provincie Noord-Holland en Rotterdam"),
        ("diverse kunst-\nen cultuurinstellingen", "diverse kunst- en cultuurinstellingen"),
        ("sport-\nof beweegaanbieders", "sport- of beweegaanbieders"),
        ("de EU-\nlobby van de stad", "de EU-lobby van de stad"),
        ("met een gemeente-\nlijke delegatie", "met een gemeentelijke delegatie"),
        ("de branche-\norganisatie voor de maakindustrie", "de brancheorganisatie voor de maakindustrie"),
        ("een mega-\nevenement in de stad", "een mega-evenement in de stad"),
    ],
    ids=[
        "vowel-clash",
        "plain",
        "capital",
        "suspended-en",
        "suspended-of",
        "acronym",
        "word",
        "vowels-no-clash",
        "ae-clash",
    ],
)
def test_end_of_line_hyphenation(wrapped, joined):
    trip = only_trip(block(description=f"De wethouder bespreekt\n{wrapped}."))
    assert trip.description == f"De wethouder bespreekt {joined}."


# --- incomplete blocks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "missing, kwargs, word",
    [("officials", {"officials": None}, "door"), ("period", {"period": None}, "period")],
)
def test_incomplete_block_is_kept_with_a_notice_at_its_header(missing, kwargs, word):
    second = block(header="Werkbezoek Kobe (Japan)", **kwargs)
    text = block() + "\n" + second
    parsed = parse(text)
    assert [t.title for t in parsed.trips] == ["Werkbezoek Oslo (Noorwegen)", "Werkbezoek Kobe (Japan)"]
    kobe = parsed.trips[1]
    assert kobe.subtitle == "Kennisuitwisseling walstroom"
    assert kobe.description == "De wethouder bezoekt de haven van Oslo."
    if missing == "officials":
        assert kobe.officials == () and list(kobe.months) == ["2025-06"]
    else:
        assert [o.name for o in kobe.officials] == ["Simons"] and kobe.months == () and kobe.start is None
    assert len(parsed.notices) == 1
    notice = parsed.notices[0]
    assert (notice.file, notice.line) == (FILE, header_line(text, "Werkbezoek Kobe (Japan)"))
    assert word in notice.message
    assert str(notice).startswith(f"{FILE}:{notice.line}: ")


def test_block_without_officials_and_period_is_kept():
    text = (
        block()
        + "\n"
        + block(header="Werkbezoek Kobe (Japan)", officials=None, period=None)
        + "\n"
        + block(header="Werkbezoek Lyon (Frankrijk)")
    )
    parsed = parse(text)
    assert [t.title for t in parsed.trips] == [
        "Werkbezoek Oslo (Noorwegen)",
        "Werkbezoek Kobe (Japan)",
        "Werkbezoek Lyon (Frankrijk)",
    ]
    kobe_line = header_line(text, "Werkbezoek Kobe (Japan)")
    assert sorted(n.line for n in parsed.notices) == [kobe_line, kobe_line]


def test_unknown_country_leaves_stops_unresolved_with_a_notice():
    text = block() + "\n" + block(header="Werkbezoek Gotham en Metropolis (Atlantisland)")
    parsed = parse(text)
    assert len(parsed.trips) == 2
    gotham = parsed.trips[1]
    assert [(s.name, s.country, s.country_code) for s in gotham.stops] == [
        ("Gotham", "Atlantisland", None),
        ("Metropolis", "Atlantisland", None),
    ]
    assert all(not s.resolved for s in gotham.stops)
    assert [(n.file, n.line) for n in parsed.notices] == [(FILE, header_line(text, gotham.title))]
    assert "Atlantisland" in parsed.notices[0].message


def test_unknown_country_through_the_atlas_is_never_placed(offline_geocoder, tmp_path):
    from reisatlas import read_document

    path = tmp_path / "onbekend.txt"
    path.write_text(block(header="Werkbezoek Gotham (Atlantisland)"), encoding="utf-8")
    parsed = read_document(path, offline_geocoder)
    (stop,) = parsed.trips[0].stops
    assert (stop.lat, stop.lon, stop.source) == (None, None, "unresolved")
    assert any("Atlantisland" in n.message and n.line == 1 for n in parsed.notices)


def test_header_whose_places_cannot_be_read_gets_a_notice():
    parsed = parse(block(header="Werkbezoek Oslo (Noorwegen) (onder voorbehoud)"))
    (trip,) = parsed.trips
    assert trip.stops == ()
    assert [n.line for n in parsed.notices] == [1]


# --- lines that look like headers but are not ------------------------------------------------------


@pytest.mark.parametrize(
    "description",
    [
        # wrapped so that a line starts with a kind and ends with a country in brackets
        "De wethouder reist daarna door voor een\nbezoek aan Bergen (Noorwegen)\nen spreekt er met de havenmeester.",
        "Na de beurs volgt een\nBezoek aan de Brusselse instellingen (België)\nwaar de wethouder de Commissie spreekt.",
        "Vorig jaar was er een\nWerkbezoek aan Bergen (Noorwegen)\ndoor de gemeente Oslo georganiseerd.",
        "Het programma omvat ook\nDeelname aan de beurs in Oslo (Noorwegen)\nen gesprekken in juni 2025 met reders.",
        "Het wordt een\nBezoek aan de haven van Bergen (Noorwegen)\ndoor wethouders en ambtenaren samen.",
        # at the end of a description, right before the next block
        "De wethouder sluit af met een\nBezoek aan het stadhuis van Bergen (Noorwegen)",
    ],
    ids=["lowercase", "capitalised", "door-line-after", "period-words-after", "role-without-name", "last-line"],
)
def test_header_like_line_in_a_description_does_not_split_the_trip(description):
    text = (
        block(description=description)
        + "\n"
        + block(header="Werkbezoek Kobe (Japan)", officials="door burgemeester Schouten")
    )
    parsed = parse(text)
    assert [t.title for t in parsed.trips] == ["Werkbezoek Oslo (Noorwegen)", "Werkbezoek Kobe (Japan)"]
    oslo, kobe = parsed.trips
    assert oslo.description == " ".join(description.split())
    assert [o.name for o in kobe.officials] == ["Schouten"]
    assert parsed.notices == []


def test_subtitle_that_looks_like_a_header_stays_the_subtitle():
    text = block(header="Werkbezoek Johannesburg (Zuid-Afrika)", subtitle="Deelname Urban20 Mayors Summit (U20)")
    trip = only_trip(text)
    assert trip.subtitle == "Deelname Urban20 Mayors Summit (U20)"
    assert [s.name for s in trip.stops] == ["Johannesburg"]


def test_subtitle_starting_with_door_is_not_the_officials_line():
    trip = only_trip(block(subtitle="Door samenwerking sterker in de haven"))
    assert trip.subtitle == "Door samenwerking sterker in de haven"
    assert [(o.role, o.name) for o in trip.officials] == [("wethouder", "Simons")]


def test_description_line_starting_with_door_in_a_block_without_officials():
    text = block(officials=None, description="Het programma wordt georganiseerd\ndoor de gemeente Oslo en de haven.")
    parsed = parse(text)
    (trip,) = parsed.trips
    assert trip.officials == () and trip.subtitle == "Kennisuitwisseling walstroom"
    assert trip.description == "Het programma wordt georganiseerd door de gemeente Oslo en de haven."
    assert [n.line for n in parsed.notices] == [1]


# --- descriptions ----------------------------------------------------------------------------------


def test_multi_paragraph_description_keeps_its_paragraph_breaks():
    description = (
        "Eerste alinea, die over twee\nregels loopt.\n\n"
        "Tweede alinea.\n\n\n\n"
        "Derde alinea na meer witruimte,\nook over twee regels."
    )
    trip = only_trip(block(description=description))
    assert trip.description.split("\n\n") == [
        "Eerste alinea, die over twee regels loopt.",
        "Tweede alinea.",
        "Derde alinea na meer witruimte, ook over twee regels.",
    ]


def test_multi_paragraph_description_in_a_double_spaced_document():
    """With a blank after every line, a paragraph break is the extra blank (or a line holding a space)."""
    text = double_spaced(block(description="Eerste alinea loopt\nover twee regels.\n \nTweede alinea."))
    trip = only_trip(text)
    assert trip.description == "Eerste alinea loopt over twee regels.\n\nTweede alinea."


def test_empty_description():
    trip = only_trip(block(description=""))
    assert trip.description == "" and list(trip.months) == ["2025-06"]
