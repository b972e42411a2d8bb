"""The store's one connection to its database: with ``schema`` (the migrations) and ``dialects`` (what differs
between SQLite and PostgreSQL), the only code of Reisatlas that speaks SQL.

SQLite (one file in WAL mode, foreign keys on) by default, or a PostgreSQL server (``REISATLAS_STORE``
``postgresql://…``): the same statements, numbered migrations and transactions on both, every save one
transaction under a lock that the threads of a server share (and, through the database, every process). The
aggregates (documents, corrections, places, accounts, history, backup) hold the rules and ask for rows
through the named statements below; JSON columns come back as values.

A statement holds the lock only as long as the database needs it: nothing slow (a password hash, a reader)
runs inside ``transaction()``. A server that went away raises StoreUnreachable (nothing half saved: the
transaction is the database's); the next statement connects again.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

from .dialects import ServerError, dialect_for, one_line
from .errors import StoreError, StoreUnreachable
from .schema import MIGRATIONS

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
    """One connection to the store's database, shared by a server's threads under a lock: an SQLite file
    (``":memory:"`` for a throwaway one) or a ``postgresql://`` address (dialects.store_location).

    ``migrate=False`` opens a store as it is (a backup being checked); ``read_only`` never writes to it.
    ``path`` names it in messages (an address without its password).
    """

    RETRY_SECONDS = 1.0

    def __init__(self, location: str | Path, *, migrate: bool = True, read_only: bool = False):
        self.dialect = dialect_for(location)
        self.path = self.dialect.where
        self.server = self.dialect.server
        self._read_only = read_only
        self._db = self.dialect.connect(read_only)
        self._lock = threading.RLock()
        self._depth = 0
        self._retry_at, self._lost = 0.0, ""
        self._columns: dict[str, dict[str, tuple[str, bool]]] = {}
        if migrate:
            self.migrate()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    # -- transactions, reads and the schema ------------------------------------------------------

    def _execute(self, sql: str, parameters: tuple | list = ()) -> Any:
        """One statement in the dialect's words, under the lock; a lost server becomes StoreUnreachable, and
        outside a transaction the next statement connects again."""
        with self._lock:
            for attempt in (1, 2):
                self._connected()
                try:
                    return self._db.execute(self.dialect.statement(sql), parameters)
                except self.dialect.errors as err:
                    if (error := self._translated(err)) is err:
                        raise
                    if self._again(error, attempt):
                        continue
                    raise error from err

    def _connected(self) -> None:
        """A server connection that was lost is made again (outside a transaction: inside, the transaction is
        gone with it). While the server stays away, once per ``RETRY_SECONDS``: a page that asks meanwhile is
        told at once, not after a connect time-out."""
        if not self.server or (self._db is not None and not self._db.closed) or self._depth:
            return
        if time.monotonic() < self._retry_at:
            raise StoreUnreachable.said("store_unreachable", where=self.path, error=self._lost)
        try:
            self._db = self.dialect.connect(self._read_only)
        except StoreUnreachable as err:
            self._retry_at, self._lost = time.monotonic() + self.RETRY_SECONDS, err.values["error"]
            raise

    def _again(self, error: Exception, attempt: int) -> bool:
        """Whether to try once more on a new connection: the server restarted since the last statement (its old
        connection is found lost only now), outside a transaction, where nothing can have been half done."""
        return isinstance(error, StoreUnreachable) and attempt == 1 and not self._depth

    def _translated(self, err: Exception) -> Exception:
        if self.dialect.lost(self._db, err):
            return StoreUnreachable.said("store_unreachable", where=self.path, error=one_line(err, 200))
        if self.server:
            return ServerError(one_line(err, 300))
        return err

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: the statements inside commit together or not at all. Nested use joins the outer one.
        One write transaction at a time (SQLite's write lock, PostgreSQL's advisory lock: dialects)."""
        with self._begun(self.dialect.begin, "store_busy"):
            yield

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """One consistent view of every table for the reads inside (an export while the app writes)."""
        with self._begun(self.dialect.begin_snapshot, "store_cannot_open"):
            yield

    @contextlib.contextmanager
    def _begun(self, begin, refusal: str) -> Iterator[None]:
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            for attempt in (1, 2):
                self._connected()
                try:
                    begin(self._db)
                    break
                except self.dialect.errors as err:
                    error = self._translated(err)
                    if self._again(error, attempt):
                        continue
                    if isinstance(error, StoreUnreachable):
                        raise error from err
                    with contextlib.suppress(*self.dialect.errors):
                        self._db.execute("ROLLBACK")
                    raise StoreError.said(refusal, path=self.path, error=one_line(err)) from err
            self._depth = 1
            try:
                yield
            except BaseException:
                with contextlib.suppress(*self.dialect.errors):  # a lost server has rolled it back itself
                    self._db.execute("ROLLBACK")
                raise
            else:
                self._execute("COMMIT")
            finally:
                self._depth = 0

    def _rows(self, sql: str, parameters: tuple = (), table: str = "") -> list[dict]:
        with self._lock:
            cursor = self._execute(sql, parameters)
            names = [column[0] for column in cursor.description]
            rows = [dict(zip(names, row)) for row in cursor.fetchall()]
        for row in rows:
            for column in JSON_COLUMNS.get(table, ()):
                if column in row:
                    row[column] = _unjson(row[column])
        return rows

    def _write(self, sql: str, parameters: tuple = ()) -> Any:
        with self._lock:
            return self._execute(sql, parameters)

    def _one(self, sql: str, parameters: tuple = ()) -> Any:
        with self._lock:
            rows = self._execute(sql, parameters).fetchall()  # all: a RETURNING statement is done only then
        return rows[0][0] if rows else None

    def _with_db(self, action):
        """``action(the driver's connection)`` under the lock, its errors as every statement's."""
        with self._lock:
            self._connected()
            try:
                return action(self._db)
            except self.dialect.errors as err:
                if (error := self._translated(err)) is err:
                    raise
                raise error from err

    def schema_version(self) -> int:
        return self._with_db(self.dialect.version)

    def migrate(self, up_to: int = len(MIGRATIONS)) -> None:
        """Run the migrations the store has not had yet (up to version ``up_to``), each in its own transaction
        with its version number. The version is read again inside: two processes starting at once run each once."""
        current = self.schema_version()
        if current > len(MIGRATIONS):
            raise StoreError.said("store_schema_newer", path=self.path, version=current, known=len(MIGRATIONS))
        for number in range(current + 1, up_to + 1):
            with self.transaction():
                if self.schema_version() >= number:
                    continue
                MIGRATIONS[number - 1](lambda sql: self._execute(self.dialect.ddl(sql)))
                self._with_db(lambda db: self.dialect.set_version(db, number))  # noqa: B023 - called at once
            self._columns.clear()

    def integrity(self) -> str:
        """SQLite's ``PRAGMA integrity_check``: "ok" for a sound file (a server checks its own pages)."""
        problems = self.integrity_problems()
        return problems[0] if problems else "ok"

    # -- documents -------------------------------------------------------------------------------

    def document_rows(self, *, id: int | None = None, sha256: str | None = None, statuses: tuple = ()) -> list[dict]:
        """Documents without their bytes (``size`` instead), oldest first."""
        where, parameters = ["TRUE"], []
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
        return self._one(
            "INSERT INTO documents (sha256, name, content, uploaded_by, uploaded_at, replaces)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (sha256, name, content, by, at, replaces),
        )

    def set_document_status(self, document_id: int, status: str) -> None:
        self._write("UPDATE documents SET status = ? WHERE id = ?", (status, document_id))

    # -- corrections -----------------------------------------------------------------------------

    def correction_rows(self, **where: Any) -> list[dict]:
        """Corrections whose columns equal ``where`` (id, document, trip, field, needs_review), in saving order."""
        unknown = set(where) - set(_CORRECTION_KEYS)
        if unknown:
            raise ValueError(f"not a correction key: {sorted(unknown)}")
        clause = " AND ".join([f"{column} = ?" for column in where] or ["TRUE"])
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
            " SET password_hash = excluded.password_hash, sessions = accounts.sessions + 1",
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
        return self._one(
            "INSERT INTO changes (at, by, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (at, by, action, target, _json(before), _json(after)),
        )

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
        rows = self._rows("SELECT id, at FROM changes ORDER BY id DESC LIMIT 1")
        return (rows[0]["id"], rows[0]["at"]) if rows else (0, None)

    # -- whole stores (backup) -------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """SQLite's ``PRAGMA integrity_check`` in full: [] for a sound file, else one line per problem it found
        (a server database checks its own pages: [] when it answers)."""
        if self.server:
            self._one("SELECT 1")
            return []
        lines = [row[0] for row in self._execute("PRAGMA integrity_check").fetchall()]
        return [] if lines == ["ok"] else lines

    def objects(self) -> set[tuple[str, str, str | None]]:
        """Every table, index, view and trigger of an SQLite schema as (type, name, its CREATE statement)."""
        return {(r["type"], r["name"], r["sql"]) for r in self._rows("SELECT type, name, sql FROM sqlite_master")}

    def tables(self) -> set[str]:
        return self._with_db(self.dialect.tables)

    def columns(self, table: str) -> dict[str, tuple[str, bool]]:
        """A table's columns in order: name → (declared type as SQLite names it, may be NULL)."""
        if table not in self._columns:
            self._known(table)
            self._columns[table] = self._with_db(lambda db: self.dialect.columns(db, table))
        return self._columns[table]

    def table_rows(self, table: str) -> Iterator[dict]:
        """A table's rows as stored (JSON as text), in rowid (or key) order, a hundred at a time (documents are
        large; on a server through a server-side cursor, so inside ``snapshot()``)."""
        self._known(table)
        sql = f"SELECT * FROM {table} ORDER BY {self._with_db(lambda db: self.dialect.order(db, table))}"
        cursor = self._with_db(lambda db: self.dialect.cursor(db, sql))
        names = [column[0] for column in cursor.description]
        try:
            while True:
                batch = self._with_db(lambda db: cursor.fetchmany(100))  # not held while the caller works on a batch
                if not batch:
                    return
                yield from (dict(zip(names, row)) for row in batch)
        finally:
            with contextlib.suppress(*self.dialect.errors):
                self._with_db(lambda db: cursor.close())

    def insert_row(self, table: str, row: dict) -> None:
        """One row as stored (JSON as text) into a table of the same schema: its constraints apply."""
        unknown = set(row) - set(self.columns(table))
        if unknown:
            raise ValueError(f"not a column of {table}: {sorted(unknown)}")
        names = ", ".join(row)
        self._write(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))

    def insert_rows(self, table: str, rows: Iterable[dict]) -> int:
        """Rows as stored, every one with the table's own columns, as ``insert_row`` puts one: on a server in one
        COPY (the rows stream over, not a round trip each). How many."""
        names = list(self.columns(table))
        values = (tuple(row[name] for name in names) for row in rows)  # KeyError for a row that lacks one
        return self._with_db(lambda db: self.dialect.insert_many(db, table, names, values))

    def empty(self, table: str) -> None:
        """Inside a transaction: every row of ``table`` gone (an import into a server database)."""
        self._known(table)
        self._write(f"DELETE FROM {table}")

    def count(self, table: str) -> int:
        self._known(table)
        return self._one(f"SELECT COUNT(*) FROM {table}")

    def restart_identity(self, table: str) -> None:
        """After rows came in with their own ids: the next id follows the highest (a server's identity column;
        SQLite's rowid needs nothing)."""
        if self.server:
            self._with_db(lambda db: self.dialect.restart_identity(db, table))

    def defer_foreign_keys(self) -> None:
        """Inside a transaction: foreign keys are checked at its end, so rows may come in any order."""
        self._with_db(self.dialect.defer_foreign_keys)

    def foreign_key_problems(self) -> list[tuple[str, int, str]]:
        """Rows whose foreign key names no row: (table, rowid, the table it should name). A server database
        refuses them itself, at the end of the transaction."""
        if self.server:
            return []
        return [(row[0], row[1], row[2]) for row in self._execute("PRAGMA foreign_key_check").fetchall()]

    def _known(self, table: str) -> None:
        if table not in self.tables():
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


# What a damaged or foreign file raises, or what a server refused: for the backup module's checks.
DatabaseError = (sqlite3.DatabaseError, ServerError)
