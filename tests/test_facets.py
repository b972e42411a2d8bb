"""Every facet (reisatlas.facets) reads the same value alike in a link, a feed and the command line.

The same two documents everywhere: the seed and a short one of Kasmi's (tests.facet_cases.FORMULAS), which
the feeds' test server serves too. The feeds' side runs against that real server in tests/test_feeds_server.py.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from reisatlas.cli import main
from reisatlas.errors import SelectionError
from reisatlas.facets import FACETS
from reisatlas.i18n import LANGUAGES, texts
from reisatlas.selection import Selection
from tests.facet_cases import (
    BERGEN,
    BRUSSEL,
    CASES,
    EVERY_TRIP,
    FORMULAS,
    JOHANNESBURG,
    MANCHESTER,
    OSLO,
    OSLO_MISSION,
    PAIRS,
    RICHMOND,
    SWEDEN,
    TOKIO,
)


@pytest.fixture(scope="module")
def documents(tmp_path_factory, seed_path):
    folder = tmp_path_factory.mktemp("documents")
    (folder / "formules.txt").write_text(FORMULAS, encoding="utf-8")
    return [seed_path, folder / "formules.txt"]


@pytest.fixture(scope="module")
def atlas(documents, offline_geocoder):
    from reisatlas.atlas import DocumentCache, load_atlas

    return load_atlas(documents, offline_geocoder, DocumentCache())


def test_every_facet_has_cases_and_its_texts():
    assert set(CASES) == {facet.name for facet in FACETS}
    for facet in FACETS:  # its heading and its error, in both languages
        assert set(texts()[facet.name]) == set(LANGUAGES) and set(texts()[facet.unknown]) == set(LANGUAGES)


@pytest.mark.parametrize("facet, value, id_, titles", PAIRS)
def test_a_value_in_a_link(atlas, facet, value, id_, titles):
    selection = Selection.from_params([(facet, value), ("lang", "en")], atlas.trips)
    assert selection.to_params() == {facet: [id_]}  # the canonical address holds the id
    assert selection.apply(atlas.trips)["title"].tolist() == titles


@pytest.mark.parametrize("facet, value, id_, titles", PAIRS)
def test_a_value_on_the_command_line(tmp_path, documents, capsys, facet, value, id_, titles):
    out = tmp_path / "reizen.json"
    code = main(
        ["export", "--offline", "--format", "json", "--out", str(out), f"--{facet}", value, *map(str, documents)]
    )
    assert (code, capsys.readouterr().err) == (0, "")
    assert [trip["title"] for trip in json.loads(out.read_bytes())] == titles


@pytest.mark.parametrize("facet", [facet.name for facet in FACETS])
def test_an_unknown_value_is_an_error_naming_what_is_known(atlas, tmp_path, documents, capsys, facet):
    with pytest.raises(SelectionError) as caught:
        Selection.from_params({facet: "Nergensland"}, atlas.trips)
    assert "'Nergensland'" in caught.value.text("nl") and "'Nergensland'" in caught.value.text("en")
    known = caught.value.values["known"].split(", ")
    assert Selection.from_params({facet: known[0]}, atlas.trips).of(facet) == (known[0],)  # what it names works
    # a link leaves it out (and shows what it can); the command line stops with the same line
    assert Selection.from_params({facet: ["Nergensland", known[0]]}, atlas.trips, strict=False).of(facet) == (known[0],)
    out = tmp_path / "x.csv"
    code = main(
        ["export", "--offline", "--format", "csv", "--out", str(out), f"--{facet}", "Nergensland", *map(str, documents)]
    )
    assert code == 2 and not out.exists()
    assert capsys.readouterr().err == f"reisatlas: error: {caught.value.text('nl')}\n"


def test_export_by_country_as_the_issue_asks(tmp_path, seed_path, capsys):
    """`reisatlas export --country SE` (issue 16): Kasmi's trip to Sweden, nothing else."""
    out = tmp_path / "zweden.csv"
    assert main(["export", "--offline", "--format", "csv", "--country", "SE", "--out", str(out), str(seed_path)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert [(row["Titel"], row["Landen"]) for row in rows] == [(SWEDEN, "Zweden")]
    assert capsys.readouterr().err == ""


def test_export_search(tmp_path, seed_path):
    out = tmp_path / "tokio.json"
    assert (
        main(["export", "--offline", "--format", "json", "--search", "Tokyo", "--out", str(out), str(seed_path)]) == 0
    )
    assert [trip["title"] for trip in json.loads(out.read_bytes())] == [TOKIO]


def test_every_facet_in_words_and_in_a_file_name():
    chosen = Selection({facet.name: (CASES[facet.name][0],) for facet in FACETS})
    words = chosen.describe("en", officials={"Schouten": "burgemeester Schouten"})
    assert words.split("; ") == [
        "official mayor Schouten",
        "theme Climate, energy & sustainability",
        "country Sweden",
        "municipality Rotterdam",
        "mode train",
    ]
    assert chosen.describe("nl").endswith("; vervoer trein")
    assert chosen.slug() == "schouten_klimaat_se_rotterdam_train"


# --- the facet added to prove the registry: vervoer (train / plane), in reisatlas/facets.py and data/texts.toml only


@pytest.mark.parametrize(
    "value, titles",
    [
        pytest.param(["plane"], [SWEDEN, OSLO_MISSION, RICHMOND, JOHANNESBURG, TOKIO, OSLO, BERGEN], id="plane"),
        pytest.param(["vliegtuig", "Trein"], EVERY_TRIP, id="either"),
    ],
)
def test_the_mode_in_a_link(atlas, value, titles):
    selection = Selection.from_params({"mode": value}, atlas.trips)
    assert selection.apply(atlas.trips)["title"].tolist() == titles


def test_the_mode_counts_its_options(atlas):
    counts = Selection(countries=("NO",)).option_counts(atlas.trips)
    assert counts["mode"] == {"plane": 3}  # the seed's Oslo trip and the two of FORMULAS, all flown
    assert Selection(modes=("train",)).option_counts(atlas.trips)["official"] == {"Kasmi": 1, "Zeegers": 1}


@pytest.mark.parametrize(
    "format, check",
    [
        ("csv", lambda data: [row["Titel"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))]),
        ("ics", lambda data: data.count(b"BEGIN:VEVENT")),
        ("geojson", lambda data: sorted({f["properties"]["place"] for f in json.loads(data)["features"]})),
    ],
)
def test_the_mode_in_exports(tmp_path, seed_path, capsys, format, check):
    out = tmp_path / f"trein.{format}"
    assert main(["export", "--offline", "--format", format, "--mode", "trein", "--out", str(out), str(seed_path)]) == 0
    assert (
        check(out.read_bytes())
        == {
            "csv": [MANCHESTER, BRUSSEL],
            "ics": 2,
            "geojson": ["Brussel", "Manchester"],
        }[format]
    )
    assert capsys.readouterr().err == ""
