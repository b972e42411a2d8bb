"""Writing a file whole or not at all; the one writer behind the answer cache, the GeoNames index, the document
cache and the exports. Cache files are sealed with this machine's key (``seal``), so a file in a shared or
writable cache folder that this machine did not write is never unpickled."""

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


# A cache file is a pickle sealed with this machine's key: ``MAGIC``, then HMAC-SHA256(key, pickle), then the
# pickle. A file this machine did not write (another machine on a shared folder, anyone who can write there)
# fails the check and is never unpickled: it is a miss, rebuilt from the documents and the store.
MAGIC = b"reisatlas-sealed-1\n"
_KEY_BYTES = 32
_keys: dict[Path, bytes] = {}


def machine_key_file() -> Path:
    """Where this machine's cache key lives: ``REISATLAS_CACHE_KEY``, else ``reisatlas/cache.key`` in the user's
    state folder (XDG_STATE_HOME, ~/.local/state) — never in the cache folder, which may be shared."""
    if os.environ.get("REISATLAS_CACHE_KEY"):
        return Path(os.environ["REISATLAS_CACHE_KEY"])
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "reisatlas" / "cache.key"


def machine_key() -> bytes:
    """This machine's cache key (made on first use, readable by its owner only). OSError when it cannot be read
    or made: then nothing is cached."""
    path = machine_key_file()
    known = _keys.get(path)
    if known is None:
        try:
            known = path.read_bytes()
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process made it first
                known = path.read_bytes()
            else:
                known = os.urandom(_KEY_BYTES)
                with os.fdopen(handle, "wb") as out:
                    out.write(known)
        if len(known) < _KEY_BYTES:
            raise OSError(f"cache key {path} is too short")
        _keys[path] = known
    return known


def seal(value) -> bytes:
    """``value`` pickled and sealed with this machine's key (OSError when there is no key)."""
    import hashlib
    import hmac

    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + hmac.new(machine_key(), data, hashlib.sha256).digest() + data


def unseal(blob: bytes):
    """The value of a sealed file; ValueError when this machine did not seal it (or it is not whole), without
    unpickling anything."""
    import hashlib
    import hmac

    if not blob.startswith(MAGIC):
        raise ValueError("not a sealed cache file")
    tag, data = blob[len(MAGIC) : len(MAGIC) + 32], blob[len(MAGIC) + 32 :]
    if not hmac.compare_digest(tag, hmac.new(machine_key(), data, hashlib.sha256).digest()):
        raise ValueError("sealed by another machine, or changed")
    return pickle.loads(data)


def read_index(path: Path, log: logging.Logger) -> dict | None:
    """A rebuildable index kept sealed at ``path`` (``seal``); None when it is missing, not whole or not
    sealed by this machine (logged), for the caller to build and ``save_index`` again."""
    try:
        index = unseal(path.read_bytes())
        if isinstance(index, dict):
            return index
        log.warning("index %s holds no index; rebuilding it", path)
    except FileNotFoundError:
        pass
    except Exception as err:  # a damaged or foreign file; the index is rebuildable
        log.warning("index %s unreadable (%s); rebuilding it", path, err)
    return None


def save_index(path: Path, index: dict, log: logging.Logger) -> bool:
    """Keep an index sealed at ``path``; False when it cannot be written (only logged: it is a cache)."""
    try:
        write_atomically(path, seal(index), make_folder=True)
    except OSError as err:
        log.debug("index not saved: %s", err)
        return False
    return True
