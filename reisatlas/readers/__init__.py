"""Readers per layout behind one interface (``base.Reader``), chosen per document by how well each explains it.

=================  ==============================================================================
reader             layout
=================  ==============================================================================
rotterdam-2025     "Werkbezoek Plaats (Land)" blocks with purpose, "door …" and period lines
register           "Dienstreis burgemeester X naar Stad (Land)" headings with a date line and fields
table              tables: PDF (pdfplumber), a row per line, or a cell per line
agenda             agendas and calendars: trips among local appointments
prose              list items and lines of bulletins and overviews, sections per municipality
general            the fallback: paragraphs with a trip word and a destination abroad
=================  ==============================================================================
"""

from __future__ import annotations

from ..errors import DocumentError
from ..model import Trip
from .agenda import AgendaReader
from .base import Context, ParsedDocument, Reader, document_month, document_year, kind_of
from .lines import clean_lines
from .prose import GeneralReader, ProseReader
from .register import RegisterReader
from .seed import BlockReader
from .table import TableReader, pdf_tables

__all__ = ["ParsedDocument", "Reader", "read_text", "readers", "pdf_tables"]

SIGNAL_READERS_MAX_CHARACTERS = 2_000_000


def readers(tables=None) -> list[Reader]:
    """Every reader, most specific first (on a tie the earlier one reads)."""
    return [BlockReader(), RegisterReader(), TableReader(tables), AgendaReader(), ProseReader(), GeneralReader()]


def read_text(text: str, file: str, municipality: str | None = None, tables=None) -> ParsedDocument:
    """A document's trips, read by the reader that explains it best.

    ``municipality`` is the home municipality when the text does not name it; ``tables`` are a PDF's
    tables (``pdf_tables``). Raises DocumentError when no reader finds a trip.
    """
    from ..municipalities import find_municipality

    lines = clean_lines(text)
    year, year_from = document_year(lines, file)
    found = find_municipality(text, file)
    home = municipality or (found.name if found else "")
    context = Context(
        file,
        home,
        year,
        year_from,
        kind=kind_of(" ".join(line.text for line in lines[:3])),
        month=document_month(lines),
    )
    candidates = readers(tables)
    block, *others = candidates
    # The Rotterdam 2025 layout first: when it explains the document no other reader need look (they read
    # every line for place names, which costs time on a long overview).
    if block.score(lines, context) and not any(r.score(lines, context) for r in others[:2]):
        best = block
    elif len(text) > SIGNAL_READERS_MAX_CHARACTERS:
        # The signal readers look up every capitalised word; on a text this long that takes minutes, and no
        # municipality publishes its trips in anything near this size except as blocks.
        raise DocumentError.about(file, "document_too_long", mb=SIGNAL_READERS_MAX_CHARACTERS // 1_000_000)
    else:
        scored = [(reader.score(lines, context), -k, reader) for k, reader in enumerate(candidates)]
        score, _, best = max(scored, key=lambda entry: entry[:2])
        if not score:
            raise DocumentError.about(file, "document_no_trips")
    if not home and best.default_municipality:
        home = context.municipality = best.default_municipality
    trips: list[Trip] = best.read(lines, context)
    if not trips:
        raise DocumentError.about(file, "document_no_trips")
    if not home:
        context.note(None, "notice_no_municipality")
    return ParsedDocument(trips, context.notices)
