"""Distance and CO₂ per trip: the factors come from data/, the mode follows the stated rule, the seed adds up."""

from __future__ import annotations

import math

import pytest
from geopy.distance import great_circle

from reisatlas.emissions import (
    FOOTPRINT_COLUMNS,
    factor,
    footprint,
    load_factors,
    load_train_rule,
    method_notes,
)
from reisatlas.errors import DocumentError, ReisatlasError
from reisatlas.geo import HOME
from reisatlas.selection import stops_frame, trips_frame
from reisatlas.summary import summarise

BRUSSEL, PARIJS, WENEN = (50.85045, 4.34878), (48.85341, 2.3488), (48.20849, 16.37208)
STOCKHOLM, TOKIO = (59.33258, 18.0649), (35.6895, 139.69171)


def test_the_factors_are_the_reviewed_table_with_year_and_source():
    factors = load_factors()
    assert {f.mode for f in factors} == {"train", "flight"}
    assert all(f.year >= 2025 and f.source.startswith("https://co2emissiefactoren.nl/") for f in factors)
    # Flights by distance class: short legs emit most per km, long-haul least.
    short, medium, long = (factor("flight", km, factors).kg_per_pkm for km in (500, 1500, 9000))
    assert short > medium > long
    assert factor("train", 500, factors).kg_per_pkm < long
    assert factor("flight", 700, factors).min_km == 700  # a class's lower edge belongs to it


@pytest.mark.parametrize(
    "content, line, reason",
    [
        (
            "mode,min_km,max_km,kg_co2e_per_pkm,list_year,name_in_list,source\nboat,0,,0.1,2025,x,y\n",
            2,
            "vervoerswijze",
        ),
        ("mode,min_km,max_km,kg_co2e_per_pkm,list_year,name_in_list,source\ntrain,0,,veel,2025,x,y\n", 2, "geen getal"),
        (
            "mode,min_km,max_km,kg_co2e_per_pkm,list_year,name_in_list,source\ntrain,0,,0.02,2025,x,y\nflight,0,700,0.2,2025,x,y\n",
            None,
            "sluiten niet aan",
        ),
    ],
)
def test_a_broken_factor_table_is_refused_naming_file_and_line(tmp_path, content, line, reason):
    path = tmp_path / "emission_factors.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReisatlasError) as raised:
        load_factors(path)
    assert isinstance(raised.value, DocumentError)
    assert raised.value.file == str(path) and raised.value.line == line and reason in raised.value.reason


HEADER = "mode,min_km,max_km,kg_co2e_per_pkm,list_year,name_in_list,source,scope,non_co2,checked,read_from\n"


def test_the_table_says_how_far_each_factor_is_known():
    """The review of 2026-11-30 found the train's 2026 value quoted from the list's own page, and the flight values
    only in an unsourced copy: nothing is marked checked, and the flights' scope and non-CO₂ part are unknown."""
    factors = load_factors()
    assert not any(f.checked for f in factors) and all(f.read_from for f in factors)
    train = factor("train", 100, factors)
    assert (train.year, train.scope, train.kg_per_pkm) == (2026, "wtw", 0.019)
    assert {(f.scope, f.non_co2) for f in factors if f.mode == "flight"} == {("unknown", "unknown")}


def test_a_table_without_the_provenance_columns_counts_them_unknown(tmp_path):
    path = tmp_path / "emission_factors.csv"
    path.write_text(
        "mode,min_km,max_km,kg_co2e_per_pkm,list_year,name_in_list,source\ntrain,0,,0.02,2025,x,y\nflight,0,,0.2,2025,x,y\n",
        encoding="utf-8",
    )
    assert {(f.scope, f.non_co2, f.checked) for f in load_factors(path)} == {("unknown", "unknown", False)}


@pytest.mark.parametrize(
    "row, reason",
    [
        ("train,0,,0.02,2025,x,y,well,excluded,no,z", "scope 'well'"),
        ("train,0,,0.02,2025,x,y,wtw,excluded,maybe,z", "checked 'maybe'"),
    ],
)
def test_an_unknown_provenance_value_is_refused_naming_file_and_line(tmp_path, row, reason):
    path = tmp_path / "emission_factors.csv"
    path.write_text(HEADER + "flight,0,,0.2,2025,x,y,wtw,excluded,yes,z\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DocumentError) as raised:
        load_factors(path)
    assert raised.value.line == 3 and reason in raised.value.reason


def test_the_method_text_follows_the_table(tmp_path):
    """The Over page's sentences are written from the columns: a checked, well-to-wheel table without the
    extra warming at altitude reads differently from today's, in both languages."""
    today = " ".join(method_notes(lang="nl"))
    assert "trein: lijst 2026, vliegtuig: lijst 2025" in today
    assert "Voor het vliegtuig is niet nagegaan" in today and "is niet nagegaan; dat effect" in today
    assert "**Nog niet nagekeken:** de factoren voor de trein en het vliegtuig" in today
    path = tmp_path / "emission_factors.csv"
    path.write_text(
        HEADER + "train,0,,0.02,2027,x,y,wtw,excluded,yes,z\nflight,0,,0.2,2027,x,y,wtw,excluded,yes,z\n",
        encoding="utf-8",
    )
    checked = method_notes(load_factors(path), "en")
    assert "train: list 2027, plane: list 2027" in checked[0]
    assert (
        checked[1]
        == "For the train and the plane, the production of fuel or electricity is included (*well-to-wheel*)."
    )
    assert checked[2].startswith("The extra warming of flying at altitude (contrails, nitrogen oxides) is not included")
    assert checked[3].startswith("Every factor has been compared with the list itself") and len(checked) == 4


def test_the_rule_is_read_from_data():
    rule = load_train_rule()
    assert rule.train_max_leg_km < rule.possible_max_leg_km
    assert {"NL", "BE", "FR", "DE", "GB"} <= rule.rail_countries and "JP" not in rule.rail_countries


def test_a_short_trip_in_the_rail_network_goes_by_train():
    trip = footprint([BRUSSEL], ["BE"])
    assert (trip.mode, trip.reason, trip.could_train) == ("train", "rule", False)
    legs = 2 * great_circle(HOME.position, BRUSSEL).km
    assert trip.km == pytest.approx(legs, rel=1e-9)
    assert trip.co2_kg == pytest.approx(legs * factor("train", 120).kg_per_pkm)


def test_a_trip_to_stockholm_is_flown_but_could_have_gone_by_train():
    trip = footprint([STOCKHOLM], ["SE"])
    assert (trip.mode, trip.could_train) == ("flight", True)
    assert trip.co2_kg == pytest.approx(trip.km * factor("flight", 1150).kg_per_pkm)  # both legs 700–2500 km
    assert trip.train_co2_kg < trip.co2_kg / 5


def test_the_document_saying_train_wins_over_distance():
    flown = footprint([WENEN], ["AT"])
    said = footprint([WENEN], ["AT"], text="Werkbezoek Wenen. De wethouder reist per trein.")
    assert flown.mode == "flight" and (said.mode, said.reason) == ("train", "document")
    assert said.co2_kg == pytest.approx(flown.train_co2_kg)


def test_outside_the_rail_countries_nothing_could_go_by_train():
    trip = footprint([TOKIO], ["JP"])
    assert (trip.mode, trip.could_train) == ("flight", False)
    assert trip.co2_kg == pytest.approx(trip.km * factor("flight", 9000).kg_per_pkm)


def test_each_leg_gets_the_factor_of_its_own_distance_class():
    # Rotterdam → Paris (~360 km) → Vienna (~1,030 km) → Rotterdam (~930 km), flown: legs in two classes.
    trip = footprint([PARIJS, WENEN], ["FR", "AT"], rule=load_train_rule())
    route = [HOME.position, PARIJS, WENEN, HOME.position]
    expected = sum(
        great_circle(a, b).km * factor("flight", great_circle(a, b).km).kg_per_pkm for a, b in zip(route, route[1:])
    )
    assert trip.mode == "flight" and trip.co2_kg == pytest.approx(expected, rel=1e-6)


def test_an_unplaced_stop_leaves_the_route_incomplete_and_no_stop_leaves_no_estimate():
    partial = footprint([BRUSSEL], ["BE", "BE"], complete=False)
    assert partial.complete is False and partial.km > 0
    nothing = footprint([], ["BE"], complete=False)
    assert math.isnan(nothing.km) and math.isnan(nothing.co2_kg) and nothing.mode == "" and not nothing.could_train


def test_the_seed_trips_carry_their_footprint_and_the_summary_adds_it_up(seed_atlas):
    trips = trips_frame(seed_atlas.trips)
    assert set(FOOTPRINT_COLUMNS) <= set(trips.columns)
    by_title = trips.set_index("title")
    assert by_title.loc["Werkbezoek Brussel (België)", "mode"] == "train"
    assert by_title.loc["Werkbezoek Tokio, Osaka en Kobe (Japan)", "mode"] == "flight"
    assert bool(by_title.loc["Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)", "could_train"])
    for trip in seed_atlas.trips:  # home → stops → home, geopy's great circle per leg
        route = [HOME.position, *[(s.lat, s.lon) for s in trip.stops], HOME.position]
        km = sum(great_circle(a, b).km for a, b in zip(route, route[1:]))
        assert by_title.loc[trip.title, "km"] == pytest.approx(km, rel=1e-9)
    summary = summarise(trips, stops_frame(seed_atlas.trips))
    assert round(summary.kilometres) == 58002 and round(summary.co2_kg / 1000) == 9
    assert summary.sentence("nl").endswith(", 58.002 km, ca. 9 t CO₂")
