"""The flow: documents → trips → places → themes, for a set of documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .documents import SUFFIXES, read_text
from .errors import DocumentError
from .geocoding import Geocoder
from .model import Notice, Trip
from .parsing import ParsedDocument, parse_document
from .themes import classify_trips


@dataclass
class Atlas:
    trips: list[Trip] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    @property
    def unresolved(self) -> list[tuple[Trip, str]]:
        """(trip, place name) for every stop no layer could place."""
        return [(trip, stop.name) for trip in self.trips for stop in trip.stops if not stop.resolved]


def read_document(path: str | Path, geocoder: Geocoder) -> ParsedDocument:
    """One document's trips, placed and classified. Raises DocumentError when it cannot be read or has no trip."""
    parsed = parse_document(read_text(path), str(path))
    trips = classify_trips(geocoder.place_trips(parsed.trips))
    notices = list(parsed.notices)
    for trip in trips:
        for stop in trip.stops:
            if not stop.resolved:
                notices.append(
                    Notice(trip.source.file, trip.source.line, f"plaats {stop.name!r} ({stop.country}) niet gevonden; niet op de kaart")
                )
    return ParsedDocument(trips, notices)


def document_paths(folder: str | Path) -> list[Path]:
    """The .txt and .pdf documents in a folder, sorted by name."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def build_atlas(paths: Iterable[str | Path], geocoder: Geocoder) -> Atlas:
    """Every trip of every document; a document that fails becomes a notice, the others still count."""
    atlas = Atlas()
    for path in paths:
        try:
            parsed = read_document(path, geocoder)
        except DocumentError as err:
            atlas.notices.append(Notice(err.file, err.line, err.reason))
            continue
        atlas.documents.append(str(path))
        atlas.trips.extend(parsed.trips)
        atlas.notices.extend(parsed.notices)
    return atlas
