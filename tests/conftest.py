"""Shared fixtures. Nothing in the suite uses the internet: REISATLAS_OFFLINE is set for every test."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"

os.environ["REISATLAS_OFFLINE"] = "1"
# As the server does at start (ui/server.py): every run goes through app.py, pages/ folder or not.
from ui.streamlit_internals import navigation_only, scan_components_once  # noqa: E402

navigation_only()
scan_components_once()  # AppTest would read every installed package's metadata for each new app under test
# Caches (gazetteer index, documents) go to a fresh folder: the suite never reads a developer's caches.
# Its GeoNames tables come from, and go back to, tests/indexes.py's folder (built once per version of their code).
OWN_CACHE = "REISATLAS_CACHE_DIR" not in os.environ  # the run's first process (xdist's workers inherit it)
if OWN_CACHE:
    os.environ["REISATLAS_CACHE_DIR"] = tempfile.mkdtemp(prefix="reisatlas-test-cache-")
    from indexes import bring_geonames_tables  # noqa: E402

    bring_geonames_tables(Path(os.environ["REISATLAS_CACHE_DIR"]))
# The Beheer store likewise: the app under test never opens a developer's store (a test that needs its own sets it).
os.environ["REISATLAS_STORE"] = str(Path(tempfile.mkdtemp(prefix="reisatlas-test-store-")) / "store.sqlite")
# The browser tier's shared fixtures (browser, documents, seed_alone, servers, server), registered here once so that the session
# ones are made once per xdist worker: imported into a test module, a fixture is that module's own copy, made again.
from browser import shared_browser, shared_documents, shared_seed_alone, shared_server, shared_servers  # noqa: E402, F401

# Hypothesis draws the same examples on every run (derandomize): `make check` and CI are a gate before each
# commit, and a failure one run in ten, met on somebody else's change, says nothing about it and cannot be
# replayed there. To hunt for new examples, scale them up: REISATLAS_FUZZ_SCALE=50 draws fresh random ones.
from hypothesis import settings  # noqa: E402

settings.register_profile("gate", derandomize=True)
settings.register_profile("hunt", derandomize=False)
settings.load_profile("hunt" if int(os.environ.get("REISATLAS_FUZZ_SCALE", "1")) > 1 else "gate")


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


# --- Argon2 ------------------------------------------------------------------------------------------
# A password hash at production cost (3 passes over 64 MiB: 0.1–0.5 s here) was most of what a store, sign-in or
# Beheer test cost. Unit and AppTest tests hash with argon2-cffi's cheapest parameters (its profile for tests):
# what they check does not depend on the cost, and a check reads the parameters from the hash it checks. The
# production parameters are checked on their own (test_store.py, ``production_argon2``), and the browser,
# server and slow tests (a known and an unknown name must take as long), the CLI's processes and the servers
# hash as production does.
@pytest.fixture(autouse=True)
def cheapest_argon2(request):
    """Gives the production hasher's maker (what ``production_argon2`` puts back)."""
    from reisatlas.store import accounts

    production = accounts._hasher
    if any(request.node.get_closest_marker(tier) for tier in ("browser", "server", "slow")):
        yield production
        return
    accounts._hasher = _cheapest_hasher
    accounts._dummy_hash.cache_clear()  # the hash an unknown name is checked against: made by the cheapest
    yield production
    accounts._hasher = production
    accounts._dummy_hash.cache_clear()


@lru_cache(maxsize=1)
def _cheapest_hasher():
    from argon2 import PasswordHasher, profiles

    return PasswordHasher.from_parameters(profiles.CHEAPEST)


@pytest.fixture
def production_argon2(cheapest_argon2, monkeypatch):
    """One test hashes and checks at the production cost."""
    from reisatlas.store import accounts

    monkeypatch.setattr(accounts, "_hasher", cheapest_argon2)
    accounts._dummy_hash.cache_clear()
    yield
    accounts._dummy_hash.cache_clear()


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
    """Whether the test's code (its nested functions too) names ``run_app`` or ``AppTest``: read from the
    compiled code, not the source (tokenizing every test's source took 1.5 s of each worker's start)."""
    import inspect

    function = getattr(item, "function", None)  # doctests have none
    function = getattr(getattr(function, "hypothesis", None), "inner_test", function)
    code = getattr(inspect.unwrap(function), "__code__", None) if function else None
    return code is not None and not {"run_app", "AppTest"}.isdisjoint(_names(code))


def _names(code) -> set[str]:
    import types

    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def pytest_sessionfinish(session):
    if OWN_CACHE and not hasattr(session.config, "workerinput"):  # the first process, its workers done
        from indexes import keep_geonames_tables

        keep_geonames_tables(Path(os.environ["REISATLAS_CACHE_DIR"]))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("apptest") is None and _runs_the_app(item):
            item.add_marker(pytest.mark.apptest)
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            item.add_marker(pytest.mark.unit)
