"""Trips as an iCalendar file (RFC 5545) that Outlook, Google Calendar and Apple Calendar import."""

from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd

from ..i18n import t
from ..layers import footprint_text
from .common import Export, calendar_days, file_name, location_text, theme_labels, trip_stops

UID_DOMAIN = "reisatlas"
PRODID = "-//Reisatlas//Buitenlandse werkbezoeken//NL"


def uid(trip_id: str) -> str:
    """The event's UID: the same trip keeps it over every export, so a re-import updates it."""
    return f"{trip_id}@{UID_DOMAIN}"


def _description(trip: pd.Series, lang: str) -> str:
    lines = [trip["subtitle"], f"{t('officials', lang)}: {', '.join(trip['official_labels'])}"]
    if len(trip["themes"]):
        lines.append(f"{t('themes', lang)}: {', '.join(theme_labels(trip['themes'], lang))}")
    footprint = footprint_text(trip["km"], trip["co2_kg"], trip["mode"], trip["could_train"], lang)
    if footprint:
        lines.append(t("footprint_line", lang) + footprint.removeprefix(" — "))
    source = t("source_line", lang, file=file_name(trip["file"]), line=trip["line"])
    lines.append(f"{t('source', lang)}: {source}")
    return "\n".join(line for line in lines if line)


def ics_bytes(export: Export) -> bytes:
    """One all-day VEVENT per trip over its period (whole months when no days are known).

    Trips without any period cannot be on a calendar and are left out (``left_out`` names them).
    """
    trips, stops, lang, title = export.trips, export.stops, export.lang, export.title
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{t('app_title', lang)}: {title}" if title else t("app_title", lang))  # Google, Apple
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    for _, trip in trips.iterrows():
        days = calendar_days(trip)
        if days is None:
            continue
        event = Event()
        event.add("uid", uid(trip["trip_id"]))
        event.add("dtstamp", stamp)
        event.add("dtstart", days[0])
        event.add("dtend", days[1])
        event.add("summary", trip["title"])
        location = location_text(trip_stops(stops, trip["trip_id"]), lang)
        if location:
            event.add("location", location)
        event.add("description", _description(trip, lang))
        if len(trip["themes"]):
            event.add("categories", theme_labels(trip["themes"], lang))
        event.add("transp", "TRANSPARENT")  # a trip on the calendar does not make the reader busy
        calendar.add_component(event)
    return calendar.to_ical()

