"""What every export shares: the trip table's columns and their Dutch/English headers, and the texts
derived from a trip row (period, places, countries, themes)."""

from __future__ import annotations

import math
from datetime import date, timedelta
from itertools import groupby
from pathlib import PurePath

import pandas as pd

from ..countries import country_name
from ..i18n import t
from ..themes import load_themes

LIST_SEPARATOR = "; "

# Column → (Dutch, English) header of the trip table (CSV, and the workbook's first sheet).
TRIP_HEADERS: dict[str, tuple[str, str]] = {
    "title": ("Titel", "Title"),
    "kind": ("Soort", "Kind"),
    "subtitle": ("Onderwerp", "Subject"),
    "officials": ("Bewindspersonen", "Officials"),
    "first_month": ("Eerste maand", "First month"),
    "last_month": ("Laatste maand", "Last month"),
    "start": ("Begindatum", "Start date"),
    "end": ("Einddatum", "End date"),
    "places": ("Plaatsen", "Places"),
    "countries": ("Landen", "Countries"),
    "themes": ("Thema's", "Themes"),
    "km": ("Km heen en terug (hemelsbreed)", "Km round trip (great circle)"),
    "mode": ("Vervoer (aangenomen)", "Mode (assumed)"),
    "co2_kg": ("CO₂ kg per reiziger (schatting)", "CO₂ kg per traveller (estimate)"),
    "could_train": ("Kon per trein", "Train possible"),
    "description": ("Beschrijving", "Description"),
    "file": ("Bronbestand", "Source file"),
    "line": ("Regel", "Line"),
}

# Column → (Dutch, English) header of the stop table (the workbook's second sheet).
STOP_HEADERS: dict[str, tuple[str, str]] = {
    "trip": ("Reis", "Trip"),
    "order": ("Volgorde", "Order"),
    "name": ("Plaats", "Place"),
    "country": ("Land", "Country"),
    "country_code": ("Landcode", "Country code"),
    "lat": ("Breedtegraad", "Latitude"),
    "lon": ("Lengtegraad", "Longitude"),
    "source": ("Geplaatst via", "Placed by"),
}


def headers(table: dict[str, tuple[str, str]], lang: str) -> list[str]:
    return [en if lang == "en" else nl for nl, en in table.values()]


def as_date(value) -> date | None:
    """A cell of the ``start``/``end`` columns as a date; None, NaN and NaT are None."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def file_name(path: str) -> str:
    """The document's file name, without the folder it was read from on this machine."""
    return PurePath(str(path)).name


def theme_labels(theme_ids, lang: str) -> list[str]:
    labels = {theme.id: theme.label(lang) for theme in load_themes()}
    return [labels.get(i, i) for i in theme_ids]


def country_labels(codes, lang: str) -> list[str]:
    return [country_name(code, lang) for code in codes]


def calendar_days(trip: pd.Series) -> tuple[date, date] | None:
    """First day and the day after the last day of a trip, for an all-day calendar entry.

    Known days win; otherwise the whole month(s). None when the trip has no period at all.

    >>> row = pd.Series({"months": ["2025-06", "2025-07"], "start": None, "end": None})
    >>> calendar_days(row)
    (datetime.date(2025, 6, 1), datetime.date(2025, 8, 1))
    """
    months = list(trip["months"])
    start, end = as_date(trip["start"]), as_date(trip["end"])
    if not months and start is None:
        return None
    if start is None:
        start = date(int(months[0][:4]), int(months[0][5:7]), 1)
    if end is not None:
        return start, end + timedelta(days=1)
    last = months[-1] if months else start.strftime("%Y-%m")
    year, month = int(last[:4]), int(last[5:7])
    return start, date(year + month // 12, month % 12 + 1, 1)


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
    }


def footprint_values(trip: pd.Series, lang: str) -> dict:
    """The trip's distance and CO₂ columns: whole km, kg to one decimal, the mode and "could have gone by train"
    in words; empty (None) for a trip with no placed stop."""
    placed = trip["km"] > 0  # NaN when no stop is placed
    return {
        "km": round(float(trip["km"])) if placed else None,
        "mode": t(f"mode_{trip['mode']}", lang) if placed else None,
        "co2_kg": round(float(trip["co2_kg"]), 1) if placed else None,
        "could_train": t("yes" if trip["could_train"] else "no", lang) if placed else None,
    }


def source_text(source: str, lang: str) -> str:
    """ "GeoNames (offline)" for "gazetteer"; an unknown layer name as it is."""
    key = f"source_{source}"
    try:
        return t(key, lang)
    except KeyError:
        return source
