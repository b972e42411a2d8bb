"""The upload guard: what an admin uploads is checked before it is kept, and read in a child process
with a time and memory limit, so a hostile file cannot hang or exhaust the server.

The type is judged by the content, never by the name: ``%PDF`` starts a PDF; anything else must be
text (UTF-8, Windows-1252, UTF-16 with a byte-order mark). Each refusal is an UploadError naming the
file and the reason, in Dutch and English.
"""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
from dataclasses import dataclass

from ..errors import DocumentError
from ..parsing import ParsedDocument
from .errors import UploadError

MAX_BYTES = 20 * 1024 * 1024
TIME_LIMIT = 20.0  # seconds of wall time for reading one document
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space for the child that reads it
ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class Reading:
    """An uploaded document as read: its kind ("pdf" or "txt"), its text and its trips (not yet placed)."""

    kind: str
    text: str
    parsed: ParsedDocument


def check_upload(name: str, data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """The document's kind by its content ("pdf" or "txt"), or UploadError.

    >>> check_upload("x.pdf", b"Werkbezoek Gent (Belgie)")
    'txt'
    >>> check_upload("leeg.txt", b"")
    Traceback (most recent call last):
    ...
    reisatlas.store.errors.UploadError: leeg.txt: het bestand is leeg
    """
    if not data.strip():
        raise UploadError.about(name, "upload_empty")
    if len(data) > max_bytes:
        raise UploadError.about(name, "upload_too_large", size=len(data) / 1e6, limit=max_bytes / 1e6)
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(ZIP):
        raise UploadError.about(name, "upload_zip")
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data[:65536]:
        raise UploadError.about(name, "upload_binary")
    return "txt"


def read_upload(
    name: str,
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    time_limit: float | None = None,
    memory_limit: int = MEMORY_LIMIT,
) -> Reading:
    """Check and read an uploaded document in a child process; UploadError when it is refused, cannot be
    read, holds no trip, or takes more than ``time_limit`` seconds (default ``REISATLAS_UPLOAD_SECONDS``,
    else 20) or ``memory_limit`` bytes (the child is killed)."""
    kind = check_upload(name, data, max_bytes)
    time_limit = time_limit or float(os.environ.get("REISATLAS_UPLOAD_SECONDS") or TIME_LIMIT)

    def limit() -> None:  # in the child, before it starts Python
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        os.setsid()  # its own process group, so a kill reaches nothing else

    try:
        done = subprocess.run(
            [sys.executable, "-m", "reisatlas.store.upload", name],
            input=data,
            capture_output=True,
            timeout=time_limit,
            preexec_fn=limit,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    except subprocess.TimeoutExpired:
        raise UploadError.about(name, "upload_too_slow", seconds=time_limit) from None
    if done.returncode != 0 or not done.stdout:
        if b"MemoryError" in done.stderr or done.returncode in (3, -9):
            raise UploadError.about(name, "upload_too_much_memory")
        raise UploadError.about(name, "upload_failed", code=done.returncode)
    outcome = pickle.loads(done.stdout)  # written by our own child below, not by the uploader
    if outcome[0] == "error":
        _, reason, line, key, values = outcome  # the reader's own words, in every language when it said them by key
        raise UploadError.about(name, key, line, **values) if key else UploadError(name, reason, line)
    _, text, parsed = outcome
    return Reading(kind, text, parsed)


def receive(store, name: str, data: bytes, by: str, *, replaces: int | None = None, **limits) -> tuple:
    """An upload checked, read under limits and kept as a draft: (Document, Reading). Raises UploadError
    (and keeps nothing) when the file is refused, unreadable, or already in the store (same hash)."""
    import hashlib

    check_upload(name, data, limits.get("max_bytes", MAX_BYTES))
    if existing := store.find_document(hashlib.sha256(data).hexdigest()):
        raise UploadError.about(name, "upload_same_content", name=repr(existing.name))
    reading = read_upload(name, data, **limits)
    return store.add_document(name, data, by, replaces=replaces), reading


def _child(name: str) -> None:
    """Read stdin as a document; write ("read", text, ParsedDocument) or ("error", reason, line, key, values),
    pickled, to stdout."""
    from ..documents import decode
    from ..parsing import parse_document

    data = sys.stdin.buffer.read()
    try:
        text = decode(data, name)
        outcome = ("read", text, parse_document(text, name))
    except DocumentError as err:
        if isinstance(err.__cause__, MemoryError):  # the reader caught it: still the limit, not the file's fault alone
            sys.exit(3)
        outcome = ("error", err.reason, err.line, err.key, err.values)
    sys.stdout.buffer.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _child(sys.argv[1])
