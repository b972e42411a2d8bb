"""The atlas the dashboard shows: read from the documents folder once per content, shared by every session.

A resource, not data: ``st.cache_data`` would hand every rerun its own unpickled copy of the atlas (at 10,000
trips 0.15 s, and the garbage collector then sweeping 200,000 new objects). The atlas is read-only, keyed
by the documents' content hashes, and the same for every session; the colourings are made with it, once.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import pandas as pd
import streamlit as st

from reisatlas.atlas import Atlas, DocumentCache, document_paths, load_atlas
from reisatlas.geocoding import Gazetteer, default_geocoder
from reisatlas.i18n import LANGUAGES, t
from reisatlas.layers import Colouring, colouring
from reisatlas.paths import PROJECT, offline_forced
from reisatlas.places import localised


@dataclass(frozen=True)
class Shown:
    """The atlas, its colourings by (official or theme, language) and its trips and stops tables with the
    places named in each language, made together and never changed."""

    atlas: Atlas
    paints: Mapping[tuple[str, str], Colouring]
    tables: Mapping[str, tuple[pd.DataFrame, pd.DataFrame]]


def documents_folder() -> Path:
    folder = Path(os.environ.get("REISATLAS_DOCUMENTS") or "seeds")
    return folder if folder.is_absolute() else PROJECT / folder


def fingerprint(folder: Path) -> tuple[tuple[str, str], ...]:
    """(path, content hash) of every document, so a new or changed file reloads the atlas."""
    if not folder.is_dir():
        return ()
    return tuple((str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in document_paths(folder))


@st.cache_resource(show_spinner=False)
def _gazetteer() -> Gazetteer:
    return Gazetteer()


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(documents: tuple[tuple[str, str], ...], online: bool) -> Shown:
    geocoder = default_geocoder(online=online, gazetteer=_gazetteer())
    atlas = load_atlas([path for path, _ in documents], geocoder, DocumentCache())
    paints = {(by, lang): colouring(atlas.trips, by, lang) for by in ("official", "theme") for lang in LANGUAGES}
    tables = {lang: localised(atlas.trips, atlas.stops, lang) for lang in LANGUAGES}
    return Shown(atlas, MappingProxyType(paints), MappingProxyType(tables))


def shown_atlas(lang: str) -> Shown:
    """The atlas of the documents folder as it is now (online lookups only when switched on and allowed)."""
    online = bool(st.session_state.get("online")) and not offline_forced()
    with st.spinner(t("reading_documents", lang)):
        return _load(fingerprint(documents_folder()), online)
