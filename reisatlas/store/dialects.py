"""Where the store lives, and what differs between its two databases: SQLite (one file, the default) and
PostgreSQL (a server, for app processes on several machines).

``connection`` writes every statement once, in SQLite's words; a dialect opens its database, puts a statement
in its own words (placeholders, column types, identity columns), begins a write transaction with the same
guarantee on both (one writer at a time, readers never wait), and reads the schema back for the backup's checks.

    >>> store_location("postgresql://atlas@db.example/reisatlas")
    'postgresql://atlas@db.example/reisatlas'
    >>> store_location("/srv/reisatlas/store.sqlite")
    PosixPath('/srv/reisatlas/store.sqlite')
    >>> store_location("mysql://atlas@db.example/reisatlas")
    Traceback (most recent call last):
    ...
    reisatlas.store.errors.StoreError: REISATLAS_STORE 'mysql://atlas@db.example/reisatlas' is geen pad en geen postgresql://-adres
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .errors import StoreError, StoreUnreachable

SCHEMES = ("postgresql://", "postgres://")  # libpq's two spellings
_LOOKS_LIKE_AN_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # two letters at least: C:\ stays a path
_PASSWORD = re.compile(r"(//[^/@:]*):[^@/]*@")


def store_location(text: str | Path) -> str | Path:
    """A path (an SQLite file), ``":memory:"`` or a ``postgresql://`` address. Anything else that starts like
    an address (``mysql://``, ``postgres:/x``, ``postgresql:``) is refused in one line, never taken as a path."""
    if isinstance(text, Path) or text == ":memory:" or text.startswith(SCHEMES):
        return text
    if _LOOKS_LIKE_AN_ADDRESS.match(text):
        raise StoreError.said("store_unknown_form", store=repr(without_password(text)))
    return Path(text)


def without_password(address: str) -> str:
    """An address as messages may show it.

    >>> without_password("postgresql://atlas:geheim@db:5432/reisatlas")
    'postgresql://atlas:***@db:5432/reisatlas'
    """
    return _PASSWORD.sub(r"\1:***@", address)


def dialect_for(location: str | Path) -> SQLite | PostgreSQL:
    location = store_location(location)
    return PostgreSQL(location) if isinstance(location, str) and location.startswith(SCHEMES) else SQLite(location)


def one_line(text: object, most: int = 160) -> str:
    """An error's text on one line of at most ``most`` characters.

    >>> one_line("database disk image is malformed\\n*** in database main ***\\nPage 7: never used")
    'database disk image is malformed *** in database main *** Page 7: never used'
    """
    line = " ".join(str(text).split())
    return line if len(line) <= most else line[: most - 1] + "…"


class ServerError(Exception):
    """What the PostgreSQL server refused in a statement (a constraint, a type, text with a NUL): as
    sqlite3.DatabaseError is for a file, so the backup's checks catch both."""


class SQLite:
    """One file in WAL mode, foreign keys on; the schema's version in ``PRAGMA user_version``."""

    server = False
    errors: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)

    def __init__(self, path: str | Path):
        self.location = str(path)
        self.where = self.location  # how messages name it

    def connect(self, read_only: bool = False) -> sqlite3.Connection:
        try:
            if read_only:  # a file from elsewhere: nothing in its schema may run (trusted_schema off)
                db = sqlite3.connect(f"file:{self.location}?mode=ro", uri=True, isolation_level=None)
                db.execute("PRAGMA trusted_schema = OFF")
                db.execute("PRAGMA query_only = ON")
                return db
            if self.location != ":memory:":
                Path(self.location).parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.location, isolation_level=None, timeout=30, check_same_thread=False)
            db.execute("PRAGMA foreign_keys = ON")
            if self.location != ":memory:":
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")
            return db
        except sqlite3.DatabaseError as err:
            raise StoreError.said("store_cannot_open", path=self.where, error=err) from err

    def statement(self, sql: str) -> str:
        return sql

    def ddl(self, sql: str) -> str:
        return sql

    def begin(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")  # the write lock now, not at the first write: read-then-write is safe

    def begin_snapshot(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN")  # a read transaction: in WAL mode one consistent view while others write

    def version(self, db: sqlite3.Connection) -> int:
        return db.execute("PRAGMA user_version").fetchone()[0]

    def set_version(self, db: sqlite3.Connection, number: int) -> None:
        db.execute(f"PRAGMA user_version = {int(number)}")

    def tables(self, db: sqlite3.Connection) -> set[str]:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def columns(self, db: sqlite3.Connection, table: str) -> dict[str, tuple[str, bool]]:
        return {
            name: (kind.upper(), not notnull and not pk)
            for _, name, kind, notnull, _, pk in db.execute(f"PRAGMA table_info({table})")
        }

    def order(self, db: sqlite3.Connection, table: str) -> str:
        return "rowid"

    def cursor(self, db: sqlite3.Connection, sql: str) -> sqlite3.Cursor:
        return db.execute(sql)

    def insert_many(self, db: sqlite3.Connection, table: str, names: list[str], values: Iterable[tuple]) -> int:
        cursor = db.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values
        )
        return cursor.rowcount

    def defer_foreign_keys(self, db: sqlite3.Connection) -> None:
        db.execute("PRAGMA defer_foreign_keys = ON")

    def lost(self, db: Any, err: Exception) -> bool:
        return False


_TYPES = {"bigint": "INTEGER", "integer": "INTEGER", "double precision": "REAL", "text": "TEXT", "bytea": "BLOB"}
_CURSORS = itertools.count(1)
_LOCK = 0x52454953  # "REIS": the advisory lock every write transaction of every process takes


class PostgreSQL:
    """A database on a PostgreSQL server (psycopg 3), in autocommit between transactions; the schema's
    version in a one-row table ``reisatlas_schema``.

    A write transaction takes one advisory lock first (``pg_advisory_xact_lock``), so writers go one at a time
    as SQLite's ``BEGIN IMMEDIATE`` makes them, across every process and machine; each statement in it reads
    what committed before (READ COMMITTED), so a version read after the lock is the latest. Readers take no
    lock. A lost connection is made again at the next statement outside a transaction.
    """

    server = True

    def __init__(self, address: str):
        self.location = address
        self.where = _describe(address)

    @property
    def errors(self) -> tuple[type[Exception], ...]:
        import psycopg

        return (psycopg.Error,)

    def connect(self, read_only: bool = False) -> Any:
        import psycopg

        try:
            db = psycopg.connect(self.location, autocommit=True, connect_timeout=5, application_name="reisatlas")
            db.execute("SET lock_timeout = '30s'")  # as SQLite's busy timeout
            if read_only:
                db.execute("SET default_transaction_read_only = on")
        except psycopg.OperationalError as err:
            raise StoreUnreachable.said("store_unreachable", where=self.where, error=one_line(err, 200)) from err
        except psycopg.Error as err:
            raise StoreError.said("store_cannot_open", path=self.where, error=one_line(err)) from err
        return db

    def statement(self, sql: str) -> str:
        return _placeholders(sql)

    def ddl(self, sql: str) -> str:
        return _ddl(sql)

    def begin(self, db: Any) -> None:
        db.execute("BEGIN")
        db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))

    def begin_snapshot(self, db: Any) -> None:
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def version(self, db: Any) -> int:
        if db.execute("SELECT to_regclass('reisatlas_schema')").fetchone()[0] is None:
            return 0
        row = db.execute("SELECT version FROM reisatlas_schema").fetchone()
        return row[0] if row else 0

    def set_version(self, db: Any, number: int) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS reisatlas_schema (version INTEGER NOT NULL)")
        db.execute("DELETE FROM reisatlas_schema")
        db.execute("INSERT INTO reisatlas_schema (version) VALUES (%s)", (number,))

    def tables(self, db: Any) -> set[str]:
        rows = db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'reisatlas_schema'"
        )
        return {row[0] for row in rows}

    def columns(self, db: Any, table: str) -> dict[str, tuple[str, bool]]:
        rows = db.execute(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
            (table,),
        )
        return {name: (_TYPES.get(kind, kind.upper()), nullable == "YES") for name, kind, nullable in rows}

    def order(self, db: Any, table: str) -> str:
        rows = db.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
            " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
            (table,),
        )
        return ", ".join(row[0] for row in rows) or "1"

    def cursor(self, db: Any, sql: str) -> Any:
        """A server-side cursor (inside a transaction): rows come over as they are fetched, not all at once."""
        cursor = db.cursor(name=f"reisatlas_rows_{next(_CURSORS)}")
        cursor.execute(sql)
        return cursor

    def insert_many(self, db: Any, table: str, names: list[str], values: Iterable[tuple]) -> int:
        """The rows in one COPY: they stream to the server, checked there as any INSERT's (types, constraints)."""
        count = 0
        with db.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
                count += 1
        return count

    def defer_foreign_keys(self, db: Any) -> None:
        db.execute("SET CONSTRAINTS ALL DEFERRED")

    def restart_identity(self, db: Any, table: str) -> None:
        """After rows came in with their own ids: the next id follows the highest."""
        if "id" in self.columns(db, table):
            db.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"
            )

    def lost(self, db: Any, err: Exception) -> bool:
        """Whether ``err`` means the server is gone (the connection is broken), not that it refused a statement."""
        import psycopg

        return isinstance(err, psycopg.OperationalError) and (db is None or db.closed)


def _describe(address: str) -> str:
    """The address as messages show it: no password, the host (or socket folder), port and database."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        info = conninfo_to_dict(address)
    except Exception:  # noqa: BLE001 - a malformed address: psycopg says why when it connects
        return without_password(address)
    user = f"{info['user']}@" if info.get("user") else ""
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{user}{info.get('host') or 'localhost'}{port}/{info.get('dbname') or ''}"


@lru_cache(maxsize=256)
def _placeholders(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


def _ddl(sql: str) -> str:
    """A CREATE or ALTER statement of ``schema`` in PostgreSQL's words.

    >>> _ddl("id INTEGER PRIMARY KEY, content BLOB NOT NULL, lat REAL, replaces INTEGER REFERENCES documents(id)")
    'id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, content BYTEA NOT NULL, lat DOUBLE PRECISION, replaces BIGINT REFERENCES documents(id) DEFERRABLE'
    """
    sql = re.sub(r"\bINTEGER PRIMARY KEY\b", "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", sql)
    sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
    sql = re.sub(r"\bBLOB\b", "BYTEA", sql)
    sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)
    return re.sub(r"(REFERENCES \w+\(\w+\))", r"\1 DEFERRABLE", sql)
