"""``Store``: the one object the app, the command line and the tests use, made of the aggregates
(documents, corrections, places, accounts, history) over one connection (the only code that speaks SQL)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from .accounts import Accounts, SignInPolicy
from .connection import MIGRATIONS, Connection
from .corrections import Corrections
from .dialects import store_location
from .documents import Documents
from .history import History
from .places import Places


def default_store_path() -> str | Path:
    """``REISATLAS_STORE`` (a path, or a ``postgresql://`` address; any other form is refused: StoreError),
    else ``reisatlas/store.sqlite`` in the user's data folder (XDG_DATA_HOME, ~/.local/share)."""
    if os.environ.get("REISATLAS_STORE"):
        return store_location(os.environ["REISATLAS_STORE"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "reisatlas" / "store.sqlite"


class Store(Documents, Corrections, Places, Accounts, History):
    """The store in one SQLite file (``":memory:"`` for a throwaway one) or on a PostgreSQL server (a
    ``postgresql://`` address).

    ``clock`` returns the time in seconds (``time.time``); tests pass their own instead of sleeping.
    One connection (``db``), shared by the threads of a Streamlit server under its lock.
    """

    MIGRATIONS = MIGRATIONS

    def __init__(
        self,
        location: str | Path | None = None,
        *,
        clock: Callable[[], float] = time.time,
        policy: SignInPolicy | None = None,
    ):
        location = location if location is not None else default_store_path()
        self.clock = clock
        self.policy = policy or SignInPolicy.from_environment()
        self.db = Connection(location)
        self.path = self.db.path  # how messages name it: a file, or an address without its password

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self):
        """All or nothing: the saves inside commit together or not at all (Connection.transaction)."""
        return self.db.transaction()

    def schema_version(self) -> int:
        return self.db.schema_version()

    def integrity(self) -> str:
        """SQLite's ``PRAGMA integrity_check``: "ok" for a sound file (and for a server that answers)."""
        return self.db.integrity()
