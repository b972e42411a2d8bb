"""Tables: destination / purpose / date / costs / paid by, per row.

Three shapes are read: a PDF's tables (through pdfplumber, which finds the cells from the page's lines and
positions instead of guessing columns from text), text with the header and each row on one line and no
separators ("Wie Waar Doel Wanneer Kosten Wordt betaald door Verslag" / "Wethouder Kool New York, Verenigde
Staten … 6 tot en met 9 januari € 3.563 de gemeente"), and text with one cell per line. Rows may be grouped
under an official's header ("Wethouder De Vries:"); a row saying there were no trips is no trip; the same
trip under two officials is one trip of both.
"""

from __future__ import annotations

import io
import logging
import re

from ..countries import _codes_by_name
from ..model import Official, Trip
from ..text import fold
from ..vocabulary import role_pattern
from .base import Context, Reader, build_trip
from .lines import Line
from .signals import find_officials, find_period, find_places, one_destination

logger = logging.getLogger("reisatlas")

COLUMNS = {
    "wie": "who",
    "naam": "who",
    "bestuurder": "who",
    "collegelid": "who",
    "waar": "where",
    "bestemming": "where",
    "land": "where",
    "plaats": "where",
    "stad": "where",
    "doel": "purpose",
    "reden": "purpose",
    "onderwerp": "purpose",
    "omschrijving": "purpose",
    "wanneer": "when",
    "datum": "when",
    "periode": "when",
    "data": "when",
    "kosten": "costs",
    "bedrag": "costs",
    "reiskosten": "costs",
    "betaald door": "paid",
    "wordt betaald door": "paid",
    "betaler": "paid",
    "budget": "paid",
    "verslag": "report",
}
NO_TRIPS = re.compile(r"\bgeen (?:buitenlandse )?(?:dienst)?reizen\b|\bgeen reis\b|^-+$", re.IGNORECASE)
HEADER_MAX_LENGTH = 150
CELL_HEADER_MAX_LENGTH = 30
GROUP = re.compile(r"^(?P<role>" + role_pattern(in_text=True) + r")\s+(?P<name>[^:]{2,40}):?$", re.IGNORECASE)


def header_columns(text: str) -> list[str]:
    """The columns a header line names, in order ([] when it is no header).

    >>> header_columns("Wie Waar Doel Wanneer Kosten Wordt betaald door Verslag")
    ['who', 'where', 'purpose', 'when', 'costs', 'paid', 'report']
    """
    # A header is a short line that starts with a column's name: most lines are ruled out without folding them.
    first = text.split(maxsplit=1)[0].lower().rstrip(":") if text.strip() else ""
    if len(text) > HEADER_MAX_LENGTH or not any(name.startswith(first) for name in COLUMNS):
        return []
    folded = fold(text).rstrip(":")
    columns, position = [], 0
    names = sorted(COLUMNS, key=len, reverse=True)
    while position < len(folded):
        for name in names:
            if folded.startswith(name, position) and (
                position + len(name) == len(folded) or folded[position + len(name)] in " |\t;"
            ):
                columns.append(COLUMNS[name])
                position += len(name)
                break
        else:
            return []
        while position < len(folded) and folded[position] in " |\t;":
            position += 1
    return columns if len(set(columns)) >= 3 else []


class TableReader(Reader):
    name = "table"
    priority = 40  # a row under named columns says more than an agenda item or a line of prose
    label = "Tabellen (PDF of tekst, rij per regel of cel per regel)"
    example = (
        "Wethouder Kool | New York, Verenigde Staten | World Forum … | 6 tot en met 9 januari | € 3.563 | de gemeente"
    )

    def __init__(self, tables: list[list[list[str | None]]] | None = None):
        self.tables = tables or []

    def score(self, lines: list[Line], context: Context) -> float:
        rows = sum(len(table) - 1 for table in self.tables if _table_columns(table))
        for i, line in enumerate(lines):
            if header_columns(line.text):
                rows += 2 * sum(1 for other in lines[i + 1 : i + 40] if other.text)
            elif _cell_header(lines, i):
                rows += 2 * len(_cell_header(lines, i))
        return float(rows)

    def read(self, lines: list[Line], context: Context) -> list[Trip]:
        trips: list[Trip] = []
        for table in self.tables:
            columns = _table_columns(table)
            if columns:
                table_group: tuple[Official, ...] | None = None
                for number, row in enumerate(table[1:], start=2):
                    cells = {column: (cell or "").strip() for column, cell in zip(columns, row) if column}
                    filled = [value for value in cells.values() if value]
                    if len(filled) == 1 and GROUP.match(filled[0]):
                        table_group = find_officials(filled[0].rstrip(":"))  # "Wethouder X:" over the rows below
                        continue
                    if cells.get("who") and (found := find_officials(cells["who"])):
                        table_group = found  # a person's first row; an empty "who" below is a merged cell
                    self._add(trips, self._cell_trip(cells, number, context, table_group))
        if trips:
            return trips  # the PDF's own tables; its text would only repeat them, cells run together
        group: tuple[Official, ...] | None = None
        i = 0
        while i < len(lines):
            line = lines[i]
            if columns := header_columns(line.text):
                i += 1
                while i < len(lines) and lines[i].text:
                    row = lines[i]
                    if GROUP.match(row.text):
                        group = find_officials(row.text.rstrip(":"))
                    elif not NO_TRIPS.search(row.text):
                        self._add(trips, self._row_trip(row, columns, context, group))
                    i += 1
                continue
            if cell_columns := _cell_header(lines, i):
                i += len(cell_columns)
                cells: list[Line] = []
                while i < len(lines) and lines[i].text:
                    cells.append(lines[i])
                    i += 1
                for k in range(0, len(cells) - len(cell_columns) + 1, len(cell_columns)):
                    row = cells[k : k + len(cell_columns)]
                    values = {column: cell.text for column, cell in zip(cell_columns, row)}
                    if values.get("who") and (found := find_officials(values["who"])):
                        group = found
                    self._add(trips, self._cell_trip(values, row[0].number, context, group))
                continue
            if GROUP.match(line.text):
                group = find_officials(line.text.rstrip(":"))
            i += 1
        return trips

    def _row_trip(self, row: Line, columns: list[str], context: Context, group) -> Trip | None:
        text = row.text
        officials = find_officials(text[:80]) or group
        # The row starts with who travelled ("Wethouder Kool New York, …"): places are read after the name.
        who = re.match(
            r"^(?i:" + role_pattern(in_text=True) + r")\s+(?:(?:van|de|der|den|Van|De)\s+)*[A-Z][\w'’-]+\s+", text
        )
        start = who.end() if who and officials else 0
        places = one_destination(find_places(text[start:], context.municipality))
        # The row's first cells, who and where, make its title; what follows up to the date is its purpose.
        end = start + max((p.position + len(p.name) for p in places), default=0)
        if country := re.match(r"\s*[,(]?\s*([A-Z][\w-]+(?: [A-Z][\w-]+)?)\)?", text[end:]):
            end += country.end() if fold(country[1]) in _codes_by_name() else 0
        found = find_period(text[end:], context.year)
        purpose_end = end + text[end:].find(found.text) if found else end
        trip = build_trip(
            title=text[:end].strip() if places else text,
            text=text,
            line=row.number,
            context=context,
            layout=self.name,
            confidence=0.8,
            officials=officials or (),
            places=places,
            subtitle=text[end:purpose_end].strip(),
            description=text[end:],
        )
        if trip and "paid" in columns and trip.costs and trip.costs.paid_by is None:
            from dataclasses import replace

            paid = re.search(r"€\s?[\d.,]+\s+(?P<who>(?:[\w'-]+\s?){1,4}?)(?=\s+Begin\b|\s+Verslag\b|$)", text)
            if paid:
                trip = replace(trip, costs=replace(trip.costs, paid_by=paid["who"].strip()))
        return trip

    def _cell_trip(self, cells: dict[str, str], line: int, context: Context, group) -> Trip | None:
        if all(NO_TRIPS.search(value) or not value for value in cells.values()):
            return None
        where = cells.get("where", "")
        names = [part.strip() for part in re.split(r"[(),/]|\s+en\s+", where) if part.strip()]
        places = (
            one_destination(find_places(" , ".join(f"naar {name}" for name in names), context.municipality))
            if where
            else None
        )
        officials = find_officials(cells["who"]) if cells.get("who") else group
        text = " ".join(f"{value}" for value in cells.values() if value)
        costs_text = " ".join(
            filter(None, [cells.get("costs", ""), f"betaald door {cells['paid']}." if cells.get("paid") else ""])
        )
        if costs_text and "€" not in costs_text and re.search(r"\d", cells.get("costs", "")):
            costs_text = "€ " + costs_text
        trip = build_trip(
            title=" – ".join(filter(None, [where, cells.get("when", "")])) or text[:120],
            text=f"{text} {costs_text}" if costs_text else text,
            line=line,
            context=context,
            layout=self.name,
            confidence=0.9,
            officials=officials or (),
            places=places,
            subtitle=cells.get("purpose", ""),
            description=cells.get("purpose", ""),
            period_text=cells.get("when"),
        )
        if trip and costs_text:
            from dataclasses import replace

            from .signals import find_costs

            trip = replace(trip, costs=find_costs(costs_text))
        return trip

    @staticmethod
    def _add(trips: list[Trip], trip: Trip | None) -> None:
        """The same trip under a second official is one trip of both."""
        if trip is None:
            return
        for k, other in enumerate(trips):
            if (
                other.stops
                and [s.name for s in other.stops] == [s.name for s in trip.stops]
                and other.months == trip.months
                and other.start == trip.start
            ):
                from dataclasses import replace

                officials = other.officials + tuple(o for o in trip.officials if o not in other.officials)
                trips[k] = replace(other, officials=officials)
                return
        trips.append(trip)


def _table_columns(table: list[list[str | None]]) -> list[str | None]:
    if not table:
        return []
    columns = [COLUMNS.get(fold(cell or "").rstrip(":")) for cell in table[0]]
    return columns if len({c for c in columns if c}) >= 3 and "where" in columns else []


def _cell_header(lines: list[Line], i: int) -> list[str]:
    """One cell per line: a run of at least three lines each naming one column."""
    columns = []
    for line in lines[i : i + 8]:
        column = COLUMNS.get(fold(line.text).rstrip(":")) if len(line.text) <= CELL_HEADER_MAX_LENGTH else None
        if not column:
            break
        columns.append(column)
    return columns if len(columns) >= 3 and "where" in columns else []


def pdf_tables(data: bytes) -> list[list[list[str | None]]]:
    """Every table pdfplumber finds in a PDF, page by page ([] when it finds none or cannot read the file)."""
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [table for page in pdf.pages for table in page.extract_tables() if table]
    except Exception as err:  # a damaged PDF: the text path reports it
        logger.debug("pdfplumber found no tables: %r", err)
        return []
