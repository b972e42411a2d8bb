"""Reading a document's text: plain text (UTF-8, else Windows-1252; UTF-16 with a BOM) or PDF (pypdf)."""

from __future__ import annotations

import contextlib
import io
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from .errors import DocumentError

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


def decode(data: bytes, name: str) -> str:
    """Text from a document's bytes; ``name`` is used in errors."""
    if not data.strip():
        raise DocumentError.about(name, "document_empty")
    if data.startswith(b"%PDF"):
        text = _pdf_text(data, name)
    else:
        text = _plain_text(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError.about(name, "document_no_text")
    return text


def _plain_text(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM, as Notepad saves "Unicode"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise DocumentError.about(name, "document_not_text", why="broken UTF-16") from err
    if b"\x00" in data[:65536]:
        raise DocumentError.about(name, "document_not_text", why="binary file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; a file holding them is not a text document we know.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as err:
            raise DocumentError.about(name, "document_not_text", why="neither UTF-8 nor Windows-1252") from err


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
