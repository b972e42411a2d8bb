"""The aside set: excerpts of real published documents the readers were never tuned on
(tests/documents/aside, sources in its SOURCES.md). Only general properties are asserted: trips are
found, with officials, months and places abroad; nothing is drawn that is not a destination; every gap
is reported with its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reisatlas.atlas import read_document
from reisatlas.geocoding import default_geocoder

ASIDE = sorted((Path(__file__).resolve().parent / "documents" / "aside").glob("*.txt"))
# Known gaps, seen here and left unfixed so that the set stays unseen: remove a mark when a reader learns it.
# (Fixed: a calendar row now takes its day from the day heading above it, tests/test_readers_agenda.py.)
KNOWN_GAPS: dict[str, str] = {
    "prose_tytsjerksteradiel_2024-11.txt": "the traveller is 'het college van B&W' as a whole (no official is named), and "
    "the month ('in oktober') is in a paragraph that calls Brussels 'de Belgische hoofdstad'",
}
CASES = [
    pytest.param(
        p, id=p.name, marks=[pytest.mark.xfail(reason=KNOWN_GAPS[p.name], strict=True)] if p.name in KNOWN_GAPS else []
    )
    for p in ASIDE
]


@pytest.fixture(scope="module")
def geocoder():
    return default_geocoder(online=False)


@pytest.mark.parametrize("path", CASES)
def test_aside_document_yields_trips_with_every_gap_reported(path, geocoder):
    parsed = read_document(path, geocoder)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert parsed.trips
    assert any(trip.officials for trip in parsed.trips)
    assert any(trip.months for trip in parsed.trips)
    reported = {(n.file, n.line) for n in parsed.notices}
    for trip in parsed.trips:
        assert 1 <= trip.source.line <= len(lines)
        assert all(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month) for month in trip.months)
        assert trip.layout and 0 < trip.confidence <= 1
        assert trip.stops
        for stop in trip.stops:
            # places abroad only, each placed inside the country it was found in (or not drawn, and said so)
            assert stop.country_code and stop.country_code != "NL" and stop.kind in ("city", "country")
            if stop.resolved:
                assert stop.source in ("reviewed", "cache", "gazetteer", "country")
        if not trip.officials or not trip.months or not all(s.resolved for s in trip.stops):
            assert (str(path), trip.source.line) in reported
    assert all(n.file == str(path) and (n.line is None or 1 <= n.line <= len(lines)) for n in parsed.notices)
