"""From a document's text to trips: the entry point.

The readers of ``reisatlas.readers`` do the work: they clean the text's lines, and the one whose layout
explains the document best reads its trips (the Rotterdam 2025 blocks are one of those layouts, in
``readers/seed.py``). This module only names that step for the rest of Reisatlas; it depends on the readers,
never the other way round.
"""

from __future__ import annotations

from .readers import ParsedDocument, read_text

__all__ = ["ParsedDocument", "parse_document"]


def parse_document(text: str, file: str, municipality: str | None = None, tables=None) -> ParsedDocument:
    """Every trip in a document's text, with notices about what was skipped or incomplete.

    ``municipality`` names the home municipality when the text does not; ``tables`` are a PDF's tables as
    pdfplumber finds them. Raises DocumentError when the text holds no trip at all.
    """
    return read_text(text, file, municipality, tables)
