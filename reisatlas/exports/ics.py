"""Trips as an iCalendar file (RFC 5545) that Outlook, Google Calendar and Apple Calendar import."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd

from ..emissions import describe as describe_footprint
from ..i18n import period_label, t
from ..periods import known_day
from .common import Export, calendar_days, file_name, location_text, theme_labels, trip_stops

UID_DOMAIN = "reisatlas"
PRODID = "-//Reisatlas//Buitenlandse werkbezoeken//NL"


def uid(trip_id: str) -> str:
    """The event's UID: the same trip keeps it over every export, so a re-import updates it."""
    return f"{trip_id}@{UID_DOMAIN}"


def _month_only(trip: pd.Series) -> bool:
    """True when the document gives the trip's months but not its days."""
    return known_day(trip["start"]) is None or known_day(trip["end"]) is None


def _description(trip: pd.Series, lang: str) -> str:
    note = t("ics_month_note", lang, period=period_label(list(trip["months"]), lang)) if _month_only(trip) else ""
    lines = [note, trip["subtitle"], f"{t('officials', lang)}: {', '.join(trip['official_labels'])}"]
    if len(trip["themes"]):
        lines.append(f"{t('themes', lang)}: {', '.join(theme_labels(trip['themes'], lang))}")
    if trip["km"] > 0:  # NaN: no stop placed
        lines.append(t("footprint_line", lang) + describe_footprint(trip, lang))
    source = t("source_line", lang, file=file_name(trip["file"]), line=trip["line"])
    lines.append(f"{t('source', lang)}: {source}")
    return "\n".join(line for line in lines if line)


def ics_bytes(export: Export) -> bytes:
    """One all-day VEVENT per trip over its days; trips the document dates by month only get a one-day
    entry on the month's first day that says so.

    A month-only trip as an all-day event over the whole month reads, in every calendar, as a month-long
    absence; the document does not say that. Calendar programs have no "some day in June": Outlook, Google
    and Apple ignore VJOURNAL and VTODO has no place in the month view. So the entry sits on the 1st, marked
    free (TRANSP), its title saying "juni 2025, dagen onbekend" and its description starting with it, plus
    ``X-REISATLAS-PERIOD:2025-06`` for programs that read the file. Trips without any period cannot be on a
    calendar and are left out (``left_out`` names them).
    """
    trips, stops, lang, title = export.trips, export.stops, export.lang, export.title
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{t('app_title', lang)}: {title}" if title else t("app_title", lang))  # Google, Apple
    stamp = (export.stamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    for _, trip in trips.iterrows():
        days = calendar_days(trip)
        if days is None:
            continue
        event = Event()
        event.add("uid", uid(trip["trip_id"]))
        event.add("dtstamp", stamp)
        if _month_only(trip):
            period = period_label(list(trip["months"]), lang)
            event.add("dtstart", days[0])
            event.add("dtend", days[0] + timedelta(days=1))
            event.add("summary", t("ics_month_summary", lang, title=trip["title"], period=period))
            event.add("x-reisatlas-period", "/".join(dict.fromkeys([trip["months"][0], trip["months"][-1]])))
        else:
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
