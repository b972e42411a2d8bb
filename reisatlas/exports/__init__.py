"""Exports of a selection — exactly the trips the map shows — as CSV, Excel, GeoJSON, iCalendar,
a PNG slide, a standalone HTML map, or the month playback as an MP4 video or an animated GIF.

Every format is one function from the selected trips and their stops to bytes; ``render`` picks it.
The command line writes the bytes with ``write_atomically``; the app hands them to a download button:

    data = render("csv", selected_trips, stops, lang="nl", paint=colouring(all_trips))
    st.download_button(label, data, file_name=suggested_name("csv", selection, selected_trips), mime=FORMATS["csv"].media_type)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from .. import files
from ..colours import Colouring, colouring
from ..errors import ExportError, SelectionError
from ..i18n import t
from ..places import DOCUMENTS_LANGUAGE, localised
from ..selection import Selection
from ..summary import summarise
from .alt_text import SIDECAR_SUFFIX, alt_text
from .common import Export, calendar_days, file_name
from .geojson import geojson_bytes
from .ics import ics_bytes
from .playback import playback_opening
from .records import json_bytes
from .static_map import png_bytes
from .tables import csv_bytes, xlsx_bytes
from .video import gif_bytes, mp4_bytes
from .web_page import html_bytes


@dataclass(frozen=True)
class Format:
    """An export format: the file name's suffix, the media type, and the function that renders it."""

    suffix: str
    media_type: str
    renderer: Callable[[Export], bytes]


FORMATS: dict[str, Format] = {
    "csv": Format(".csv", "text/csv", csv_bytes),
    "xlsx": Format(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx_bytes),
    "geojson": Format(".geojson", "application/geo+json", geojson_bytes),
    "ics": Format(".ics", "text/calendar", ics_bytes),
    "json": Format(".json", "application/json", json_bytes),
    "png": Format(".png", "image/png", png_bytes),
    "html": Format(".html", "text/html", html_bytes),
    "mp4": Format(".mp4", "video/mp4", mp4_bytes),
    "gif": Format(".gif", "image/gif", gif_bytes),
}
PICTURES = ("png", "mp4", "gif")  # what has a size and a text alternative beside it (``alt_text``)
PLAYBACKS = ("mp4", "gif")


def _format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportError.said("error_unknown_format", format=name, known=", ".join(FORMATS)) from None


def _stops_of(trips: pd.DataFrame, stops: pd.DataFrame) -> pd.DataFrame:
    """The stops of these trips, in trip order and then route order."""
    position = {trip_id: i for i, trip_id in enumerate(trips["trip_id"])}
    mine = stops[stops["trip_id"].isin(position)]
    return mine.assign(_trip=mine["trip_id"].map(position)).sort_values(["_trip", "order"]).drop(columns="_trip")


def render(
    format: str,
    trips: pd.DataFrame,
    stops: pd.DataFrame,
    *,
    lang: str = "nl",
    documents: Iterable[str] | None = None,
    paint: Colouring | None = None,
    allow_empty: bool = False,
    stamp: datetime | None = None,
    size: tuple[int, int] | None = None,
    playback: str = "window",
    period: tuple[str, str] | None = None,
) -> bytes:
    """The selected trips (a ``trips_frame``, already filtered) in one format, as bytes.

    ``stops`` may hold the stops of every trip; only the selected trips' stops are used.
    ``documents`` names the sources (default: the files the selected trips come from); ``paint`` fixes the colours
    (default: coloured by official over these trips; pass the atlas-wide colouring so that filtering
    never changes a colour). Raises ExportError for an unknown format, SelectionError when no trip is
    selected or, for a calendar, none has a period — unless ``allow_empty`` (a feed may well be empty today).
    ``stamp`` is when the content was made (a calendar's DTSTAMP; default: now). A picture's ``size`` is (width,
    height) in pixels (default: 1920×1080); a video or GIF plays ``period`` (first, last month; default: the
    trips') in the ``playback`` mode of the app's play control, "window" or "grow".
    """
    chosen = _format(format)
    if trips.empty and not allow_empty:
        raise SelectionError(t("error_nothing_to_export", lang))
    if format == "ics" and not allow_empty and not any(calendar_days(trip) for _, trip in trips.iterrows()):
        raise SelectionError(t("error_calendar_empty", lang))
    export = prepared(trips, stops, lang, documents, paint, stamp)
    return chosen.renderer(replace(export, size=size, playback=playback, period=period))


def prepared(
    trips: pd.DataFrame,
    stops: pd.DataFrame,
    lang: str = "nl",
    documents: Iterable[str] | None = None,
    paint: Colouring | None = None,
    stamp: datetime | None = None,
) -> Export:
    """What every format renders (``render``'s arguments): the trips and their stops with places named in
    ``lang`` (one language per output: an English file names Tokyo and Brussels; the document's own spelling
    stays in its own field, ``document_places`` and ``document_name``)."""
    names = [file_name(d) for d in (documents if documents is not None else trips["file"])]
    if lang != DOCUMENTS_LANGUAGE and "document_places" not in trips.columns:
        trips, stops = localised(trips, stops, lang)
    mine = _stops_of(trips, stops)
    return Export(
        trips,
        mine,
        lang,
        tuple(dict.fromkeys(names)),
        paint or colouring(trips, "official", lang),
        summarise(trips, mine).sentence(lang),
        stamp,
    )


def text_alternative(
    format: str,
    trips: pd.DataFrame,
    stops: pd.DataFrame,
    *,
    lang: str = "nl",
    playback: str = "window",
    period: tuple[str, str] | None = None,
) -> str:
    """The text alternative of a picture (``PICTURES``: the slide, a video, a GIF) of these trips, as ``render``
    makes it: what it shows, the summary sentence and every trip (``alt_text``), for the file beside it."""
    export = replace(prepared(trips, stops, lang), playback=playback, period=period)
    return alt_text(export, playback_opening(export) if format in PLAYBACKS else None)


def left_out(format: str, trips: pd.DataFrame, stops: pd.DataFrame, lang: str = "nl") -> list[str]:
    """What an export in this format leaves out of the selection, one line each, for a warning.

    Maps and GeoJSON cannot show a stop no geocoder placed; a calendar cannot hold a trip without a period.
    """
    _format(format)
    lines = []
    if format == "ics":
        for _, trip in trips.iterrows():
            if calendar_days(trip) is None:
                lines.append(
                    f"{trip['title']} ({file_name(trip['file'])}:{trip['line']}): " + t("left_out_no_period", lang)
                )
    elif format in ("geojson", "png", "html", "mp4", "gif"):
        unplaced = _stops_of(trips, stops)
        unplaced = unplaced[unplaced["lat"].isna() | unplaced["lon"].isna()]
        for stop in unplaced.itertuples(index=False):
            lines.append(f"{stop.name} ({stop.country}): " + t("left_out_not_placed", lang))
    return lines


def suggested_name(format: str, selection: Selection, trips: pd.DataFrame | None = None) -> str:
    """A file name for the download that says what was selected: "reisatlas_kasmi_2025-06.csv".

    Without a chosen period, the selected ``trips``' months name it, so every file says when.

    >>> suggested_name("ics", Selection(officials=("Kasmi",)), pd.DataFrame({"months": [["2025-06"], ["2025-06"]]}))
    'reisatlas_kasmi_2025-06.ics'
    >>> suggested_name("csv", Selection(), pd.DataFrame({"months": [["2025-06"], ["2025-09"]]}))
    'reisatlas_2025-06_2025-09.csv'
    """
    if not selection.months and trips is not None:
        months = sorted({m for ms in trips["months"] for m in ms})
        if months:
            selection = replace(selection, months=(months[0], months[-1]))
    slug = selection.slug()
    return f"reisatlas{'_' if slug else ''}{slug}{_format(format).suffix}"


def write_atomically(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (``reisatlas.files.write_atomically``).

    Raises ExportError naming the path when it cannot be written; no temporary file is left behind.
    """
    try:
        files.write_atomically(path, data)
    except OSError as err:
        raise ExportError.said("error_cannot_write", path=path, reason=err.strerror or err) from err


__all__ = [
    "FORMATS",
    "PICTURES",
    "PLAYBACKS",
    "SIDECAR_SUFFIX",
    "text_alternative",
    "Format",
    "left_out",
    "render",
    "suggested_name",
    "write_atomically",
]
