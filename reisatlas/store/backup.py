"""Backups: a consistent copy of the store (``reisatlas store export``) and taking one back (``import``).

A backup is always one SQLite file, whichever database the store is on: so it also moves a store from SQLite
to PostgreSQL and back (export from one, import into the other). From a file the copy is SQLite's backup API;
from a server every table is read in one snapshot, its columns must be the app's own for its version, and each
row passes the checks below on its way into the file; the counts are compared at the end.

An import takes back data only. The backup must have exactly the app's own schema for its version (any
trigger, view, index or table of its own is refused); then a fresh store is built with the app's schema
and every row is copied into it through the app's rules: column types, statuses, JSON, foreign keys,
a document's bytes matching its hash. The first row that breaks one refuses the whole file, and the
current store is left as it was. Only a fresh store that passed every check replaces it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from ..fixes import FIELDS
from .accounts import NAME_LENGTH
from .connection import JSON_COLUMNS, MIGRATIONS, Connection, DatabaseError
from .dialects import one_line, store_location
from .documents import STATUSES
from .errors import StoreError

TABLES = (
    "documents",
    "corrections",
    "places",
    "accounts",
    "changes",
    "sign_in_failures",
)  # as far as a version has them
TYPES = {"INTEGER": (int,), "REAL": (float, int), "TEXT": (str,), "BLOB": (bytes,)}
RULES = {  # the app's own rules beyond the schema: (table, column) → whether a value keeps them
    ("documents", "status"): lambda value: value in STATUSES,
    ("corrections", "field"): lambda value: value in FIELDS,
    ("corrections", "needs_review"): lambda value: value in (0, 1),
    ("corrections", "version"): lambda value: value >= 1,
    ("accounts", "name"): lambda value: 0 < len(value) <= NAME_LENGTH and not any(c.isspace() for c in value),
    ("accounts", "password_hash"): lambda value: value.startswith("$argon2"),
}


def export_store(store: str | Path, target: str | Path) -> None:
    """A consistent copy of the store (a file or a server database) in the SQLite file ``target``: safe while
    the app writes."""
    location, target = store_location(store), Path(target)
    on_server = isinstance(location, str) and location != ":memory:"
    if not on_server and not Path(location).exists():
        raise StoreError.said("store_not_found", path=location)
    handle, temporary = tempfile.mkstemp(dir=target.parent if target.parent.exists() else None, suffix=".sqlite.tmp")
    os.close(handle)
    try:
        source = Connection(location, migrate=False)
        try:
            if on_server:
                _copy_from_server(source, temporary)
            else:
                source.copy_to(temporary, self_contained=True)
        finally:
            source.close()
        os.replace(temporary, target)
    except (*DatabaseError, OSError) as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise StoreError.said("store_copy_failed", path=target, error=one_line(err)) from err
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def import_store(backup: str | Path, store: str | Path) -> None:
    """Replace the store (a file or a server database) by the data of a copy made with export_store, after
    every check above; StoreError (one line, naming the file) and the store untouched otherwise."""
    backup, location = Path(backup), store_location(store)
    _check_is_a_file(backup)
    on_server = isinstance(location, str) and location != ":memory:"
    if not on_server:
        Path(location).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(
        dir=None if on_server else Path(location).parent, prefix=".reisatlas-import-"
    ) as folder:
        fresh = _rebuilt(backup, Path(folder) / "fresh.sqlite")
        try:
            fresh.migrate()  # the data of an older schema brought up to this one
            if on_server:
                _copy_to_server(fresh, location, backup)  # one transaction: a running app sees old or new
            else:
                fresh.copy_to(location)  # through SQLite's locking: a running app sees the old store or the new one
        except DatabaseError as err:
            raise StoreError.said("store_cannot_restore", path=backup, error=one_line(err)) from err
        finally:
            fresh.close()


def _copy_from_server(source: Connection, target: str) -> None:
    """Every row of a server's store, read in one snapshot, through the checks of ``_copy`` into a fresh file of
    the same schema version; then the counts compared, table by table."""
    with tempfile.TemporaryDirectory(prefix=".reisatlas-export-") as folder:
        copy = Connection(Path(folder) / "copy.sqlite", migrate=False)
        try:
            with source.snapshot():
                version = source.schema_version()
                if version > len(MIGRATIONS):
                    raise StoreError.said(
                        "store_schema_newer", path=source.path, version=version, known=len(MIGRATIONS)
                    )
                copy.migrate(up_to=version)
                _check_same_columns(source, copy, source.path)
                with copy.transaction():
                    copy.defer_foreign_keys()
                    for table in _tables(copy):
                        _copy(source, copy, table, source.path)
                _check_counts(source, copy, source.path)
            copy.copy_to(target, self_contained=True)
        finally:
            copy.close()


def _copy_to_server(fresh: Connection, location: str, backup: Path) -> None:
    """The checked rows of ``fresh`` in place of every row of the server's store, in one transaction."""
    target = Connection(location)  # brought to this version; a newer schema is refused
    try:
        _check_same_columns(target, fresh, target.path)
        with target.transaction():
            target.defer_foreign_keys()
            for table in reversed(_tables(fresh)):
                target.empty(table)
            for table in _tables(fresh):
                try:  # the table's rows in one stream (a COPY), not a round trip each
                    target.insert_rows(table, _server_takes(fresh.table_rows(table), table, backup))
                except DatabaseError as err:  # what else the server refuses that SQLite took, at its row
                    raise StoreError.said(
                        "store_backup_bad_row", path=backup, table=table, row=_row_of(err), error=one_line(err)
                    ) from err
                target.restart_identity(table)
            _check_counts(fresh, target, backup)
    finally:
        target.close()


def _server_takes(rows: Iterator[dict], table: str, backup: Path) -> Iterator[dict]:
    """The rows, refusing at its number the first that PostgreSQL would refuse though SQLite took it: text with
    a NUL character (a server stores none)."""
    for number, row in enumerate(rows, start=1):
        if any(isinstance(value, str) and "\0" in value for value in row.values()):
            raise StoreError.said(
                "store_backup_bad_row", path=backup, table=table, row=number, error="text with a NUL character (0x00)"
            )
        yield row


def _row_of(err: Exception) -> str:
    """The row a server's COPY names in its error ("COPY corrections, line 42"), or "?"."""
    context = getattr(getattr(err.__cause__, "diag", None), "context", None) or ""
    found = re.search(r"\bline (\d+)", context)
    return found[1] if found else "?"


def _tables(connection: Connection) -> list[str]:
    present = connection.tables()
    return [table for table in TABLES if table in present]


def _check_same_columns(one: Connection, model: Connection, where: object) -> None:
    """The same tables with the same columns (name, type, whether NULL is allowed) as ``model``."""
    if one.tables() != model.tables():
        missing = sorted(model.tables() ^ one.tables())[0]
        raise StoreError.said("store_backup_lacks", path=where, kind="table", name=repr(missing))
    for table in _tables(model):
        if one.columns(table) != model.columns(table):
            raise StoreError.said("store_backup_differs", path=where, kind="table", name=repr(table))


def _check_counts(source: Connection, copy: Connection, where: object) -> None:
    for table in _tables(copy):
        if (had := source.count(table)) != (got := copy.count(table)):
            raise StoreError.said("store_copy_counts", path=where, table=table, had=had, got=got)


def _check_is_a_file(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise StoreError.said("store_backup_missing", path=path) from None
    except OSError as err:
        raise StoreError.said("store_backup_unreadable", path=path, error=one_line(err.strerror or err)) from err
    if stat.S_ISDIR(mode):
        raise StoreError.said("store_backup_folder", path=path)
    if stat.S_ISFIFO(mode):
        raise StoreError.said("store_backup_fifo", path=path)
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise StoreError.said("store_backup_device", path=path)
    if not stat.S_ISREG(mode):
        raise StoreError.said("store_backup_not_a_file", path=path)


def _rebuilt(backup: Path, target: Path) -> Connection:
    """A fresh store at ``target`` with the backup's rows copied through the app's rules, at the backup's version."""
    try:
        source = Connection(backup, migrate=False, read_only=True)
    except StoreError as err:
        raise StoreError.said("store_backup_not_a_store", path=backup, error=one_line(err.__cause__ or err)) from err
    fresh = None
    try:
        version = _check_schema(source, backup)
        fresh = Connection(target, migrate=False)
        fresh.migrate(up_to=version)
        with fresh.transaction():
            fresh.defer_foreign_keys()
            for table in _tables(fresh):
                _copy(source, fresh, table, backup)
            if problems := fresh.foreign_key_problems():
                table, rowid, parent = problems[0]
                raise StoreError.said("store_backup_bad_reference", path=backup, table=table, row=rowid, parent=parent)
        return fresh
    except DatabaseError as err:
        if fresh:
            fresh.close()
        raise StoreError.said("store_backup_not_a_store", path=backup, error=one_line(err)) from err
    except BaseException:
        if fresh:
            fresh.close()
        raise
    finally:
        source.close()


def _check_schema(source: Connection, backup: Path) -> int:
    """The backup's schema version, once the file is sound and its schema is exactly the app's for that version."""
    if problems := source.integrity_problems():
        raise StoreError.said(
            "store_backup_damaged", path=backup, count=len(problems), check=one_line(problems[0], 100)
        )
    version = source.schema_version()
    if version > len(MIGRATIONS):
        raise StoreError.said("store_backup_newer", path=backup, version=version, known=len(MIGRATIONS))
    found = source.objects()
    if version < 1 or not {name for kind, name, _ in found if kind == "table"} & set(TABLES):
        raise StoreError.said("store_backup_no_tables", path=backup)
    model = Connection(":memory:", migrate=False)
    try:
        model.migrate(up_to=version)
        expected = model.objects()
    finally:
        model.close()
    names = {(kind, name) for kind, name, _ in expected}
    for kind, name, sql in sorted(found - expected, key=lambda o: (o[0], o[1])):
        key = "store_backup_differs" if (kind, name) in names else "store_backup_foreign_object"
        raise StoreError.said(key, path=backup, kind=kind, name=repr(name))
    for kind, name, _ in sorted(expected - found, key=lambda o: (o[0], o[1])):
        raise StoreError.said("store_backup_lacks", path=backup, kind=kind, name=repr(name))
    return version


def _copy(source: Connection, fresh: Connection, table: str, backup: Path) -> None:
    columns = fresh.columns(table)
    for number, row in enumerate(source.table_rows(table), start=1):
        where = {"path": backup, "table": table, "row": number}
        for column, value in row.items():
            kind, may_be_null = columns[column]
            if value is None:
                if not may_be_null:
                    raise StoreError.said("store_backup_bad_type", **where, column=column, kind=kind)
                continue
            if type(value) not in TYPES.get(kind, (type(value),)):
                raise StoreError.said("store_backup_bad_type", **where, column=column, kind=kind)
            if column in JSON_COLUMNS.get(table, ()) and not _is_json(value):
                raise StoreError.said("store_backup_bad_json", **where, column=column)
            if not RULES.get((table, column), lambda value: True)(value):
                raise StoreError.said("store_backup_bad_value", **where, column=column, value=one_line(repr(value), 60))
        if table == "documents" and hashlib.sha256(row["content"]).hexdigest() != row["sha256"]:
            raise StoreError.said("store_backup_bad_value", **where, column="sha256", value=one_line(row["sha256"], 60))
        try:
            fresh.insert_row(table, row)
        except DatabaseError as err:  # NOT NULL, CHECK, UNIQUE: the schema's own constraints
            raise StoreError.said("store_backup_bad_row", **where, error=one_line(err)) from err


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True
