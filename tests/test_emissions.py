"""Distance and CO₂ per trip: the factors come from data/, the mode follows the stated rule, the seed adds up."""

from __future__ import annotations

import math

import pytest
from geopy.distance import great_circle

from reisatlas.emission_notes import method_notes
from reisatlas.emissions import (
    FACTORS_FILE,
    FOOTPRINT_COLUMNS,
    factor,
    footprint,
    load_factors,
    load_train_rule,
)
from reisatlas.errors import DocumentError, ReisatlasError
from reisatlas.geo import HOME
from reisatlas.selection import stops_frame, trips_frame
from reisatlas.summary import summarise

BRUSSEL, PARIJS, WENEN = (50.85045, 4.34878), (48.85341, 2.3488), (48.20849, 16.37208)
STOCKHOLM, TOKIO = (59.33258, 18.0649), (35.6895, 139.69171)


ADEME = "https://base-empreinte.ademe.fr/documentation/base-carbone?docLink=aerien"
IMPACTCO2 = (
    "incubateur-ademe/impactco2",
    "src/data/categories/deplacement.json",
    "1540e08d006f9cdd5ad2b29cc723da966f6c6d4c",
)


def test_the_flight_factors_are_ademes_three_classes_with_their_parts_apart():
    """Read from ADEME's Impact CO2 file (entry 'Avion', ecv ids 6 Carburant, 5 Construction, 7 Trainées)."""
    factors = load_factors()
    assert {f.mode for f in factors} == {"train", "flight"}
    flights = sorted((f for f in factors if f.mode == "flight"), key=lambda f: f.min_km)
    assert [(f.min_km, f.max_km) for f in flights] == [(0, 1000), (1000, 3500), (3500, math.inf)]
    assert [(f.part("fuel"), f.part("construction"), f.part("non_co2")) for f in flights] == [
        (0.1412, 0.00038, 0.117),
        (0.1024, 0.00036, 0.0848),
        (0.083, 0.00026, 0.0687),
    ]
    for f in flights:  # every value names the page the file cites, and the file and commit it was read from
        assert f.checked and len(f.values) == 3
        assert all((v.source, v.repository, v.path, v.commit) == (ADEME, *IMPACTCO2) for v in f.values)
    # Short legs emit most per km, long-haul least; the train least of all.
    short, medium, long = (factor("flight", km, factors).co2 for km in (500, 1500, 9000))
    assert short > medium > long > factor("train", 500, factors).co2
    assert factor("flight", 1000, factors).min_km == 1000  # a class's lower edge belongs to it


@pytest.mark.parametrize(
    "content, line, reason",
    [
        ("mode,min_km,max_km,part,kg_co2e_per_pkm\nboat,0,,fuel,0.1\n", 2, "vervoerswijze"),
        ("mode,min_km,max_km,part,kg_co2e_per_pkm\ntrain,0,,fuel,veel\n", 2, "geen getal"),
        ("mode,min_km,max_km,part,kg_co2e_per_pkm\ntrain,0,,steam,0.02\n", 2, "onbekend deel"),
        (
            "mode,min_km,max_km,part,kg_co2e_per_pkm\ntrain,0,,fuel,0.02\nflight,0,700,fuel,0.2\n",
            None,
            "sluiten niet aan",
        ),
        (
            "mode,min_km,max_km,part,kg_co2e_per_pkm\ntrain,0,,fuel,0.02\nflight,0,,non_co2,0.2\n",
            None,
            "geen waarde voor fuel",
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


HEADER = "mode,min_km,max_km,part,kg_co2e_per_pkm,year,source_key,name_in_source,source,repository,path,commit,scope,checked,read_from\n"


def test_the_table_says_how_far_each_value_is_known():
    """Flights: read from ADEME's file, checked. Train: the Dutch list's 2026 value as a public copy quotes it, not
    checked. The unsourced flight values (0.234 / 0.172 / 0.157) are gone."""
    factors = load_factors()
    assert all(v.read_from for f in factors for v in f.values)
    train = factor("train", 100, factors)
    (value,) = train.values
    assert (value.year, value.scope, value.kg_per_pkm, value.checked) == (2026, "wtw", 0.019, False)
    assert value.source.startswith("https://co2emissiefactoren.nl/factoren/2026/")
    assert (train.co2, train.non_co2) == (0.019, 0)
    values = FACTORS_FILE.read_text(encoding="utf-8")
    assert not any(unsourced in values for unsourced in ("0.234", "0.172", "0.157"))


def test_a_table_without_the_provenance_columns_counts_them_unknown(tmp_path):
    path = tmp_path / "emission_factors.csv"
    path.write_text(
        "mode,min_km,max_km,part,kg_co2e_per_pkm\ntrain,0,,fuel,0.02\nflight,0,,fuel,0.2\n",
        encoding="utf-8",
    )
    assert {(v.scope, v.checked, v.year) for f in load_factors(path) for v in f.values} == {("unknown", False, None)}


@pytest.mark.parametrize(
    "row, reason",
    [
        ("train,0,,fuel,0.02,2025,x,y,z,,,,well,no,z", "scope 'well'"),
        ("train,0,,fuel,0.02,2025,x,y,z,,,,wtw,maybe,z", "checked 'maybe'"),
        ("train,0,,fuel,0.02,twintig,x,y,z,,,,wtw,no,z", "year"),
    ],
)
def test_an_unknown_provenance_value_is_refused_naming_file_and_line(tmp_path, row, reason):
    path = tmp_path / "emission_factors.csv"
    path.write_text(HEADER + "flight,0,,fuel,0.2,2025,x,y,z,,,,wtw,yes,z\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DocumentError) as raised:
        load_factors(path)
    assert raised.value.line == 3 and reason in raised.value.reason


def test_the_method_text_follows_the_table(tmp_path):
    """The Over page's sentences are written from the rows: today's (ADEME's flights, checked, with the extra
    warming; the Dutch list's train, not checked) reads differently from a table without the extra warming."""
    today = method_notes(lang="nl")
    assert today[1].startswith("**Vliegtuig:** ADEME, Base Empreinte") and "elk getal is nagelezen" in today[1]
    assert today[2].startswith("Waarom deze bron voor vluchten: de Nederlandse lijst")
    assert "lijst 2026; overgenomen uit een openbare kopie" in today[3]
    assert "3 afstandsklassen: tot 1.000\u00a0km, 1.000 – 3.500\u00a0km en vanaf 3.500\u00a0km" in today[4]
    assert "ongeveer 0,8 keer de CO₂" in today[-1] and "onzekerder" in today[-1]
    path = tmp_path / "emission_factors.csv"
    path.write_text(
        HEADER + "train,0,,fuel,0.02,2027,co2emissiefactoren,x,y,,,,wtw,yes,z\n"
        "flight,0,,fuel,0.2,2027,co2emissiefactoren,x,y,,,,ttw,yes,z\n",
        encoding="utf-8",
    )
    other = method_notes(load_factors(path), "en")
    assert other[1].startswith("**Plane:** the Dutch list of CO₂ emission factors (CO2emissiefactoren.nl), list 2027;")
    assert "every number was read in the source's own public file" in other[1]
    assert (
        other[3]
        == "Flights are counted per leg, in 1 distance classes: any distance. Short flights emit most per kilometre, because taking off takes a lot of fuel."
    )
    assert (
        other[4]
        == "For the plane, counted: the kerosene, without its production. Not counted: building, maintaining and scrapping the aircraft."
    )
    assert other[-1] == "The extra warming of flying at altitude (contrails, nitrogen oxides) is not in these factors."


def test_the_rule_is_read_from_data():
    rule = load_train_rule()
    assert rule.train_max_leg_km < rule.possible_max_leg_km
    assert {"NL", "BE", "FR", "DE", "GB"} <= rule.rail_countries and "JP" not in rule.rail_countries


def test_a_short_trip_in_the_rail_network_goes_by_train():
    trip = footprint([BRUSSEL], ["BE"])
    assert (trip.mode, trip.reason, trip.could_train) == ("train", "rule", False)
    legs = 2 * great_circle(HOME.position, BRUSSEL).km
    assert trip.km == pytest.approx(legs, rel=1e-9)
    assert trip.co2_kg == pytest.approx(legs * factor("train", 120).co2) and trip.non_co2_kg == 0


def test_a_trip_to_stockholm_is_flown_but_could_have_gone_by_train():
    trip = footprint([STOCKHOLM], ["SE"])
    assert (trip.mode, trip.could_train) == ("flight", True)
    assert trip.co2_kg == pytest.approx(trip.km * factor("flight", 1150).co2)  # both legs 1,000–3,500 km
    assert trip.non_co2_kg == pytest.approx(trip.km * factor("flight", 1150).non_co2)
    assert trip.train_co2_kg < trip.co2_kg / 5


def test_the_document_saying_train_wins_over_distance():
    flown = footprint([WENEN], ["AT"])
    said = footprint([WENEN], ["AT"], text="Werkbezoek Wenen. De wethouder reist per trein.")
    assert flown.mode == "flight" and (said.mode, said.reason) == ("train", "document")
    assert said.co2_kg == pytest.approx(flown.train_co2_kg)


def test_outside_the_rail_countries_nothing_could_go_by_train():
    trip = footprint([TOKIO], ["JP"])
    assert (trip.mode, trip.could_train) == ("flight", False)
    assert trip.co2_kg == pytest.approx(trip.km * factor("flight", 9000).co2)
    assert trip.total_kg == pytest.approx(trip.km * factor("flight", 9000).total)


def test_each_leg_gets_the_factor_of_its_own_distance_class():
    # Rotterdam → Paris (~360 km) → Vienna (~1,030 km) → Rotterdam (~930 km), flown: legs in two classes.
    assert [great_circle(a, b).km // 1000 for a, b in ((HOME.position, PARIJS), (PARIJS, WENEN))] == [0, 1]
    trip = footprint([PARIJS, WENEN], ["FR", "AT"], rule=load_train_rule())
    route = [HOME.position, PARIJS, WENEN, HOME.position]
    expected = sum(
        great_circle(a, b).km * factor("flight", great_circle(a, b).km).co2 for a, b in zip(route, route[1:])
    )
    assert trip.mode == "flight" and trip.co2_kg == pytest.approx(expected, rel=1e-6)


def test_an_unplaced_stop_leaves_the_route_incomplete_and_no_stop_leaves_no_estimate():
    partial = footprint([BRUSSEL], ["BE", "BE"], complete=False)
    assert partial.complete is False and partial.km > 0
    nothing = footprint([], ["BE"], complete=False)
    assert math.isnan(nothing.km) and math.isnan(nothing.co2_kg) and math.isnan(nothing.non_co2_kg)
    assert nothing.mode == "" and not nothing.could_train


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
    assert round(summary.kilometres) == 58002 and round(summary.co2_kg) == 4983 and round(summary.non_co2_kg) == 4093
    assert summary.sentence("nl").endswith(", 58.002 km, ca. 9 t CO₂-eq. incl. extra opwarming door vliegen")
    assert summary.sentence("en").endswith(", 58,002 km, about 9 t CO₂e incl. flying's extra warming")
    trains = summarise(trips[trips["mode"] == "train"], stops_frame(seed_atlas.trips))
    assert trains.sentence("nl").endswith(", 1.208 km, ca. 23 kg CO₂")  # no flight: the CO₂, named as such


# The seed by hand, from the table's own numbers (data/emission_factors.csv) and the legs' great-circle km:
# kg = Σ legs km × (fuel + construction) of the leg's class, the extra warming Σ km × non-CO₂.
SHORT, MEDIUM, LONG = (0.1412 + 0.00038, 0.117), (0.1024 + 0.00036, 0.0848), (0.083 + 0.00026, 0.0687)
TRAIN = 0.019


def _legs(trip):
    route = [HOME.position, *[(s.lat, s.lon) for s in trip.stops], HOME.position]
    return [great_circle(a, b).km for a, b in zip(route, route[1:])]


@pytest.mark.parametrize(
    "title, classes, co2, non_co2",
    [
        # Oslo: two legs of ~970 km, both short-haul (< 1,000 km).
        ("Werkbezoek en handelsmissie Oslo (Noorwegen)", [SHORT, SHORT], 274.5, 226.9),
        # Johannesburg: two legs of ~8,990 km, long-haul.
        ("Werkbezoek Johannesburg (Zuid-Afrika)", [LONG, LONG], 1496.4, 1234.7),
        # Malmö, Botkyrka, Stockholm: three short legs and one of ~1,180 km back (medium).
        ("Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)", [SHORT, SHORT, SHORT, MEDIUM], 292.2, 241.3),
    ],
)
def test_the_seeds_flights_by_hand_from_the_table(seed_atlas, seed_trips, title, classes, co2, non_co2):
    (trip,) = [trip for trip in seed_atlas.trips if trip.title == title]
    legs = _legs(trip)
    by_hand = sum(km * c for km, (c, _) in zip(legs, classes)), sum(km * n for km, (_, n) in zip(legs, classes))
    assert [round(x, 1) for x in by_hand] == [co2, non_co2]
    row = seed_trips.set_index("title").loc[title]
    assert row["mode"] == "flight"
    assert (row["co2_kg"], row["non_co2_kg"], row["total_kg"]) == pytest.approx((*by_hand, sum(by_hand)), rel=1e-9)


def test_the_seeds_train_trip_by_hand_from_the_table(seed_atlas, seed_trips):
    (trip,) = [trip for trip in seed_atlas.trips if trip.title == "Werkbezoek Manchester (Verenigd Koninkrijk)"]
    by_hand = sum(_legs(trip)) * TRAIN
    assert round(by_hand, 1) == 18.4
    row = seed_trips.set_index("title").loc[trip.title]
    assert row["mode"] == "train"
    assert (row["co2_kg"], row["non_co2_kg"], row["total_kg"]) == pytest.approx((by_hand, 0, by_hand), rel=1e-9)


@pytest.mark.parametrize(
    "kg, nl, en",
    [
        (9076.1, "ca. 9 t", "about 9 t"),
        (1460.0, "ca. 1,5 t", "about 1.5 t"),
        (12_345_678.0, "ca. 12.346 t", "about 12,346 t"),
        (999.6, "ca. 1 t", "about 1 t"),  # two significant figures round up into tonnes
        (533.5, "ca. 530 kg", "about 530 kg"),
        (4.54, "ca. 4,5 kg", "about 4.5 kg"),
        (1.0, "ca. 1 kg", "about 1 kg"),
        (0.4, "minder dan 1 kg", "less than 1 kg"),  # never "ca. 0 kg"
        (0.04, "minder dan 1 kg", "less than 1 kg"),
        (0.0, "0 kg", "0 kg"),
    ],
)
def test_co2_is_rounded_honestly_in_dutch_and_english(kg, nl, en):
    from reisatlas.i18n import co2_text

    assert (co2_text(kg, "nl"), co2_text(kg, "en")) == (nl, en)
