"""Backups: a consistent copy of the store (``reisatlas store export``) and taking one back (``import``)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .connection import MIGRATIONS, Connection, DatabaseError
from .errors import StoreError

TABLES = {"documents", "corrections", "accounts", "changes"}


def export_store(store: str | Path, target: str | Path) -> None:
    """A consistent copy of the store in ``target`` (SQLite's backup API: safe while the app writes)."""
    source_path, target = Path(store), Path(target)
    if not source_path.exists():
        raise StoreError.said("store_not_found", path=source_path)
    handle, temporary = tempfile.mkstemp(dir=target.parent if target.parent.exists() else None, suffix=".sqlite.tmp")
    os.close(handle)
    try:
        source = Connection(source_path, migrate=False)
        try:
            source.copy_to(temporary, self_contained=True)
        finally:
            source.close()
        os.replace(temporary, target)
    except (DatabaseError, OSError) as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise StoreError.said("store_copy_failed", path=target, error=err) from err


def import_store(backup: str | Path, store: str | Path) -> None:
    """Replace the store by a copy made with export_store, after checking that the copy is sound
    (integrity_check) and of a schema this Reisatlas knows; then bring it up to the current schema."""
    from .store import Store

    backup = Path(backup)
    if not backup.is_file():
        raise StoreError.said("store_backup_missing", path=backup)
    try:
        source = Connection(backup, migrate=False, read_only=True)
        try:
            try:
                check, version, tables = source.integrity(), source.schema_version(), source.tables()
            except DatabaseError as err:
                raise StoreError.said("store_backup_not_a_store", path=backup, error=err) from err
            if check != "ok":
                raise StoreError.said("store_backup_damaged", path=backup, check=check)
            if version < 1 or not TABLES <= tables:
                raise StoreError.said("store_backup_no_tables", path=backup)
            if version > len(MIGRATIONS):
                raise StoreError.said("store_backup_newer", path=backup, version=version, known=len(MIGRATIONS))
            Path(store).parent.mkdir(parents=True, exist_ok=True)
            source.copy_to(store)
        finally:
            source.close()
    except DatabaseError as err:
        raise StoreError.said("store_cannot_restore", path=backup, error=err) from err
    Store(store).close()  # migrations, WAL
