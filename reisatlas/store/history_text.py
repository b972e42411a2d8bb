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
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, Mapping, Sequence
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


# -- Geschiedenis: each line of the audit log as a sentence -------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One change in words. ``document`` is the key of the document it is about ("" for none), ``who`` the admin;
    ``undone`` says by whom and when it was undone ("" if not); ``undoable`` whether it may be undone now."""

    id: int
    sentence: str
    who: str
    document: str
    undone: str
    undoable: bool


UNDOABLE = ("correction.save", "correction.delete", "document.status", "place.save")  # Store.UNDOABLE


def history_entries(
    changes: Sequence,
    documents: Mapping[str, str],
    titles: Mapping[str, Mapping[str, str]],
    lang: str = "nl",
) -> list[Entry]:
    """The audit log's ``changes`` (``Store.history``: newest first) as sentences. ``documents`` names each
    document by its key, ``titles`` each trip by its document's key and the trip's key (``trip_titles``).

    >>> from reisatlas.store import Change
    >>> saved = Change(7, "2026-12-05T15:40:00+00:00", "anna", "correction.save", "file:a.txt|k1|title",
    ...                None, {"value": "Werkbezoek Kopenhagen", "original": "Werkbezoek Kopenhagn", "version": 1,
    ...                       "needs_review": False}, 8)
    >>> undo = Change(8, "2026-12-05T16:02:00+00:00", "bob", "undo.correction.save", "file:a.txt|k1|title",
    ...               saved.after, None, None)
    >>> first, second = history_entries([undo, saved], {"file:a.txt": "a.txt"}, {"file:a.txt": {"k1": "Gent"}})
    >>> second.sentence
    'anna wijzigde op 5 dec 2026 om 16:40 in a.txt, reis “Gent”, de titel: “Werkbezoek Kopenhagn” → “Werkbezoek Kopenhagen”.'
    >>> second.undone, second.undoable
    ('Ongedaan gemaakt door bob op 5 dec 2026 om 17:02.', False)
    >>> first.sentence
    'bob maakte op 5 dec 2026 om 17:02 ongedaan: in a.txt, reis “Gent”, de titel: “Werkbezoek Kopenhagen” → “Werkbezoek Kopenhagn”.'
    """
    by_id = {change.id: change for change in changes}
    entries = []
    for change in changes:
        undoer = by_id.get(change.undone_by) if change.undone_by else None
        undone = (
            t("history_undone", lang, who=undoer.by, when=local_time(undoer.at, lang))
            if undoer
            else (t("history_undone_unknown", lang) if change.undone_by else "")
        )
        entries.append(
            Entry(
                change.id,
                _sentence(change, documents, titles, lang),
                change.by,
                _document_of(change),
                undone,
                change.action in UNDOABLE and not change.undone_by,
            )
        )
    return entries


def trip_titles(trips) -> dict[str, str]:
    """Each trip's key (``reisatlas.fixes.trip_keys``) → its title, for ``history_entries``."""
    from ..fixes import trip_keys

    return dict(zip(trip_keys(trips), (trip.title for trip in trips)))


def _document_of(change) -> str:
    action, target = change.action.removeprefix("undo."), change.target
    if action.startswith("correction.") and action != "correction.carry_over":
        return target.split("|", 1)[0]
    if action.startswith("document."):
        return target
    if action == "correction.carry_over":
        return target.split(" -> ", 1)[-1]
    return ""


def _document_name(key: str, documents: Mapping[str, str]) -> str:
    return documents.get(key) or key.removeprefix("file:")


def _trip_title(document: str, trip: str, titles: Mapping[str, Mapping[str, str]], lang: str) -> str:
    known = titles.get(document, {})
    whole, _, part = trip.partition("/")
    if whole in known:
        title = known[whole]
        return quoted(t("history_trip_part", lang, title=title, n=int(part) + 1) if part.isdigit() else title, lang)
    return t("history_trip_unknown", lang)


def _sentence(change, documents, titles, lang: str) -> str:
    who, when = change.by, local_time(change.at, lang)
    if change.action.startswith("undo."):
        what = _what(change.action.removeprefix("undo."), change, documents, titles, lang)
        return t("history_undo", lang, who=who, when=when, what=what) + "."
    what = _what(change.action, change, documents, titles, lang)
    key = f"history_{change.action.replace('.', '_')}"
    if change.action.startswith("account.") and who.startswith("reisatlas "):  # the command line, not an admin
        key += "_command"
    return t(key if key in _keys() else "history_other", lang, who=who, when=when, what=what) + "."


def _what(action: str, change, documents, titles, lang: str) -> str:
    """The part of a change's sentence that says what changed: which document, trip and field, before → after."""
    before, after = change.before, change.after
    if action in ("correction.save", "correction.delete"):
        document, trip, field = change.target.split("|", 2)

        def shown(state, fallback):
            return value_text(field, state["value"] if state else fallback, lang, titles.get(document))

        original = (after or before or {}).get("original")
        return t(
            "history_what_correction",
            lang,
            document=_document_name(document, documents),
            trip=_trip_title(document, trip, titles, lang),
            field=t(f"field_{field}_the", lang) if f"field_{field}_the" in _keys() else field_name(field, lang),
            before=shown(before, original),
            after=shown(after, original),
        )
    if action == "correction.carry_over":
        old, _, new = change.target.partition(" -> ")
        return t(
            "history_what_carry_over",
            lang,
            old=_document_name(old, documents),
            new=_document_name(new, documents),
            carried=(after or {}).get("carried", 0),
            review=len((after or {}).get("review", ())),
        )
    if action == "document.upload":
        return t("history_what_upload", lang, document=_document_name(change.target, documents))
    if action == "document.status":
        return t(
            "history_what_status",
            lang,
            document=_document_name(change.target, documents),
            before=t(f"beheer_status_{(before or {}).get('status', 'draft')}", lang),
            after=t(f"beheer_status_{(after or {}).get('status', 'draft')}", lang),
        )
    if action == "place.save":
        name, _, code = change.target.partition("|")

        def point(state):
            return f"{state['lat']:.3f}, {state['lon']:.3f}" if state else t("history_place_none", lang)

        return t(
            "history_what_place",
            lang,
            place=f"{name} ({country_name(code, lang) if code else '?'})",
            before=point(before),
            after=point(after),
        )
    if action.startswith("account."):
        return change.target  # the account's name
    return f"{action} {change.target}"


@cache
def _keys() -> frozenset:
    from ..i18n import texts

    return frozenset(texts())


def correction_text(correction, documents: Mapping[str, str], titles: Mapping[str, Mapping[str, str]], lang="nl"):
    """A correction waiting for review after a new version, in words: where, which field, as read → as corrected,
    and by whom and when it was made."""
    trip_titles_ = titles.get(correction.document)
    said = t(
        "history_what_correction",
        lang,
        document=_document_name(correction.document, documents),
        trip=_trip_title(correction.document, correction.trip, titles, lang),
        field=t(f"field_{correction.field}_the", lang)
        if f"field_{correction.field}_the" in _keys()
        else correction.field,
        before=value_text(correction.field, correction.original, lang, trip_titles_),
        after=value_text(correction.field, correction.value, lang, trip_titles_),
    )
    return f"{capitalised(said)} ({correction.by}, {local_time(correction.at, lang)})"
