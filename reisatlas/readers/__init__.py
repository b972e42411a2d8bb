"""Readers per layout behind one interface (``base.Reader``), chosen per document by how well each explains it.

Every reader reads the document's cleaned lines (``lines.clean_lines``); the one whose score is highest reads
the document, and on an equal score the one of higher ``priority`` (the more specific layout). The Rotterdam
2025 blocks read a document alone when neither of their ``rivals`` (register, table) sees it.

=================  ========  ==========================================================================
reader             priority  layout
=================  ========  ==========================================================================
rotterdam-2025     60        "Werkbezoek Plaats (Land)" blocks with purpose, "door …" and period lines
register           50        "Dienstreis burgemeester X naar Stad (Land)" headings with a date line and fields
table              40        tables: PDF (pdfplumber), a row per line, or a cell per line
agenda             30        agendas and calendars: trips among local appointments
prose              20        list items and lines of bulletins and overviews, sections per municipality
general            10        the fallback: paragraphs with a trip word and a destination abroad
=================  ========  ==========================================================================

Officials are found by the roles of data/vocabulary.toml (``reisatlas.vocabulary``), places by the GeoNames
tables of ``reisatlas.geonames``.
"""

from __future__ import annotations

from ..errors import DocumentError
from ..model import Trip
from .agenda import AgendaReader
from .base import Context, ParsedDocument, Reader, document_month, document_year, kind_of, mentioned_years
from .lines import clean_lines
from .prose import GeneralReader, ProseReader
from .register import RegisterReader
from .seed import BlockReader
from .table import TableReader, pdf_tables

__all__ = ["ParsedDocument", "Reader", "read_text", "readers", "pdf_tables"]

SIGNAL_READERS_MAX_CHARACTERS = 2_000_000


def readers(tables=None) -> list[Reader]:
    """Every reader, in no order that matters: each declares its ``priority`` (and its ``rivals``)."""
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
        years=mentioned_years(lines),
    )
    candidates = sorted(readers(tables), key=lambda reader: reader.priority, reverse=True)
    scores: dict[str, float] = {}

    def score(reader: Reader) -> float:
        if reader.name not in scores:
            scores[reader.name] = reader.score(lines, context)
        return scores[reader.name]

    # A layout certain of the text when none of its rivals sees it (the Rotterdam 2025 blocks): no other reader
    # need look.
    certain = [
        reader
        for reader in candidates
        if reader.rivals
        and score(reader)
        and not any(score(other) for other in candidates if other.name in reader.rivals)
    ]
    if certain:
        best = certain[0]
    elif len(text) > SIGNAL_READERS_MAX_CHARACTERS:
        # The signal readers look up every capitalised word; on a text this long that takes minutes, and no
        # municipality publishes its trips in anything near this size except as blocks.
        raise DocumentError.about(file, "document_too_long", mb=SIGNAL_READERS_MAX_CHARACTERS // 1_000_000)
    else:
        best = max(candidates, key=lambda reader: (score(reader), reader.priority))
        if not score(best):
            raise DocumentError.about(file, "document_no_trips")
    if not home and best.default_municipality:
        home = context.municipality = best.default_municipality
    trips: list[Trip] = best.read(lines, context)
    if not trips:
        raise DocumentError.about(file, "document_no_trips")
    if not home:
        context.note(None, "notice_no_municipality")
    return ParsedDocument(trips, context.notices)
