"""Beheer's changes in words, for communication staff: a field's name ("thema's", not ``themes``), a value
("juni 2025, augustus 2025", not ``["2025-06", "2025-08"]``), a time in Amsterdam's local time and, for
Geschiedenis, each line of the audit log as a sentence. Pure functions of what the store hands over; the
pages only draw them.

    >>> field_name("themes"), field_name("stops", "en")
    ("thema's", 'places')
    >>> value_text("months", ["2025-06", "2025-08"])
    'juni 2025, augustus 2025'
    >>> local_time("2026-12-05T15:40:00+00:00"), local_time("2026-07-01T08:05:00+00:00", "en")
    ('5 dec 2026 om 16:40', '1 Jul 2026 at 10:05')
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from ..countries import country_name
from ..i18n import month_label, official, t

LOCAL = ZoneInfo("Europe/Amsterdam")  # where the people who use Beheer are: the store writes UTC
LONGEST = 160  # characters of a text value shown in a sentence


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def field_name(field: str, lang: str = "nl") -> str:
    """A correction's field as people call it ("titel", "plaatsen"); an unknown one as it is."""
    try:
        return t(f"field_{field}", lang)
    except KeyError:
        return field


def fields_text(fields, lang: str = "nl") -> str:
    """Several fields in words, in the order of the form: "titel, thema's, plaatsen"."""
    order = list(FIELD_ORDER)
    known = sorted(set(fields), key=lambda f: (order.index(f) if f in order else len(order), f))
    return ", ".join(field_name(field, lang) for field in known)


FIELD_ORDER = (
    "title",
    "subtitle",
    "officials",
    "months",
    "start",
    "end",
    "themes",
    "costs",
    "description",
    "stops",
    "removed",
    "split",
    "joined",
    "added",
)


def local_time(at: str | datetime, lang: str = "nl") -> str:
    """A moment the store wrote (ISO 8601, UTC) in Amsterdam's time, as people write it."""
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    return format_datetime(moment, t("history_time_pattern", lang), tzinfo=LOCAL, locale=lang)


def quoted(text: str, lang: str = "nl") -> str:
    text = " ".join(str(text).split())
    if not text:
        return t("history_empty", lang)
    return "“" + (text if len(text) <= LONGEST else text[: LONGEST - 1] + "…") + "”"


@cache
def _theme_labels(lang: str) -> dict[str, str]:
    from ..themes import load_themes

    return {theme.id: theme.label(lang) for theme in load_themes()}


def value_text(field: str, value: Any, lang: str = "nl", titles: Mapping[str, str] | None = None) -> str:
    """A correction's value in words. ``titles`` names trips by their key (for a join)."""
    if field in ("title", "subtitle", "description", "costs"):
        return quoted(value or "", lang)
    if field == "officials":
        people = [official(f"{o.get('role', '')} {o.get('name', '')}".strip(), lang) for o in value or ()]
        return ", ".join(p for p in people if p) or t("history_nobody", lang)
    if field == "months":
        return ", ".join(month_label(m, lang, wide=True) for m in value or ()) or t("no_period", lang)
    if field in ("start", "end"):
        return (
            format_date(date.fromisoformat(value), "d MMMM yyyy", locale=lang) if value else t("history_no_day", lang)
        )
    if field == "themes":
        labels = _theme_labels(lang)
        # "; ": a label holds commas of its own ("Klimaat, energie & duurzaamheid")
        return "; ".join(labels.get(theme, theme) for theme in value or ()) or t("history_no_themes", lang)
    if field == "stops":
        return "; ".join(_stop_text(stop, lang) for stop in value or ()) or t("history_no_places", lang)
    if field == "removed":
        return t("history_removed" if value else "history_a_trip", lang)
    if field == "split":
        parts = [", ".join(str(i + 1) for i in part) for part in value or ()]
        return t("history_split", lang, n=len(parts), parts=" | ".join(parts))
    if field == "joined":
        named = [quoted((titles or {}).get(key, key), lang) for key in value or ()]
        return ", ".join(named) or t("history_joined_none", lang)
    if field == "added":
        return t("history_added_trip", lang, title=quoted((value or {}).get("title", ""), lang))
    return json.dumps(value, ensure_ascii=False)


def _stop_text(stop: Mapping, lang: str) -> str:
    name = stop.get("name") or "?"
    where = (
        f"{float(stop['lat']):.3f}, {float(stop['lon']):.3f}"
        if stop.get("lat") is not None and stop.get("lon") is not None
        else t("beheer_not_on_map", lang)
    )
    code = stop.get("country_code")
    country = country_name(code, lang) if code else stop.get("country") or ""
    return f"{name}{', ' + country if country else ''} ({where})"
