"""The SQLite store: one file in WAL mode, foreign keys on, numbered migrations, every save one transaction.

Only this module speaks SQL. Every method that changes something writes its audit row in the same
transaction, so the store and its history cannot disagree; a process killed in the middle of a save
leaves the store as it was before it (SQLite's journal rolls the half-written transaction back).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from .accounts import SignInPolicy, hash_password, password_problem, verify_password
from .errors import ConflictError, SignInError, StoreError, UploadError

STATUSES = ("draft", "published", "withdrawn")
NAME_LENGTH = 80


def default_store_path() -> Path:
    """``REISATLAS_STORE``, else ``reisatlas/store.sqlite`` in the user's data folder (XDG_DATA_HOME, ~/.local/share)."""
    if os.environ.get("REISATLAS_STORE"):
        return Path(os.environ["REISATLAS_STORE"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "reisatlas" / "store.sqlite"


def _now_iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="seconds")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _value_json(value: Any) -> str:
    """A correction's value as stored: JSON always, so a day cleared by hand (None) is ``null``, not missing."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _unjson(text: str | None) -> Any:
    return None if text is None else json.loads(text)


@dataclass(frozen=True)
class Document:
    """An uploaded document (its bytes come from ``Store.content``). ``key`` names it in corrections."""

    id: int
    sha256: str
    name: str
    size: int
    uploaded_by: str
    uploaded_at: str
    status: str
    replaces: int | None

    @property
    def key(self) -> str:
        return document_key(self.sha256)


def document_key(sha256: str) -> str:
    """How corrections name an uploaded document: by its content, so an export and import keep them."""
    return f"sha256:{sha256}"


def folder_key(file_name: str) -> str:
    """How corrections name a document of the read-only folder (REISATLAS_DOCUMENTS, seeds/): by its file name."""
    return f"file:{file_name}"


@dataclass(frozen=True)
class Correction:
    """One field of one trip set by hand. ``trip`` is the trip's stable key (reisatlas.store.corrections.trip_keys),
    ``value`` the new value and ``original`` what the reader had found; ``version`` counts saves (optimistic locking).
    ``needs_review`` marks a correction carried to a new version of its document where the trip changed."""

    id: int
    document: str
    trip: str
    field: str
    value: Any
    original: Any
    by: str
    at: str
    version: int
    needs_review: bool

    def describe(self) -> str:
        return f"{self.field} = {json.dumps(self.value, ensure_ascii=False)} ({self.by}, {self.at})"


@dataclass(frozen=True)
class ReviewedPlace:
    name: str
    country_code: str
    lat: float
    lon: float
    note: str
    by: str
    at: str


@dataclass(frozen=True)
class Change:
    """One line of the audit log: who did what when, the state before and after."""

    id: int
    at: str
    by: str
    action: str
    target: str
    before: Any
    after: Any
    undone_by: int | None


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


class Store:
    """The store in one SQLite file (``":memory:"`` for a throwaway one).

    ``clock`` returns the time in seconds (``time.time``); tests pass their own instead of sleeping.
    One connection, shared by the threads of a Streamlit server under a lock.
    """

    MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_m1_initial,)

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        clock: Callable[[], float] = time.time,
        policy: SignInPolicy | None = None,
    ):
        self.path = str(path if path is not None else default_store_path())
        self.clock = clock
        self.policy = policy or SignInPolicy.from_environment()
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as err:
            raise StoreError.said("store_cannot_open", path=self.path, error=err) from err
        self._lock = threading.RLock()
        self._depth = 0
        self.migrate()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions and migrations -------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: the statements inside commit together or not at all. Nested use joins the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._db
                finally:
                    self._depth -= 1
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as err:
                raise StoreError.said("store_busy", path=self.path, error=err) from err
            self._depth = 1
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._depth = 0

    def _read(self, sql: str, parameters: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._db.execute(sql, parameters)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def schema_version(self) -> int:
        with self._lock:
            return self._db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        """Run the migrations the file has not had yet, each in its own transaction with its version number."""
        current = self.schema_version()
        if current > len(self.MIGRATIONS):
            raise StoreError.said("store_schema_newer", path=self.path, version=current, known=len(self.MIGRATIONS))
        for number, migration in enumerate(self.MIGRATIONS[current:], start=current + 1):
            with self.transaction() as db:
                migration(db)
                db.execute(f"PRAGMA user_version = {number}")

    def integrity(self) -> str:
        """``PRAGMA integrity_check``: "ok" for a sound file."""
        with self._lock:
            return self._db.execute("PRAGMA integrity_check").fetchone()[0]

    def _log(self, by: str, action: str, target: str, before: Any, after: Any) -> int:
        cursor = self._db.execute(
            "INSERT INTO changes (at, by, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)",
            (_now_iso(self.clock()), by, action, target, _json(before), _json(after)),
        )
        return cursor.lastrowid

    # -- documents -------------------------------------------------------------------------------

    def add_document(self, name: str, content: bytes, by: str, *, replaces: int | None = None) -> Document:
        """Keep an uploaded document as a draft. UploadError when the same bytes are already in the store."""
        sha = hashlib.sha256(content).hexdigest()
        with self.transaction() as db:
            if existing := self.find_document(sha):
                raise UploadError.about(
                    name,
                    "upload_same_content_as",
                    name=repr(existing.name),
                    status=existing.status,
                    by=existing.uploaded_by,
                    at=existing.uploaded_at,
                )
            if replaces is not None and self.document(replaces) is None:
                raise StoreError.said("store_no_document", id=replaces)
            cursor = db.execute(
                "INSERT INTO documents (sha256, name, content, uploaded_by, uploaded_at, replaces) VALUES (?, ?, ?, ?, ?, ?)",
                (sha, name, content, by, _now_iso(self.clock()), replaces),
            )
            document = self.document(cursor.lastrowid)
            self._log(
                by, "document.upload", document.key, None, {"name": name, "status": "draft", "replaces": replaces}
            )
        return document

    _DOCUMENT_COLUMNS = "id, sha256, name, length(content) AS size, uploaded_by, uploaded_at, status, replaces"

    def documents(self, *statuses: str) -> list[Document]:
        """Every uploaded document (or those with one of ``statuses``), oldest first."""
        rows = self._read(f"SELECT {self._DOCUMENT_COLUMNS} FROM documents ORDER BY id")
        return [Document(**row) for row in rows if not statuses or row["status"] in statuses]

    def document(self, document_id: int) -> Document | None:
        rows = self._read(f"SELECT {self._DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (document_id,))
        return Document(**rows[0]) if rows else None

    def find_document(self, sha256: str) -> Document | None:
        rows = self._read(f"SELECT {self._DOCUMENT_COLUMNS} FROM documents WHERE sha256 = ?", (sha256,))
        return Document(**rows[0]) if rows else None

    def content(self, document_id: int) -> bytes:
        rows = self._read("SELECT content FROM documents WHERE id = ?", (document_id,))
        if not rows:
            raise StoreError.said("store_no_document", id=document_id)
        return rows[0]["content"]

    def set_status(self, document_id: int, status: str, by: str) -> Document:
        """Publish, withdraw or return to draft. Publishing a new version withdraws the one it replaces."""
        if status not in STATUSES:
            raise StoreError.said("store_unknown_status", status=repr(status), known=", ".join(STATUSES))
        with self.transaction() as db:
            document = self.document(document_id)
            if document is None:
                raise StoreError.said("store_no_document", id=document_id)
            if document.status != status:
                db.execute("UPDATE documents SET status = ? WHERE id = ?", (status, document_id))
                self._log(by, "document.status", document.key, {"status": document.status}, {"status": status})
            old = self.document(document.replaces) if document.replaces else None
            if status == "published" and old and old.status == "published":
                self.set_status(old.id, "withdrawn", by)
        return self.document(document_id)

    # -- corrections -----------------------------------------------------------------------------

    def _correction_rows(self, where: str, parameters: tuple) -> list[Correction]:
        rows = self._read(f"SELECT * FROM corrections WHERE {where} ORDER BY id", parameters)
        for row in rows:
            row["value"], row["original"] = _unjson(row["value"]), _unjson(row["original"])
            row["needs_review"] = bool(row["needs_review"])
        return [Correction(**row) for row in rows]

    def corrections(self, document: str | None = None, *, needs_review: bool | None = False) -> list[Correction]:
        """The corrections of one document (by key) or of all; by default only those in force, not those
        waiting for review (``needs_review=True`` for those alone, ``None`` for both)."""
        where, parameters = ["1"], []
        if document is not None:
            where.append("document = ?")
            parameters.append(document)
        if needs_review is not None:
            where.append("needs_review = ?")
            parameters.append(int(needs_review))
        return self._correction_rows(" AND ".join(where), tuple(parameters))

    def correction(self, document: str, trip: str, field: str) -> Correction | None:
        found = self._correction_rows("document = ? AND trip = ? AND field = ?", (document, trip, field))
        return found[0] if found else None

    def save_correction(
        self, document: str, trip: str, field: str, value: Any, by: str, *, expected_version: int, original: Any = None
    ) -> Correction:
        """Set one field of one trip. ``expected_version`` is the version the editor saw (0: none yet);
        when someone saved in between, ConflictError carries their correction and nothing is written."""
        with self.transaction() as db:
            current = self.correction(document, trip, field)
            self._check_version(current, expected_version, field)
            if current is None:
                db.execute(
                    "INSERT INTO corrections (document, trip, field, value, original, by, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (document, trip, field, _value_json(value), _json(original), by, _now_iso(self.clock())),
                )
            else:
                db.execute(
                    "UPDATE corrections SET value = ?, by = ?, at = ?, version = version + 1, needs_review = 0 WHERE id = ?",
                    (_value_json(value), by, _now_iso(self.clock()), current.id),
                )
            saved = self.correction(document, trip, field)
            self._log(by, "correction.save", f"{document}|{trip}|{field}", self._state(current), self._state(saved))
        return saved

    def delete_correction(self, document: str, trip: str, field: str, by: str, *, expected_version: int) -> None:
        """Back to what the reader found, for one field of one trip."""
        with self.transaction() as db:
            current = self.correction(document, trip, field)
            self._check_version(current, expected_version, field)
            if current is None:
                return
            db.execute("DELETE FROM corrections WHERE id = ?", (current.id,))
            self._log(by, "correction.delete", f"{document}|{trip}|{field}", self._state(current), None)

    @staticmethod
    def _check_version(current: Correction | None, expected: int, field: str) -> None:
        if (current.version if current else 0) != expected:
            if current is None:
                raise ConflictError.said("store_conflict_removed", None, field=field)
            raise ConflictError.said(
                "store_conflict_changed",
                current,
                field=field,
                by=current.by,
                at=current.at,
                value=json.dumps(current.value, ensure_ascii=False),
            )

    @staticmethod
    def _state(correction: Correction | None) -> dict | None:
        if correction is None:
            return None
        return {
            "value": correction.value,
            "original": correction.original,
            "version": correction.version,
            "needs_review": correction.needs_review,
        }

    def carry_over(
        self, old: str, new: str, found: dict[str, dict[str, Any]], by: str
    ) -> tuple[list[Correction], list[Correction]]:
        """Copy the corrections of document ``old`` to its new version ``new`` (the old version keeps
        its own until it is withdrawn: the public pages show it corrected meanwhile).

        ``found`` maps each trip key of the new version to its field values as read
        (reisatlas.store.corrections.field_values). A correction carries over in force where the trip is
        there and the field reads as it did when it was corrected; otherwise it is marked for review.
        Returns (carried, to review). One transaction.
        """
        carried, review = [], []
        with self.transaction() as db:
            for correction in self.corrections(old, needs_review=None):
                fields = found.get(correction.trip)
                same = fields is not None and (
                    correction.field not in fields or fields[correction.field] == correction.original
                )
                if correction.field == "added":  # a trip the reader missed: still missing?
                    same = True
                db.execute(
                    "INSERT INTO corrections (document, trip, field, value, original, by, at, needs_review)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (document, trip, field) DO NOTHING",
                    (
                        new,
                        correction.trip,
                        correction.field,
                        _value_json(correction.value),
                        _json(correction.original),
                        correction.by,
                        correction.at,
                        int(not same or correction.needs_review),
                    ),
                )
                copied = self.correction(new, correction.trip, correction.field)
                (carried if not copied.needs_review else review).append(copied)
            if carried or review:
                self._log(
                    by,
                    "correction.carry_over",
                    f"{old} -> {new}",
                    {"document": old},
                    {"document": new, "carried": len(carried), "review": [f"{c.trip}|{c.field}" for c in review]},
                )
        return carried, review

    def accept_review(self, correction_id: int, by: str) -> None:
        """A carried-over correction checked by a person: in force again."""
        with self.transaction() as db:
            current = self._correction_rows("id = ?", (correction_id,))
            if not current:
                return
            db.execute("UPDATE corrections SET needs_review = 0, version = version + 1 WHERE id = ?", (correction_id,))
            after = self._correction_rows("id = ?", (correction_id,))[0]
            c = current[0]
            self._log(by, "correction.save", f"{c.document}|{c.trip}|{c.field}", self._state(c), self._state(after))

    # -- reviewed places -------------------------------------------------------------------------

    def save_place(self, name: str, country_code: str, lat: float, lon: float, note: str, by: str) -> ReviewedPlace:
        """A place reviewed in the app, for every document (as data/places.csv, which it overrides)."""
        with self.transaction() as db:
            before = self.place(name, country_code)
            db.execute(
                "INSERT INTO places (name, country_code, lat, lon, note, by, at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (name, country_code) DO UPDATE SET lat = excluded.lat, lon = excluded.lon,"
                " note = excluded.note, by = excluded.by, at = excluded.at",
                (name, country_code.upper(), float(lat), float(lon), note, by, _now_iso(self.clock())),
            )
            after = self.place(name, country_code)
            self._log(by, "place.save", f"{name}|{country_code.upper()}", _place_state(before), _place_state(after))
        return after

    def place(self, name: str, country_code: str) -> ReviewedPlace | None:
        rows = self._read("SELECT * FROM places WHERE name = ? AND country_code = ?", (name, country_code.upper()))
        return ReviewedPlace(**rows[0]) if rows else None

    def places(self) -> list[ReviewedPlace]:
        return [ReviewedPlace(**row) for row in self._read("SELECT * FROM places ORDER BY name, country_code")]

    # -- accounts --------------------------------------------------------------------------------

    def add_account(self, name: str, password: str, *, by: str = "reisatlas admin add") -> None:
        """A new admin, or a new password for an existing one (which also unlocks it)."""
        name = name.strip()
        if not name or len(name) > NAME_LENGTH or any(ch.isspace() for ch in name):
            raise StoreError.said("store_bad_name", name=repr(name), most=NAME_LENGTH)
        if problem := password_problem(password):
            raise problem
        hashed = hash_password(password)
        with self.transaction() as db:
            existed = bool(self._read("SELECT 1 FROM accounts WHERE name = ?", (name,)))
            db.execute(
                "INSERT INTO accounts (name, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE"
                " SET password_hash = excluded.password_hash, failures = 0, not_before = 0, locked_until = 0",
                (name, hashed, _now_iso(self.clock())),
            )
            self._log(by, "account.password" if existed else "account.add", name, None, {"name": name})

    def accounts(self) -> list[str]:
        return [row["name"] for row in self._read("SELECT name FROM accounts ORDER BY name")]

    def sign_in(self, name: str, password: str) -> str:
        """The account's name when the password is right; SignInError otherwise.

        Failures in a row make the next attempt wait longer and then lock the account (SignInPolicy);
        an attempt made too soon or while locked is refused without looking at the password.
        """
        with self.transaction() as db:  # one attempt at a time: parallel guesses count one by one
            refusal = self._attempt(db, name, password)
        if refusal:
            raise refusal
        return name

    def _attempt(self, db: sqlite3.Connection, name: str, password: str) -> SignInError | None:
        now = self.clock()
        rows = self._read("SELECT * FROM accounts WHERE name = ?", (name,))
        account = rows[0] if rows else None
        if account and account["locked_until"] > now:
            wait = account["locked_until"] - now
            return SignInError.said("store_locked", wait, True, minutes=_minutes(wait))
        if account and account["not_before"] > now:
            wait = account["not_before"] - now
            return SignInError.said("store_too_soon", wait, wait=wait)
        if verify_password(account["password_hash"] if account else None, password):
            db.execute("UPDATE accounts SET failures = 0, not_before = 0, locked_until = 0 WHERE name = ?", (name,))
            return None
        if account is None:
            return SignInError.said("store_wrong_password", self.policy.wait_after(1))
        failures = account["failures"] + 1
        wait = self.policy.wait_after(failures)
        locked = failures >= self.policy.lock_after
        db.execute(
            "UPDATE accounts SET failures = ?, not_before = ?, locked_until = ? WHERE name = ?",
            (0 if locked else failures, now + wait, now + wait if locked else 0, name),
        )
        if locked:
            self._log(name, "account.locked", name, None, {"until": _now_iso(now + wait)})
            return SignInError.said("store_locked_after", wait, True, failures=failures, minutes=_minutes(wait))
        return SignInError.said("store_wrong_password_wait", wait, wait=wait)

    # -- history and undo ------------------------------------------------------------------------

    def history(self, limit: int = 200) -> list[Change]:
        rows = self._read("SELECT * FROM changes ORDER BY id DESC LIMIT ?", (limit,))
        for row in rows:
            row["before"], row["after"] = _unjson(row["before"]), _unjson(row["after"])
        return [Change(**row) for row in rows]

    UNDOABLE = ("correction.save", "correction.delete", "document.status", "place.save")

    def undo(self, change_id: int, by: str) -> None:
        """Put back the state before a change, as a new change of its own. ConflictError when the thing
        has changed since (undo the later change first)."""
        with self.transaction() as db:
            rows = [c for c in self.history(limit=1_000_000) if c.id == change_id]
            if not rows:
                raise StoreError.said("store_no_change", id=change_id)
            change = rows[0]
            if change.action not in self.UNDOABLE:
                raise StoreError.said("store_cannot_undo", action=change.action)
            if change.undone_by is not None:
                raise ConflictError.said("store_already_undone", id=change_id)
            if change.action.startswith("correction."):
                document, trip, field = change.target.split("|", 2)
                current = self.correction(document, trip, field)
                if self._state(current) != change.after:
                    raise ConflictError.said("store_changed_again", current, field=field)
                if change.before is None:
                    db.execute("DELETE FROM corrections WHERE id = ?", (current.id,))
                elif current is None:
                    db.execute(
                        "INSERT INTO corrections (document, trip, field, value, original, by, at, version, needs_review)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            document,
                            trip,
                            field,
                            _value_json(change.before["value"]),
                            _json(change.before["original"]),
                            by,
                            _now_iso(self.clock()),
                            change.before["version"],
                            int(change.before["needs_review"]),
                        ),
                    )
                else:
                    db.execute(
                        "UPDATE corrections SET value = ?, needs_review = ?, by = ?, at = ?, version = version + 1 WHERE id = ?",
                        (
                            _value_json(change.before["value"]),
                            int(change.before["needs_review"]),
                            by,
                            _now_iso(self.clock()),
                            current.id,
                        ),
                    )
                after = self._state(self.correction(document, trip, field))
            elif change.action == "document.status":
                document = next((d for d in self.documents() if d.key == change.target), None)
                if document is None or document.status != change.after["status"]:
                    raise ConflictError.said("store_status_changed_again")
                db.execute("UPDATE documents SET status = ? WHERE id = ?", (change.before["status"], document.id))
                after = {"status": change.before["status"]}
            else:  # place.save
                name, code = change.target.split("|", 1)
                if _place_state(self.place(name, code)) != change.after:
                    raise ConflictError.said("store_place_changed_again", name=name)
                if change.before is None:
                    db.execute("DELETE FROM places WHERE name = ? AND country_code = ?", (name, code))
                else:
                    db.execute(
                        "UPDATE places SET lat = ?, lon = ?, note = ? WHERE name = ? AND country_code = ?",
                        (change.before["lat"], change.before["lon"], change.before["note"], name, code),
                    )
                after = _place_state(self.place(name, code))
            undo_id = self._log(by, f"undo.{change.action}", change.target, change.after, after)
            db.execute("UPDATE changes SET undone_by = ? WHERE id = ?", (undo_id, change_id))

    def fixes(self, document: str):
        """One document's corrections in force and every reviewed place, for reisatlas.atlas (None when there are none)."""
        from .corrections import Fixes

        fixes = Fixes(tuple(self.corrections(document)), tuple(self.places()))
        return fixes or None

    def fixes_for(self, document):
        """``fixes`` for a document of the atlas: a DocumentSource (an upload) or a path in the documents folder."""
        return self.fixes(document.key if hasattr(document, "key") else folder_key(Path(document).name))

    def sources(self, *statuses: str) -> list:
        """The uploads with one of ``statuses`` as reisatlas.atlas.DocumentSource, oldest first."""
        from ..atlas import DocumentSource

        return [DocumentSource(d.name, self.content(d.id), d.key) for d in self.documents(*statuses)]

    def revision(self) -> int:
        """A number that grows with every change: the app reloads the atlas when it moves."""
        with self._lock:
            return self._db.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]

    def changed_at(self) -> datetime | None:
        """When the latest change was made (None for a store never changed): the feeds' Last-Modified."""
        with self._lock:
            row = self._db.execute("SELECT at FROM changes ORDER BY id DESC LIMIT 1").fetchone()
        return datetime.fromisoformat(row[0]) if row else None


def _place_state(place: ReviewedPlace | None) -> dict | None:
    return None if place is None else {"lat": place.lat, "lon": place.lon, "note": place.note}


def _minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


def export_store(store: str | Path, target: str | Path) -> None:
    """A consistent copy of the store in ``target`` (SQLite's backup API: safe while the app writes)."""
    source_path, target = Path(store), Path(target)
    if not source_path.exists():
        raise StoreError.said("store_not_found", path=source_path)
    handle, temporary = tempfile.mkstemp(dir=target.parent if target.parent.exists() else None, suffix=".sqlite.tmp")
    os.close(handle)
    try:
        source = sqlite3.connect(source_path)
        copy = sqlite3.connect(temporary)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            copy.close()
            source.close()
        os.replace(temporary, target)
    except (sqlite3.DatabaseError, OSError) as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise StoreError.said("store_copy_failed", path=target, error=err) from err


def import_store(backup: str | Path, store: str | Path) -> None:
    """Replace the store by a copy made with export_store, after checking that the copy is sound
    (integrity_check) and of a schema this Reisatlas knows; then bring it up to the current schema."""
    backup = Path(backup)
    if not backup.is_file():
        raise StoreError.said("store_backup_missing", path=backup)
    try:
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            check = source.execute("PRAGMA integrity_check").fetchone()[0]
            version = source.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as err:
            raise StoreError.said("store_backup_not_a_store", path=backup, error=err) from err
        if check != "ok":
            raise StoreError.said("store_backup_damaged", path=backup, check=check)
        if version < 1 or not {"documents", "corrections", "accounts", "changes"} <= tables:
            raise StoreError.said("store_backup_no_tables", path=backup)
        if version > len(Store.MIGRATIONS):
            raise StoreError.said("store_backup_newer", path=backup, version=version, known=len(Store.MIGRATIONS))
        Path(store).parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(store)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    except sqlite3.DatabaseError as err:
        raise StoreError.said("store_cannot_restore", path=backup, error=err) from err
    Store(store).close()  # migrations, WAL
