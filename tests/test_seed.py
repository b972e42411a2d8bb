"""The seed overview (June–September 2025) through the real command line, checked against the world.

The true positions below are written from general knowledge of where these places are, not copied
from the gazetteer; a stop may be off by up to 20 km (a municipality's seat, a city centre). Botkyrka's is
the exception: it is the position data/places.csv gives (its seat Tumba, reviewed by hand), so for Botkyrka the
test checks that the reviewed place is used, not that the review was right.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from geopy.distance import geodesic

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"

TRUE_POSITIONS = {
    "Malmö": (55.605, 13.003),
    "Botkyrka": (59.199, 17.833),  # the municipality's seat, Tumba: as in data/places.csv
    "Stockholm": (59.329, 18.069),
    "Manchester": (53.481, -2.242),
    "Oslo": (59.913, 10.752),
    "Richmond": (49.166, -123.133),  # Richmond, British Columbia
    "Brussel": (50.847, 4.357),
    "Johannesburg": (-26.204, 28.047),
    "Tokio": (35.690, 139.692),
    "Osaka": (34.694, 135.502),
    "Kobe": (34.690, 135.196),
}

# (exactly these) or (at least, at most) themes, by the first stop of the trip
THEMES = {
    "Malmö": {"onderwijs"},
    "Manchester": {"cultuur", "zorg"},
    "Oslo": {"haven", "economie", "klimaat"},
    "Richmond": {"sport", "zorg"},
    "Brussel": ({"internationaal", "klimaat"}, {"internationaal", "klimaat", "wonen"}),
    "Johannesburg": {"internationaal"},
    "Tokio": ({"economie", "klimaat"}, {"economie", "klimaat", "haven", "internationaal"}),
}


def reisatlas_command() -> list[str]:
    script = Path(sys.executable).with_name("reisatlas")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reisatlas.cli"]


@pytest.fixture(scope="module")
def run():
    env = {**os.environ, "REISATLAS_OFFLINE": "1"}
    result = subprocess.run(
        [*reisatlas_command(), "parse", "--offline", str(SEED)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def trips(run):
    return json.loads(run.stdout)


def by_first_stop(trips) -> dict[str, dict]:
    return {trip["stops"][0]["name"]: trip for trip in trips}


def test_no_warnings_and_no_traceback(run):
    assert run.stderr == ""


def test_seven_trips_eleven_stops(trips):
    assert len(trips) == 7
    assert sum(len(trip["stops"]) for trip in trips) == 11
    assert sorted(stop["name"] for trip in trips for stop in trip["stops"]) == sorted(TRUE_POSITIONS)


def test_five_officials(trips):
    names = {official["name"] for trip in trips for official in trip["officials"]}
    assert names == {"Kasmi", "Simons", "Achbar", "Zeegers", "Schouten"}
    roles = {official["name"]: official["role"] for trip in trips for official in trip["officials"]}
    assert roles["Schouten"] == "burgemeester"
    assert {roles[n] for n in ("Kasmi", "Simons", "Achbar", "Zeegers")} == {"wethouder"}
    assert all(len(trip["officials"]) == 1 for trip in trips)


def test_months(trips):
    assert all(len(trip["months"]) == 1 for trip in trips)
    assert Counter(trip["months"][0] for trip in trips) == {"2025-06": 3, "2025-07": 2, "2025-09": 2}
    # no trip names days, so none has dates
    assert all(trip["start"] is None and trip["end"] is None for trip in trips)


def test_months_in_document_order(trips):
    months = [trip["months"][0] for trip in trips]
    assert months == sorted(months)


@pytest.mark.parametrize("place", sorted(TRUE_POSITIONS))
def test_every_stop_within_20_km_of_its_true_position(trips, place):
    (stop,) = [stop for trip in trips for stop in trip["stops"] if stop["name"] == place]
    assert stop["lat"] is not None and stop["lon"] is not None, stop
    assert stop["source"] in ("reviewed", "cache", "gazetteer")  # offline: never the network
    distance = geodesic((stop["lat"], stop["lon"]), TRUE_POSITIONS[place]).km
    assert distance < 20, f"{place} placed {distance:.0f} km from where it is"


def test_countries(trips):
    codes = {stop["name"]: stop["country_code"] for trip in trips for stop in trip["stops"]}
    assert codes == {
        "Malmö": "SE",
        "Botkyrka": "SE",
        "Stockholm": "SE",
        "Manchester": "GB",
        "Oslo": "NO",
        "Richmond": "CA",
        "Brussel": "BE",
        "Johannesburg": "ZA",
        "Tokio": "JP",
        "Osaka": "JP",
        "Kobe": "JP",
    }


@pytest.mark.parametrize("place", sorted(THEMES))
def test_themes(trips, place):
    themes = set(by_first_stop(trips)[place]["themes"])
    expected = THEMES[place]
    if isinstance(expected, tuple):
        at_least, at_most = expected
        assert at_least <= themes <= at_most, themes
    else:
        assert themes == expected


def test_trips_sharing_a_trip_share_its_themes(trips):
    """Malmö, Botkyrka and Stockholm are one trip, as are Tokio, Osaka and Kobe."""
    trip_of = {stop["name"]: i for i, trip in enumerate(trips) for stop in trip["stops"]}
    assert trip_of["Malmö"] == trip_of["Botkyrka"] == trip_of["Stockholm"]
    assert trip_of["Tokio"] == trip_of["Osaka"] == trip_of["Kobe"]


def test_descriptions_hold_no_extraction_artefacts(trips):
    for trip in trips:
        description = trip["description"]
        assert description, trip["title"]
        assert "-\n" not in description
        assert "  " not in description
        assert "Pagina" not in description
        assert "\n" not in description.replace("\n\n", "")
        assert description == description.strip()
        for field in (trip["title"], trip["subtitle"]):
            assert field == " ".join(field.split()), field


def test_hyphenation_undone_the_dutch_way(trips):
    oslo = by_first_stop(trips)["Oslo"]["description"]
    assert "offshore energie-industrie," in oslo
    richmond = by_first_stop(trips)["Richmond"]["description"]
    assert "domeinoverstijgende werkwijze" in richmond
    assert "domein- overstijgende" not in richmond and "domein-overstijgende" not in richmond


def test_descriptions_end_where_the_next_trip_begins(trips):
    titles = [trip["title"] for trip in trips]
    for trip in trips:
        assert not any(title in trip["description"] for title in titles)
    assert by_first_stop(trips)["Tokio"]["description"].endswith("samengewerkt met het Havenbedrijf Rotterdam.")
    assert by_first_stop(trips)["Malmö"]["description"].startswith("Wethouder Kasmi is voornemens")


def test_every_source_line_is_its_header(trips):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for trip in trips:
        assert trip["source"]["file"] == str(SEED)
        assert lines[trip["source"]["line"] - 1].strip() == trip["title"]
    assert [trip["source"]["line"] for trip in trips] == sorted(trip["source"]["line"] for trip in trips)


def test_cli_agrees_with_the_library(trips, seed_atlas):
    assert [trip.to_dict() for trip in seed_atlas.trips] == trips
    assert seed_atlas.notices == []
