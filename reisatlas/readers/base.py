"""What every reader shares: the interface, the document's context and turning signals into a trip."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import PurePath

from ..countries import country_name
from ..model import Notice, Official, Source, Stop, Trip
from ..text import fold
from . import signals
from .lines import Line

YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d|2100)(?!\d)")


@dataclass
class ParsedDocument:
    """A document's trips, and notices about what was skipped or incomplete."""

    trips: list[Trip] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


@dataclass
class Context:
    """What a reader knows of the document beyond a section: file, a year to lend and the home municipality."""

    file: str
    municipality: str = ""
    year: int | None = None
    year_from: str = ""  # where the year was found: "titel", "bestandsnaam"
    kind: str = "Reis"  # what a trip is called when its own text does not say: the document's word ("Dienstreizen")
    month: int | None = None  # the one month a title names ("Kalender oktober 2024"), for rows that give only days
    years: tuple[int, ...] = ()  # every year the text names: anchors for a year guessed from a weekday
    notices: list[Notice] = field(default_factory=list)

    def note(self, line: int | None, key: str, **values) -> None:
        """A reading notice at ``line``: the text ``key`` of data/texts.toml, shown in the reader's language."""
        self.notices.append(Notice.said(self.file, line, key, **values))


def document_month(lines: list[Line]) -> int | None:
    """The month a document's title names when it names just one ("Kalender oktober 2024")."""
    from ..periods import month_numbers

    for line in [line for line in lines if line.text][:3]:
        months = {
            month_numbers()[w] for w in re.findall(r"[a-z]+", fold(line.text)) if w in month_numbers() and len(w) > 3
        }
        if months:
            return months.pop() if len(months) == 1 else None
    return None


TITLE_LENGTH = 120  # a longer line is a paragraph: its years are about what it tells, not the document
DATE_LINE = re.compile(r"^[\w ,.:/–-]{0,60}$")


def document_year(lines: list[Line], file: str) -> tuple[int | None, str]:
    """The year a document is about: from a title among its first lines ("Weekberichten 15 tot en met
    21 september 2025", "Overzicht 2016"), or its date line ("woensdag, 17. juni 2009 - 14:31"), never from a
    sentence of its paragraphs ("het 45-jarig bestaan … in 2019"); else from its file name ("…_2004_week21.txt").
    Where it came from: "titel", "datum" (a publication date: lending it to a trip is a guess), "bestandsnaam"."""
    for line in [line for line in lines if line.text][:6]:
        years = YEAR.findall(line.text) if len(line.text) <= TITLE_LENGTH else []
        if years:
            return int(years[0]), "datum" if _is_date_line(line.text) else "titel"
    years = YEAR.findall(PurePath(file).name)
    if years:
        return int(years[0]), "bestandsnaam"
    return None, ""


def _is_date_line(text: str) -> bool:
    """A line that is only a date, perhaps with its weekday and time: a publication date
    ("woensdag, 17. juni 2009 - 14:31", "28 februari 2008")."""
    from ..periods import month_numbers

    if not DATE_LINE.match(text):
        return False
    words = re.sub(r"\d{1,2}[.:]\d{2}|[,.:/–-]", " ", fold(text)).split()
    return any(w in month_numbers() for w in words) and all(
        w.isdigit() or w in month_numbers() or w in signals.weekdays() for w in words
    )


def mentioned_years(lines: list[Line]) -> tuple[int, ...]:
    """Every year the text names, for guessing the year of a date that gives only its weekday."""
    return tuple(sorted({int(y) for line in lines for y in YEAR.findall(line.text)}))


class Reader(ABC):
    """One layout. ``score`` says how well the layout explains a text (roughly: how many trips it sees,
    0 when it does not recognise the text); ``read`` gives its trips and notes gaps in the context.

    ``priority`` decides between equal scores: the more specific layout reads (a higher number). A reader
    with ``rivals`` is certain of a text it scores unless one of those layouts scores it too: then it reads
    without the other readers being asked at all.
    """

    name: str
    priority: int  # on an equal score the higher reads; every reader says why it stands where it does
    rivals: frozenset[str] = frozenset()  # the layouts whose texts can also read as this one's
    default_municipality = ""  # a layout only one municipality publishes: its home when the text does not say
    label: str  # the layout in words, for the README and the app
    example: str  # a line of that layout

    @abstractmethod
    def score(self, lines: list[Line], context: Context) -> float: ...

    @abstractmethod
    def read(self, lines: list[Line], context: Context) -> list[Trip]: ...


def stops_for(places: list[signals.Place]) -> tuple[Stop, ...]:
    return tuple(
        Stop(
            name=place.name,
            country=place.name
            if place.kind == "country"
            else country_name(place.country_code),  # a region's: its country
            country_code=place.country_code,
            kind=place.kind,
        )
        for place in places
    )


def kind_of(text: str) -> str:
    folded = fold(text)
    for word, kind in (
        ("ambtsreis", "Ambtsreis"),
        ("dienstreis", "Dienstreis"),
        ("studiereis", "Studiereis"),
        ("handelsmissie", "Handelsmissie"),
        ("netwerkreis", "Netwerkreis"),
        ("werkbezoek", "Werkbezoek"),
        ("conferentie", "Conferentie"),
        ("congres", "Congres"),
        ("missie", "Missie"),
    ):
        if word in folded:
            return kind
    return "Reis"


def build_trip(
    *,
    title: str,
    text: str,
    line: int,
    context: Context,
    layout: str,
    confidence: float,
    officials: tuple[Official, ...] | None = None,
    places: list[signals.Place] | None = None,
    subtitle: str = "",
    description: str | None = None,
    municipality: str | None = None,
    period_text: str | None = None,
) -> Trip | None:
    """A trip from an item's text by the shared signals; None when it names no destination abroad.

    Missing officials or period are kept as gaps and reported; a year lent by the file name is reported.
    """
    home = municipality if municipality is not None else context.municipality
    places = places if places is not None else signals.find_places(text, home)
    if not places:
        return None
    officials = officials if officials is not None else _travelling_officials(text)
    found = signals.find_period(period_text if period_text is not None else text, context.year, context.month)
    if found is None and period_text is not None:
        found = signals.find_period(text, context.year, context.month)
    guessed = None
    if found is None and context.year is None and (guessed := signals.year_of_weekday(text, context.years)):
        found = signals.find_period(text, guessed)  # "donderdag 16 juli", near a year the text names
    note = lambda key, **values: context.note(line, key, **values)  # noqa: E731
    if not officials:
        note("notice_no_official")
        confidence *= 0.7
    if found is None:
        note("notice_no_period")
        confidence *= 0.7
    elif guessed:
        note("notice_year_guessed", year=guessed)
        confidence *= 0.8
    elif not found.year_given and context.year_from == "bestandsnaam":
        note("notice_year_from_file_name", year=context.year)
        confidence *= 0.9
    elif not found.year_given and context.year_from == "datum":
        note("notice_year_guessed", year=context.year)  # the publication date's year: the trip may be later
        confidence *= 0.9
    period = found.period if found else None
    return Trip(
        title=title,
        kind=kind if (kind := kind_of(f"{title} {text}")) != "Reis" else context.kind,
        subtitle=" ".join(subtitle.split()),
        officials=officials,
        months=period.months if period else (),
        start=period.start if period else None,
        end=period.end if period else None,
        description=" ".join((description if description is not None else text).split()),
        stops=stops_for(places),
        source=Source(context.file, line),
        costs=signals.find_costs(text),
        layout=layout,
        confidence=round(confidence, 2),
        municipality=home,
    )


def _travelling_officials(text: str) -> tuple[Official, ...]:
    """The officials of the text, without those named as someone else's ("burgemeester Han Zheng van Shanghai")."""
    out = []
    for official in signals.find_officials(text):
        at = text.find(official.name)
        after = re.match(r"\s+(?:van|uit)\s+(\S+(?:\s+\S+)?)", text[at + len(official.name) :])
        if after and signals.is_place_name(after[1]):
            continue  # "wethouder Smit van Utrecht": someone of elsewhere
        out.append(official)
    # "Bezoek van de burgemeester aan Lissabon": the mayor, unnamed (as "door de burgemeester" in the blocks)
    if not out and (mayor := re.search(r"\b[Dd]e (?:loco-)?burgemeester\b(?!\s+(?:van|uit)\b)", text)):
        out.append(Official("", mayor.group().lower()))
    return tuple(out)
