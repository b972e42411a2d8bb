"""Shared fixtures. Nothing in the suite uses the internet: REISATLAS_OFFLINE is set for every test."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"

os.environ["REISATLAS_OFFLINE"] = "1"
# As the server does at start (ui/server.py): every run goes through app.py, pages/ folder or not.
from ui.streamlit_internals import navigation_only  # noqa: E402

navigation_only()
# Caches (gazetteer index, documents) go to a fresh folder: the suite never reads a developer's caches.
os.environ.setdefault("REISATLAS_CACHE_DIR", tempfile.mkdtemp(prefix="reisatlas-test-cache-"))
# The Beheer store likewise: the app under test never opens a developer's store (a test that needs its own sets it).
os.environ["REISATLAS_STORE"] = str(Path(tempfile.mkdtemp(prefix="reisatlas-test-store-")) / "store.sqlite")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def offline_geocoder():
    from reisatlas.geocoding import default_geocoder

    return default_geocoder(online=False)


@pytest.fixture(scope="session")
def seed_atlas(offline_geocoder):
    """The seed document's trips (``.trips``, as Trip objects) and notices."""
    from reisatlas import read_document

    return read_document(SEED, offline_geocoder)


@pytest.fixture(scope="session")
def seed_trips(seed_atlas):
    """The seed's trips table, as the app filters it."""
    from reisatlas.selection import trips_frame

    return trips_frame(seed_atlas.trips)
