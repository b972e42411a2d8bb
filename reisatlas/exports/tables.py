"""The trip table as CSV (for any program) and as an Excel workbook (trips and their stops)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd

from ..countries import country_name
from ..i18n import t
from ..model import placed_by
from .common import (
    LIST_SEPARATOR,
    STOP_COLUMNS,
    TRIP_COLUMNS,
    Export,
    headers,
    name_as_written,
    trip_values,
)

# OWASP "CSV Injection": a spreadsheet reads a cell that starts with one of these as a formula (tab and carriage
# return from OWASP's CSV Injection page, NUL from ASVS 5.0 requirement 1.2.10).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(text: str) -> str:
    """A text cell a spreadsheet shows as written: a leading ' when it would otherwise start a formula.

    >>> neutralise("=1+2"), neutralise("@SUM(A1)"), neutralise("-5"), neutralise("Werkbezoek Oslo")
    ("'=1+2", "'@SUM(A1)", "'-5", 'Werkbezoek Oslo')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell_text(value) -> str | int | float:
    """A CSV cell: lists joined, dates ISO, text neutralised; numbers as numbers."""
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralise(LIST_SEPARATOR.join(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return value


def csv_bytes(export: Export) -> bytes:
    """One row per trip. UTF-8 with a byte-order mark, so Excel reads ë and ö as such; no cell a document
    wrote can become a formula (``neutralise``)."""
    trips, lang = export.trips, export.lang
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(TRIP_COLUMNS, lang))
    for _, trip in trips.iterrows():
        writer.writerow([_cell_text(v) for v in trip_values(trip, lang).values()])
    return out.getvalue().encode("utf-8-sig")


MAX_WIDTH = 60


def _sheet(workbook, title: str, header: list[str], rows: list[list]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)  # PDF text may hold control characters
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, even when a title starts with "="
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            shown = 10 if isinstance(value, (date, float)) else len(str(value)) if value is not None else 0
            widths[c - 1] = max(widths[c - 1], shown)
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def xlsx_bytes(export: Export) -> bytes:
    """A workbook with a sheet of trips ("Reizen") and a sheet of their stops ("Plaatsen")."""
    trips, stops, lang = export.trips, export.stops, export.lang
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    trip_rows = []
    for _, trip in trips.iterrows():
        values = trip_values(trip, lang)
        trip_rows.append([LIST_SEPARATOR.join(v) if isinstance(v, list) else v for v in values.values()])
    _sheet(workbook, t("trips", lang), headers(TRIP_COLUMNS, lang), trip_rows)

    titles = dict(zip(trips["trip_id"], trips["title"]))
    stop_rows = [
        [
            titles[stop.trip_id],
            stop.order + 1,
            stop.name,
            country_name(stop.country_code, lang) if isinstance(stop.country_code, str) else stop.country,
            stop.country_code if isinstance(stop.country_code, str) else None,
            None if pd.isna(stop.lat) else float(stop.lat),
            None if pd.isna(stop.lon) else float(stop.lon),
            placed_by(stop.source, lang),
            t(f"stop_kind_{getattr(stop, 'kind', 'city')}", lang),
            name_as_written(stop),
        ]
        for stop in stops.itertuples(index=False)
    ]
    _sheet(workbook, t("places", lang), headers(STOP_COLUMNS, lang, "stop_column_"), stop_rows)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
