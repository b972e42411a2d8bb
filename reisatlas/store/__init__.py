"""The store: what the Beheer (admin) pages keep, in one SQLite file or a PostgreSQL database.

Uploaded documents (original bytes) and their status, the corrections made to their trips, places
reviewed in the app, admin accounts and an audit log of every change: one module per aggregate
(documents, corrections, places, accounts, history, backup) over ``connection``, the only module that
speaks SQL (with ``schema`` and ``dialects``: SQLite by default, PostgreSQL for a ``postgresql://`` address).

    >>> from reisatlas.store import Store
    >>> store = Store(":memory:")
    >>> store.schema_version() == len(store.MIGRATIONS)
    True
"""

from __future__ import annotations

from ..fixes import Correction, ReviewedPlace
from .accounts import SignInPolicy
from .backup import export_store, import_store
from .documents import Document, document_key, folder_key
from .errors import ConflictError, SignInError, StoreError, StoreUnreachable, UploadError
from .history import Change
from .store import Store, default_store_path

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
    "StoreUnreachable",
    "UploadError",
    "default_store_path",
    "document_key",
    "folder_key",
    "export_store",
    "import_store",
]
