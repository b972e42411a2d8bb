"""Writing a file whole or not at all; the one writer behind the answer cache, the GeoNames index, the document
cache and the exports."""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from pathlib import Path

# mkstemp makes a private file; a written file gets an ordinary file's mode instead. The umask can
# only be read by setting it, so it is read once, at import, not while other threads create files.
_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomically(path: str | Path, data: bytes, *, make_folder: bool = False) -> None:
    """Write ``data`` to ``path`` through a synced temporary file in the same folder and ``os.replace``:
    a crash, even a killed process, leaves the old file whole, and no temporary file stays behind.

    Raises OSError when the file cannot be written; with ``make_folder`` a missing folder is created.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "sub" / "answers.json"
    >>> write_atomically(target, b"{}", make_folder=True)
    >>> target.read_bytes()
    b'{}'
    """
    path = Path(path)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_index(path: Path, log: logging.Logger) -> dict | None:
    """A rebuildable index kept as a pickle at ``path``; None when it is missing or not whole (a damaged one
    is logged), for the caller to build and ``save_index`` again."""
    try:
        with path.open("rb") as handle:
            index = pickle.load(handle)
        if isinstance(index, dict):
            return index
        log.warning("index %s holds no index; rebuilding it", path)
    except FileNotFoundError:
        pass
    except Exception as err:  # a damaged pickle raises almost anything; the index is rebuildable
        log.warning("index %s unreadable (%s); rebuilding it", path, err)
    return None


def save_index(path: Path, index: dict, log: logging.Logger) -> bool:
    """Keep an index as a pickle at ``path``; False when it cannot be written (only logged: it is a cache)."""
    try:
        write_atomically(path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL), make_folder=True)
    except OSError as err:
        log.debug("index not saved: %s", err)
        return False
    return True
