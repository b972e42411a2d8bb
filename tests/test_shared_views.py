"""The work of one selection is done once for every session that shows it (ui.shared), and never outlives the
atlas it was made from: a correction in Beheer (a new store revision) makes it anew.

Each test reads a document under a name no other test uses, so the process-wide caches start empty for it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from reisatlas.atlas import read_document
from reisatlas.store import Store, folder_key
from reisatlas.store.corrections import field_value, trip_keys

pytestmark = pytest.mark.apptest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"


@pytest.fixture
def documents(tmp_path, monkeypatch, request):
    """The seed under a name of this test's own, as the documents folder."""
    folder = tmp_path / "documents"
    folder.mkdir()
    path = folder / f"gedeeld_{request.node.name}.txt"
    path.write_bytes(SEED.read_bytes())
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(folder))
    return path


@pytest.fixture
def counted(monkeypatch):
    """How often the map and the summary are worked out: {"maps": n, "summaries": n}."""
    import ui.shared as shared

    calls = {"maps": 0, "summaries": 0}
    build_deck, summarise = shared.build_deck, shared.summarise

    def counting_deck(*args, **kwargs):
        calls["maps"] += 1
        return build_deck(*args, **kwargs)

    def counting_summary(*args, **kwargs):
        calls["summaries"] += 1
        return summarise(*args, **kwargs)

    monkeypatch.setattr(shared, "build_deck", counting_deck)
    monkeypatch.setattr(shared, "summarise", counting_summary)
    return calls


def session(**params) -> AppTest:
    """A new browser tab on the map page (its own session state), after its first run."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def spec(at: AppTest) -> str:
    (chart,) = at.get("deck_gl_json_chart")
    return chart.proto.json


def test_two_sessions_with_the_same_selection_share_one_map_and_summary(documents, counted):
    first = session(months=["2025-06", "2025-07"])
    assert counted == {"maps": 1, "summaries": 1}
    second = session(months=["2025-06", "2025-07"])
    assert counted == {"maps": 1, "summaries": 1}  # the second tab is sent what the first one's run made
    assert spec(second) == spec(first)
    assert [m.value for m in second.markdown] == [m.value for m in first.markdown]  # the same summary sentence

    # Another selection is worked out for itself, and shows something else.
    second.select_slider(key="months").set_range("2025-09", "2025-09").run()
    assert not second.exception
    assert counted["maps"] == 2 and counted["summaries"] == 2
    assert spec(second) != spec(first)
    # Back to a selection made before: nothing is worked out again.
    first.select_slider(key="months").set_range("2025-09", "2025-09").run()
    assert counted["summaries"] == 2
    assert spec(first) == spec(second)


def test_a_language_or_colouring_is_a_map_of_its_own(documents, counted):
    dutch = session()
    english = session(lang="en")
    assert counted["maps"] == 2 and spec(dutch) != spec(english)  # the tooltips are in the reader's language
    by_theme = session(colour="theme")
    assert counted["maps"] == 3 and spec(by_theme) != spec(dutch)


def test_a_correction_in_beheer_makes_the_shared_map_anew(documents, counted, offline_geocoder):
    before = session()
    again = session()
    assert counted["maps"] == 1 and spec(again) == spec(before)

    # An editor places the first trip's first stop somewhere else: the store's revision moves.
    trips = read_document(documents, offline_geocoder).trips
    stops = field_value(trips[0], "stops")
    moved = [{**stops[0], "lat": 52.0, "lon": 5.0}, *stops[1:]]
    with Store(Path(os.environ["REISATLAS_STORE"])) as store:
        store.save_correction(
            folder_key(documents.name), trip_keys(trips)[0], "stops", moved, "anna", expected_version=0, original=stops
        )
    after = session()
    assert counted["maps"] == 2

    # The moved place is drawn near Utrecht now (a marker that shares its spot with home is fanned a little
    # aside, so near, not on), and was not before.
    def near_utrecht(map_spec) -> bool:
        return any(
            abs(r["lon"] - 5.0) < 2 and abs(r["lat"] - 52.0) < 2
            for r in stops_layer(map_spec)
            if r["name"] == stops[0]["name"]
        )

    assert near_utrecht(spec(after)) and not near_utrecht(spec(before))
    # A session that was open before the correction shows it on its next rerun, from the same new map.
    again.run()
    assert counted["maps"] == 2  # its later maps name the outlines: the map the first map was written from
    assert near_utrecht(spec(again))


def stops_layer(text: str) -> list[dict]:
    (found,) = [layer for layer in json.loads(text)["layers"] if layer["id"] == "stops"]
    return found["data"]


@pytest.mark.parametrize("months", [None, ("2025-06", "2025-06")])
def test_a_first_map_written_from_a_later_one_is_the_map_build_deck_carries(documents, offline_geocoder, months):
    """A session's first map carries the world's outlines; it is written from the map every later run shows
    (built once for both), and is byte for byte what build_deck writes when asked to carry them. A zoomed-in
    map (June: Scandinavia) fetches its fine outlines either way."""
    from reisatlas.atlas import load_atlas
    from reisatlas.colours import colouring
    from reisatlas.map import build_deck
    from reisatlas.selection import Selection
    from ui.shared import WrittenMap

    atlas = load_atlas([documents], offline_geocoder)
    trips = Selection(months=months).apply(atlas.trips)
    paint = colouring(atlas.trips, "official", "nl")
    later = WrittenMap(build_deck(trips, atlas.stops, paint, "nl", served_outlines=True))
    first = WrittenMap(build_deck(trips, atlas.stops, paint, "nl", served_outlines=True, carry_world_outlines=True))
    assert later.carrying_world_outlines().text == first.text
    assert later.carrying_world_outlines().picks == later.picks
    assert (first.text == later.text) == (months is not None)  # the world view carries them, Scandinavia not
