"""The store on a real SQLite file and on a real PostgreSQL database (``store_location``: tests/conftest.py):
migrations, documents, corrections with optimistic locking and carry-over, accounts with delay and lockout,
undo, export and import, and a kill -9 in the middle of a save."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from reisatlas.documents import decode
from reisatlas.model import Costs, Official
from reisatlas.parsing import parse_document
from reisatlas.store import (
    ConflictError,
    SignInError,
    SignInPolicy,
    Store,
    StoreError,
    UploadError,
    export_store,
    import_store,
)
from reisatlas.store.corrections import apply_corrections, field_value, field_values, trip_keys
from tests.conftest import raw_sql

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"


class Clock:
    def __init__(self, now: float = 1_750_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(store_location):
    with Store(store_location, clock=Clock()) as opened:
        yield opened


@pytest.fixture(scope="module")
def seed_trips():
    return parse_document(decode(SEED.read_bytes(), SEED.name), SEED.name).trips


def test_a_new_file_gets_every_migration_in_wal_mode(tmp_path):
    path = tmp_path / "sub" / "store.sqlite"
    with Store(path) as store:
        assert store.schema_version() == len(Store.MIGRATIONS) >= 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"documents", "corrections", "places", "accounts", "changes"} <= {
        row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }


def test_a_new_store_gets_every_migration_once(store_location):
    with Store(store_location) as store:
        assert store.schema_version() == len(Store.MIGRATIONS) >= 1
        assert store.db.tables() == {"documents", "corrections", "places", "accounts", "changes", "sign_in_failures"}
        assert list(store.db.columns("accounts")) == ["name", "password_hash", "created_at", "sessions"]
    with Store(store_location) as again:  # opened again: nothing left to run
        assert again.schema_version() == len(Store.MIGRATIONS)


def test_a_newer_schema_is_refused_not_damaged(store_location):
    Store(store_location).close()
    newer = len(Store.MIGRATIONS) + 1
    if isinstance(store_location, Path):
        raw_sql(store_location, f"PRAGMA user_version = {newer}")
    else:
        raw_sql(store_location, "UPDATE reisatlas_schema SET version = ?", (newer,))
    with pytest.raises(StoreError, match="nieuwer"):
        Store(store_location)
    assert raw_sql(store_location, "SELECT COUNT(*) FROM accounts") == [(0,)]


def test_the_default_path_is_under_the_user_data_folder(monkeypatch, tmp_path):
    from reisatlas.store import default_store_path

    monkeypatch.delenv("REISATLAS_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_store_path() == tmp_path / "reisatlas" / "store.sqlite"
    monkeypatch.setenv("REISATLAS_STORE", str(tmp_path / "x.sqlite"))
    assert default_store_path() == tmp_path / "x.sqlite"


def test_the_same_document_twice_is_recognised_by_its_hash(store):
    first = store.add_document("overzicht.txt", SEED.read_bytes(), "anna")
    with pytest.raises(UploadError, match="overzicht.txt"):
        store.add_document("ander-naam.txt", SEED.read_bytes(), "bob")
    assert [d.id for d in store.documents()] == [first.id]
    assert first.status == "draft" and store.content(first.id) == SEED.read_bytes()


def test_publishing_a_new_version_withdraws_the_old_one(store):
    old = store.add_document("v1.txt", b"Werkbezoek Gent (Belgie)\n", "anna")
    store.set_status(old.id, "published", "anna")
    new = store.add_document("v2.txt", b"Werkbezoek Gent (Belgie)\nv2\n", "anna", replaces=old.id)
    store.set_status(new.id, "published", "anna")
    assert [(d.name, d.status) for d in store.documents()] == [("v1.txt", "withdrawn"), ("v2.txt", "published")]
    assert [d.name for d in store.documents("published")] == ["v2.txt"]


def test_optimistic_locking_refuses_the_second_save_and_shows_the_first(store_location):
    anna, bob = Store(store_location), Store(store_location)  # two servers, or two sessions
    both_read = 0  # neither has seen a correction yet
    anna.save_correction("file:a.txt", "k1", "themes", ["haven"], "anna", expected_version=both_read)
    with pytest.raises(ConflictError) as conflict:
        bob.save_correction("file:a.txt", "k1", "themes", ["zorg"], "bob", expected_version=both_read)
    assert "anna" in str(conflict.value) and "Haven & maritiem" in str(conflict.value)  # the theme in words
    assert conflict.value.current.value == ["haven"]
    assert bob.correction("file:a.txt", "k1", "themes").value == ["haven"]  # nothing overwritten
    saved = bob.save_correction(
        "file:a.txt", "k1", "themes", ["zorg"], "bob", expected_version=conflict.value.current.version
    )
    assert saved.version == 2 and saved.by == "bob"


def test_a_failed_save_writes_nothing_not_even_its_audit_line(store):
    before = store.revision()
    with pytest.raises(ConflictError):
        store.save_correction("file:a.txt", "k1", "themes", ["haven"], "anna", expected_version=3)
    assert store.revision() == before and store.corrections() == []


def test_a_transaction_is_all_or_nothing(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.save_correction("file:a.txt", "k1", "themes", ["haven"], "anna", expected_version=0)
            store.save_place("Botkyrka", "SE", 59.2, 17.83, "", "anna")
            raise RuntimeError("power cut")
    assert store.corrections() == [] and store.places() == [] and store.history() == []


def test_undo_puts_back_the_state_before_and_is_logged(store):
    store.save_correction("file:a.txt", "k1", "themes", ["haven"], "anna", expected_version=0, original=["zorg"])
    second = store.save_correction("file:a.txt", "k1", "themes", ["cultuur"], "bob", expected_version=1)
    last = store.history()[0]
    assert (last.by, last.action, last.after["value"]) == ("bob", "correction.save", ["cultuur"])
    store.undo(last.id, "anna")
    assert store.correction("file:a.txt", "k1", "themes").value == ["haven"]
    with pytest.raises(ConflictError):
        store.undo(last.id, "anna")  # once is enough
    first = store.history()[-1]
    with pytest.raises(ConflictError, match="intussen"):
        store.undo(first.id, "anna")  # the first save is no longer the state in force (the undo made a version 3)
    assert second.version == 2


def test_undo_of_a_first_correction_removes_it(store):
    store.save_correction("file:a.txt", "k1", "removed", True, "anna", expected_version=0)
    store.undo(store.history()[0].id, "anna")
    assert store.corrections() == []
    assert store.history()[0].action == "undo.correction.save"


def test_undo_of_publish_returns_to_draft(store):
    document = store.add_document("v1.txt", b"Werkbezoek Gent (Belgie)\n", "anna")
    store.set_status(document.id, "published", "anna")
    store.undo(store.history()[0].id, "bob")
    assert store.document(document.id).status == "draft"


def test_accounts_slow_down_then_lock_and_unlock_with_time(store_location):
    clock = Clock()
    store = Store(
        store_location, clock=clock, policy=SignInPolicy(delay=1, max_delay=8, lock_after=4, lock_seconds=600)
    )
    store.add_account("anna", "correct horse battery")
    assert store.sign_in("anna", "correct horse battery") == "anna"
    waits = []
    for attempt in range(4):
        with pytest.raises(SignInError) as refused:
            store.sign_in("anna", "wrong password")
        waits.append(refused.value.wait)
        with pytest.raises(SignInError, match="te snel|geblokkeerd"):  # too soon: refused without looking
            store.sign_in("anna", "correct horse battery")
        clock.now += refused.value.wait if attempt < 3 else 60
    assert waits == [1, 2, 4, 600] and refused.value.locked
    with pytest.raises(SignInError, match="geblokkeerd") as locked:
        store.sign_in("anna", "correct horse battery")  # the right password does not open a locked account
    assert locked.value.locked
    clock.now += 600
    assert store.sign_in("anna", "correct horse battery") == "anna"
    assert "account.locked" in [c.action for c in store.history()]


def test_passwords_are_argon2_hashes_and_unknown_names_fail_alike(store, production_argon2):
    """At the production cost (the other tests hash at the cheapest: tests/conftest.py): Argon2id, RFC 9106's
    second choice, argon2-cffi's default: 3 passes over 64 MiB in 4 lanes."""
    store.add_account("anna", "correct horse battery")
    [(stored,)] = raw_sql(store.path, "SELECT password_hash FROM accounts")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and "correct horse" not in stored
    with pytest.raises(SignInError, match="onbekende naam of verkeerd wachtwoord"):
        store.sign_in("nobody", "correct horse battery")
    with pytest.raises(StoreError, match="te kort"):
        store.add_account("bob", "short")


def test_export_and_import_round_trip_and_check_the_copy(store, tmp_path):
    store.add_account("anna", "correct horse battery")
    store.add_document("v1.txt", SEED.read_bytes(), "anna")
    backup = tmp_path / "backup.sqlite"
    export_store(store.path, backup)
    restored = tmp_path / "restored.sqlite"
    import_store(backup, restored)
    with Store(restored) as copy:
        assert copy.accounts() == ["anna"] and copy.content(1) == SEED.read_bytes()
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    with pytest.raises(StoreError):
        import_store(broken, restored)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x (y)")
    with pytest.raises(StoreError, match="geen Reisatlas"):
        import_store(other, restored)
    with Store(restored) as copy:  # a refused import leaves the store as it was
        assert copy.accounts() == ["anna"]


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from reisatlas.store import Store
    store = Store(sys.argv[1])
    with store.transaction():
        for n in range(2000):
            store.save_correction("file:a.txt", f"k{n}", "themes", ["haven"] * 50, "anna", expected_version=0)
        print("inside", flush=True)
        if sys.argv[2] == "hang":
            time.sleep(120)
    print("committed", flush=True)
    time.sleep(120)
    """
)


@pytest.mark.slow  # kills a writing process at chosen moments
@pytest.mark.parametrize("moment, expected", [("hang", 0), ("after", 2000)])
def test_kill_9_during_a_save_leaves_the_store_before_or_after(store_location, moment, expected):
    path = store_location
    with Store(path) as store:
        store.save_correction("file:a.txt", "k-before", "themes", ["zorg"], "anna", expected_version=0)
    child = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(path), moment], stdout=subprocess.PIPE, text=True)
    wanted = "inside" if moment == "hang" else "committed"
    for line in child.stdout:
        if line.strip() == wanted:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    with Store(path) as store:
        assert store.integrity() == "ok"
        assert len(store.corrections()) == 1 + expected
        assert store.revision() == 1 + expected  # one audit line per save, none half-written


# -- applying corrections (pure) ------------------------------------------------------------------


def correction(trip, field, value, **kwargs):
    from reisatlas.store import Correction

    fields = dict(
        id=0,
        document="file:seed.txt",
        trip=trip,
        field=field,
        value=value,
        original=None,
        by="anna",
        at="2025-01-01",
        version=1,
        needs_review=False,
    )
    return Correction(**{**fields, **kwargs})


def test_trip_keys_survive_rereading_with_moved_lines(seed_trips):
    moved = parse_document("Een nieuwe inleiding\n\n\n" + decode(SEED.read_bytes(), SEED.name), "other-name.txt").trips
    assert trip_keys(moved) == trip_keys(seed_trips)
    assert len(set(trip_keys(seed_trips))) == len(seed_trips)


def test_apply_sets_fields_places_stops_and_removes_adds_splits_joins(seed_trips):
    keys = trip_keys(seed_trips)
    first, second, third = seed_trips[0], seed_trips[1], seed_trips[2]
    stops = field_value(first, "stops")
    stops[0] = {**stops[0], "lat": 10.0, "lon": 20.0}
    fixes = [
        correction(keys[0], "themes", ["sport"]),
        correction(keys[0], "stops", stops),
        correction(keys[0], "officials", [{"role": "burgemeester", "name": "Schouten"}]),
        correction(keys[0], "months", ["2025-12"]),
        correction(keys[0], "start", "2025-12-01"),
        correction(keys[0], "costs", "€ 1.200"),
        correction(keys[1], "removed", True),
        correction(keys[2], "joined", [keys[3]]),
        correction(
            "added-1",
            "added",
            {
                "title": "Werkbezoek Gent (België)",
                "months": ["2025-10"],
                "stops": [{"name": "Gent", "country": "België", "country_code": "BE", "lat": 51.05, "lon": 3.72}],
            },
        ),
        correction(keys[4], "themes", ["haven"], needs_review=True),  # waits for review: not applied
        correction("gone", "themes", ["haven"]),
    ]
    trips, notices = apply_corrections(seed_trips, fixes, file=SEED.name)
    assert len(trips) == len(seed_trips) - 2 + 1
    fixed = trips[0]
    assert fixed.themes == ("sport",) and fixed.months == ("2025-12",) and str(fixed.start) == "2025-12-01"
    assert (fixed.stops[0].lat, fixed.stops[0].lon, fixed.stops[0].source) == (10.0, 20.0, "corrected")
    assert [str(o) for o in fixed.officials] == ["burgemeester Schouten"] and fixed.costs == Costs(
        1200.0, None, "€ 1.200"
    )
    assert second.title not in [t.title for t in trips]
    joined = next(t for t in trips if t.title == third.title)
    assert joined.stops == third.stops + seed_trips[3].stops
    assert seed_trips[3].title not in [t.title for t in trips if t is not joined]
    assert trips[-1].title == "Werkbezoek Gent (België)" and trips[-1].stops[0].resolved
    assert next(t for t in trips if t.title == seed_trips[4].title).themes == seed_trips[4].themes
    assert len(notices) == 1 and "gone" in notices[0].message


def test_split_makes_parts_that_take_their_own_corrections(seed_trips):
    keys = trip_keys(seed_trips)
    many = next(i for i, t in enumerate(seed_trips) if len(t.stops) >= 2)
    fixes = [
        correction(keys[many], "split", [[0], list(range(1, len(seed_trips[many].stops)))]),
        correction(f"{keys[many]}/1", "months", ["2026-01"]),
    ]
    trips, notices = apply_corrections(seed_trips, fixes)
    assert len(trips) == len(seed_trips) + 1 and not notices
    part0, part1 = trips[many], trips[many + 1]
    assert part0.stops == seed_trips[many].stops[:1] and part1.stops == seed_trips[many].stops[1:]
    assert part1.months == ("2026-01",) and part0.months == seed_trips[many].months


def test_the_parts_of_a_split_trip_are_two_trips_with_their_own_id_and_stops(seed_trips):
    """Both parts keep the trip's title and months: before, they had one trip id, so the trip list drew two
    expanders of one key (StreamlitDuplicateElementKey) and the map joined both parts' stops into one route."""
    from reisatlas.selection import stops_frame, trips_frame

    keys = trip_keys(seed_trips)
    many = next(i for i, t in enumerate(seed_trips) if len(t.stops) >= 2)
    trips, _ = apply_corrections(seed_trips, [correction(keys[many], "split", [[0], [1]])])
    table, stops = trips_frame(trips), stops_frame(trips)
    assert table["trip_id"].is_unique and len(table) == len(seed_trips) + 1
    part0, part1 = table["trip_id"][many], table["trip_id"][many + 1]
    assert list(stops[stops["trip_id"] == part0]["name"]) == [seed_trips[many].stops[0].name]
    assert list(stops[stops["trip_id"] == part1]["name"]) == [seed_trips[many].stops[1].name]
    assert part0 == trips_frame(seed_trips)["trip_id"][many]  # the first part keeps the trip's id (old links)


def test_an_empty_line_of_officials_names_nobody(seed_trips):
    """What Controleren saves for a line of only "|" (role and name empty): no official whose label is empty
    (the officials filter sorted labels by their last word, and an empty one had none: IndexError)."""
    from reisatlas.facets import FACETS
    from reisatlas.selection import trips_frame

    keys = trip_keys(seed_trips)
    blank = [{"role": "", "name": ""}, {"role": " ", "name": "\t"}, {"role": "wethouder", "name": "Kasmi"}]
    trips, _ = apply_corrections(seed_trips, [correction(keys[0], "officials", blank)])
    assert [str(o) for o in trips[0].officials] == ["wethouder Kasmi"]
    (officials,) = [facet for facet in FACETS if facet.name == "official"]
    assert list(officials.options(trips_frame(trips), "en").values())[:2] == ["alderman Achbar", "alderman Kasmi"]
    nobody = [replace(trips[0], officials=(Official("", ""),)), *trips[1:]]  # were one to come from elsewhere
    assert list(officials.named(trips_frame(nobody), "en").items())[0] == ("", "")  # sorted first, not offered:
    assert "" not in officials.options(trips_frame(nobody), "en")


def test_reviewed_places_from_the_app_place_every_document(seed_trips):
    from reisatlas.store import ReviewedPlace

    stop = seed_trips[0].stops[0]
    place = ReviewedPlace(stop.name.upper(), stop.country_code, 1.5, 2.5, "", "anna", "2025-01-01")
    trips, _ = apply_corrections(seed_trips, [], [place])
    assert (trips[0].stops[0].lat, trips[0].stops[0].source) == (1.5, "reviewed")


def test_carry_over_moves_what_still_fits_and_lists_the_rest(store, seed_trips):
    keys = trip_keys(seed_trips)
    old = store.add_document("v1.txt", SEED.read_bytes(), "anna")
    themes0 = field_value(seed_trips[0], "themes")
    store.save_correction(old.key, keys[0], "themes", ["sport"], "anna", expected_version=0, original=themes0)
    store.save_correction(
        old.key,
        keys[1],
        "months",
        ["2025-12"],
        "anna",
        expected_version=0,
        original=field_value(seed_trips[1], "months"),
    )
    store.save_correction(old.key, keys[2], "removed", True, "anna", expected_version=0)
    # The new version: trip 1 got another month in the text, trip 2 is gone.
    text = decode(SEED.read_bytes(), SEED.name)
    new_trips = [seed_trips[0], replace(seed_trips[1], months=("2026-02",))] + list(seed_trips[3:])
    new = store.add_document("v2.txt", text.encode() + b"\n", "anna", replaces=old.id)
    carried, review = store.carry_over(old.key, new.key, field_values(new_trips), "anna")
    assert [(c.trip, c.field) for c in carried] == [(keys[0], "themes")]
    assert sorted((c.trip, c.field) for c in review) == sorted([(keys[1], "months"), (keys[2], "removed")])
    assert [c.field for c in store.corrections(new.key)] == ["themes"]
    assert len(store.corrections(new.key, needs_review=True)) == 2
    assert len(store.corrections(old.key)) == 3  # the old version keeps its own while it is still published
    store.accept_review(review[0].id, "anna")
    assert len(store.corrections(new.key)) == 2
    assert json.dumps(store.history()[0].after)  # every step in the log


# -- the store's seams: the lock, undo, and the atlas without the store --------------------------


def test_a_slow_password_check_holds_up_no_public_read(store_location, monkeypatch):
    """Sign-in checks the Argon2 hash outside the connection's lock that every public rerun reads through. The
    check is held open (a real Argon2 check that waits for the reads first): were the lock held during it, the
    reads would wait for the check and the check for the reads, and the reads would not finish."""
    import threading

    from argon2 import PasswordHasher, profiles

    from reisatlas.store import accounts

    store = Store(store_location, policy=SignInPolicy(delay=0))
    store.add_account("anna", "correct horse battery")
    store.add_document("v1.txt", b"Werkbezoek Gent (Belgie)\n", "anna")
    store.set_status(1, "published", "anna")
    checking, reads_done = threading.Event(), threading.Event()

    class HeldOpen(PasswordHasher):
        def verify(self, hash, password):
            checking.set()
            reads_done.wait(60)
            return super().verify(hash, password)

    monkeypatch.setattr(accounts, "_hasher", lambda: HeldOpen.from_parameters(profiles.CHEAPEST))
    signed_in, read = [], []
    signing_in = threading.Thread(target=lambda: signed_in.append(store.sign_in("anna", "correct horse battery")))
    signing_in.start()
    assert checking.wait(60), "the sign-in never reached its password check"

    def reads():
        read.extend([store.revision(), store.sources("published"), store.accounts()])

    reader = threading.Thread(target=reads)
    reader.start()
    reader.join(30)  # ends at once unless the reads wait on the check; then they never end, and this gives up
    finished_during_the_check = not reader.is_alive()
    reads_done.set()
    reader.join()
    signing_in.join()
    assert finished_during_the_check, "a public read waited for a password check"
    assert signed_in == ["anna"] and read[0] == store.revision() and read[2] == ["anna"]


def test_undo_reads_one_line_of_the_log_not_all_of_it(store, monkeypatch):
    for n in range(50):
        store.save_correction("file:a.txt", f"k{n}", "themes", ["haven"], "anna", expected_version=0)
    target = store.history()[10]
    statements = []
    execute = store.db._execute

    def asked(sql, parameters=()):  # what the database is asked, as the connection asks it
        statements.append((sql, parameters))
        return execute(sql, parameters)

    monkeypatch.setattr(store.db, "_execute", asked)
    store.undo(target.id, "bob")
    reads = [(s, p) for s, p in statements if s.lstrip().upper().startswith("SELECT") and "FROM changes" in s]
    assert len(reads) == 1 and "WHERE id = ?" in reads[0][0] and reads[0][1] == (target.id,), reads
    assert store.correction("file:a.txt", target.target.split("|")[1], "themes") is None


def _imports(package: Path) -> dict[str, set[str]]:
    """Every module of the package → the package's modules it imports anywhere (in functions and TYPE_CHECKING too)."""
    import ast

    graph = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        here = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = here.rsplit(".", node.level - 1)[0] if node.level else ""
                name = ".".join(filter(None, [base, node.module or ""])) if node.level else node.module
                found.add(name)
                found.update(f"{name}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[module] = found
    return {module: {n for n in names if n in graph} for module, names in graph.items()}


def test_the_atlas_does_not_import_the_store_and_the_store_has_no_cycle():
    graph = _imports(ROOT / "reisatlas")
    reached, todo = set(), ["reisatlas.atlas"]
    while todo:
        module = todo.pop()
        for name in graph[module] - reached:
            reached.add(name)
            todo.append(name)
    assert not {m for m in reached if m.startswith("reisatlas.store")}, sorted(reached)
    for module in [m for m in graph if m.startswith("reisatlas.store")]:
        seen, todo = set(), list(graph[module])
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(graph[name])
        assert module not in seen, f"{module} imports itself round a cycle"


def test_a_server_away_saves_nothing_says_so_at_once_and_is_taken_up_again(postgres_cluster, monkeypatch):
    import time

    from reisatlas.store import StoreUnreachable
    from reisatlas.store.connection import Connection

    with Store(postgres_cluster.new_database()) as store:
        store.save_place("Gent", "BE", 51.05, 3.72, "", "anna")
        postgres_cluster.stop()
        try:
            with pytest.raises(StoreUnreachable, match=f"127.0.0.1:{postgres_cluster.port}/") as away:
                store.save_place("Brugge", "BE", 51.21, 3.22, "", "anna")
            assert "\n" not in str(away.value)
            tries = []
            connect = store.db.dialect.connect
            monkeypatch.setattr(store.db.dialect, "connect", lambda *a: tries.append(a) or connect(*a))
            with pytest.raises(StoreUnreachable, match=f"127.0.0.1:{postgres_cluster.port}/"):
                store.places()
            assert tries == []  # while it stays away: told at once, with no connect (and its time-out) per page
        finally:
            postgres_cluster.start()
        time.sleep(Connection.RETRY_SECONDS)
        assert [place.name for place in store.places()] == ["Gent"]  # back by itself; nothing of the failed save
        postgres_cluster.stop()
        postgres_cluster.start()  # restarted between two statements: its old connection is found lost only now
        assert [place.name for place in store.places()] == ["Gent"]
        store.save_place("Brugge", "BE", 51.21, 3.22, "", "anna")
        assert [change.action for change in store.history()] == ["place.save", "place.save"]
