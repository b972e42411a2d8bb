"""``store import`` takes back data only: backups an attacker planted something in, or broke, are refused with
one line, and the store they were meant to replace stays exactly as it was (real SQLite files as backups; the
store itself a file or a database of the test cluster: ``store_location``)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reisatlas.store import Store, StoreError, export_store, import_store
from tests.conftest import raw_sql

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"


def _content(path: Path | str) -> dict:
    """Everything a store holds, row by row, and every object of its schema (a file's or a server database's)."""
    if isinstance(path, str):
        tables = raw_sql(path, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        rows = {table: sorted(raw_sql(path, f"SELECT * FROM {table}"), key=repr) for (table,) in tables}
        rows["schema"] = raw_sql(
            path,
            "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns"
            " WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
        )
        return rows
    with sqlite3.connect(path) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        rows = {table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tables}
        rows["schema"] = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    return rows


def _rows(content: dict) -> dict:
    return {table: rows for table, rows in content.items() if table not in ("schema", "reisatlas_schema")}


@pytest.fixture
def stores(tmp_path, store_location):
    """(the store in use, a good backup of another store to plant things in)."""
    current = store_location
    with Store(current) as store:
        store.add_account("anna", "correct horse battery")
        store.add_document("in-gebruik.txt", b"Werkbezoek Gent (Belgie)\n", "anna")
    other = tmp_path / "other.sqlite"
    with Store(other) as store:
        store.add_account("mallory", "another good password")
        draft = store.add_document("concept.txt", SEED.read_bytes(), "mallory")
        published = store.add_document("v1.txt", b"Werkbezoek Gent (Belgie)\n2\n", "mallory")
        store.set_status(published.id, "published", "mallory")
        store.save_correction(draft.key, "k1", "themes", ["haven"], "mallory", expected_version=0)
    backup = tmp_path / "backup.sqlite"
    export_store(other, backup)
    return current, backup


def planted(backup: Path, *statements: str) -> Path:
    db = sqlite3.connect(backup)
    db.execute("PRAGMA ignore_check_constraints = ON")  # an attacker's own connection keeps no rule
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return backup


def test_a_good_backup_is_taken_back_row_for_row(stores):
    current, backup = stores
    expected = _content(backup)
    import_store(backup, current)
    assert _rows(_content(current)) == _rows(expected)
    with Store(current) as store:
        assert store.accounts() == ["mallory"] and store.sign_in("mallory", "another good password") == "mallory"
        assert store.integrity() == "ok" and [d.status for d in store.documents()] == ["draft", "published"]


ATTACKS = {
    "a trigger that publishes every draft and replaces a hash": (
        "CREATE TRIGGER t AFTER UPDATE OF status ON documents BEGIN"
        " UPDATE documents SET status = 'published'; UPDATE accounts SET password_hash = 'x'; END",
        "trigger 't'",
    ),
    "a view exposing the password hashes": ("CREATE VIEW hashes AS SELECT name, password_hash FROM accounts", "view"),
    "an index of its own": ("CREATE INDEX extra ON accounts (password_hash)", "index 'extra'"),
    "a table of its own": ("CREATE TABLE notes (x)", "table 'notes'"),
    "a wrong status": ("UPDATE documents SET status = 'live' WHERE id = 1", "status 'live'"),
    "broken JSON": ("UPDATE corrections SET value = '[\"haven\"' WHERE id = 1", "value is geen geldige JSON"),
    "broken JSON in the log": ("UPDATE changes SET after = '{' WHERE id = 1", "after is geen geldige JSON"),
    "a broken foreign key": ("UPDATE documents SET replaces = 99 WHERE id = 1", "documents, rij 1 verwijst"),
    "a broken log reference": ("UPDATE changes SET undone_by = 42 WHERE id = 1", "changes, rij 1 verwijst"),
    "a wrong type": ("UPDATE accounts SET sessions = 'veel'", "sessions is geen INTEGER"),
    "bytes where a name belongs": ("UPDATE corrections SET trip = x'0001'", "trip is geen TEXT"),
    "a field the app does not know": ("UPDATE corrections SET field = 'password' WHERE id = 1", "field 'password'"),
    "a password that is no Argon2 hash": ("UPDATE accounts SET password_hash = 'plain'", "password_hash 'plain'"),
    "a document whose bytes are not its hash": ("UPDATE documents SET content = x'00' WHERE id = 1", "sha256"),
    "a place off the globe": (
        "INSERT INTO places VALUES ('Nergens', 'XX', 123.0, 0.0, '', 'mallory', '2025-01-01')",
        "CHECK constraint failed",
    ),
}


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_planted_or_broken_backup_is_refused_and_the_store_is_untouched(stores, attack):
    current, backup = stores
    statement, said = ATTACKS[attack]
    before = _content(current)
    with pytest.raises(StoreError) as refused:
        import_store(planted(backup, statement), current)
    message = str(refused.value)
    assert said in message and "niets teruggezet" in message and str(backup) in message
    assert "\n" not in message and len(message) - len(str(backup)) < 250
    assert _content(current) == before


def test_text_a_server_cannot_hold_is_refused_at_its_row(stores):
    """A NUL character in text: SQLite holds it, PostgreSQL cannot. Into a server the import streams each table
    in one COPY, and still names the row; into a file it is taken back as it is."""
    current, backup = stores
    planted(backup, """UPDATE changes SET "by" = 'mal' || char(0) || 'lory' WHERE id = 3""")
    before = _content(current)
    if isinstance(current, str):
        with pytest.raises(StoreError) as refused:
            import_store(backup, current)
        assert str(refused.value) == (
            f"{backup}: changes, rij 3 breekt een regel van de opslag (text with a NUL character (0x00));"
            " niets teruggezet"
        )
        assert _content(current) == before
    else:
        import_store(backup, current)
        assert ("mal\0lory",) in raw_sql(current, 'SELECT "by" FROM changes')


def test_a_large_store_comes_in_whole(store_location, tmp_path):
    """Thousands of rows a table (the COPY's rows streamed from the backup a hundred at a time), every one."""
    other = tmp_path / "large.sqlite"
    with Store(other) as store:
        store.add_account("anna", "correct horse battery")
        document = store.add_document("v1.txt", b"Werkbezoek Gent (Belgie)\n", "anna")
        with store.transaction():
            for number in range(1500):
                store.save_correction(document.key, f"k{number}", "themes", [f"t{number}"], "anna", expected_version=0)
    backup = tmp_path / "backup.sqlite"
    export_store(other, backup)
    import_store(backup, store_location)
    assert _rows(_content(store_location)) == _rows(_content(backup))
    with Store(store_location) as store:
        assert len(store.corrections(document.key)) == 1500
        store.save_correction(document.key, "k-new", "themes", ["nieuw"], "anna", expected_version=0)  # ids go on


def test_the_right_table_names_with_wrong_columns_are_refused(stores, tmp_path):
    current, _ = stores
    forged = tmp_path / "forged.sqlite"
    db = sqlite3.connect(forged)
    for table in ("documents", "corrections", "places", "accounts", "changes"):
        db.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, anything TEXT)")
    db.execute("PRAGMA user_version = 1")
    db.close()
    before = _content(current)
    with pytest.raises(StoreError, match="table 'accounts' wijkt af van het schema"):
        import_store(forged, current)
    assert _content(current) == before
    with Store(current) as store:  # and the app still works on it
        assert store.sign_in("anna", "correct horse battery") == "anna"


def test_a_corrupt_file_gets_one_line(stores, tmp_path):
    current, backup = stores
    data = bytearray(backup.read_bytes())
    for page in range(2, len(data) // 4096):  # every page but the first (the schema) overwritten
        data[page * 4096 + 10 : page * 4096 + 400] = os.urandom(390)
    broken = tmp_path / "corrupt.sqlite"
    broken.write_bytes(bytes(data))
    before = _content(current)
    with pytest.raises(StoreError) as refused:
        import_store(broken, current)
    message = str(refused.value)
    assert message.startswith(f"{broken}: ") and "\n" not in message and len(message) - len(str(broken)) < 250, message
    assert _content(current) == before


def test_a_folder_a_fifo_and_a_device_are_named_as_what_they_are(stores, tmp_path):
    current, _ = stores
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    cases = [(tmp_path, "is een map"), (fifo, "is een named pipe (FIFO)"), (Path("/dev/null"), "is een apparaat")]
    for path, said in cases:
        with pytest.raises(StoreError) as refused:
            import_store(path, current)
        assert str(refused.value) == f"{path}: {said}, geen bestand"
        assert refused.value.text("en").startswith(f"{path}: is a")
    with pytest.raises(StoreError, match="bestaat niet"):
        import_store(tmp_path / "nothing-here.sqlite", current)


@pytest.mark.slow  # a CLI process, starting Python
def test_the_command_refuses_a_planted_trigger_with_one_line(stores):
    current, backup = stores
    before = _content(current)
    planted(backup, ATTACKS["a trigger that publishes every draft and replaces a hash"][0])
    done = subprocess.run(
        [sys.executable, "-m", "reisatlas.cli", "store", "import", str(backup)],
        capture_output=True,
        text=True,
        env={**os.environ, "REISATLAS_STORE": str(current)},
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"reisatlas: error: {backup}: bevat iets dat niet bij Reisatlas hoort (trigger 't'); niets teruggezet"
    ]
    assert _content(current) == before
    with Store(current) as store:  # one ordinary withdraw later, nothing else moved
        store.set_status(1, "withdrawn", "anna")
        assert [d.status for d in store.documents()] == ["withdrawn"]
