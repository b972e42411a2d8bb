"""One loading path: load_atlas reads every document the same way for the app, the CLI, the bench and the tests."""

from __future__ import annotations

import pytest

from reisatlas.atlas import DocumentCache, load_atlas
from reisatlas.errors import DocumentError


@pytest.fixture
def folder(tmp_path, seed_path):
    (tmp_path / "a_seed.txt").write_bytes(seed_path.read_bytes())
    (tmp_path / "b_empty.txt").write_bytes(b"")
    return tmp_path


def test_a_broken_document_is_a_notice_and_the_others_count(folder, offline_geocoder):
    atlas = load_atlas(sorted(folder.iterdir()), offline_geocoder, DocumentCache(folder / "cache"))
    assert len(atlas.trips) == 7 and atlas.documents == (str(folder / "a_seed.txt"),)
    assert [str(notice) for notice in atlas.notices] == [f"{folder / 'b_empty.txt'}: document is leeg (empty file)"]


def test_strict_raises_for_the_broken_document(folder, offline_geocoder):
    with pytest.raises(DocumentError, match="b_empty.txt: document is leeg"):
        load_atlas(sorted(folder.glob("*.txt")), offline_geocoder, strict=True)


def test_what_the_filters_need_is_worked_out_once(folder, offline_geocoder):
    atlas = load_atlas([folder / "a_seed.txt"], offline_geocoder)
    assert atlas.months == ("2025-06", "2025-07", "2025-08", "2025-09")  # August has no trip, but is a month
    assert atlas.officials["Kasmi"] == "wethouder Kasmi" and len(atlas.officials) == 5
    assert {"SE", "JP", "GB", "NO", "ZA", "BE", "CA"} == atlas.countries
    with pytest.raises(TypeError):
        atlas.officials["Kasmi"] = "someone else"  # shared by every session: read-only


def test_no_document_gives_empty_tables(offline_geocoder):
    atlas = load_atlas([], offline_geocoder)
    assert atlas.trips.empty and atlas.stops.empty and atlas.months == () and atlas.notices == ()


def test_two_documents_of_one_file_name_keep_their_trips_apart(tmp_path, seed_path, offline_geocoder):
    """A seed and its upload under the same name (uploads/x.txt beside seeds/x.txt): the trip ids, which hash
    the file's name, would be the same, and each trip would be drawn with the other's stops."""
    for folder in ("seeds", "uploads"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / seed_path.name).write_bytes(seed_path.read_bytes())
    alone = load_atlas([tmp_path / "seeds" / seed_path.name], offline_geocoder)
    atlas = load_atlas([tmp_path / folder / seed_path.name for folder in ("seeds", "uploads")], offline_geocoder)
    assert len(atlas.trips) == 14 and atlas.trips["trip_id"].is_unique
    assert list(atlas.trips["trip_id"][:7]) == list(alone.trips["trip_id"])  # the first keeps its ids (old links)
    per_trip = atlas.stops.groupby("trip_id", sort=False).size()
    assert list(per_trip[atlas.trips["trip_id"]]) == 2 * list(alone.stops.groupby("trip_id", sort=False).size())
