"""Where Reisatlas keeps its data files and caches.

``DATA`` is the data the library reads and never writes: ``data/`` at the project's root, which is what people
maintain. The package reaches it as ``reisatlas/data`` (a link to ``../data`` in the checkout), so a wheel carries
it as package data and ``pip install .`` works outside the checkout. What Reisatlas writes (caches, online answers)
goes under ``cache_dir()``; the Beheer store has its own place (``reisatlas.store``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PROJECT = PACKAGE.parent  # the checkout's root (meaningful in a checkout only, not in an installed wheel)
DATA = PACKAGE / "data"
OUTLINES = DATA / "outlines"  # the country outlines: the only files the app serves to the browser (app/static/)


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


def site_dir() -> Path:
    """Where Beheer's "Publiceren als website" writes the site: ``REISATLAS_SITE``, else ``reisatlas/site`` in the
    user's data folder (XDG_DATA_HOME, ~/.local/share), beside the store."""
    if os.environ.get("REISATLAS_SITE"):
        return Path(os.environ["REISATLAS_SITE"])
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "reisatlas" / "site"


def site_url() -> str:
    """Where the published site is served (``REISATLAS_SITE_URL``, for the embed code), "" when not said."""
    url = os.environ.get("REISATLAS_SITE_URL", "").strip()
    return url if not url or url.endswith("/") else url + "/"
