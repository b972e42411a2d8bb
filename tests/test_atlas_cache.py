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


class Planted:
    """What a pickle from another machine (or anyone who can write a shared cache folder) would run on loading."""

    def __reduce__(self):
        import pathlib

        return (pathlib.Path.touch, (pathlib.Path(self.marker),))

    def __init__(self, marker):
        self.marker = str(marker)


def test_a_cache_file_this_machine_did_not_seal_is_a_miss_and_never_unpickled(tmp_path, monkeypatch):
    """A cache folder on a network disk, or another machine's key: its files are rebuilt from the documents,
    never loaded, so writing into the cache folder runs no code in the app."""
    import pickle

    from reisatlas import files

    document = tmp_path / "doc.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    monkeypatch.setenv("REISATLAS_CACHE_KEY", str(tmp_path / "this-machine.key"))
    cache = DocumentCache(tmp_path / "cache", answers=tmp_path / "none.json")
    first = read_document(document, Geocoder([Known()]), cache)
    (kept,) = (tmp_path / "cache").iterdir()
    marker = tmp_path / "ran"
    for planted in (
        pickle.dumps(Planted(marker)),  # a bare pickle, as older versions wrote
        files.MAGIC + b"\0" * 32 + pickle.dumps(Planted(marker)),  # sealed with a key that is not this machine's
    ):
        kept.write_bytes(planted)
        assert read_document(document, Geocoder([Known()]), cache) == first
        assert not marker.exists()
    assert (cache.hits, cache.misses) == (0, 3)
    monkeypatch.setenv("REISATLAS_CACHE_KEY", str(tmp_path / "another-machine.key"))  # a file of this machine …
    assert read_document(document, Geocoder([Known()]), cache) == first
    assert (cache.hits, cache.misses) == (0, 4)  # … is no use to another
    assert read_document(document, Geocoder([Known()]), cache) == first and cache.hits == 1
    assert (tmp_path / "another-machine.key").stat().st_mode & 0o777 == 0o600


def test_the_app_unpickles_nothing_but_what_it_sealed_or_its_own_child_sent():
    """The one place a cache file is unpickled is ``reisatlas.files.unseal``, after its HMAC check with this
    machine's key; the only other pickle the app reads is its upload child's answer on a pipe (no file)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    loads = re.compile(r"\b(pickle\.loads?|pickle\.Unpickler|read_pickle|shelve\.|marshal\.loads?|allow_pickle)\b")
    found = sorted(
        (path.relative_to(root).as_posix(), line.strip())
        for folder in ("reisatlas", "ui", "pages")
        for path in (root / folder).rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if loads.search(line)
    )
    assert found == [
        ("reisatlas/files.py", "return pickle.loads(data)"),
        (
            "reisatlas/store/upload.py",
            "outcome = pickle.loads(done.stdout)  # written by our own child below, not by the uploader",
        ),
    ]
    unseal = (
        (root / "reisatlas" / "files.py").read_text(encoding="utf-8").split("def unseal", 1)[1].split("\ndef ", 1)[0]
    )
    assert unseal.index("hmac.compare_digest") < unseal.index("pickle.loads")  # checked before anything is loaded
