"""The flow: documents → trips → places → themes, for a set of documents.

Reading a document is done once per content: ``DocumentCache`` keeps each document's placed and
classified trips on disk, keyed by its path, its bytes and everything that shapes the result (the
package's code, the reviewed places, the theme taxonomy, the answer cache, whether the network was
allowed), so a restart is fast and a changed document invalidates exactly its own entry.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterable

from .documents import SUFFIXES, decode, read_bytes
from .errors import DocumentError
from .geocoding import Geocoder
from .model import Notice, Trip
from .parsing import ParsedDocument, parse_document
from .paths import DATA, cache_dir
from .themes import classify_trips

logger = logging.getLogger("reisatlas")


@dataclass
class Atlas:
    trips: list[Trip] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    @property
    def unresolved(self) -> list[tuple[Trip, str]]:
        """(trip, place name) for every stop no layer could place."""
        return [(trip, stop.name) for trip in self.trips for stop in trip.stops if not stop.resolved]


def read_document(path: str | Path, geocoder: Geocoder, cache: DocumentCache | None = None) -> ParsedDocument:
    """One document's trips, placed and classified. Raises DocumentError when it cannot be read or has no trip."""
    data = read_bytes(path)
    key = cache.key(path, data, online=geocoder.online) if cache else None
    if cache and (hit := cache.get(key)) is not None:
        return hit
    parsed = parse_document(decode(data, str(path)), str(path))
    trips = classify_trips(geocoder.place_trips(parsed.trips))
    notices = list(parsed.notices)
    for trip in trips:
        for stop in trip.stops:
            if not stop.resolved:
                notices.append(
                    Notice(trip.source.file, trip.source.line, f"plaats {stop.name!r} ({stop.country}) niet gevonden; niet op de kaart")
                )
    result = ParsedDocument(trips, notices)
    # An online run that left places unresolved may have met a passing error: ask again next time.
    if cache and not (geocoder.online and any(not stop.resolved for trip in trips for stop in trip.stops)):
        cache.put(key, result)
    return result


@cache
def _code_fingerprint() -> str:
    """Hash of the package's code and the data files that shape a document's trips."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for source in sorted(package.glob("*.py")):
        digest.update(source.read_bytes())
    for name in ("places.csv", "themes.toml", "country_aliases.csv"):
        if (DATA / name).exists():
            digest.update((DATA / name).read_bytes())
    return digest.hexdigest()


class DocumentCache:
    """Each document's trips on disk, one pickle per (path, content, code and data) key."""

    def __init__(self, folder: Path | None = None, answers: Path = DATA / "geocode_cache.json"):
        self.folder = Path(folder) if folder else cache_dir() / "documents"
        self.answers = answers
        self.hits = 0
        self.misses = 0

    def key(self, path: str | Path, data: bytes, *, online: bool) -> str:
        digest = hashlib.sha256()
        digest.update(_code_fingerprint().encode())
        digest.update(str(path).encode("utf-8") + b"\0" + (b"online" if online else b"offline") + b"\0")
        if self.answers.exists():  # new online answers may place what was unresolved
            digest.update(hashlib.sha256(self.answers.read_bytes()).digest())
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def get(self, key: str) -> ParsedDocument | None:
        try:
            with (self.folder / f"{key}.pickle").open("rb") as handle:
                result = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, parsed: ParsedDocument) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(parsed, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{key}.pickle")
        except OSError as err:  # a cache that cannot be written only costs time
            logger.debug("document cache not written: %s", err)


def document_paths(folder: str | Path) -> list[Path]:
    """The .txt and .pdf documents in a folder, sorted by name."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def build_atlas(paths: Iterable[str | Path], geocoder: Geocoder, cache: DocumentCache | None = None) -> Atlas:
    """Every trip of every document; a document that fails becomes a notice, the others still count."""
    atlas = Atlas()
    for path in paths:
        try:
            parsed = read_document(path, geocoder, cache)
        except DocumentError as err:
            atlas.notices.append(Notice(err.file, err.line, err.reason))
            continue
        atlas.documents.append(str(path))
        atlas.trips.extend(parsed.trips)
        atlas.notices.extend(parsed.notices)
    return atlas
