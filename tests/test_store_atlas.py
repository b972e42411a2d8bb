"""The store in the atlas: the folder's documents and the published uploads, with their corrections,
through the one loading path (reisatlas.atlas.load_atlas) and its per-document cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from reisatlas.atlas import DocumentCache, load_atlas, read_document
from reisatlas.store import Store, folder_key
from reisatlas.store.corrections import field_value, trip_keys

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
OTHER = ROOT / "tests" / "documents" / "app_other_trips.txt"


@pytest.fixture
def store(store_location):
    with Store(store_location) as opened:
        yield opened


def test_only_published_uploads_join_the_folder_documents(store, offline_geocoder):
    draft = store.add_document("concept.txt", OTHER.read_bytes(), "anna")
    assert load_atlas([SEED, *store.sources("published")], offline_geocoder).documents == (str(SEED),)
    store.set_status(draft.id, "published", "anna")
    atlas = load_atlas([SEED, *store.sources("published")], offline_geocoder, fixes=store.fixes_for)
    assert atlas.documents == (str(SEED), "concept.txt")
    assert set(atlas.trips["file"]) == {str(SEED), "concept.txt"}
    store.set_status(draft.id, "withdrawn", "anna")
    assert store.sources("published") == [] and store.document(draft.id).status == "withdrawn"


def test_a_correction_to_a_folder_document_reaches_the_atlas_and_only_its_tables_are_rebuilt(
    store, offline_geocoder, tmp_path
):
    cache = DocumentCache(tmp_path / "cache")
    before = load_atlas([SEED], offline_geocoder, cache, fixes=store.fixes_for)
    trips = read_document(SEED, offline_geocoder).trips
    key = trip_keys(trips)[0]
    stops = field_value(trips[0], "stops")
    stops[0].update(lat=52.0, lon=5.0)
    store.save_correction(
        folder_key(SEED.name), key, "stops", stops, "anna", expected_version=0, original=field_value(trips[0], "stops")
    )
    store.save_correction(folder_key(SEED.name), key, "themes", ["sport"], "anna", expected_version=0)
    cache.hits = cache.misses = 0
    after = load_atlas([SEED], offline_geocoder, cache, fixes=store.fixes_for)
    assert cache.hits == 1  # the document's trips came from the cache; only its corrected tables were built
    assert after.trips.iloc[0]["themes"] == ["sport"] and before.trips.iloc[0]["themes"] != ["sport"]
    first = after.stops[after.stops["trip_id"] == after.trips.iloc[0]["trip_id"]].iloc[0]
    assert (first["lat"], first["lon"], first["source"]) == (52.0, 5.0, "corrected")
    again = load_atlas([SEED], offline_geocoder, cache, fixes=store.fixes_for)
    assert again.trips.iloc[0]["themes"] == ["sport"] and cache.hits == 2


def test_a_stop_placed_by_hand_is_no_longer_listed_as_not_on_the_map(store, offline_geocoder, tmp_path):
    document = tmp_path / "onbekend.txt"
    document.write_text(
        "Werkbezoek Xyzzyvik (Zweden)\nOnderwerp\ndoor wethouder Kasmi\nJuni 2025\nTekst.\n", encoding="utf-8"
    )
    parsed = read_document(document, offline_geocoder)
    assert [n.message for n in parsed.notices if "niet gevonden" in n.message]
    stops = [{**s, "lat": 59.3, "lon": 18.0} for s in field_value(parsed.trips[0], "stops")]
    store.save_correction(
        folder_key(document.name), trip_keys(parsed.trips)[0], "stops", stops, "anna", expected_version=0
    )
    corrected = load_atlas([document], offline_geocoder, fixes=store.fixes_for)
    assert corrected.stops.iloc[0]["lat"] == 59.3
    assert [n for n in corrected.notices if "niet gevonden" in n.message] == []
