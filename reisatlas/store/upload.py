"""The upload guard: what an admin uploads is checked before it is kept, and read in a child process
with a time and memory limit, so a hostile file cannot hang or exhaust the server.

The type is judged by the content, never by the name: ``%PDF`` starts a PDF; anything else must be
text (UTF-8, Windows-1252, UTF-16 with a byte-order mark). The name is only a label: control and
bidirectional characters and any folder part are taken out (``upload_name``). Each refusal is an
UploadError naming the file and the reason, in Dutch and English.

The child that reads cannot outlive the server nor its own time: the kernel kills it when the thread that
started it dies (Linux's parent-death signal), and it carries its own limits on CPU time (RLIMIT_CPU) and
wall time (an alarm), besides the parent's timeout and the memory limit (RLIMIT_AS).
"""

from __future__ import annotations

import ctypes
import math
import os
import pickle
import resource
import signal
import subprocess
import sys
import unicodedata
from dataclasses import dataclass

from ..errors import DocumentError
from ..parsing import ParsedDocument
from .errors import UploadError

# 20 MB, decimal as Streamlit's upload box counts and shows sizes ("21.0MB", "File must be 20.0MB or smaller");
# its server-side server.maxUploadSize is in MiB, a coarser cap above this (ui/guard.py).
MAX_BYTES = 20_000_000
MAX_NAME = 200  # characters of a file name kept
TIME_LIMIT = 20.0  # seconds of wall time for reading one document
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space for the child that reads it
ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class Reading:
    """An uploaded document as read: its kind ("pdf" or "txt"), its text and its trips (not yet placed)."""

    kind: str
    text: str
    parsed: ParsedDocument


def upload_name(name: str) -> str:
    r"""The name an upload is kept and shown under: without a folder part, control characters (NUL, line breaks,
    escapes) and bidirectional or other invisible format characters (which can make "gpj.exe" read as
    "exe.jpg"), at most 200 characters. UploadError when nothing is left.

    >>> upload_name("../../overzicht\u202egpj.txt\x00")
    'overzichtgpj.txt'
    >>> upload_name("\u200f\t")
    Traceback (most recent call last):
    ...
    reisatlas.store.errors.UploadError: (zonder naam): de bestandsnaam is leeg of bestaat alleen uit onzichtbare tekens; geef het bestand een naam
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in base if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
    kept = " ".join(kept.split())[:MAX_NAME].strip()
    if kept.strip(".") == "":
        raise UploadError.about("(zonder naam)", "upload_no_name")
    return kept


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
        raise UploadError.about(
            name,
            "upload_too_large",
            size=len(data) / 1e6,
            size_bytes=len(data),
            limit=max_bytes / 1e6,
            limit_bytes=max_bytes,
        )
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
    else 20) or ``memory_limit`` bytes (the child is killed). ``name`` is cleaned first (``upload_name``)."""
    name = upload_name(name)
    kind = check_upload(name, data, max_bytes)
    time_limit = time_limit or float(os.environ.get("REISATLAS_UPLOAD_SECONDS") or TIME_LIMIT)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "reisatlas.store.upload"],
            input=len(name.encode()).to_bytes(4, "big") + name.encode() + data,
            capture_output=True,
            timeout=time_limit,
            preexec_fn=_child_limits(os.getpid(), time_limit, memory_limit),
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    except subprocess.TimeoutExpired:
        raise UploadError.about(name, "upload_too_slow", seconds=time_limit) from None
    if done.returncode in (-signal.SIGXCPU, -signal.SIGALRM):  # the child's own limits: the parent was too busy
        raise UploadError.about(name, "upload_too_slow", seconds=time_limit)
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


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _child_limits(parent: int, time_limit: float, memory_limit: int):
    """What the child does before it starts Python: its limits, and its death with the server."""
    seconds = math.ceil(time_limit)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        # CPU seconds: SIGXCPU at the limit (plus Python's start), SIGKILL two seconds later if that is caught.
        resource.setrlimit(resource.RLIMIT_CPU, (seconds + 2, seconds + 4))
        signal.alarm(seconds + 5)  # wall time, kept across exec: a child stuck waiting dies too
        os.setsid()  # its own process group, so a kill reaches nothing else
        if sys.platform.startswith("linux"):
            # Killed by the kernel when the thread that started it ends, however the server ends (even kill -9).
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            if os.getppid() != parent:  # the server died before the line above: nobody waits for us
                os._exit(1)

    return limit


def receive(store, name: str, data: bytes, by: str, *, replaces: int | None = None, **limits) -> tuple:
    """An upload checked, read under limits and kept as a draft: (Document, Reading). Raises UploadError
    (and keeps nothing) when the file is refused, unreadable, or already in the store (same hash)."""
    import hashlib

    name = upload_name(name)
    check_upload(name, data, limits.get("max_bytes", MAX_BYTES))
    if existing := store.find_document(hashlib.sha256(data).hexdigest()):
        raise UploadError.about(name, "upload_same_content", name=repr(existing.name))
    reading = read_upload(name, data, **limits)
    return store.add_document(name, data, by, replaces=replaces), reading


def found(document, data: bytes, reading: Reading, geocoder):
    """What an upload holds as the public pages will show it: its trips placed (offline when ``geocoder`` is) and
    every warning, the reading's own among them (a file mixing UTF-8 and Windows-1252: read, but some letters may
    be wrong). ``document`` is the kept Document (``receive``). Beheer's upload result and ``reisatlas document
    add`` both say this."""
    from ..atlas import read_document
    from ..documents import DocumentSource
    from ..parsing import ParsedDocument

    placed = read_document(DocumentSource(document.name, data, document.key), geocoder)
    mixed = [n for n in reading.parsed.notices if n.key == "document_mixed_encoding" and n not in placed.notices]
    return ParsedDocument(placed.trips, [*placed.notices, *mixed])


def _child() -> None:
    """Read stdin (the name's length in 4 bytes, the name, the document); write ("read", text, ParsedDocument)
    or ("error", reason, line, key, values), pickled, to stdout."""
    from ..documents import decoded
    from ..parsing import parse_document

    given = sys.stdin.buffer.read()
    size = int.from_bytes(given[:4], "big")
    name, data = given[4 : 4 + size].decode(), given[4 + size :]
    try:
        read = decoded(data, name)
        parsed = parse_document(read.text, name)
        outcome = ("read", read.text, ParsedDocument(parsed.trips, read.notices + parsed.notices))
    except DocumentError as err:
        if isinstance(err.__cause__, MemoryError):  # the reader caught it: still the limit, not the file's fault alone
            sys.exit(3)
        outcome = ("error", err.reason, err.line, err.key, err.values)
    sys.stdout.buffer.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _child()
