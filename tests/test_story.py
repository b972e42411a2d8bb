"""Story mode: the order of the steps, clamping, and the presentation page stepping through the seed."""

from __future__ import annotations

import html
import json
import re
from datetime import date

import pandas as pd
import pytest
from apptest import APP, run_app
from streamlit.testing.v1 import AppTest

from reisatlas.story import clamp_step, next_step, resolve_step, step_html, story_order

SEED_ORDER = [
    "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)",  # juni
    "Werkbezoek Manchester (Verenigd Koninkrijk)",
    "Werkbezoek en handelsmissie Oslo (Noorwegen)",
    "Werkbezoek Richmond (Canada)",  # juli
    "Werkbezoek Brussel (België)",
    "Werkbezoek Johannesburg (Zuid-Afrika)",  # september
    "Werkbezoek Tokio, Osaka en Kobe (Japan)",
]

# Out of time order on purpose: November (days), a trip without a period, November (month), June.
DOCUMENT = """\
Werkbezoek Porto (Portugal)
Kennisuitwisseling havens
door wethouder Simons
3 tot en met 7 november 2025
Wethouder Simons bezoekt de haven van Porto.

Werkbezoek Lyon (Frankrijk)
Kennisuitwisseling cultuur
door wethouder Kasmi
Wethouder Kasmi bezoekt musea in Lyon; de datum staat nog niet vast.

Werkbezoek Hamburg (Duitsland)
Havenconferentie
door wethouder Simons
November 2025
Wethouder Simons spreekt op een conferentie over havens.

Werkbezoek Oslo (Noorwegen)
Maritieme beurs
door wethouder Simons
Juni 2025
Wethouder Simons bezoekt een beurs.
"""


# The pure logic.


def test_story_order_of_the_seed_is_june_july_september(seed_trips):
    assert story_order(seed_trips)["title"].tolist() == SEED_ORDER


def test_story_order_does_not_depend_on_the_frame_order(seed_trips):
    shuffled = seed_trips.sample(frac=1, random_state=7)
    assert story_order(shuffled)["title"].tolist() == SEED_ORDER


def _trip(title, months, start=None, end=None, line=1):
    return {
        "trip_id": title,
        "title": title,
        "months": months,
        "start": start,
        "end": end,
        "file": "a.txt",
        "line": line,
    }


def test_story_order_by_start_day_then_document_order_undated_last():
    trips = pd.DataFrame(
        [
            _trip("porto", ["2025-11"], date(2025, 11, 3), date(2025, 11, 7), line=1),
            _trip("lyon", [], line=10),
            _trip("hamburg", ["2025-11"], line=20),
            _trip("oslo", ["2025-06"], line=30),
            _trip("rome", ["2025-11"], line=40),
            _trip("zürich", [], line=50),
        ]
    )
    # A month-only trip starts on the 1st: before a trip from the 3rd of that month.
    assert story_order(trips)["title"].tolist() == ["oslo", "hamburg", "rome", "porto", "lyon", "zürich"]


@pytest.mark.parametrize(
    ("step", "count", "expected"),
    [(0, 7, 0), (6, 7, 6), (7, 7, 6), (99, 2, 1), (-1, 7, 0), (3, 0, 0), (0, 1, 0)],
)
def test_clamp_step(step, count, expected):
    assert clamp_step(step, count) == expected


@pytest.mark.parametrize(
    ("ids", "step", "trip_id", "expected"),
    [
        (["a", "b", "c"], 0, "c", 2),  # the shown trip is still there: follow it
        (["a", "b", "c"], 2, "a", 0),
        (["a", "b"], 6, "gone", 1),  # it is not: clamp the old index
        (["a", "b"], 1, None, 1),
        ([], 4, "a", 0),
    ],
)
def test_resolve_step(ids, step, trip_id, expected):
    assert resolve_step(ids, step, trip_id) == expected


@pytest.mark.parametrize(("step", "count", "expected"), [(0, 7, 1), (5, 7, 6), (6, 7, None), (0, 1, None)])
def test_next_step_stops_at_the_end(step, count, expected):
    assert next_step(step, count) == expected


def test_step_html_escapes_document_text():
    body = step_html(
        progress="Reis 1 van 1",
        title='<img src=x onerror="alert(1)">',
        subtitle="[x](javascript:y)",
        who="<b>wethouder</b>",
        period="juni 2025",
        themes="",
        colour="#e69f00",
    )
    assert "<img" not in body and "<b>" not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body


# The page, through AppTest.


def _story_page(query: dict[str, str] | None = None) -> AppTest:
    return run_app(query, "pages/presentatie.py")


def _check(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _shown(at: AppTest) -> tuple[str, str]:
    """(progress, title) as the step's large type shows them."""
    (block,) = at.html
    progress = re.search(r"<p[^>]*>(.*?)</p>", block.value).group(1)
    title = re.search(r"<h1[^>]*>(.*?)</h1>", block.value).group(1)
    return html.unescape(progress), html.unescape(title)


def _click(at: AppTest, key: str) -> None:
    at.button(key=key).click().run()
    _check(at)


def _deck(at: AppTest) -> dict:
    (deck,) = at.get("deck_gl_json_chart")
    return json.loads(deck.proto.json)


def _layer(deck: dict, layer_id: str) -> list[dict]:
    return next(layer for layer in deck["layers"] if layer["id"] == layer_id)["data"]


def test_next_and_previous_step_through_the_seed_in_time_order():
    at = _story_page()
    assert _shown(at) == ("Reis 1 van 7", SEED_ORDER[0])
    # At the start there is no going back: the button is off and the step stays at 1.
    assert at.button(key="story_previous").disabled
    for n, title in enumerate(SEED_ORDER[1:], start=2):
        _click(at, "story_next")
        assert _shown(at) == (f"Reis {n} van 7", title)
    # At the end there is no going further.
    assert at.button(key="story_next").disabled
    assert at.session_state["story_step"] == 6
    at.run()
    assert _shown(at) == ("Reis 7 van 7", SEED_ORDER[-1])
    _click(at, "story_previous")
    assert _shown(at) == ("Reis 6 van 7", SEED_ORDER[-2])


def test_a_step_out_of_range_is_clamped():
    at = _story_page()
    at.session_state["story_step"] = 40
    at.session_state["story_trip"] = "no such trip"
    at.run()
    _check(at)
    assert _shown(at) == ("Reis 7 van 7", SEED_ORDER[-1])
    at.session_state["story_step"] = -3
    at.session_state["story_trip"] = "no such trip"
    at.run()
    assert _shown(at) == ("Reis 1 van 7", SEED_ORDER[0])


def test_official_filter_from_the_link_gives_two_steps():
    at = _story_page({"official": "Schouten"})
    assert _shown(at) == ("Reis 1 van 2", "Werkbezoek Johannesburg (Zuid-Afrika)")
    _click(at, "story_next")
    assert _shown(at) == ("Reis 2 van 2", "Werkbezoek Tokio, Osaka en Kobe (Japan)")
    assert at.button(key="story_next").disabled


def _story_page_after(state: dict, query: dict[str, str]) -> AppTest:
    """The page opened with new filters while the session was at some step (the state from before)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/presentatie.py").run()
    _check(at)
    return at


def test_new_filters_keep_the_shown_trip_when_it_is_still_selected(seed_trips):
    oslo = seed_trips.set_index("title").loc["Werkbezoek en handelsmissie Oslo (Noorwegen)", "trip_id"]
    at = _story_page_after({"story_step": 2, "story_trip": oslo}, {"theme": "haven"})
    assert _shown(at) == ("Reis 1 van 2", "Werkbezoek en handelsmissie Oslo (Noorwegen)")
    assert at.session_state["story_step"] == 0


def test_new_filters_clamp_the_step_when_the_shown_trip_is_gone(seed_trips):
    tokyo = seed_trips.set_index("title").loc["Werkbezoek Tokio, Osaka en Kobe (Japan)", "trip_id"]
    at = _story_page_after({"story_step": 6, "story_trip": tokyo}, {"official": "Kasmi"})
    assert _shown(at) == ("Reis 2 van 2", "Werkbezoek Manchester (Verenigd Koninkrijk)")
    assert at.session_state["story_step"] == 1


def test_the_deck_holds_only_the_shown_trip():
    at = _story_page()
    for _ in range(5):
        _click(at, "story_next")
    assert _shown(at)[1] == "Werkbezoek Johannesburg (Zuid-Afrika)"
    deck = _deck(at)
    assert [stop["name"] for stop in _layer(deck, "stops")] == ["Johannesburg"]
    assert all(route["tooltip"].count("Werkbezoek") == 1 for route in _layer(deck, "routes"))
    assert all("Werkbezoek Johannesburg (Zuid-Afrika)" in route["tooltip"] for route in _layer(deck, "routes"))
    assert deck["initialViewState"]["transitionDuration"] > 0
    _click(at, "story_next")
    deck = _deck(at)
    assert [stop["name"] for stop in _layer(deck, "stops")] == ["Tokio", "Osaka", "Kobe"]
    # The view moved with the trip: Japan lies east of Johannesburg.
    assert deck["initialViewState"]["longitude"] > 40


def test_english_presentation():
    at = _story_page({"lang": "en", "official": "Schouten"})
    assert _shown(at) == ("Trip 1 of 2", "Werkbezoek Johannesburg (Zuid-Afrika)")
    assert at.button(key="story_next").label.startswith("Next")
    assert "September 2025" in at.html[0].value


def test_autoplay_switched_on_at_the_end_starts_over():
    at = _story_page({"official": "Schouten"})
    _click(at, "story_next")
    assert _shown(at)[0] == "Reis 2 van 2"
    at.toggle(key="story_autoplay").set_value(True).run()
    _check(at)
    assert _shown(at) == ("Reis 1 van 2", "Werkbezoek Johannesburg (Zuid-Afrika)")


def test_time_order_of_a_document_written_out_of_order(tmp_path, monkeypatch):
    (tmp_path / "overzicht.txt").write_text(DOCUMENT, encoding="utf-8")
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path))
    at = _story_page()
    titles = [_shown(at)[1]]
    while not at.button(key="story_next").disabled:
        _click(at, "story_next")
        titles.append(_shown(at)[1])
    assert titles == [
        "Werkbezoek Oslo (Noorwegen)",
        "Werkbezoek Hamburg (Duitsland)",
        "Werkbezoek Porto (Portugal)",
        "Werkbezoek Lyon (Frankrijk)",
    ]
    assert "periode onbekend" in at.html[0].value


def _map_holders(at: AppTest) -> list[str]:
    """The ids of the keyed containers the story map is drawn in (a new id: a new map in the browser)."""

    def holders(node, path):
        for child in getattr(node, "children", {}).values():
            if child.type == "deck_gl_json_chart":
                yield from path
            yield from holders(child, [*path, child])

    return [node.proto.id for node in holders(at.main, []) if getattr(node.proto, "id", "")]


def test_a_reported_phone_width_draws_a_new_map_at_the_phones_view():
    """The first run fits the story map for a desktop; the phone's width report runs it again for the phone. That
    is a new map in the browser (a container of its own), which starts at the phone's view. Handed the phone's view
    while deck.gl still started on the desktop's, the one map once kept the desktop's zoom: only Malmö on a phone."""
    at = _story_page()
    desktop, desktop_holders = _deck(at)["initialViewState"], _map_holders(at)
    at.session_state["client"] = {"width": 358}
    at.run()
    _check(at)
    phone, phone_holders = _deck(at)["initialViewState"], _map_holders(at)
    assert phone["zoom"] < desktop["zoom"] and phone["transitionDuration"] == 0
    assert phone_holders and desktop_holders and set(phone_holders).isdisjoint(desktop_holders)
    # Within one fit the map stays and flies from trip to trip.
    _click(at, "story_next")
    assert _map_holders(at) == phone_holders and _deck(at)["initialViewState"]["transitionDuration"] > 0
