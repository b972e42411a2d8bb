"""Corrections applied to a document's trips: a pure function of the trips as read, the corrections and
the places reviewed in the app. No database here: the store (reisatlas.store) keeps the corrections and
hands them over as ``Fixes``; the atlas applies them without knowing the store.

A trip is known by a key that survives re-reading: its kind, title and subtitle (folded), with a counter
for a second trip that reads the same. Line numbers and months may move in a new version; the key does not.

Fields a correction may set (``value`` is JSON):

=============== ==============================================================================
``title``, ``subtitle``, ``description``, ``costs``   text
``officials``   ``[{"role": "wethouder", "name": "Kasmi"}]``
``months``      ``["2025-06", …]``
``start``, ``end``  ``"2025-06-03"`` or null
``themes``      theme ids
``stops``       ``[{"name", "country", "country_code", "lat", "lon"}]`` (lat/lon null: not on the map)
``removed``     true: not a trip
``split``       stop numbers per new trip, ``[[0, 1], [2]]``; part *i* is then trip ``KEY/i``
``joined``      keys of the trips joined into this one (their stops, months and officials added; they go)
``added``       a whole trip the reader missed (``Trip.to_dict`` shape), under a key of its own
=============== ==============================================================================
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Iterable, Sequence

from .i18n import euros, t
from .model import PLACED_BY, Costs, Notice, Official, Source, Stop, Trip
from .text import fold

TEXT_FIELDS = ("title", "subtitle", "description", "costs")
FIELDS = (*TEXT_FIELDS, "officials", "months", "start", "end", "themes", "stops", "removed", "split", "joined", "added")
CORRECTED = "corrected"  # Stop.source of a stop placed by hand (one of model.PLACED_BY)


@dataclass(frozen=True)
class Correction:
    """One field of one trip set by hand. ``trip`` is the trip's stable key (``trip_keys``), ``value`` the new
    value and ``original`` what the reader had found; ``version`` counts saves (optimistic locking).
    ``needs_review`` marks a correction carried to a new version of its document where the trip changed."""

    id: int
    document: str
    trip: str
    field: str
    value: Any
    original: Any
    by: str
    at: str
    version: int
    needs_review: bool

    def describe(self) -> str:
        return f"{self.field} = {json.dumps(self.value, ensure_ascii=False)} ({self.by}, {self.at})"


@dataclass(frozen=True)
class ReviewedPlace:
    """A place reviewed in the app: where a stop of that name and country goes, in every document."""

    name: str
    country_code: str
    lat: float
    lon: float
    note: str
    by: str
    at: str


@dataclass(frozen=True)
class Fixes:
    """What the store says about one document: its corrections in force and the places reviewed in the app."""

    corrections: tuple[Correction, ...] = ()
    places: tuple[ReviewedPlace, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.corrections or self.places)

    def fingerprint(self) -> str:
        """Changes whenever a correction or reviewed place does: the key of the corrected tables' cache."""
        shape = [[c.trip, c.field, c.value, c.needs_review] for c in self.corrections]
        shape += [[p.name, p.country_code, p.lat, p.lon] for p in self.places]
        return hashlib.sha256(json.dumps(shape, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def trip_keys(trips: Sequence[Trip]) -> list[str]:
    """A stable key per trip, in order: the same text gives the same keys on every reading.

    >>> from reisatlas.model import Source, Trip
    >>> t = Trip("Werkbezoek Gent (België)", "Werkbezoek", "Havens", (), (), None, None, "", (), Source("a.txt", 1))
    >>> a, b = trip_keys([t, replace(t, source=Source("b.txt", 9))])
    >>> a != b and b == a + "-2"
    True
    """
    keys, seen = [], {}
    for trip in trips:
        # folded as when the first corrections were stored: a key never changes ("Ærø" stays "ærø")
        folded = fold(f"{trip.kind}|{trip.title}|{trip.subtitle}", plain_letters=False)
        base = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:12]
        seen[base] = seen.get(base, 0) + 1
        keys.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return keys


def field_value(trip: Trip, field: str) -> Any:
    """A trip's field in a correction's JSON shape (what ``original`` records)."""
    if field == "costs":
        return costs_text(trip.costs)
    if field in TEXT_FIELDS:
        return getattr(trip, field)
    if field == "officials":
        return [{"role": o.role, "name": o.name} for o in trip.officials]
    if field == "months":
        return list(trip.months)
    if field in ("start", "end"):
        day = getattr(trip, field)
        return day.isoformat() if day else None
    if field == "themes":
        return list(trip.themes)
    if field == "stops":
        return [
            {"name": s.name, "country": s.country, "country_code": s.country_code, "lat": s.lat, "lon": s.lon}
            for s in trip.stops
        ]
    if field == "split":
        return [list(range(len(trip.stops)))]
    if field == "removed":
        return False
    if field == "joined":
        return []
    raise KeyError(field)


def costs_from_text(text: str) -> Costs | None:
    """Costs an admin wrote ("€ 1.250 (anna)"): the words kept, the amount and payer read from them.

    >>> costs_from_text("€ 1.250 betaald door de gemeente")
    Costs(amount=1250.0, paid_by='de gemeente', text='€ 1.250 betaald door de gemeente')
    >>> costs_from_text("  ") is None
    True
    """
    from .readers.signals import find_costs

    if not text.strip():
        return None
    found = find_costs(text)
    return Costs(found.amount if found else None, found.paid_by if found else None, text.strip())


def costs_text(costs: Costs | None, lang: str = "nl") -> str:
    """Costs in words in ``lang`` (the Beheer form): an admin's own words as written, or the document's amount and
    payer. In Dutch, a correction's ``original`` (``field_value``), as it has always been written.

    >>> costs = Costs(1250.0, "de gemeente", "")
    >>> costs_text(costs), costs_text(costs, "en")
    ('€ 1.250,00 (betaald door de gemeente)', '€1,250.00 (paid by de gemeente)')
    >>> costs_text(Costs(None, None, "€ 900 (anna)"), "en"), costs_text(None)
    ('€ 900 (anna)', '')
    """
    if costs is None:
        return ""
    if costs.text:
        return costs.text
    amount = euros(costs.amount, lang).replace("\xa0", " ") if costs.amount is not None else ""
    paid = t("costs_paid_by", lang, payer=costs.paid_by) if costs.paid_by else ""
    return " ".join(filter(None, [amount, paid]))


def field_values(trips: Sequence[Trip]) -> dict[str, dict[str, Any]]:
    """Every trip's key → its fields as read: what the store's carry_over compares a correction's original with."""
    compared = ("title", "subtitle", "description", "officials", "months", "start", "end", "themes", "stops")
    return {key: {f: field_value(trip, f) for f in compared} for key, trip in zip(trip_keys(trips), trips)}


def with_field(trip: Trip, field: str, value: Any) -> Trip:
    """The trip with one field set from a correction's value."""
    if field == "costs":  # an admin's words, read for an amount and a payer as a document's would be
        return replace(trip, costs=costs_from_text(str(value or "")))
    if field in TEXT_FIELDS:
        return replace(trip, **{field: str(value or "")})
    if field == "officials":
        officials = (Official(str(o.get("role", "")), str(o["name"])) for o in value)
        return replace(trip, officials=tuple(o for o in officials if str(o)))  # an empty line names nobody
    if field == "months":
        return replace(trip, months=tuple(sorted(str(m) for m in value)))
    if field in ("start", "end"):
        return replace(trip, **{field: date.fromisoformat(value) if value else None})
    if field == "themes":
        return replace(trip, themes=tuple(str(t) for t in value))
    if field == "stops":
        return replace(trip, stops=tuple(_stop(s) for s in value))
    raise KeyError(field)


def _stop(value: dict) -> Stop:
    lat, lon = value.get("lat"), value.get("lon")
    placed = lat is not None and lon is not None
    given = value.get("source")  # a whole trip added in Trip.to_dict's shape names how each stop was placed
    if placed:
        source = given if given in PLACED_BY and given != "unresolved" else CORRECTED
    else:
        source = "unresolved"
    return Stop(
        name=str(value["name"]),
        country=str(value.get("country") or ""),
        country_code=value.get("country_code"),
        lat=float(lat) if placed else None,
        lon=float(lon) if placed else None,
        source=source,
    )


def trip_from_dict(value: dict, file: str) -> Trip:
    """A trip added by hand, from the ``Trip.to_dict`` shape (missing fields empty)."""
    trip = Trip(
        title=str(value.get("title", "")),
        kind=str(value.get("kind", "Werkbezoek")),
        subtitle="",
        officials=(),
        months=(),
        start=None,
        end=None,
        description="",
        stops=(),
        source=Source(file, 0),
    )
    for field in ("subtitle", "description", "costs", "officials", "months", "start", "end", "themes", "stops"):
        if field in value:
            trip = with_field(trip, field, value[field])
    return trip


def place_reviewed(trip: Trip, places: dict[tuple[str, str], ReviewedPlace]) -> Trip:
    """Stops that a place reviewed in the app names, put where it says (source "reviewed")."""
    if not places:
        return trip
    stops = []
    for stop in trip.stops:
        place = places.get((fold(stop.name), (stop.country_code or "").upper()))
        if place and stop.source != CORRECTED:
            stop = replace(stop, lat=place.lat, lon=place.lon, source="reviewed")
        stops.append(stop)
    return replace(trip, stops=tuple(stops))


def apply_corrections(
    trips: Sequence[Trip],
    corrections: Iterable[Correction],
    places: Iterable[ReviewedPlace] = (),
    *,
    file: str | None = None,
) -> tuple[list[Trip], list[Notice]]:
    """The trips as corrected, in document order (added trips last), and a notice for each correction
    that names a trip no longer there (kept in the store, listed, never dropped silently).

    ``corrections`` are one document's; those waiting for review are ignored.
    """
    by_trip: dict[str, dict[str, Any]] = {}
    for correction in corrections:
        if not correction.needs_review:
            by_trip.setdefault(correction.trip, {})[correction.field] = correction.value
    place_index = {(fold(p.name), p.country_code.upper()): p for p in places}
    file = file or (trips[0].source.file if trips else "")

    keyed: list[tuple[str, Trip]] = []
    for key, trip in zip(trip_keys(trips), trips):
        trip = place_reviewed(trip, place_index)
        groups = by_trip.get(key, {}).get("split")
        if groups:
            for number, group in enumerate(groups):
                part = replace(trip, stops=tuple(trip.stops[i] for i in group if 0 <= i < len(trip.stops)))
                keyed.append((f"{key}/{number}", part))
            keyed.append((key, None))  # the whole is gone; its own field corrections apply to every part
        else:
            keyed.append((key, trip))
    for key, fields in by_trip.items():
        if "added" in fields:
            keyed.append((key, place_reviewed(trip_from_dict(fields["added"], file), place_index)))

    corrected: dict[str, Trip] = {}
    for key, trip in keyed:
        if trip is None:
            continue
        whole = key.split("/", 1)[0]
        for source_key in dict.fromkeys((whole, key)):
            for field, value in by_trip.get(source_key, {}).items():
                if field not in ("removed", "split", "joined", "added") and field in FIELDS:
                    trip = with_field(trip, field, value)
        corrected[key] = trip

    notices = []
    known = set(corrected) | {key for key, _ in keyed}
    for key, fields in by_trip.items():
        if key not in known:
            notices.append(
                Notice.said(file, None, "notice_correction_gone", trip=key, fields=", ".join(sorted(fields)))
            )
    for key, fields in by_trip.items():
        for other in fields.get("joined", ()):
            if key in corrected and other in corrected:
                corrected[key] = _join(corrected[key], corrected.pop(other))
    for key, fields in by_trip.items():
        if fields.get("removed"):
            corrected.pop(key, None)
    return list(corrected.values()), notices


def _join(first: Trip, second: Trip) -> Trip:
    return replace(
        first,
        officials=tuple(dict.fromkeys(first.officials + second.officials)),
        months=tuple(sorted(set(first.months) | set(second.months))),
        start=min((d for d in (first.start, second.start) if d), default=None),
        end=max((d for d in (first.end, second.end) if d), default=None),
        stops=first.stops + second.stops,
        themes=tuple(dict.fromkeys(first.themes + second.themes)),
        description="\n\n".join(d for d in (first.description, second.description) if d),
    )


def describe(value: Any) -> str:
    """A correction's value as one line of text, for the history and conflict messages."""
    return json.dumps(value, ensure_ascii=False)
