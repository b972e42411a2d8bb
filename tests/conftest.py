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
# The browser tier's shared fixtures (browser, documents, servers, server), registered here once so that the session
# ones are made once per xdist worker: imported into a test module, a fixture is that module's own copy, made again.
from browser import shared_browser, shared_documents, shared_server, shared_servers  # noqa: E402, F401


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


# --- the store's two backends ----------------------------------------------------------------------
# The store's tests run on both: an SQLite file, and a database of a throw-away PostgreSQL cluster that the
# session (each xdist worker) starts itself (tests/postgres.py) and removes after.
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_cluster():
    from postgres import Cluster, server_binaries

    binaries = server_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
    cluster = Cluster(binaries)
    yield cluster
    cluster.remove()


@pytest.fixture(params=BACKENDS)
def store_location(request, tmp_path):
    """Where a test's store lives: a fresh SQLite file, or a fresh database on the test cluster."""
    if request.param == "sqlite":
        return tmp_path / "store.sqlite"
    return request.getfixturevalue("postgres_cluster").new_database()


def raw_sql(location, sql: str, parameters: tuple = ()) -> list[tuple]:
    """A statement run on a store's database past the store (a test's own look or change), ``?`` placeholders."""
    if str(location).startswith("postgresql://"):
        import psycopg

        with psycopg.connect(str(location), autocommit=True) as db:
            cursor = db.execute(sql.replace("?", "%s"), parameters)
            return cursor.fetchall() if cursor.description else []
    import sqlite3

    db = sqlite3.connect(location, isolation_level=None)
    try:
        cursor = db.execute(sql, parameters)
        return cursor.fetchall()
    finally:
        db.close()


# --- tiers ------------------------------------------------------------------------------------------
# Every test is in one tier, so `make check` (unit and apptest) stays a quick loop and `make test` runs all:
#   browser  a real Chromium on a running server (module mark ``browser``)
#   server   a running Streamlit server without a browser (module mark ``server``)
#   slow     seconds of real work on purpose: kill -9, child processes under limits, big inputs (marked per test)
#   apptest  the app under Streamlit's AppTest: found here, by a test (or its module) running app.py
#   unit     everything else
TIERS = ("browser", "server", "slow", "apptest")


def _runs_the_app(item) -> bool:
    import inspect

    try:
        source = inspect.getsource(item.function)
    except (OSError, TypeError, AttributeError):  # doctests have no function source
        return False
    return "run_app(" in source or "AppTest." in source


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("apptest") is None and _runs_the_app(item):
            item.add_marker(pytest.mark.apptest)
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            item.add_marker(pytest.mark.unit)
