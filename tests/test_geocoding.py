"""The offline layers (reviewed places, the answer cache, the gazetteer), the chain, and ``reisatlas geocode``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reisatlas.geocoding import (
    AnswerCache,
    Gazetteer,
    Geocoder,
    Location,
    ReviewedPlaces,
    default_geocoder,
)
from reisatlas.model import Stop

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"reviewed", "cache", "gazetteer", "nominatim", "unresolved"}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.fixture
def geocoder(gazetteer, tmp_path) -> Geocoder:
    return default_geocoder(online=False, cache_path=tmp_path / "geocode_cache.json", gazetteer=gazetteer)


class Fixed:
    """A layer that always gives the same answer, to test the chain itself."""

    def __init__(self, name: str, answer: Location | None):
        self.name = name
        self.answer = answer
        self.asked: list[tuple[str, str]] = []

    def lookup(self, name: str, country_code: str) -> Location | None:
        self.asked.append((name, country_code))
        return self.answer


# --- the gazetteer ------------------------------------------------------------------------------

GAZETTEER_CASES = [
    # name, country, lat, lon
    ("Manchester", "US", 42.996, -71.455),  # Manchester NH, not Richmond VA (an alternate name there)
    ("Manchester", "GB", 53.481, -2.237),
    ("Richmond", "CA", 49.170, -123.137),  # Richmond BC, the most populous Richmond in Canada
    ("Richmond", "US", 37.554, -77.460),
    ("Tokio", "JP", 35.690, 139.692),  # Dutch exonyms
    ("Brussel", "BE", 50.850, 4.349),
    ("Londen", "GB", 51.509, -0.126),
    ("Kopenhagen", "DK", 55.676, 12.566),
    ("Kaapstad", "ZA", -33.926, 18.423),
    ("Malmö", "SE", 55.606, 13.001),  # case and diacritics do not matter
    ("MALMO", "SE", 55.606, 13.001),
    ("malmö", "SE", 55.606, 13.001),
    ("  stockholm ", "se", 59.333, 18.065),
]


@pytest.mark.parametrize(("name", "country", "lat", "lon"), GAZETTEER_CASES)
def test_gazetteer_places_within_the_country(gazetteer, name, country, lat, lon):
    location = gazetteer.lookup(name, country)

    assert location is not None
    assert (location.lat, location.lon) == pytest.approx((lat, lon), abs=0.01)
    assert location.source == "gazetteer"


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Londen", "US"),
        ("Tokio", "NL"),
        ("Kaapstad", "NL"),
        ("Malmö", "NO"),
        ("Botkyrka", "GB"),
        ("Nergenshuizen", "NL"),
    ],
)
def test_gazetteer_never_answers_with_a_place_in_another_country(gazetteer, name, country):
    assert gazetteer.lookup(name, country) is None


def city(name, country, population, lat, lon, *alternates):
    return {
        "name": name,
        "countrycode": country,
        "population": population,
        "latitude": lat,
        "longitude": lon,
        "alternatenames": list(alternates),
    }


def test_gazetteer_index_prefers_a_citys_own_name_then_the_most_populous():
    index = Gazetteer.build_index(
        [
            city("Richmond", "US", 230_000, 37.55, -77.46, "Manchester"),  # big, Manchester only as alternate
            city("Manchester", "US", 115_000, 42.99, -71.45),
            city("Manchester", "US", 20_000, 41.77, -72.52),
            city("Springfield", "US", 160_000, 39.80, -89.64),
            city("Springfield", "US", 170_000, 37.21, -93.29),
            city("Manchester", "GB", 550_000, 53.48, -2.24),
            city("Moskou", "RU", 10_000_000, 55.75, 37.62, "Москва", "Moscow"),
        ]
    )

    assert index["US|manchester"] == (42.99, -71.45)
    assert index["US|springfield"] == (37.21, -93.29)
    assert index["GB|manchester"] == (53.48, -2.24)
    assert index["RU|moscow"] == (55.75, 37.62)
    assert not any(key.startswith("RU|м") for key in index)  # non-Latin spellings are not document names


def test_a_damaged_gazetteer_index_is_rebuilt(tmp_path, monkeypatch):
    from reisatlas import geonames
    from reisatlas.files import unseal

    monkeypatch.setenv("REISATLAS_CACHE_DIR", str(tmp_path))
    index_file = geonames.table_path("coordinates")  # the gazetteer's table of the one GeoNames index
    index_file.write_bytes(b"\x80\x05\x95garbage, not a pickle")
    builds = []
    build = geonames.build

    def counted_build(cities):
        builds.append(1)
        return build(city for city in cities if city["countrycode"] == "ZA")  # small: keeps the test quick

    monkeypatch.setattr(geonames, "build", counted_build)

    rebuilt = Gazetteer()
    assert rebuilt.lookup("Kaapstad", "ZA") == Location(-33.92584, 18.42322, "gazetteer")
    assert Gazetteer().index == rebuilt.index  # read again without a second build
    assert unseal(index_file.read_bytes()) == rebuilt.index  # and saved again
    assert builds == [1]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(geonames.table_path(t).name for t in geonames.TABLES)


# --- reviewed places --------------------------------------------------------------------------------


def test_botkyrka_is_a_reviewed_place(geocoder):
    assert geocoder.locate("Botkyrka", "SE") == Location(59.199, 17.833, "reviewed")
    assert geocoder.locate("BOTKYRKA", "se") == Location(59.199, 17.833, "reviewed")


def test_reviewed_places_come_from_a_plain_file(tmp_path):
    places = tmp_path / "places.csv"
    places.write_text(
        "# a comment line, as in data/places.csv\n"
        "name,country_code,lat,lon,note\n"
        'Tumba,SE,59.1996,17.8353,"seat of Botkyrka"\n',
        encoding="utf-8",
    )

    reviewed = ReviewedPlaces(places)

    assert reviewed.lookup("tumba", "se") == Location(59.1996, 17.8353, "reviewed")
    assert reviewed.lookup("Tumba", "FI") is None


def test_every_reviewed_place_is_a_real_coordinate():
    from reisatlas.countries import country_name
    from reisatlas.geocoding import plausible

    reviewed = ReviewedPlaces()

    assert reviewed.places
    for key, location in reviewed.places.items():
        code = key.split("|")[0]
        assert plausible(location.lat, location.lon), key
        assert len(code) == 2 and country_name(code) != code, key


# --- the answer cache -------------------------------------------------------------------------------


def test_the_cache_keeps_answers_across_runs(tmp_path):
    path = tmp_path / "geocode_cache.json"
    AnswerCache(path).store("Tumba", "SE", Location(59.1996, 17.8353, "nominatim"))
    AnswerCache(path).store("Nergenshuizen", "NL", None)

    later = AnswerCache(path)

    assert later.lookup("TUMBA", "se") == Location(59.1996, 17.8353, "cache")
    assert later.knows("Nergenshuizen", "NL") and later.lookup("Nergenshuizen", "NL") is None
    assert not later.knows("Alby", "SE")


def test_online_answers_are_kept_under_the_cache_dir_never_in_data(tmp_path, monkeypatch, gazetteer):
    from reisatlas.atlas import DocumentCache
    from reisatlas.paths import DATA

    monkeypatch.setenv("REISATLAS_CACHE_DIR", str(tmp_path / "caches"))
    before = sorted(path.name for path in DATA.iterdir())
    geocoder = default_geocoder(online=False, gazetteer=gazetteer)
    [cache] = [layer for layer in geocoder.layers if isinstance(layer, AnswerCache)]
    cache.store("Tumba", "SE", Location(59.1996, 17.8353, "nominatim"))

    assert cache.path == tmp_path / "caches" / "geocode_cache.json" and cache.path.is_file()
    assert DocumentCache().answers == cache.path  # new answers make the documents' cache read them again
    assert sorted(path.name for path in DATA.iterdir()) == before  # data/ is only read


def test_a_crash_while_writing_the_cache_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "geocode_cache.json"
    cache = AnswerCache(path)
    cache.store("Tumba", "SE", Location(59.1996, 17.8353, "nominatim"))
    before = path.read_bytes()

    def crash(*args):
        raise KeyboardInterrupt  # the moment between writing the new file and putting it in place

    monkeypatch.setattr("reisatlas.files.os.replace", crash)
    with pytest.raises(KeyboardInterrupt):
        cache.store("Alby", "SE", Location(59.2394, 17.8453, "nominatim"))

    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["geocode_cache.json"]  # no temporary file left


def test_a_killed_writer_leaves_the_old_file_whole(tmp_path):
    path = tmp_path / "geocode_cache.json"
    AnswerCache(path).store("Tumba", "SE", Location(59.1996, 17.8353, "nominatim"))
    before = path.read_bytes()
    # A process that dies hard (no cleanup at all) halfway through replacing the file.
    script = (
        "import os, sys\n"
        "from reisatlas.geocoding import AnswerCache, Location\n"
        "os.replace = lambda *a: os._exit(9)\n"
        "AnswerCache(sys.argv[1]).store('Alby', 'SE', Location(59.2394, 17.8453, 'nominatim'))\n"
    )

    done = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, timeout=60)

    assert done.returncode == 9
    assert path.read_bytes() == before
    assert AnswerCache(path).lookup("Tumba", "SE") is not None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{ not json",
        b'{"SE|tumba": {"lat": 59.19',  # truncated
        b"\xff\xfe\x00garbage",
        b"[]",  # JSON, but not an object
        b'"SE|tumba"',
        b"null",
    ],
    ids=["empty", "not JSON", "truncated", "binary", "a list", "a string", "null"],
)
def test_a_corrupt_cache_file_is_survived(tmp_path, content):
    path = tmp_path / "geocode_cache.json"
    path.write_bytes(content)

    cache = AnswerCache(path)
    assert cache.lookup("Tumba", "SE") is None
    cache.store("Tumba", "SE", Location(59.1996, 17.8353, "nominatim"))  # and it is written afresh

    assert AnswerCache(path).lookup("Tumba", "SE") == Location(59.1996, 17.8353, "cache")


def test_unusable_cache_entries_are_ignored_and_the_rest_kept(tmp_path):
    path = tmp_path / "geocode_cache.json"
    path.write_text(
        json.dumps(
            {
                "SE|tumba": {"lat": 59.1996, "lon": 17.8353},
                "SE|nergens": None,
                "SE|nul": {"lat": 0, "lon": 0},
                "SE|tekst": {"lat": "59.2", "lon": "17.8"},
                "SE|half": {"lat": 59.2},
                "SE|lijst": [59.2, 17.8],
                "SE|ver": {"lat": 159.2, "lon": 17.8},
            }
        ),
        encoding="utf-8",
    )

    cache = AnswerCache(path)

    assert cache.answers == {"SE|tumba": {"lat": 59.1996, "lon": 17.8353}, "SE|nergens": None}


def test_a_cache_folder_that_cannot_be_written_is_survived(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    cache = AnswerCache(tmp_path / "a-file" / "geocode_cache.json")

    cache.store("Tumba", "SE", Location(59.1996, 17.8353, "nominatim"))

    assert cache.lookup("Tumba", "SE") == Location(59.1996, 17.8353, "cache")


# --- the chain ----------------------------------------------------------------------------------------


def test_layers_are_asked_in_order_and_the_answer_names_its_layer(geocoder):
    assert geocoder.locate("Botkyrka", "SE").source == "reviewed"
    assert geocoder.locate("Kopenhagen", "DK").source == "gazetteer"
    assert geocoder.locate("Nergenshuizen", "NL") is None


def test_the_cache_answers_before_the_gazetteer(gazetteer, tmp_path):
    path = tmp_path / "geocode_cache.json"
    AnswerCache(path).store("Malmö", "SE", Location(55.6, 13.0, "nominatim"))

    geocoder = default_geocoder(online=False, cache_path=path, gazetteer=gazetteer)

    assert geocoder.locate("Malmö", "SE") == Location(55.6, 13.0, "cache")


@pytest.mark.parametrize("country_code", [None, ""])
def test_a_place_without_a_country_is_never_guessed(country_code):
    anything = Fixed("anything", Location(53.48, -2.24, "gazetteer"))
    geocoder = Geocoder([anything])

    assert geocoder.locate("Manchester", country_code) is None
    assert anything.asked == [] and geocoder.calls == 0


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_name_is_never_asked(name):
    anything = Fixed("anything", Location(53.48, -2.24, "gazetteer"))

    assert Geocoder([anything]).locate(name, "GB") is None
    assert anything.asked == []


@pytest.mark.parametrize(
    "broken",
    [(0.0, 0.0), (0, 0), (float("nan"), 4.5), (52.0, float("inf")), (95.0, 4.5), (52.0, 190.0)],
)
def test_an_answer_that_is_no_coordinate_is_passed_over(broken):
    geocoder = Geocoder([Fixed("broken", Location(*broken, "broken")), Fixed("next", Location(51.92, 4.48, "next"))])

    assert geocoder.locate("Rotterdam", "NL") == Location(51.92, 4.48, "next")


def test_each_place_is_looked_up_once_per_geocoder():
    layer = Fixed("once", Location(51.92, 4.48, "once"))
    geocoder = Geocoder([layer])

    for spelling in ["Rotterdam", "ROTTERDAM", " rotterdam "]:
        geocoder.locate(spelling, "nl")

    assert geocoder.calls == 1 and len(layer.asked) == 1


@pytest.mark.parametrize(
    ("stop", "source", "lat", "lon"),
    [
        (Stop("Botkyrka", "Zweden", "SE"), "reviewed", 59.199, 17.833),
        (Stop("Kaapstad", "Zuid-Afrika", "ZA"), "gazetteer", -33.926, 18.423),
        (Stop("Nergenshuizen", "Nederland", "NL"), "unresolved", None, None),
        (Stop("Manchester", "Atlantis", None), "unresolved", None, None),
    ],
)
def test_a_stop_records_the_layer_that_placed_it(geocoder, stop, source, lat, lon):
    placed = geocoder.place(stop)

    assert placed.source == source
    if lat is None:
        assert (placed.lat, placed.lon) == (None, None) and not placed.resolved
    else:
        assert (placed.lat, placed.lon) == pytest.approx((lat, lon), abs=0.01)
    assert (placed.name, placed.country, placed.country_code) == (stop.name, stop.country, stop.country_code)


def test_every_stop_of_the_seed_document_is_placed_in_its_country_or_unresolved(seed_atlas):
    stops = [stop for trip in seed_atlas.trips for stop in trip.stops]
    by_name = {stop.name: stop for stop in stops}

    assert stops
    assert {stop.source for stop in stops} <= SOURCES
    for stop in stops:
        if stop.resolved:
            assert (stop.lat, stop.lon) != (0, 0), stop
            assert stop.source != "unresolved", stop
        else:
            assert (stop.lat, stop.lon, stop.source) == (None, None, "unresolved"), stop
    assert by_name["Botkyrka"].source == "reviewed"
    assert by_name["Malmö"].source == "gazetteer"
    assert (by_name["Manchester"].lat, by_name["Manchester"].lon) == pytest.approx((53.481, -2.237), abs=0.01)


# --- reisatlas geocode ----------------------------------------------------------------------------------


def reisatlas(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REISATLAS_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "reisatlas.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("place", "country", "expected"),
    [
        ("Botkyrka", "Zweden", {"country_code": "SE", "lat": 59.199, "lon": 17.833, "source": "reviewed"}),
        ("Kaapstad", "ZA", {"country_code": "ZA", "lat": -33.926, "lon": 18.423, "source": "gazetteer"}),
    ],
)
def test_cli_geocode_places_a_known_place(place, country, expected):
    done = reisatlas("geocode", "--offline", place, "--country", country)

    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["name"] == place
    assert answer["country_code"] == expected["country_code"]
    assert answer["source"] == expected["source"]
    assert (answer["lat"], answer["lon"]) == pytest.approx((expected["lat"], expected["lon"]), abs=0.01)


def test_cli_geocode_leaves_an_unknown_place_unresolved():
    done = reisatlas("geocode", "--offline", "Skogsbrynsvik", "--country", "Zweden")

    assert done.returncode == 1
    assert json.loads(done.stdout) == {
        "name": "Skogsbrynsvik",
        "country_code": "SE",
        "lat": None,
        "lon": None,
        "source": "unresolved",
    }
    assert "Skogsbrynsvik (SE) not found" in done.stderr


def test_cli_geocode_refuses_an_unknown_country():
    done = reisatlas("geocode", "--offline", "Manchester", "--country", "Atlantis")

    assert done.returncode == 2
    assert done.stdout == ""
    assert "Atlantis" in done.stderr


def test_a_geocoder_says_whether_it_may_use_the_network(gazetteer, tmp_path):
    cache_path = tmp_path / "geocode_cache.json"

    assert default_geocoder(online=False, cache_path=cache_path, gazetteer=gazetteer).online is False
    assert default_geocoder(online=True, cache_path=cache_path, gazetteer=gazetteer).online is True  # sends nothing


@pytest.mark.parametrize("lang, population", [("nl", "8.336.599"), ("en", "8,336,599")])
def test_a_candidates_population_is_written_as_the_language_writes_numbers(lang, population):
    from reisatlas.geocoding.candidates import Candidate

    tokyo = Candidate("Tokyo", "Tokyo", "東京", "Tokyo", "JP", 8336599, 35.6895, 139.6917, 1850147)
    assert tokyo.label(lang).endswith(population + (" inwoners" if lang == "nl" else ""))
    assert population in tokyo.label(lang)
