"""The flow: documents → trips → places → themes, for a set of documents.

Reading a document is done once per content: ``DocumentCache`` keeps each document's placed and
classified trips on disk (and, for the app, the same trips as tables), keyed by its path, its bytes
and everything that shapes the result (the package's code, the reviewed places, the theme taxonomy,
the answer cache, whether the network was allowed), so a restart is fast and a changed document
invalidates exactly its own entries.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

from .documents import SUFFIXES, DocumentSource, decoded, read_bytes
from .errors import DocumentError
from .files import seal, unseal, write_atomically
from .fixes import Fixes, apply_corrections
from .geocoding import Geocoder, answers_file
from .model import Notice, Trip
from .municipalities import municipality_setting
from .parsing import ParsedDocument, parse_document
from .paths import DATA, cache_dir
from .readers import pdf_tables
from .themes import classify_trips_noting

if TYPE_CHECKING:  # pandas only when tables are asked for: the CLI's parse and geocode start without it
    import pandas as pd

logger = logging.getLogger("reisatlas")


def _name_and_bytes(document: str | Path | DocumentSource) -> tuple[str | Path, bytes]:
    if isinstance(document, DocumentSource):
        return document.name, document.data
    return document, read_bytes(document)


def read_document(
    path: str | Path | DocumentSource,
    geocoder: Geocoder,
    cache: DocumentCache | None = None,
    fixes: Fixes | None = None,
    municipality: str | None = None,
) -> ParsedDocument:
    """One document's trips, placed, classified and, with ``fixes``, corrected (reisatlas.fixes).
    Raises DocumentError when it cannot be read or has no trip.

    ``municipality`` is the home when the text does not name it; else gemeenten.csv beside the document may say.
    """
    name, data = _name_and_bytes(path)
    municipality = municipality or _setting(path)
    key = cache.key(name, _keyed(data, municipality), online=geocoder.online) if cache else None
    return _corrected(_read_document(name, data, key, geocoder, cache, municipality), fixes, str(name))


def _setting(path: str | Path | DocumentSource) -> str | None:
    """The municipality gemeenten.csv beside a document sets (an upload has no folder)."""
    return None if isinstance(path, DocumentSource) else municipality_setting(path)


def _keyed(data: bytes, municipality: str | None) -> bytes:
    """The bytes a cache key is made of: a document's own, and the municipality set for it."""
    return data + b"\0municipality=" + municipality.encode("utf-8") if municipality else data


def _read_document(
    path: str | Path,
    data: bytes,
    key: str | None,
    geocoder: Geocoder,
    cache: DocumentCache | None,
    municipality: str | None = None,
) -> ParsedDocument:
    if cache and (hit := cache.get(key)) is not None:
        return hit
    # A PDF's tables are read from the page (pdfplumber), not guessed from its text.
    tables = pdf_tables(data) if data.startswith(b"%PDF") else None
    read = decoded(data, str(path))
    parsed = parse_document(read.text, str(path), municipality, tables)
    trips, guessed = classify_trips_noting(geocoder.place_trips(parsed.trips))
    result = ParsedDocument(trips, read.notices + list(parsed.notices) + unresolved_notices(trips) + guessed)
    if cache and _keep(geocoder, trips):
        cache.put(key, result)
    return result


def unresolved_notices(trips: Iterable[Trip]) -> list[Notice]:
    """A notice for every stop that is not on the map."""
    return [
        Notice.said(
            trip.source.file, trip.source.line, "notice_place_not_found", place=repr(stop.name), country=stop.country
        )
        for trip in trips
        for stop in trip.stops
        if not stop.resolved
    ]


def _corrected(parsed: ParsedDocument, fixes: Fixes | None, file: str) -> ParsedDocument:
    """The document with its corrections and the places reviewed in the app applied; the notices of
    places not on the map follow the corrected stops."""
    if not fixes:
        return parsed
    trips, gone = apply_corrections(parsed.trips, fixes.corrections, fixes.places, file=file)
    before = set(unresolved_notices(parsed.trips))
    notices = [notice for notice in parsed.notices if notice not in before]
    return ParsedDocument(trips, notices + gone + unresolved_notices(trips))


def _keep(geocoder: Geocoder, trips: list[Trip]) -> bool:
    """Whether a result may be cached: an online run that left places unresolved may have met a
    passing error, so it is asked again next time."""
    return not (geocoder.online and any(not stop.resolved for trip in trips for stop in trip.stops))


@dataclass(frozen=True)
class Atlas:
    """Every trip and stop of a set of documents, as the tables of ``reisatlas.selection``, with what
    the filters need of all trips worked out once. Shared read-only (the app gives one to every session)."""

    trips: pd.DataFrame  # one row per trip, in document order
    stops: pd.DataFrame  # one row per stop of each trip, in route order
    notices: tuple[Notice, ...] = ()
    documents: tuple[str, ...] = ()
    months: tuple[str, ...] = ()  # every month from the first to the last trip, empty months included
    officials: Mapping[str, str] = field(default_factory=dict)  # name -> "wethouder Kasmi", as first met
    countries: frozenset[str] = frozenset()  # the codes of every country a trip goes to


@dataclass
class _Tables:
    """One document's trips and stops tables, as the document cache keeps them."""

    trips: pd.DataFrame
    stops: pd.DataFrame
    notices: list[Notice] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def _read_tables(
    path: str | Path | DocumentSource,
    geocoder: Geocoder,
    cache: DocumentCache | None = None,
    fixes: Fixes | None = None,
) -> _Tables:
    """One document as its trips and stops tables. With a cache they are kept beside the document's
    trips, under the same key: a restart then reads two tables instead of building them again from
    thousands of trips (at 10,000 trips 0.05 s instead of 0.8 s). Corrected tables are kept under a
    key that also holds the corrections, so a new correction builds the tables of its document only."""
    from .selection import stops_frame, trips_frame

    name, data = _name_and_bytes(path)
    municipality = _setting(path)
    key = cache.key(name, _keyed(data, municipality), online=geocoder.online) if cache else None
    tables_key = f"{key}-tables" + (f"-{fixes.fingerprint()}" if fixes else "")
    if cache and (hit := cache.get(tables_key)) is not None:
        return hit
    parsed = _corrected(_read_document(name, data, key, geocoder, cache, municipality), fixes, str(name))
    tables = _Tables(trips_frame(parsed.trips), stops_frame(parsed.trips), list(parsed.notices), [str(name)])
    if cache and _keep(geocoder, parsed.trips):
        cache.put(tables_key, tables)
    return tables


@cache
def _code_fingerprint() -> str:
    """Hash of the package's code and the data files that shape a document's trips."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):  # the geocoding package's modules too
        digest.update(source.read_bytes())
    for name in (
        "places.csv",
        "themes.toml",
        "municipalities.csv",
        "municipalities_be.csv",
        "vocabulary.toml",
        "country_aliases.csv",
        "regions.csv",
        "emission_factors.csv",
        "train_rule.toml",
    ):
        if (DATA / name).exists():
            digest.update((DATA / name).read_bytes())
    return digest.hexdigest()


class DocumentCache:
    """Each document's trips on disk, one file per (path, content, code and data) key, sealed with this machine's
    key (``reisatlas.files.seal``: a file another machine wrote is a miss, never unpickled); its tables under the
    same key with ``-tables`` appended."""

    def __init__(self, folder: Path | None = None, answers: Path | None = None):
        self.folder = Path(folder) if folder else cache_dir() / "documents"
        self.answers = Path(answers) if answers else answers_file()
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

    def get(self, key: str) -> ParsedDocument | _Tables | None:
        try:
            result = unseal((self.folder / f"{key}.sealed").read_bytes())  # nothing another machine wrote
        except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, parsed: ParsedDocument | _Tables) -> None:
        try:
            write_atomically(self.folder / f"{key}.sealed", seal(parsed), make_folder=True)
        except OSError as err:  # a cache that cannot be written only costs time
            logger.debug("document cache not written: %s", err)


def document_paths(folder: str | Path) -> list[Path]:
    """The .txt and .pdf documents in a folder, sorted by name."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def load_atlas(
    paths: Iterable[str | Path | DocumentSource],
    geocoder: Geocoder,
    cache: DocumentCache | None = None,
    *,
    strict: bool = False,
    fixes: Callable[[str | Path | DocumentSource], Fixes | None] | None = None,
) -> Atlas:
    """Every trip of every document, the one way the app, the command line, the benchmark and the tests
    read documents. A document that fails becomes a notice and the others still count; with ``strict``
    (an export must hold every document it names) its DocumentError is raised instead.

    A document is a path or a DocumentSource (an upload in the store); ``fixes(document)`` gives its
    corrections and the places reviewed in the app (``reisatlas.store.Store.fixes_for`` gives them; the atlas does not import the store)."""
    from .periods import month_span
    from .selection import official_labels, stops_frame, trips_frame

    parts: list[_Tables] = []
    notices: list[Notice] = []
    for path in paths:
        try:
            tables = _read_tables(path, geocoder, cache, fixes(path) if fixes else None)
        except DocumentError as err:
            if strict:
                raise
            notices.append(Notice(err.file, err.line, err.reason, err.key, tuple(err.values.items())))
            continue
        parts.append(tables)
        notices.extend(tables.notices)
    if parts:
        trips, stops = _concat([part.trips for part in parts]), _concat([part.stops for part in parts])
        if not trips["trip_id"].is_unique:  # two documents of one file name (a seed and its upload)
            parts = _distinct_ids(parts)
            trips, stops = _concat([part.trips for part in parts]), _concat([part.stops for part in parts])
    else:
        trips, stops = trips_frame([]), stops_frame([])
    months = sorted({m for ms in trips["months"] for m in ms})
    return Atlas(
        trips,
        stops,
        tuple(notices),
        tuple(document for part in parts for document in part.documents),
        months=tuple(month_span(months[0], months[-1])) if months else (),
        officials=MappingProxyType(official_labels(trips)),
        countries=frozenset(c for cs in trips["countries"] for c in cs),
    )


def _distinct_ids(parts: list[_Tables]) -> list[_Tables]:
    """The documents' tables with each trip id met in an earlier document replaced (a hash of it and the
    document's place): a trip id names one trip, whose stops, expander and calendar UID are its own."""
    seen: set[str] = set()
    distinct = []
    for number, part in enumerate(parts):
        ids = set(part.trips["trip_id"])
        if clash := ids & seen:
            new = {old: hashlib.sha1(f"{old}|{number}".encode()).hexdigest()[:12] for old in clash}
            part = _Tables(
                part.trips.assign(trip_id=part.trips["trip_id"].replace(new)),
                part.stops.assign(trip_id=part.stops["trip_id"].replace(new)),
                part.notices,
                part.documents,
            )
            ids = set(part.trips["trip_id"])
        seen |= ids
        distinct.append(part)
    return distinct


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The frames one below the other, each column of the type one frame of all rows would have
    (a document whose stops all lack a country has an object column where the others have strings)."""
    import pandas as pd

    if len(frames) == 1:
        return frames[0]
    frame = pd.concat(frames, ignore_index=True)
    for column in frame.columns:
        if len({str(part[column].dtype) for part in frames}) > 1:
            frame[column] = pd.Series(frame[column].tolist(), index=frame.index)
    return frame
