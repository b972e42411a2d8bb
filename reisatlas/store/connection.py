"""The store's one connection to its SQLite file: the only module of Reisatlas that speaks SQL.

One file in WAL mode, foreign keys on, numbered migrations, and every save one transaction under a lock
that the threads of a server share. The aggregates (documents, corrections, places, accounts, history,
backup) hold the rules and ask for rows through the named statements below; JSON columns come back as
values. Another backend (a server database) would be another module with these same methods.

A statement holds the lock only as long as SQLite needs it: nothing slow (a password hash, a reader)
runs inside ``transaction()``.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import StoreError


def _m1_initial(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            content BLOB NOT NULL,
            uploaded_by TEXT NOT NULL,
            uploaded_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'withdrawn')),
            replaces INTEGER REFERENCES documents(id)
        )"""
    )
    db.execute(
        """CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            document TEXT NOT NULL,
            trip TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            original TEXT,
            by TEXT NOT NULL,
            at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            needs_review INTEGER NOT NULL DEFAULT 0,
            UNIQUE (document, trip, field)
        )"""
    )
    db.execute(
        """CREATE TABLE places (
            name TEXT NOT NULL,
            country_code TEXT NOT NULL,
            lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
            lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
            note TEXT NOT NULL DEFAULT '',
            by TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (name, country_code)
        )"""
    )
    db.execute(
        """CREATE TABLE accounts (
            name TEXT PRIMARY KEY,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            not_before REAL NOT NULL DEFAULT 0,
            locked_until REAL NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            before TEXT,
            after TEXT,
            undone_by INTEGER REFERENCES changes(id)
        )"""
    )
    db.execute("CREATE INDEX corrections_by_document ON corrections (document)")


def _m2_sign_in_throttle(db: sqlite3.Connection) -> None:
    """Failures counted per name (known or not) and per client instead of per account; ``sessions`` counts
    the times an account's open sessions were ended (a new password, a lock)."""
    db.execute(
        """CREATE TABLE sign_in_failures (
            key TEXT PRIMARY KEY,
            failures INTEGER NOT NULL DEFAULT 0,
            last_failure REAL NOT NULL DEFAULT 0,
            not_before REAL NOT NULL DEFAULT 0,
            locked_until REAL NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        "INSERT INTO sign_in_failures (key, failures, last_failure, not_before, locked_until)"
        " SELECT 'name:' || name, failures, not_before, not_before, locked_until FROM accounts"
        " WHERE failures > 0 OR not_before > 0 OR locked_until > 0"
    )
    for column in ("failures", "not_before", "locked_until"):
        db.execute(f"ALTER TABLE accounts DROP COLUMN {column}")
    db.execute("ALTER TABLE accounts ADD COLUMN sessions INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_m1_initial, _m2_sign_in_throttle)
JSON_COLUMNS = {"corrections": ("value", "original"), "changes": ("before", "after")}
_DOCUMENT_COLUMNS = "id, sha256, name, length(content) AS size, uploaded_by, uploaded_at, status, replaces"
_CORRECTION_KEYS = ("id", "document", "trip", "field", "needs_review")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _value_json(value: Any) -> str:
    """A correction's value as stored: JSON always, so a day cleared by hand (None) is ``null``, not missing."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _unjson(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Connection:
    """One SQLite connection, shared by a server's threads under a lock (``":memory:"`` for a throwaway one).

    ``migrate=False`` opens a file as it is (a backup being checked); ``read_only`` never writes to it.
    """

    def __init__(self, path: str | Path, *, migrate: bool = True, read_only: bool = False):
        self.path = str(path)
        try:
            if read_only:  # a file from elsewhere: nothing in its schema may run (trusted_schema off)
                self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
                self._db.execute("PRAGMA trusted_schema = OFF")
                self._db.execute("PRAGMA query_only = ON")
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
                self._db.execute("PRAGMA foreign_keys = ON")
                if self.path != ":memory:":
                    self._db.execute("PRAGMA journal_mode = WAL")
                    self._db.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as err:
            raise StoreError.said("store_cannot_open", path=self.path, error=err) from err
        self._lock = threading.RLock()
        self._depth = 0
        self._columns: dict[str, dict[str, tuple[str, bool]]] = {}
        if migrate:
            self.migrate()

    def close(self) -> None:
        self._db.close()

    # -- transactions, reads and the schema ------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: the statements inside commit together or not at all. Nested use joins the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as err:
                raise StoreError.said("store_busy", path=self.path, error=err) from err
            self._depth = 1
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._depth = 0

    def _rows(self, sql: str, parameters: tuple = (), table: str = "") -> list[dict]:
        with self._lock:
            cursor = self._db.execute(sql, parameters)
            names = [column[0] for column in cursor.description]
            rows = [dict(zip(names, row)) for row in cursor.fetchall()]
        for row in rows:
            for column in JSON_COLUMNS.get(table, ()):
                if column in row:
                    row[column] = _unjson(row[column])
        return rows

    def _write(self, sql: str, parameters: tuple = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, parameters)

    def _one(self, sql: str, parameters: tuple = ()) -> Any:
        with self._lock:
            row = self._db.execute(sql, parameters).fetchone()
        return row[0] if row else None

    def schema_version(self) -> int:
        return self._one("PRAGMA user_version")

    def migrate(self, up_to: int = len(MIGRATIONS)) -> None:
        """Run the migrations the file has not had yet (up to version ``up_to``), each in its own transaction
        with its version number."""
        current = self.schema_version()
        if current > len(MIGRATIONS):
            raise StoreError.said("store_schema_newer", path=self.path, version=current, known=len(MIGRATIONS))
        for number, migration in enumerate(MIGRATIONS[current:up_to], start=current + 1):
            with self.transaction():
                migration(self._db)
                self._db.execute(f"PRAGMA user_version = {number}")
            self._columns.clear()

    def integrity(self) -> str:
        """``PRAGMA integrity_check``: "ok" for a sound file."""
        return self._one("PRAGMA integrity_check")

    # -- documents -------------------------------------------------------------------------------

    def document_rows(self, *, id: int | None = None, sha256: str | None = None, statuses: tuple = ()) -> list[dict]:
        """Documents without their bytes (``size`` instead), oldest first."""
        where, parameters = ["1"], []
        if id is not None:
            where, parameters = [*where, "id = ?"], [*parameters, id]
        if sha256 is not None:
            where, parameters = [*where, "sha256 = ?"], [*parameters, sha256]
        if statuses:
            where.append(f"status IN ({', '.join('?' * len(statuses))})")
            parameters.extend(statuses)
        return self._rows(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE {' AND '.join(where)} ORDER BY id", tuple(parameters)
        )

    def document_content(self, document_id: int) -> bytes | None:
        return self._one("SELECT content FROM documents WHERE id = ?", (document_id,))

    def insert_document(self, sha256: str, name: str, content: bytes, by: str, at: str, replaces: int | None) -> int:
        return self._write(
            "INSERT INTO documents (sha256, name, content, uploaded_by, uploaded_at, replaces) VALUES (?, ?, ?, ?, ?, ?)",
            (sha256, name, content, by, at, replaces),
        ).lastrowid

    def set_document_status(self, document_id: int, status: str) -> None:
        self._write("UPDATE documents SET status = ? WHERE id = ?", (status, document_id))

    # -- corrections -----------------------------------------------------------------------------

    def correction_rows(self, **where: Any) -> list[dict]:
        """Corrections whose columns equal ``where`` (id, document, trip, field, needs_review), in saving order."""
        unknown = set(where) - set(_CORRECTION_KEYS)
        if unknown:
            raise ValueError(f"not a correction key: {sorted(unknown)}")
        clause = " AND ".join([f"{column} = ?" for column in where] or ["1"])
        parameters = tuple(int(v) if isinstance(v, bool) else v for v in where.values())
        rows = self._rows(f"SELECT * FROM corrections WHERE {clause} ORDER BY id", parameters, "corrections")
        for row in rows:
            row["needs_review"] = bool(row["needs_review"])
        return rows

    def insert_correction(
        self,
        document: str,
        trip: str,
        field: str,
        value: Any,
        original: Any,
        by: str,
        at: str,
        *,
        version: int = 1,
        needs_review: bool = False,
        keep_existing: bool = False,
    ) -> None:
        """A new correction; with ``keep_existing`` one already there for the same field stays as it is."""
        self._write(
            "INSERT INTO corrections (document, trip, field, value, original, by, at, version, needs_review)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + (" ON CONFLICT (document, trip, field) DO NOTHING" if keep_existing else ""),
            (document, trip, field, _value_json(value), _json(original), by, at, version, int(needs_review)),
        )

    def update_correction(self, correction_id: int, **values: Any) -> None:
        """Set some of value, by, at, needs_review; the version goes up by one."""
        columns = {"value": _value_json, "by": str, "at": str, "needs_review": int}
        sets = [f"{column} = ?" for column in values if column in columns]
        if len(sets) != len(values):
            raise ValueError(f"not a correction column: {sorted(set(values) - set(columns))}")
        parameters = tuple(columns[column](value) for column, value in values.items())
        self._write(
            f"UPDATE corrections SET {', '.join([*sets, 'version = version + 1'])} WHERE id = ?",
            (*parameters, correction_id),
        )

    def delete_correction(self, correction_id: int) -> None:
        self._write("DELETE FROM corrections WHERE id = ?", (correction_id,))

    # -- reviewed places -------------------------------------------------------------------------

    def place_rows(self, name: str | None = None, country_code: str | None = None) -> list[dict]:
        if name is None:
            return self._rows("SELECT * FROM places ORDER BY name, country_code")
        return self._rows("SELECT * FROM places WHERE name = ? AND country_code = ?", (name, country_code))

    def save_place(self, name: str, country_code: str, lat: float, lon: float, note: str, by: str, at: str) -> None:
        self._write(
            "INSERT INTO places (name, country_code, lat, lon, note, by, at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (name, country_code) DO UPDATE SET lat = excluded.lat, lon = excluded.lon,"
            " note = excluded.note, by = excluded.by, at = excluded.at",
            (name, country_code, lat, lon, note, by, at),
        )

    def put_place_back(self, name: str, country_code: str, lat: float, lon: float, note: str) -> None:
        self._write(
            "UPDATE places SET lat = ?, lon = ?, note = ? WHERE name = ? AND country_code = ?",
            (lat, lon, note, name, country_code),
        )

    def delete_place(self, name: str, country_code: str) -> None:
        self._write("DELETE FROM places WHERE name = ? AND country_code = ?", (name, country_code))

    # -- accounts --------------------------------------------------------------------------------

    def account_row(self, name: str) -> dict | None:
        rows = self._rows("SELECT * FROM accounts WHERE name = ?", (name,))
        return rows[0] if rows else None

    def account_names(self) -> list[str]:
        return [row["name"] for row in self._rows("SELECT name FROM accounts ORDER BY name")]

    def set_password(self, name: str, password_hash: str, at: str) -> None:
        """A new account, or a new password for one (which also ends its open sessions)."""
        self._write(
            "INSERT INTO accounts (name, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE"
            " SET password_hash = excluded.password_hash, sessions = sessions + 1",
            (name, password_hash, at),
        )

    def end_sessions(self, name: str) -> None:
        self._write("UPDATE accounts SET sessions = sessions + 1 WHERE name = ?", (name,))

    def delete_account(self, name: str) -> int:
        return self._write("DELETE FROM accounts WHERE name = ?", (name,)).rowcount

    def failure_rows(self, keys: list[str]) -> dict[str, dict]:
        """The sign-in failures counted under each key ("name:…", "client:…") that has any."""
        marks = ", ".join("?" * len(keys))
        return {
            row["key"]: row for row in self._rows(f"SELECT * FROM sign_in_failures WHERE key IN ({marks})", tuple(keys))
        }

    def set_failures(
        self, key: str, failures: int, last_failure: float, not_before: float, locked_until: float
    ) -> None:
        self._write(
            "INSERT INTO sign_in_failures (key, failures, last_failure, not_before, locked_until) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure,"
            " not_before = excluded.not_before, locked_until = excluded.locked_until",
            (key, failures, last_failure, not_before, locked_until),
        )

    def forget_failures(self, *keys: str, older_than: float | None = None, now: float = 0) -> None:
        """Forget the failures under ``keys``; with ``older_than``, also every key whose last failure came
        before it and that waits for nothing any more."""
        if keys:
            self._write(f"DELETE FROM sign_in_failures WHERE key IN ({', '.join('?' * len(keys))})", keys)
        if older_than is not None:
            self._write(
                "DELETE FROM sign_in_failures WHERE last_failure < ? AND not_before <= ? AND locked_until <= ?",
                (older_than, now, now),
            )

    # -- history ---------------------------------------------------------------------------------

    def insert_change(self, at: str, by: str, action: str, target: str, before: Any, after: Any) -> int:
        return self._write(
            "INSERT INTO changes (at, by, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)",
            (at, by, action, target, _json(before), _json(after)),
        ).lastrowid

    def change_rows(self, limit: int) -> list[dict]:
        """The latest ``limit`` changes, newest first."""
        return self._rows("SELECT * FROM changes ORDER BY id DESC LIMIT ?", (limit,), "changes")

    def change_row(self, change_id: int) -> dict | None:
        rows = self._rows("SELECT * FROM changes WHERE id = ?", (change_id,), "changes")
        return rows[0] if rows else None

    def mark_undone(self, change_id: int, undo_id: int) -> None:
        self._write("UPDATE changes SET undone_by = ? WHERE id = ?", (undo_id, change_id))

    def latest_change(self) -> tuple[int, str] | tuple[int, None]:
        """The newest change's id and time; (0, None) for a store never changed."""
        with self._lock:
            row = self._db.execute("SELECT id, at FROM changes ORDER BY id DESC LIMIT 1").fetchone()
        return (row[0], row[1]) if row else (0, None)

    # -- whole files (backup) --------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """``PRAGMA integrity_check`` in full: [] for a sound file, else one line per problem SQLite found."""
        with self._lock:
            lines = [row[0] for row in self._db.execute("PRAGMA integrity_check")]
        return [] if lines == ["ok"] else lines

    def objects(self) -> set[tuple[str, str, str | None]]:
        """Every table, index, view and trigger of the schema as (type, name, its CREATE statement)."""
        return {(r["type"], r["name"], r["sql"]) for r in self._rows("SELECT type, name, sql FROM sqlite_master")}

    def columns(self, table: str) -> dict[str, tuple[str, bool]]:
        """A table's columns in order: name → (declared type, may be NULL)."""
        if table not in self._columns:
            self._known(table)
            self._columns[table] = {
                r["name"]: (r["type"].upper(), not r["notnull"] and not r["pk"])
                for r in self._rows(f"PRAGMA table_info({table})")
            }
        return self._columns[table]

    def table_rows(self, table: str) -> Iterator[dict]:
        """A table's rows as stored (JSON as text), in rowid order, a hundred at a time (documents are large)."""
        self._known(table)
        with self._lock:
            cursor = self._db.execute(f"SELECT * FROM {table} ORDER BY rowid")
            names = [column[0] for column in cursor.description]
        while True:
            with self._lock:  # not held while the caller works on a batch
                batch = cursor.fetchmany(100)
            if not batch:
                return
            yield from (dict(zip(names, row)) for row in batch)

    def insert_row(self, table: str, row: dict) -> None:
        """One row as stored (JSON as text) into a table of the same schema: its constraints apply."""
        unknown = set(row) - set(self.columns(table))
        if unknown:
            raise ValueError(f"not a column of {table}: {sorted(unknown)}")
        names = ", ".join(row)
        self._write(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))

    def defer_foreign_keys(self) -> None:
        """Inside a transaction: foreign keys are checked at its end, so rows may come in any order."""
        self._write("PRAGMA defer_foreign_keys = ON")

    def foreign_key_problems(self) -> list[tuple[str, int, str]]:
        """Rows whose foreign key names no row: (table, rowid, the table it should name)."""
        with self._lock:
            return [(row[0], row[1], row[2]) for row in self._db.execute("PRAGMA foreign_key_check")]

    def _known(self, table: str) -> None:
        if table not in {name for kind, name, _ in self.objects() if kind == "table"}:
            raise ValueError(f"no table {table!r}")

    def copy_to(self, target: str | Path, *, self_contained: bool = False) -> None:
        """Every page of this file into ``target`` through SQLite's backup API (safe while others write);
        ``self_contained`` leaves one file with no -wal beside it (an export)."""
        copy = sqlite3.connect(target)
        try:
            with self._lock:
                self._db.backup(copy)
            if self_contained:
                copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()


DatabaseError = sqlite3.DatabaseError  # what a damaged or foreign file raises, for the backup module's checks
