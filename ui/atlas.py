"""The atlas the dashboard shows: read from the documents folder once per content, shared by every session.

A resource, not data: ``st.cache_data`` would hand every rerun its own unpickled copy of the atlas (at 10,000
trips 0.15 s, and the garbage collector then sweeping 200,000 new objects). The atlas is read-only, keyed
by the documents' content hashes, and the same for every session; the colourings are made with it, once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import pandas as pd
import streamlit as st

from reisatlas.atlas import Atlas, DocumentCache, document_paths, load_atlas
from reisatlas.colours import Colouring, colouring
from reisatlas.geocoding import Gazetteer, default_geocoder
from reisatlas.i18n import LANGUAGES, t
from reisatlas.paths import PROJECT, offline_forced
from reisatlas.places import localised
from reisatlas.store import Store, StoreUnreachable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shown:
    """The atlas, its colourings by (official or theme, language) and its trips and stops tables with the
    places named in each language (``PerLanguage``: each made when first asked for), never changed.

    ``revision`` names what it was made from (the documents' contents, online lookups or not, the store's
    revision): what is worked out from this atlas for a selection is cached under it (``ui.shared``), so a new
    document, a publication or a correction makes a new revision and nothing older is shown again.
    """

    atlas: Atlas
    paints: Mapping[tuple[str, str], Colouring]
    tables: Mapping[str, tuple[pd.DataFrame, pd.DataFrame]]
    revision: str = ""


class PerLanguage(Mapping):
    """The trips and stops tables per language, each made when a reader of that language first asks: the
    English names come from GeoNames' own-names table (read from the cache folder, a second at 10,000 trips on a
    loaded machine), which a server whose readers all read Dutch never needs. Made once, shared by every session."""

    def __init__(self, make):
        self._make = make
        self._made: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}
        self._lock = threading.Lock()

    def __getitem__(self, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        found = self._made.get(lang)
        if found is None:
            with self._lock:
                found = self._made.get(lang)
                if found is None:
                    found = self._made[lang] = self._make(lang)
        return found

    def __iter__(self):
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


def documents_folder() -> Path:
    folder = Path(os.environ.get("REISATLAS_DOCUMENTS") or "seeds")
    return folder if folder.is_absolute() else PROJECT / folder


def fingerprint(folder: Path) -> tuple[tuple[str, str], ...]:
    """(path, content hash) of every document, so a new or changed file reloads the atlas."""
    if not folder.is_dir():
        return ()
    return tuple((str(p), _content_hash(p, p.stat())) for p in document_paths(folder))


def _content_hash(path: Path, stat: os.stat_result) -> str:
    """A document's SHA-256, read again only when its size or modification time changed: every rerun asks,
    and hashing a 10,000-trip overview each time cost a few percent of the server's CPU under load."""
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    known = _HASHES.get(key)
    if known is None:
        known = _HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return known


_HASHES: dict[tuple[str, int, int], str] = {}


@st.cache_resource(show_spinner=False)
def _gazetteer() -> Gazetteer:
    return Gazetteer()


@st.cache_resource(show_spinner=False)
def shared_store() -> Store:
    """The store of Beheer (REISATLAS_STORE): published uploads and corrections; one connection for every session."""
    return Store()


# Streamlit's own spinner, shown only while documents are read (both languages: the cache is shared);
# st.spinner around the call started a timer thread on every rerun of every visitor, which under load
# waits for the interpreter lock before the page can go on.
@st.cache_resource(show_spinner=f"{t('reading_documents', 'nl')} / {t('reading_documents', 'en')}", max_entries=8)
def _load(documents: tuple[tuple[str, str], ...], online: bool, revision: int = 0) -> Shown:
    """``revision`` is the store's: a publication or correction in Beheer loads the atlas anew (each
    document from the document cache; only a corrected document's tables are built again)."""
    geocoder = default_geocoder(online=online, gazetteer=_gazetteer())
    store = shared_store()
    sources = [path for path, _ in documents] + store.sources("published")
    atlas = load_atlas(sources, geocoder, DocumentCache(), fixes=store.fixes_for)
    paints = {(by, lang): colouring(atlas.trips, by, lang) for by in ("official", "theme") for lang in LANGUAGES}
    tables = PerLanguage(lambda lang: localised(atlas.trips, atlas.stops, lang))
    made_from = hashlib.sha256(repr((documents, online, revision)).encode()).hexdigest()[:16]
    return Shown(atlas, MappingProxyType(paints), tables, made_from)


def atlas_now() -> tuple[tuple[tuple[str, str], ...], int]:
    """What the atlas is made of now, cheaply: the documents' (path, content hash) and the store's revision (one
    small query; a publication, correction or undo made through any process that shares the store moves it; the
    last one read while the store's server is away)."""
    return fingerprint(documents_folder()), store_latest()[0]


def shown_atlas(made_of: tuple[tuple[tuple[str, str], ...], int] | None = None) -> Shown:
    """The atlas of the documents folder and the published uploads as they are now (or as ``made_of``,
    ``atlas_now()``, says), corrected (online lookups only when switched on and allowed)."""
    documents, revision = made_of or atlas_now()
    online = bool(st.session_state.get("online")) and not offline_forced()
    return _load(documents, online, revision)


_LATEST: list[tuple] = []  # the store's latest (revision, time of change) this process read


def store_latest() -> tuple:
    """The store's revision and the time of its latest change (``Store.latest``). While its database server
    cannot be reached, the last ones read: the pages and feeds go on with the atlas they have, and take up the
    store's changes once it is back (StoreUnreachable only before anything was ever read)."""
    try:
        latest = shared_store().latest()
    except StoreUnreachable as err:
        if not _LATEST:
            raise
        logger.warning("%s; showing the atlas of revision %s", err, _LATEST[0][0])
        return _LATEST[0]
    _LATEST[:] = [latest]
    return latest
