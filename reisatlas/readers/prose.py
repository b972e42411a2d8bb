"""Prose lists and running text: bulletins, decision lists, journalists' overviews of several municipalities.

A line (a list item) or a paragraph that names a destination abroad and a trip signal is a trip::

    1. Gemeente Amsterdam (4x naar China)        <- a section: the municipality of what follows
    Burgemeester Cohen:                          <- an official for the lines under it
    Mei 2006 China Handelsmissie. Totale kosten: €8.250
    Werkbezoeken aan Casablanca, Milaan en Lissabon       <- one item, one trip with its stops

The general reader reads paragraphs the same way and asks for a trip word: it is the fallback for a layout
no other reader knows.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Official, Trip
from ..text import fold
from ..vocabulary import role_pattern
from .agenda import OPEN_ENDINGS
from .base import Context, Reader, build_trip
from .lines import Line
from .signals import find_costs, find_officials, find_period, find_places, has_trip_word, receives_visitor

SECTION = re.compile(r"^(?:\d+[.)]\s*)?gemeente\s+(?P<name>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)", re.IGNORECASE)
GROUP = re.compile(r"^(?:" + role_pattern(in_text=True) + r")\s+[^:]{2,40}:$", re.IGNORECASE)
LIST_ITEM_LENGTH = 200


class ProseReader(Reader):
    name = "prose"
    priority = 20  # list items and lines: only the fallback reads less shape
    label = "Lijsten en lopende tekst (bulletins, besluitenlijsten, overzichten van journalisten)"
    example = "1. Gemeente Amsterdam / Burgemeester Cohen: / Mei 2006 China Handelsmissie. Totale kosten: €8.250"
    confidence = 0.75
    by_paragraph = False

    def score(self, lines: list[Line], context: Context) -> float:
        weight = 0.5 if self.by_paragraph else 0.9
        return weight * len(self.read(lines, Context(context.file, context.municipality, context.year)))

    def read(self, lines: list[Line], context: Context) -> list[Trip]:
        trips: list[Trip] = []
        totals: set[int] = set()  # units that sum up several trips ("de twee reizen naar China kostten samen …")
        municipality = context.municipality
        group: tuple[Official, ...] = ()
        units = self._units(lines)
        # With sections or officials' headers, what comes before the first is an introduction, not a trip.
        first = next((k for k, (_, text) in enumerate(units) if SECTION.match(text) or GROUP.match(text)), 0)
        for number, text, told in self._trips_told(units[first:], municipality):
            if section := SECTION.match(text):
                municipality, group = section["name"], ()
                continue
            if GROUP.match(text):
                group = find_officials(text.rstrip(":"))
                continue
            places = find_places(text, municipality) or told
            if not places:
                if trips and (officials := _officials(text)) and _refers_back(text, trips[-1], municipality):
                    trips[-1] = _told_who(trips[-1], officials, context)
                if trips and trips[-1].costs is None and BACK.search(text) and (costs := find_costs(text)):
                    trips[-1] = replace(trips[-1], costs=costs)  # "de begrote kosten voor deze missie: € 22.000"
                continue
            if TOTAL.search(text):
                totals.add(number)
            listed = len(text) <= LIST_ITEM_LENGTH and not self.by_paragraph
            trip_word = has_trip_word(text) or bool(told)
            signal = trip_word or find_officials(text) or group or find_costs(text)
            if not (trip_word if self.by_paragraph else (signal or listed)) or receives_visitor(text):
                continue
            officials = _officials(text) or group
            # One published item is one trip, whatever the number of places it names ("Werkbezoeken aan
            # Casablanca, Milaan en Lissabon"): its stops.
            trip = build_trip(
                title=text if told else _title(lines, number, text),
                text=text,
                line=number,
                context=context,
                layout=self.name,
                confidence=self.confidence,
                officials=officials,
                places=places,
                municipality=municipality,
            )
            if trip is None:
                continue
            if trips and _same_trip(trips[-1], trip) and _heading_like(trips[-1].title):
                trips[-1] = _merged(trips[-1], trip, context)  # a heading and the text under it
            elif not group and number not in totals and (k := _told_before(trips, trip, totals)) is not None:
                trips[k] = _merged(trips[k], trip, context)  # the same trip told again (a lead and its body)
            else:
                trips.append(trip)
        return [trip for trip in trips if not (trip.source.line in totals and _parts_told(trip, trips))]

    @staticmethod
    def _trips_told(units: list[tuple[int, str]], municipality: str):
        """Each unit as (line, text, places lent), a unit that tells another trip after its first split there
        ("… naar China. Totale kosten 26.700 euro. Een reis in oktober 2018 van wethouder Adank kostte ruim
        15.000 euro."): the later trip has its own period or officials, and the unit's destination when it names
        none (the places lent; none for a unit whole)."""
        for number, text in units:
            parts = NEW_TRIP.split(text)
            kept = [parts[0]]
            for part in parts[1:]:
                if find_period(part, 2000) or find_officials(part):
                    kept.append(part)
                else:
                    kept[-1] = f"{kept[-1]} {part}"
            kept = [piece for part in kept for piece in _other_trips(part, municipality)]
            places: list = []
            for k, part in enumerate(kept):
                yield number, part, places if k and not find_places(part, municipality) else []
                places = find_places(part, municipality) or places

    def _units(self, lines: list[Line]) -> list[tuple[int, str]]:
        if not self.by_paragraph:
            # Lines wrapped inside a sentence are one unit: the next starts in lower case.
            units: list[tuple[int, str]] = []
            for line in (line for line in lines if line.text):
                previous = units[-1][1] if units else ""
                open_end = previous.rsplit(" ", 1)[-1].lower() in OPEN_ENDINGS
                if units and previous[-1:] not in ".:!?)" and (line.text[:1].islower() or open_end):
                    units[-1] = (units[-1][0], f"{units[-1][1]} {line.text}")
                else:
                    units.append((line.number, line.text))
            return units
        units: list[tuple[int, str]] = []
        current: list[Line] = []
        for line in [*lines, Line(0, "")]:
            if line.text:
                current.append(line)
            elif current:
                units.append((current[0].number, " ".join(part.text for part in current)))
                current = []
        return units


class GeneralReader(ProseReader):
    """The fallback: paragraphs with a trip word and a destination abroad."""

    name = "general"
    priority = 10  # the fallback: any paragraph with a trip word and a destination
    label = "Algemeen: alinea's met een reiswoord en een bestemming in het buitenland"
    example = "In maart gingen wethouders Paul de Beer en Boaz Adank naar zusterstad Yangzhou in China …"
    confidence = 0.6
    by_paragraph = True


# A sentence that tells another trip: "Een reis in oktober 2018 van wethouder Adank …", "Een tweede reis, in …".
NEW_TRIP = re.compile(
    r"(?<=[.!?])\s+(?=(?:Een|Nog een|Ook een)\s+(?:(?:tweede|derde|andere|eerdere|latere|volgende)\s+)?"
    r"(?:reis|trip|werkbezoek|dienstreis|studiereis|handelsmissie|missie|netwerkreis)\b)"
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘])")
ABBREVIATIONS = frozenset("mr. dr. drs. ir. prof. ing. mw. dhr. o.a. bijv. ca. nr. st.".split())


def _other_trips(text: str, municipality: str) -> list[str]:
    """A paragraph cut where a sentence tells another trip: its own month, none of those told so far, and a
    destination or an official of its own ("In maart 2023 reisde wethouder Dekker naar Berlijn. In juni ging
    burgemeester Snijders naar Parijs."). A sentence about the same trip (its day, a city on its route, costs)
    stays with it."""
    sentences: list[str] = []
    for piece in SENTENCE_END.split(text):
        if sentences and sentences[-1].rsplit(" ", 1)[-1].lower() in ABBREVIATIONS:
            sentences[-1] = f"{sentences[-1]} {piece}"  # "burgemeester mr. Ivo Opstelten": no sentence ends there
        else:
            sentences.append(piece)
    parts = [""]
    for sentence in sentences:
        told = parts[-1]
        if told and (own := find_period(sentence, 2000)) and (before := find_period(told, 2000)):
            places = {(p.country_code, fold(p.canonical)) for p in find_places(told, municipality)}
            names = {fold(o.name) for o in find_officials(told)}
            new_place = any(
                (p.country_code, fold(p.canonical)) not in places for p in find_places(sentence, municipality)
            )
            new_official = any(fold(o.name) not in names for o in find_officials(sentence))
            if not set(own.period.months) & set(before.period.months) and (new_place or new_official):
                parts.append(sentence)
                continue
        parts[-1] = f"{told} {sentence}".strip()
    return parts


# "De handelsmissie", "tijdens deze reis": a paragraph about the trip just told, not a new one.
BACK = re.compile(
    r"\b(?:de|het|deze|die|dit)\s+(?P<word>"
    + "|".join(
        [
            "handelsmissie",
            "missie",
            "werkbezoek",
            "dienstreis",
            "ambtsreis",
            "studiereis",
            "netwerkreis",
            "reis",
            "trip",
        ]
    )
    + r")\b",
    re.IGNORECASE,
)


def _refers_back(text: str, trip: Trip, municipality: str) -> bool:
    """Whether a paragraph without a place speaks of the trip just read ("De rol van burgemeester X is voor de
    handelsmissie zeer belangrijk" after "… gaat op handelsmissie naar Zuid-Korea"): the same trip word with a
    definite article, while that trip has no official yet."""
    said = {m["word"].lower() for m in BACK.finditer(text)}
    told = f"{trip.title} {trip.description}".lower()
    return not trip.officials and trip.municipality == municipality and any(word in told for word in said)


def _told_who(trip: Trip, officials: tuple[Official, ...], context: Context) -> Trip:
    """The trip with the officials a later paragraph names for it; its "no official" notice withdrawn."""
    _withdraw(context, trip.source.line, "notice_no_official")
    return replace(trip, officials=officials, confidence=round(trip.confidence / 0.7 * 0.9, 2))


def _withdraw(context: Context, line: int, *keys: str) -> None:
    context.notices[:] = [n for n in context.notices if not (n.line == line and n.key in keys)]


def _officials(text: str) -> tuple[Official, ...]:
    from .base import _travelling_officials

    return _travelling_officials(text)


def _title(lines: list[Line], number: int, text: str) -> str:
    """The unit's first line, as the source line shows it."""
    return next((line.text for line in lines if line.number == number and line.text), text)


def _same_trip(previous: Trip, trip: Trip) -> bool:
    return (
        previous.municipality == trip.municipality
        and {(s.name, s.country_code) for s in previous.stops} == {(s.name, s.country_code) for s in trip.stops}
        and (not previous.months or not trip.months or previous.months == trip.months)
    )


# A sum over several trips: a count of trips and "samen"/"in totaal" ("de twee reizen naar China: die kostten samen
# 41.700 euro"); its parts are the trips.
TOTAL = re.compile(
    r"\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|drietal|viertal|\d+)\s+(?:\w+\s+)?"
    r"(?:reizen|trips|bezoeken|werkbezoeken|dienstreizen)\b.{0,80}?\b(?:samen|in totaal|totaal)\b",
    re.IGNORECASE,
)


def _parts_told(total: Trip, trips: list[Trip]) -> bool:
    """Whether the trips a total sums up are told as trips of their own: each of its destinations is (or lies in
    the country of) a destination of another trip."""
    others = [s for trip in trips if trip is not total for s in trip.stops]
    return all(
        any(o.country_code == s.country_code and (s.kind == "country" or o.name == s.name) for o in others)
        for s in total.stops
    )


YEAR_NOTICES = ("notice_year_guessed", "notice_year_from_file_name")


def _told_before(trips: list[Trip], trip: Trip, totals: set[int] = frozenset()) -> int | None:
    """The earlier trip of the document this one tells again: the same municipality, a destination in common
    and the rest of its destinations among the other's (or the other way round), officials and months that do
    not differ (either may be missing). A summary sentence and its details, a news lead and its body."""
    for k in range(len(trips) - 1, -1, -1):
        other = trips[k]
        if other.source.line in totals:
            continue  # a sum over trips is no trip to tell again
        if other.municipality != trip.municipality or not (_covers(other, trip) or _covers(trip, other)):
            continue
        names = {o.name for o in other.officials}
        if trip.officials and other.officials and not names & {o.name for o in trip.officials}:
            continue
        if trip.months and other.months and trip.months != other.months:
            continue
        return k
    return None


def _covers(trip: Trip, other: Trip) -> bool:
    """Whether every destination of ``other`` is one of ``trip``'s, or lies in a country ``trip`` names alone
    ("Polen" and then "Gdansk, Wroclaw en Warschau")."""
    names = {(fold(s.name), s.country_code) for s in trip.stops}
    countries = {s.country_code for s in trip.stops if s.kind == "country"}
    return all((fold(s.name), s.country_code) in names or s.country_code in countries for s in other.stops)


def _merged(previous: Trip, trip: Trip, context: Context) -> Trip:
    """One trip from a line and the next about the same destination, the first's title kept; the second's
    gaps are the merged trip's, reported at its line (once), not at a line that has no trip of its own."""
    _withdraw(context, trip.source.line, "notice_no_official", "notice_no_period")
    # a year guessed for the merged text is the merged trip's guess when its months are the ones kept: said at
    # the merged trip's line
    guesses = [n for n in context.notices if n.line == trip.source.line and n.key in YEAR_NOTICES]
    _withdraw(context, trip.source.line, *YEAR_NOTICES)
    if trip.months and not previous.months:
        context.notices.extend(replace(n, line=previous.source.line) for n in guesses)
    if trip.officials:
        _withdraw(context, previous.source.line, "notice_no_official")
    if trip.months:
        _withdraw(context, previous.source.line, "notice_no_period")
    named = {fold(o.name) or o.role for o in previous.officials}  # "wethouder De Beer" is "wethouder de Beer"
    known = {(fold(s.name), s.country_code) for s in previous.stops}
    stops = previous.stops + tuple(s for s in trip.stops if (fold(s.name), s.country_code) not in known)
    cities = {s.country_code for s in stops if s.kind == "city"}
    return replace(
        previous,
        stops=tuple(s for s in stops if s.kind == "city" or s.country_code not in cities),  # the country says where
        officials=previous.officials + tuple(o for o in trip.officials if (fold(o.name) or o.role) not in named),
        months=previous.months or trip.months,
        start=previous.start or trip.start,
        end=previous.end or trip.end,
        costs=previous.costs or trip.costs,
        description=" ".join(filter(None, [previous.description, trip.description])),
        confidence=max(previous.confidence, trip.confidence),
    )


def _heading_like(title: str) -> bool:
    return len(title) <= 80 and title[-1:] not in ".!?"
