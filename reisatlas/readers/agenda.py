"""Agendas and calendars: trips among local appointments, each item a heading and its text::

    Ambtsreis Londen
    Maandag 15 tot woensdag 17 september
    Van 15 tot en met 17 september reist wethouder Simons (Haven en Economie) af naar Londen …

or a calendar row ("|16 t/m 19 mei|Burgemeester … brengen … een werkbezoek aan Brno.|"). Only an item naming a
destination abroad is a trip; dates without a year take the year of the agenda's title (or file name).
"""

from __future__ import annotations

import re

from ..model import Trip
from ..parsing import Line
from ..text import fold
from .base import Context, Reader, build_trip
from .signals import find_officials, find_period, find_places, has_trip_word, one_destination

AGENDA_TITLE = re.compile(r"weekbericht|kalender|agenda|openbare activiteiten|persbericht|week \d+", re.I)
# A calendar row that starts with its days: "12-14 Portugal Werkbezoek …", "15 Raadsvergadering".
DAY_ROW = re.compile(r"^\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+[A-Z]")
LABEL = re.compile(r"^(datum|tijdstip|tijd|locatie|plaats|adres)\s*:", re.I)
OPEN_ENDINGS = frozenset("de het een en of van in op aan naar met voor door bij uit om over tot te als dat die".split())


def calendar_lines(lines: list[Line]) -> tuple[list[Line], set[int]]:
    """Calendar rows written with pipes ("|16 t/m 19 mei|text|" and continuation rows "|   |text|") as one
    line per entry: a cell in the first column starts an entry, an empty one continues it. Also gives the
    line numbers of those entries: each is an item of its own."""
    out: list[Line] = []
    rows: set[int] = set()
    for line in lines:
        if not line.text.startswith("|"):
            out.append(line)
            if DAY_ROW.match(line.text):
                rows.add(line.number)
            continue
        cells = [cell.strip() for cell in line.text.strip("|").split("|")]
        text = " ".join(cell for cell in cells[1:] if cell)
        if cells and cells[0]:
            out.append(Line(line.number, f"{cells[0]} {text}".strip()))
            rows.add(line.number)
        elif text and out and out[-1].text:
            out[-1] = Line(out[-1].number, f"{out[-1].text} {text}")
        elif not text:
            out.append(Line(line.number, ""))
    return out, rows


class AgendaReader(Reader):
    name = "agenda"
    label = "Agenda's en kalenders (weekberichten, activiteitenkalender)"
    example = "Ambtsreis Londen / Maandag 15 tot woensdag 17 september / Van 15 tot en met 17 september reist wethouder Simons …"

    def score(self, lines: list[Line], context: Context) -> float:
        titled = any(AGENDA_TITLE.search(line.text) for line in lines[:12] if line.text)
        return (3.0 if titled else 0.8) * len(self.read(lines, Context(context.file, context.municipality, context.year)))

    def read(self, lines: list[Line], context: Context) -> list[Trip]:
        lines, rows = calendar_lines(lines)
        trips = []
        for heading, body in items(lines, rows):
            text = "\n".join(line.text for line in [heading, *body])
            places = one_destination(find_places(text, context.municipality))
            if not places or not (has_trip_word(text) or find_officials(text)):
                continue  # a local appointment
            trip = build_trip(
                title=heading.text,
                text=text,
                line=heading.number,
                context=context,
                layout=self.name,
                confidence=0.85,
                places=places,
                description=" ".join(line.text for line in body),
                period_text=" ".join(line.text for line in [heading, *body[:2]]),
            )
            if trip:
                trips.append(trip)
        return trips


def items(lines: list[Line], rows: set[int] = frozenset()) -> list[tuple[Line, list[Line]]]:
    """The agenda's items: each heading with the lines under it; each calendar row (``rows``) on its own."""
    content = [line for line in lines if line.text]
    lengths = sorted(len(line.text) for line in content) or [0]
    width = lengths[int(0.9 * (len(lengths) - 1))]
    limit = min(100, 0.8 * width) if width < 150 else 100
    out: list[tuple[Line, list[Line]]] = []
    for k, line in enumerate(content):
        following = content[k + 1] if k + 1 < len(content) else None
        if line.number in rows:
            out.append((line, []))
            out.append((Line(line.number, ""), []))  # what follows a row is not part of it
        elif _is_heading(line.text, limit) and following is not None and not _is_heading(following.text, limit) or not out:
            out.append((line, []))
        else:
            out[-1][1].append(line)
    return out


def _is_heading(text: str, limit: float) -> bool:
    words = text.split()
    if not words or len(text) > limit or not text[0].isupper() or text[-1] in ".,;:":
        return False
    if fold(words[-1]) in OPEN_ENDINGS or LABEL.match(text) or _only_a_date(text):
        return False
    return True


def _only_a_date(text: str) -> bool:
    found = find_period(text, 2000)
    return found is not None and len(text.replace(found.text, "").split()) <= 2
