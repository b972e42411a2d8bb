"""What every reader shares has one home: the roles (data/vocabulary.toml), the GeoNames index
(reisatlas.geonames) and the choice of a reader (each declares its priority; the list's order decides nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

import reisatlas.readers
from reisatlas.errors import DocumentError
from reisatlas.geocoding import Gazetteer, Location
from reisatlas.i18n import official, texts
from reisatlas.parsing import parse_document
from reisatlas.readers import readers

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "tests" / "documents" / "layouts"
DOCUMENTS = sorted(LAYOUTS.glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
CODE = sorted((ROOT / "reisatlas").rglob("*.py"))


def read(text: str, name: str = "flanders.txt"):
    return parse_document(text, name, municipality="Antwerpen").trips


# --- the choice of a reader ----------------------------------------------------------------------


def outcome(text: str, file: str) -> list[tuple] | str:
    """What a document reads as: its trips' layouts, titles, officials and stops, or the error."""
    try:
        trips = parse_document(text, file).trips
    except DocumentError as err:
        return str(err)
    return [(trip.layout, trip.title, trip.officials, trip.stops) for trip in trips]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_the_reader_does_not_depend_on_the_order_of_the_list(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    as_listed = outcome(text, str(path))
    monkeypatch.setattr(reisatlas.readers, "readers", lambda tables=None: readers(tables)[::-1])
    assert outcome(text, str(path)) == as_listed


def test_every_reader_declares_its_own_priority_and_real_rivals():
    every = readers()
    names = {reader.name for reader in every}
    assert len({reader.priority for reader in every}) == len(every)
    assert all(reader.rivals <= names - {reader.name} for reader in every)
    by_priority = [reader.name for reader in sorted(every, key=lambda reader: -reader.priority)]
    assert by_priority == ["rotterdam-2025", "register", "table", "agenda", "prose", "general"]


# --- one vocabulary ------------------------------------------------------------------------------


def test_flemish_roles_are_officials_in_every_layout():
    prose = read("Schepen Peeters brengt van 3 tot en met 5 mei 2024 een werkbezoek aan Lyon (Frankrijk).")
    assert [str(o) for o in prose[0].officials] == ["schepen Peeters"]
    assert prose[0].layout in ("prose", "general")
    blocks = read(
        "Werkbezoek Lyon (Frankrijk)\nStedenband\ndoor schepenen Peeters en Claes\nMei 2024\n\n"
        "Werkbezoek Utrecht (Nederland)\nProvincies\ndoor commissaris van de Koning Brok en gedeputeerden Jansen en Vos\n"
        "Juni 2024\n"
    )
    assert [[str(o) for o in trip.officials] for trip in blocks] == [
        ["schepen Peeters", "schepen Claes"],
        ["commissaris van de Koning Brok", "gedeputeerde Jansen", "gedeputeerde Vos"],
    ]


@pytest.mark.parametrize(
    "label, expected",
    [
        ("schepen Peeters", "alderman Peeters"),
        ("gouverneur Berx", "governor Berx"),
        ("commissaris van de Koning Brok", "King's Commissioner Brok"),
        ("gedeputeerden Jansen en Vos", "provincial executives Jansen en Vos"),
        ("raadslid De Wit", "councillor De Wit"),
    ],
)
def test_every_role_is_said_in_english(label, expected):
    assert official(label, "en") == expected
    assert official(label, "nl") == label


def test_the_roles_have_one_home():
    assert not [key for key in texts() if key.startswith("role_")]
    # No list of roles in the code: each would be a vocabulary of its own.
    listed = [path.name for path in CODE if '"gemeentesecretaris"' in path.read_text(encoding="utf-8")]
    assert listed == []


# --- one GeoNames index --------------------------------------------------------------------------


def test_geonames_cities_are_read_in_one_module():
    readers_of_the_cities = [
        str(path.relative_to(ROOT)) for path in CODE if "get_cities(" in path.read_text(encoding="utf-8")
    ]
    assert readers_of_the_cities == ["reisatlas/geonames.py"]


def test_one_build_makes_every_table(tmp_path, monkeypatch):
    from reisatlas import geonames

    monkeypatch.setenv("REISATLAS_CACHE_DIR", str(tmp_path))
    builds = []
    build = geonames.build

    def counted_build(cities):
        builds.append(1)
        return build(city for city in cities if city["countrycode"] in ("ZA", "NL"))  # small: keeps the test quick

    monkeypatch.setattr(geonames, "build", counted_build)
    assert Gazetteer().lookup("Kaapstad", "ZA") == Location(-33.92584, 18.42322, "gazetteer")
    assert geonames.table("own_names")["ZA|kaapstad"] == "Cape Town"
    assert geonames.table("abroad")["kaapstad"][:2] == ("ZA", "Cape Town")
    assert geonames.table("dutch")["den haag"][0] == "The Hague"
    assert "kaapstad" not in geonames.table("dutch")
    assert [geonames.table("cities")[i].name for i in geonames.table("spellings")["kaapstad"]] == ["Cape Town"]
    lat, lon = geonames.table("regions")[("ZA", "11")]  # the Western Cape's cities
    assert (round(lat), round(lon)) == (-34, 19)
    assert builds == [1]
