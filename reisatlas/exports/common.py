"""What every export shares: the trip table's columns and their headers, and the texts
derived from a trip row (period, places, countries, themes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from pathlib import PurePath

import pandas as pd

from ..colours import Colouring
from ..countries import country_name
from ..i18n import t
from ..periods import known_day, trip_span
from ..themes import theme_labels as all_theme_labels

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Export:
    """What every format renders: the selected trips, their stops, the language, the source documents'
    names, the colours (fixed over the whole atlas) and the title (the summary sentence)."""

    trips: pd.DataFrame
    stops: pd.DataFrame
    lang: str
    documents: tuple[str, ...]
    paint: Colouring
    title: str
    # When the content was made: a calendar's DTSTAMP. None: now (a download); a feed passes the documents'
    # time, so the same ETag always comes with the same bytes.
    stamp: datetime | None = None
    # The pictures' options: the size in pixels (width, height; None: the format's own), and for a video or GIF
    # the playback's mode ("window": a month at a time, "grow": from the start) and the months it plays (first,
    # last; None: those of the trips).
    size: tuple[int, int] | None = None
    playback: str = "window"
    period: tuple[str, str] | None = None

    def source_line(self, listed) -> str:
        """ "Bron: a.txt · kaart: Natural Earth", the documents as ``listed(names)`` writes them."""
        return f"{t('source', self.lang)}: {listed(self.documents)} · {t('map_source', self.lang)}: Natural Earth"


# The columns of the trip table (CSV, and the workbook's first sheet) and of the stop table (its second
# sheet); their headers are the texts column_<name> and stop_column_<name> of data/texts.toml.
TRIP_COLUMNS = (
    "title",
    "kind",
    "subtitle",
    "officials",
    "first_month",
    "last_month",
    "start",
    "end",
    "places",
    "countries",
    "themes",
    "km",
    "mode",
    "co2_kg",
    "non_co2_kg",
    "total_kg",
    "could_train",
    "description",
    "file",
    "line",
    "municipality",
    "costs",
    "paid_by",
    "places_as_written",
)
STOP_COLUMNS = ("trip", "order", "name", "country", "country_code", "lat", "lon", "source", "kind", "name_as_written")


def headers(columns: tuple[str, ...], lang: str, prefix: str = "column_") -> list[str]:
    return [t(prefix + column, lang) for column in columns]


def as_date(value) -> date | None:
    """A cell of the ``start``/``end`` columns as a date; None, NaN and NaT are None."""
    return known_day(value)


def file_name(path: str) -> str:
    """The document's file name, without the folder it was read from on this machine."""
    return PurePath(str(path)).name


def theme_labels(theme_ids, lang: str) -> list[str]:
    labels = all_theme_labels(lang)
    return [labels.get(i, i) for i in theme_ids]


def country_labels(codes, lang: str) -> list[str]:
    return [country_name(code, lang) for code in codes]


def calendar_days(trip: pd.Series) -> tuple[date, date] | None:
    """First day and the day after the last day of a trip, for an all-day calendar entry.

    >>> row = pd.Series({"months": ["2025-06", "2025-07"], "start": None, "end": None})
    >>> calendar_days(row)
    (datetime.date(2025, 6, 1), datetime.date(2025, 8, 1))
    """
    return trip_span(trip["start"], trip["end"], list(trip["months"]))


def trip_stops(stops: pd.DataFrame, trip_id: str) -> pd.DataFrame:
    return stops[stops["trip_id"] == trip_id].sort_values("order")


def location_text(stops: pd.DataFrame, lang: str) -> str:
    """ "Malmö, Botkyrka, Stockholm (Zweden)"; consecutive stops in one country share its name."""
    parts = []
    for code, group in groupby(stops.itertuples(index=False), key=lambda s: (s.country_code, s.country)):
        country = country_name(code[0], lang) if isinstance(code[0], str) else code[1]
        parts.append(f"{', '.join(s.name for s in group)} ({country})")
    return LIST_SEPARATOR.join(parts)


def trip_values(trip: pd.Series, lang: str) -> dict:
    """One trip as the trip table's cells: lists as lists, dates as dates, the rest as text."""
    return {
        "title": trip["title"],
        "kind": trip["kind"],
        "subtitle": trip["subtitle"],
        "officials": list(trip["official_labels"]),
        "first_month": trip["first_month"],
        "last_month": trip["last_month"],
        "start": as_date(trip["start"]),
        "end": as_date(trip["end"]),
        "places": list(trip["places"]),
        "countries": country_labels(trip["countries"], lang),
        "themes": theme_labels(trip["themes"], lang),
        **footprint_values(trip, lang),
        "description": trip["description"],
        "file": file_name(trip["file"]),
        "line": int(trip["line"]),
        "municipality": trip.get("municipality") or "",
        "costs": costs_value(trip.get("costs")),
        "paid_by": trip.get("paid_by") or "",
        "places_as_written": places_as_written(trip),
    }


def places_as_written(trip: pd.Series) -> list[str]:
    """The trip's places as the document spells them (``places`` names them in the reader's language)."""
    written = trip.get("document_places")
    return list(trip["places"] if written is None else written)


def name_as_written(stop) -> str:
    """A stop (a row of the stops table) as the document spells it."""
    return getattr(stop, "document_name", None) or stop.name


def costs_value(amount) -> float | str:
    """A trip's costs in euros as a number, "" when the document gives none."""
    return "" if amount is None or pd.isna(amount) else float(amount)


def footprint_values(trip: pd.Series, lang: str) -> dict:
    """The trip's distance and CO₂ columns: whole km, kg to one decimal (the CO₂ of fuel and construction, a flight's
    extra warming apart (0 for a train) and both together), the mode and "could have gone by train" in words; empty
    (None) for a trip with no placed stop."""
    placed = trip["km"] > 0  # NaN when no stop is placed
    return {
        "km": round(float(trip["km"])) if placed else None,
        "mode": t(f"mode_{trip['mode']}", lang) if placed else None,
        **kilograms(trip),
        "could_train": t("yes" if trip["could_train"] else "no", lang) if placed else None,
    }


def kilograms(trip: pd.Series) -> dict:
    """ "co2_kg", "non_co2_kg" and "total_kg" to one decimal, each rounded from the estimate (so their sum may differ
    by 0.1); None for a trip with no placed stop."""
    placed = trip["km"] > 0
    return {name: round(float(trip[name]), 1) if placed else None for name in ("co2_kg", "non_co2_kg", "total_kg")}
