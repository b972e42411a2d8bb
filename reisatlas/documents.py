"""Reading a document's text: plain text (UTF-8, else Windows-1252, line by line; UTF-16 with a BOM) or PDF
(pypdf)."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DocumentError
from .model import Notice

logger = logging.getLogger("reisatlas")

SUFFIXES = (".txt", ".pdf")


@dataclass(frozen=True)
class DocumentSource:
    """A document given as bytes rather than a path: an upload kept in the store (reisatlas.store).
    ``key`` is how corrections name it (reisatlas.store.document_key)."""

    name: str
    data: bytes
    key: str


def read_bytes(path: str | Path) -> bytes:
    """A document's bytes; DocumentError naming the file when it is missing, a folder or unreadable."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DocumentError.about(str(path), "document_missing") from None
    except IsADirectoryError:
        raise DocumentError.about(str(path), "document_folder") from None
    except OSError as err:
        raise DocumentError.about(str(path), "document_unreadable", reason=err.strerror or err) from err


@dataclass(frozen=True)
class Decoded:
    """A document's text, and notices about how it was read (lines in another encoding than the rest)."""

    text: str
    notices: list[Notice] = field(default_factory=list)


def decode(data: bytes, name: str) -> str:
    """Text from a document's bytes; ``name`` is used in errors."""
    return decoded(data, name).text


def decoded(data: bytes, name: str) -> Decoded:
    r"""Text from a document's bytes, with a notice for every line read as Windows-1252 in a file that is
    otherwise UTF-8 (text pasted together from two sources); ``name`` is used in errors and notices.

    >>> found = decoded("Malmö\n".encode() + "Göteborg\n".encode("cp1252"), "x.txt")
    >>> found.text, [notice.line for notice in found.notices]
    ('Malmö\nGöteborg\n', [2])
    """
    if not data.strip():
        raise DocumentError.about(name, "document_empty")
    notices: list[Notice] = []
    if data.startswith(b"%PDF"):
        text = _pdf_text(data, name)
    else:
        text, cp1252_lines = _plain_text(data, name)
        notices = [Notice.said(name, line, "document_mixed_encoding") for line in cp1252_lines]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError.about(name, "document_no_text")
    return Decoded(text, notices)


_LINE_BREAK = re.compile(rb"(\r\n|\r|\n)")


def _plain_text(data: bytes, name: str) -> tuple[str, list[int]]:
    """The text, and the numbers of the lines read as Windows-1252 where other lines are UTF-8 (none when the
    whole file is one or the other)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM, as Notepad saves "Unicode"
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as err:
            raise DocumentError.about(name, "document_not_text", why="broken UTF-16") from err
    if b"\x00" in data[:65536]:
        raise DocumentError.about(name, "document_not_text", why="binary file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    # Not UTF-8 as a whole: each line on its own, UTF-8 where it is, else Windows-1252 (which leaves five bytes
    # undefined; a line holding them is not text we know). Line breaks are kept as they were.
    pieces = _LINE_BREAK.split(data)
    texts, cp1252_lines, utf8_seen = [], [], False
    for number, piece in enumerate(pieces[::2], start=1):
        try:
            texts.append(piece.decode("utf-8"))
            utf8_seen = utf8_seen or not piece.isascii()
        except UnicodeDecodeError:
            try:
                texts.append(piece.decode("cp1252"))
            except UnicodeDecodeError as err:
                raise DocumentError.about(
                    name, "document_not_text", number, why="neither UTF-8 nor Windows-1252"
                ) from err
            cp1252_lines.append(number)
        if 2 * number - 1 < len(pieces):
            texts.append(pieces[2 * number - 1].decode("ascii"))
    return "".join(texts), cp1252_lines if utf8_seen else []


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader

    try:
        with _pypdf_warnings_as_debug():
            reader = PdfReader(io.BytesIO(data))
            pages = [page.extract_text() or "" for page in reader.pages]
    # A damaged PDF trips pypdf into almost any exception (PdfReadError, but also NotImplementedError for a
    # mangled filter name, KeyError, RecursionError, zlib.error ...): each means this file cannot be read.
    except Exception as err:
        raise DocumentError.about(name, "document_pdf_unreadable", why=type(err).__name__) from err
    logger.debug("read %d PDF pages from %s", len(pages), name)
    return "\n".join(pages)


class _ToDebug(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        logger.debug("pypdf: %s", record.getMessage())


_TO_DEBUG = _ToDebug()
_quieted = 0  # readers inside _pypdf_warnings_as_debug, over all threads
_propagated = True  # pypdf's own setting, restored when the last reader is done
_quieted_lock = threading.Lock()


@contextlib.contextmanager
def _pypdf_warnings_as_debug():
    """pypdf logs a warning for every flaw it works around ("EOF marker not found"); a reader of Reisatlas
    gets one line per document that fails, so while a PDF is read these go to the debug log, not stderr."""
    pypdf_logger = logging.getLogger("pypdf")  # pypdf logs through children such as "pypdf._reader"
    global _quieted, _propagated
    with _quieted_lock:
        _quieted += 1
        if _quieted == 1:
            _propagated = pypdf_logger.propagate
            pypdf_logger.addHandler(_TO_DEBUG)
            pypdf_logger.propagate = False
    try:
        yield
    finally:
        with _quieted_lock:
            _quieted -= 1
            if _quieted == 0:
                pypdf_logger.removeHandler(_TO_DEBUG)
                pypdf_logger.propagate = _propagated
