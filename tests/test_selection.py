"""Filters as data: a Selection from a link's parameters, back to them, and in words."""

from __future__ import annotations

import pytest

from reisatlas.errors import ReisatlasError, SelectionError
from reisatlas.selection import Selection


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, Selection()),
        ({"official": ["Schouten"], "theme": "klimaat"}, Selection(officials=("Schouten",), themes=("klimaat",))),
        ({"official": ["Kasmi", "Kasmi", " ", "Simons"]}, Selection(officials=("Kasmi", "Simons"))),
        ({"country": ["SE", "JP"], "q": ["tokio"]}, Selection(countries=("SE", "JP"), text="tokio")),
        ({"months": ["2025-06"]}, Selection(months=("2025-06", "2025-06"))),
        ({"months": ["2025-09", "2025-06"]}, Selection(months=("2025-06", "2025-09"))),
        ({"from": ["2025-07"]}, Selection(months=("2025-07", "9999-12"))),
        ({"to": "2025-07"}, Selection(months=("0000-01", "2025-07"))),
        ({"lang": ["en"], "colour": ["theme"]}, Selection()),  # the view's parameters, not the selection's
    ],
)
def test_from_params(params, expected):
    assert Selection.from_params(params) == expected


@pytest.mark.parametrize(
    "params, dutch, english",
    [
        (
            {"months": ["2025-6"]},
            "months '2025-6': verwacht een maand als YYYY-MM",
            "months '2025-6': expected a month as YYYY-MM",
        ),
        ({"months": ["juni"]}, "months 'juni'", "months 'juni': expected"),
        (
            {"from": ["2025-09"], "to": ["2025-06"]},
            "--from 2025-09 ligt na --to 2025-06",
            "--from 2025-09 is after --to 2025-06",
        ),
    ],
)
def test_bad_params_are_one_clear_error_in_either_language(params, dutch, english):
    with pytest.raises(SelectionError) as caught:
        Selection.from_params(params)
    assert isinstance(caught.value, ReisatlasError) and isinstance(caught.value, ValueError)
    assert dutch in str(caught.value) and dutch in caught.value.text("nl")
    assert english in caught.value.text("en")


@pytest.mark.parametrize(
    "selection",
    [
        Selection(),
        Selection(
            officials=("Schouten", "Kasmi"),
            themes=("klimaat",),
            countries=("SE",),
            months=("2025-06", "2025-09"),
            text="haven",
        ),
        Selection(months=("2025-07", "2025-07")),
    ],
)
def test_params_round_trip(selection):
    params = selection.to_params()
    assert all(isinstance(values, list) and values for values in params.values())  # no empty filter in a link
    assert Selection.from_params(params) == selection


@pytest.mark.parametrize(
    "selection, lang, expected",
    [
        (Selection(), "nl", "alle reizen"),
        (Selection(), "en", "all trips"),
        (
            Selection(officials=("Schouten",), themes=("klimaat", "haven"), months=("2025-06", "2025-09")),
            "nl",
            "bewindspersoon burgemeester Schouten; thema Klimaat, energie & duurzaamheid of Haven & maritiem; juni – september 2025",
        ),
        (
            Selection(officials=("Schouten",), countries=("SE",), text="haven"),
            "en",
            "official mayor Schouten; country Sweden; search ‘haven’",
        ),
        (Selection(months=("2025-07", "9999-12")), "nl", "vanaf juli 2025"),
        (Selection(months=("0000-01", "2025-07")), "en", "up to July 2025"),
    ],
)
def test_describe(selection, lang, expected):
    assert selection.describe(lang, officials={"Schouten": "burgemeester Schouten"}) == expected


@pytest.mark.parametrize(
    "selection, facet, expected",
    [
        (Selection(), "official", {"Kasmi": 2, "Schouten": 2, "Simons": 1, "Achbar": 1, "Zeegers": 1}),
        # a filter does not count against its own options: the other officials still say what they add
        (
            Selection(officials=("Kasmi",)),
            "official",
            {"Kasmi": 2, "Schouten": 2, "Simons": 1, "Achbar": 1, "Zeegers": 1},
        ),
        (Selection(officials=("Kasmi",)), "country", {"SE": 1, "GB": 1}),
        (Selection(themes=("klimaat",)), "official", {"Simons": 1, "Zeegers": 1, "Schouten": 1}),
        (Selection(themes=("klimaat",), months=("2025-06", "2025-07")), "official", {"Simons": 1, "Zeegers": 1}),
        (Selection(text="tokyo"), "theme", {"haven": 1, "economie": 1, "klimaat": 1}),
        (Selection(countries=("JP", "ZA")), "municipality", {"Rotterdam": 2}),
    ],
)
def test_option_counts(seed_trips, selection, facet, expected):
    assert selection.option_counts(seed_trips)[facet] == expected
