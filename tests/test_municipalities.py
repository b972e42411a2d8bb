"""Whose trips: each document's home municipality, routes from each city's own home, the municipality filter."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reisatlas.atlas import DocumentCache, document_paths, load_atlas, read_document
from reisatlas.colours import colouring
from reisatlas.geo import HOME
from reisatlas.geocoding import default_geocoder
from reisatlas.map import build_deck
from reisatlas.municipalities import find_municipality, home_point
from reisatlas.selection import Selection
from reisatlas.summary import summarise

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
ALMERE = ROOT / "tests" / "documents" / "layouts" / "register_almere_2017.txt"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Activiteitenkalender B&W Rotterdam 15 t/m 21 september 2003", "Rotterdam"),
        ("Het college van burgemeester en wethouders van Almere besluit", "Almere"),
        ("De buitenlandse dienstreizen van het Bredase college van B en W", "Breda"),
        ("Gemeente Utrecht\nopenbare activiteiten", "Utrecht"),
        ("Zomaar een brief", None),
    ],
)
def test_the_municipality_comes_from_the_text(text, expected):
    found = find_municipality(text, "brief.txt")
    assert (found.name if found else None) == expected


@pytest.fixture
def two_cities(tmp_path) -> Path:
    folder = tmp_path / "documenten"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(ALMERE, folder / ALMERE.name)
    return folder


def test_each_trip_starts_at_its_own_home(two_cities, tmp_path):
    atlas = load_atlas(document_paths(two_cities), default_geocoder(online=False), DocumentCache(tmp_path / "cache"))
    assert set(atlas.trips["municipality"]) == {"Rotterdam", "Almere"}
    almere = home_point("Almere")
    homes = {row.home: (row.home_lat, row.home_lon) for row in atlas.stops.itertuples()}
    assert homes == {"Rotterdam": (HOME.lat, HOME.lon), "Almere": (almere.lat, almere.lon)}
    deck = build_deck(atlas.trips, atlas.stops, colouring(atlas.trips))
    routes = next(layer for layer in deck.layers if layer.id == "routes").data
    ljubljana = [r for r in routes if r["tooltip"].startswith("Almere → Ljubljana")]
    assert len(ljubljana) == 1 and ljubljana[0]["path"][0] == (round(almere.lon, 3), round(almere.lat, 3))
    assert all(r["tooltip"].split(" → ")[0] != "Almere" or "Ljubljana" in r["tooltip"] for r in routes)
    home_layer = next(layer for layer in deck.layers if layer.id == "home").data
    assert {h["name"] for h in home_layer} == {"Rotterdam", "Almere"}


def test_the_municipality_filter_and_its_link_parameter(two_cities, tmp_path):
    atlas = load_atlas(document_paths(two_cities), default_geocoder(online=False), DocumentCache(tmp_path / "cache"))
    selection = Selection.from_params({"municipality": ["Almere"]})
    assert selection.to_params() == {"municipality": ["Almere"]}
    assert selection.describe("nl") == "gemeente Almere"
    chosen = selection.apply(atlas.trips)
    assert list(chosen["municipality"]) == ["Almere"] and len(chosen) == 1
    summary = summarise(chosen, atlas.stops)
    assert summary.sentence("nl").startswith("Almere: 1 reis naar 1 plaats in 1 land")
    # Almere → Ljubljana → Almere, as the crow flies; from Rotterdam it would be 1,958 km
    assert summary.kilometres == pytest.approx(1945.6, abs=0.5)
    rotterdam = Selection.from_params({"municipality": ["Rotterdam"]}).apply(atlas.trips)
    assert len(rotterdam) == 7 and summarise(rotterdam, atlas.stops).sentence("nl").startswith("7 reizen")


def test_a_setting_beside_the_document_names_its_municipality(tmp_path):
    document = tmp_path / "overzicht.txt"
    document.write_text(
        "Burgemeester Jansen brengt van 3 tot en met 5 mei 2024 een werkbezoek aan Lyon.\n", encoding="utf-8"
    )
    geocoder = default_geocoder(online=False)
    parsed = read_document(document, geocoder)
    assert parsed.trips[0].municipality == ""
    assert any("gemeente niet gevonden" in n.message for n in parsed.notices)
    (tmp_path / "gemeenten.csv").write_text("# document,gemeente\noverzicht.txt,Zwolle\n", encoding="utf-8")
    parsed = read_document(document, geocoder, DocumentCache(tmp_path / "cache"))
    assert parsed.trips[0].municipality == "Zwolle" and not any("gemeente" in n.message for n in parsed.notices)
    assert read_document(document, geocoder, municipality="Deventer").trips[0].municipality == "Deventer"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("DOKKUM - Wethouder Prins van de gemeente Noardeast-Fryslân reist naar Denemarken", "Noardeast-Fryslân"),
        ("Het college van burgemeester en wethouders van Het Hogeland besluit", "Het Hogeland"),
        ("Gemeente Súdwest-Fryslân\nDienstreizen 2024", "Súdwest-Fryslân"),
    ],
)
def test_every_dutch_municipality_is_known_not_only_large_cities(text, expected):
    found = find_municipality(text, "brief.txt")
    assert found is not None and found.name == expected


def test_a_municipality_that_is_no_city_starts_its_routes_at_its_seat():
    dokkum = home_point("Noardeast-Fryslân")
    assert dokkum is not None and abs(dokkum.lat - 53.32) < 0.02 and abs(dokkum.lon - 6.00) < 0.02
    assert home_point("Noordoost-Friesland") == dokkum  # the Dutch name of the Frisian municipality
    # Two municipalities share a name: each by CBS's name with its province; the bare name stays the GeoNames city
    assert home_point("Bergen (L.)").lon > 6.0 > home_point("Bergen (NH.)").lon
    # a large city keeps the GeoNames point it had before the table (routes do not move)
    assert home_point("Rotterdam") == HOME


def test_the_municipalities_table_lists_each_municipality_once_with_a_seat_in_the_netherlands():
    import csv

    with (ROOT / "data" / "municipalities.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 342  # CBS: 342 municipalities since 1 January 2023
    assert len({row["code"] for row in rows}) == len({row["name"] for row in rows}) == 342
    for row in rows:
        assert row["code"].startswith("GM") and len(row["code"]) == 6
        assert 50.7 < float(row["lat"]) < 53.6 and 3.3 < float(row["lon"]) < 7.3, row
    assert (ROOT / "data" / "municipalities.csv.md").read_text(encoding="utf-8").count("CBS") >= 2


@pytest.mark.parametrize(
    "text, file, expected",
    [
        # a seat stands for its municipality
        (
            "Burgemeester Prins opent de markt in Dokkum. Daarna bezoekt zij de haven van Dokkum.",
            "brief.txt",
            "Noardeast-Fryslân",
        ),
        # a village that is no municipality (Leek, in Westerkwartier) stands for none: the file name decides
        (
            "Burgemeester Van der Tuuk opent het schooltje in Leek. Receptie in Leek.",
            "weekoverzicht_westerkwartier_2024.txt",
            "Westerkwartier",
        ),
    ],
)
def test_a_document_is_about_the_municipality_it_names_or_whose_seat_it_names(text, file, expected):
    found = find_municipality(text, file)
    assert found is not None and found.name == expected


def test_a_persons_name_is_no_home_municipality():
    """Issue 19, item 9: "Wethouder De Vries" is a person, not Vries (the seat of Tynaarlo)."""
    from reisatlas.municipalities import find_municipality

    text = "Overzicht dienstreizen 2016\nWethouder De Vries:\nBarcelona, Spanje Smart City Expo 2 t/m 6 maart\n"
    assert find_municipality(text) is None
    assert find_municipality(text + "Wethouder De Vries bracht verslag uit aan de raad van Zwolle.\n").name == "Zwolle"


@pytest.mark.parametrize(
    "text, home",
    [
        # issue 19, item 6: Flemish municipalities (data/municipalities_be.csv) as homes
        ("Het college van burgemeester en schepenen van Leuven keurde de handelsmissie naar Shanghai goed.", "Leuven"),
        ("De stad Antwerpen en haar haven organiseren een handelsmissie naar Shanghai.", "Antwerpen"),
        ("Het Gentse stadsbestuur reist naar Mangaung.", "Gent"),
        ("Schepen Peeters van Kortrijk en schepen Claes gaan naar Lille. Kortrijk betaalt de reis.", "Kortrijk"),
        # an adjective names the home when nothing else does
        ("Wethouder De Mos gaat met Haagse ondernemers op handelsmissie naar China.", "Den Haag"),
        ("Schepen Peeters reist met Gentse bedrijven naar Lyon.", "Gent"),
    ],
)
def test_flemish_homes_and_a_home_named_by_its_adjective(text, home):
    from reisatlas.municipalities import find_municipality

    assert find_municipality(text).name == home


def test_a_flemish_home_has_its_point_and_a_dutch_document_about_antwerp_is_not_antwerps():
    from reisatlas.municipalities import find_municipality, home_point

    gent = home_point("Gent")
    assert (gent.country_code, round(gent.lat, 1), round(gent.lon, 1)) == ("BE", 51.0, 3.7)
    assert find_municipality("Wethouder Smit brengt een werkbezoek aan Antwerpen en Gent.") is None


def test_the_real_antwerp_decision_and_the_real_den_haag_report_read_their_homes():
    from reisatlas.parsing import parse_document

    layouts = ROOT / "tests" / "documents" / "layouts"
    for name, home in (("decision_antwerpen_2014.txt", "Antwerpen"), ("prose_denhaag_2018-10.txt", "Den Haag")):
        path = layouts / name
        trips = parse_document(path.read_text(encoding="utf-8"), str(path)).trips
        assert {t.municipality for t in trips} == {home}, name
