"""The store: what the Beheer (admin) pages keep, in one SQLite file.

Uploaded documents (original bytes) and their status, the corrections made to their trips, places
reviewed in the app, admin accounts and an audit log of every change. ``Store`` is the only code
that speaks SQL, so a server database could take its place later.

    >>> from reisatlas.store import Store
    >>> store = Store(":memory:")
    >>> store.schema_version() == len(store.MIGRATIONS)
    True
"""

from __future__ import annotations

from .accounts import SignInPolicy
from .database import (
    Change,
    Correction,
    Document,
    ReviewedPlace,
    Store,
    default_store_path,
    document_key,
    export_store,
    folder_key,
    import_store,
)
from .errors import ConflictError, SignInError, StoreError, UploadError

__all__ = [
    "Change",
    "ConflictError",
    "Correction",
    "Document",
    "ReviewedPlace",
    "SignInError",
    "SignInPolicy",
    "Store",
    "StoreError",
    "UploadError",
    "default_store_path",
    "document_key",
    "folder_key",
    "export_store",
    "import_store",
]
