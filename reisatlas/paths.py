"""Where Reisatlas keeps its data files and caches."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data"


def cache_dir() -> Path:
    """Folder for rebuildable caches (gazetteer index, parsed atlases).

    ``REISATLAS_CACHE_DIR`` overrides; the default follows XDG (``~/.cache/reisatlas``).
    """
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reisatlas"
    folder = Path(os.environ.get("REISATLAS_CACHE_DIR") or default)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def offline_forced() -> bool:
    """True when ``REISATLAS_OFFLINE`` forbids every network request."""
    return os.environ.get("REISATLAS_OFFLINE", "").strip().lower() in ("1", "true", "yes", "ja")
