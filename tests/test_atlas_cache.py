"""The document cache and the reviewed-places reader: what is kept, what is asked again, what is reported."""

from __future__ import annotations

import pytest

from reisatlas.atlas import DocumentCache, read_document
from reisatlas.errors import DocumentError
from reisatlas.geocoding import Geocoder, Location, ReviewedPlaces

DOCUMENT = """Werkbezoek Oslo en Xyzzyville (Noorwegen)
Kennisuitwisseling walstroom
door wethouder Simons
Juni 2025
Een bezoek aan de haven.
"""


class Known:
    """A layer that knows only Oslo; ``online`` decides whether the geocoder counts as using the network."""

    name = "gazetteer"

    def lookup(self, name, country_code):
        return Location(59.91, 10.75, self.name) if name == "Oslo" else None


class OnlineGeocoder(Geocoder):
    online = True


def test_an_offline_result_with_an_unresolved_place_is_cached(tmp_path):
    document = tmp_path / "doc.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    cache = DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json")
    first = read_document(document, Geocoder([Known()]), cache)
    assert [s.source for s in first.trips[0].stops] == ["gazetteer", "unresolved"]
    read_document(document, Geocoder([Known()]), cache)
    assert (cache.hits, cache.misses) == (1, 1)


def test_an_online_result_with_an_unresolved_place_is_asked_again(tmp_path):
    document = tmp_path / "doc.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    cache = DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json")
    read_document(document, OnlineGeocoder([Known()]), cache)
    second = OnlineGeocoder([Known()])
    read_document(document, second, cache)
    assert cache.hits == 0
    assert second.calls > 0


def test_online_and_offline_results_are_kept_apart(tmp_path):
    document = tmp_path / "doc.txt"
    document.write_text(DOCUMENT.replace(" en Xyzzyville", ""), encoding="utf-8")
    cache = DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json")
    read_document(document, Geocoder([Known()]), cache)
    read_document(document, OnlineGeocoder([Known()]), cache)
    assert (cache.hits, cache.misses) == (0, 2)


@pytest.mark.parametrize(
    "row, reason",
    [
        ("Tumba,SE,abc,17.8,", "could not convert"),
        ("Tumba,SE,95,17.8,", "off the globe"),
        (",SE,59.2,17.8,", "missing"),
    ],
)
def test_a_bad_reviewed_place_names_the_file_and_line(tmp_path, row, reason):
    places = tmp_path / "places.csv"
    places.write_text(
        f"# reviewed\nname,country_code,lat,lon,note\nBotkyrka,SE,59.199,17.833,ok\n{row}\n", encoding="utf-8"
    )
    with pytest.raises(DocumentError) as caught:
        ReviewedPlaces(places)
    assert caught.value.file == str(places)
    assert caught.value.line == 4
    assert reason in str(caught.value)
