"""The store's schema: numbered migrations, run in order, each once (``Connection.migrate``).

Written once in SQLite's words; ``dialects`` turns each statement into PostgreSQL's (identity columns, BYTEA,
DOUBLE PRECISION, deferrable references) when the store is there. A migration gets ``run``, which executes one
statement in the migration's transaction.
"""

from __future__ import annotations

from typing import Any, Callable

Run = Callable[[str], Any]


def _m1_initial(run: Run) -> None:
    run(
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
    run(
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
    run(
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
    run(
        """CREATE TABLE accounts (
            name TEXT PRIMARY KEY,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            not_before REAL NOT NULL DEFAULT 0,
            locked_until REAL NOT NULL DEFAULT 0
        )"""
    )
    run(
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
    run("CREATE INDEX corrections_by_document ON corrections (document)")


def _m2_sign_in_throttle(run: Run) -> None:
    """Failures counted per name (known or not) and per client instead of per account; ``sessions`` counts
    the times an account's open sessions were ended (a new password, a lock)."""
    run(
        """CREATE TABLE sign_in_failures (
            key TEXT PRIMARY KEY,
            failures INTEGER NOT NULL DEFAULT 0,
            last_failure REAL NOT NULL DEFAULT 0,
            not_before REAL NOT NULL DEFAULT 0,
            locked_until REAL NOT NULL DEFAULT 0
        )"""
    )
    run(
        "INSERT INTO sign_in_failures (key, failures, last_failure, not_before, locked_until)"
        " SELECT 'name:' || name, failures, not_before, not_before, locked_until FROM accounts"
        " WHERE failures > 0 OR not_before > 0 OR locked_until > 0"
    )
    for column in ("failures", "not_before", "locked_until"):
        run(f"ALTER TABLE accounts DROP COLUMN {column}")
    run("ALTER TABLE accounts ADD COLUMN sessions INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: tuple[Callable[[Run], None], ...] = (_m1_initial, _m2_sign_in_throttle)
