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
    from reisatlas import build_atlas

    return build_atlas([SEED], offline_geocoder)
