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
from ..text import fold
from .base import Context, Reader, build_trip
from .lines import Line
from .signals import find_officials, find_period, find_places, has_trip_word, one_destination, receives_visitor

AGENDA_TITLE = re.compile(r"weekbericht|weekoverzicht|kalender|agenda|openbare activiteiten|persbericht|week \d+", re.I)
# A calendar row that starts with its days: "12-14 Portugal Werkbezoek …", "15 Raadsvergadering".
DAY_ROW = re.compile(r"^\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+[A-Z]")
# A row that starts with its time: "10.00 uur Wethouder …", "9:30 Burgemeester …".
TIME_ROW = re.compile(r"^\d{1,2}[.:]\d{2}(?:\s*uur)?\b")
BULLET = re.compile(r"^[-–•*]\s+")  # a bulleted entry under a day heading: "- Burgemeester X opent …"
WEEK_HEADING = re.compile(r"\bweek\s+\d+\b", re.I)
RUN_IN_TITLE = 100  # a title longer than this is cut
RUN_IN_ITEM = 150  # a line at least this long is a whole paragraph
LABEL = re.compile(r"^(datum|tijdstip|tijd|locatie|plaats|adres)\s*:", re.I)
OPEN_ENDINGS = frozenset("de het een en of van in op aan naar met voor door bij uit om over tot te als dat die".split())


def calendar_lines(lines: list[Line]) -> tuple[list[Line], set[int], dict[int, str]]:
    """Calendar rows as one line per entry, the line numbers of the entries (each an item of its own) and the
    day heading each entry stands under.

    Rows written with pipes ("|16 t/m 19 mei|text|", continued by "|   |text|") give an entry where the first
    cell is filled; a table flattened to one line per day ("|10.00 uur|text| |  |more| |11.30 uur|…|") is
    split back into its rows. A row may also start with its days ("12-14 Portugal Werkbezoek …") or its time
    ("10.00 uur Wethouder …"), or be a bullet under a day heading. A day heading ("Dinsdag 29 april", "12 mei")
    right above rows gives them their day, until the next day heading or week heading.
    """
    out: list[Line] = []
    rows: set[int] = set()
    days: dict[int, str] = {}
    day = ""
    content = [line for line in lines if line.text]
    following = {a.number: b for a, b in zip(content, content[1:])}
    for line in lines:
        if not line.text.startswith("|"):
            out.append(line)
            if DAY_ROW.match(line.text) or TIME_ROW.match(line.text) or (day and BULLET.match(line.text)):
                rows.add(line.number)
                days.setdefault(line.number, day)
            elif line.text and _only_a_date(line.text.rstrip(":")) and _is_row(following.get(line.number)):
                day = line.text.rstrip(":")
            elif line.text and WEEK_HEADING.search(line.text):
                day = ""
            continue
        for row in table_rows(line.text):
            cells = [cell.strip() for cell in row.strip("|").split("|")]
            text = " ".join(cell for cell in cells[1:] if cell)
            if cells and cells[0]:
                out.append(Line(line.number, f"{cells[0]} {text}".strip()))
                rows.add(line.number)
                days.setdefault(line.number, day)
            elif text and out and out[-1].text:
                out[-1] = Line(out[-1].number, f"{out[-1].text} {text}")
            elif not text:
                out.append(Line(line.number, ""))
    return out, rows, {number: text for number, text in days.items() if text}


def table_rows(text: str) -> list[str]:
    """The rows of a table line: itself, or the rows of a table flattened into one line (rows of equal width,
    "|a|b| |c|d|", the narrowest width that explains the whole line)."""
    for width in (2, 3, 4, 5):
        row = rf"(?:\|[^|]*){{{width}}}\|"
        if re.fullmatch(rf"\s*{row}(?:\s*{row})*\s*", text):
            return [m.group() for m in re.finditer(row, text)]
    return [text]


def _is_row(line: Line | None) -> bool:
    return line is not None and (
        line.text.startswith("|")
        or bool(DAY_ROW.match(line.text) or TIME_ROW.match(line.text) or BULLET.match(line.text))
    )


class AgendaReader(Reader):
    name = "agenda"
    priority = 30  # items under dated headings: more shape than prose
    label = "Agenda's en kalenders (weekberichten, activiteitenkalender)"
    example = "Ambtsreis Londen / Maandag 15 tot woensdag 17 september / Van 15 tot en met 17 september reist wethouder Simons …"

    def score(self, lines: list[Line], context: Context) -> float:
        # a title that says agenda, or rows under day headings: the shape of a calendar
        titled = any(AGENDA_TITLE.search(line.text) for line in lines[:12] if line.text) or bool(
            calendar_lines(lines)[2]
        )
        return (3.0 if titled else 0.8) * len(
            self.read(lines, Context(context.file, context.municipality, context.year))
        )

    def read(self, lines: list[Line], context: Context) -> list[Trip]:
        lines, rows, days = calendar_lines(lines)
        trips = []
        for heading, body in items(lines, rows):
            text = "\n".join(line.text for line in [heading, *body])
            own = " ".join(line.text for line in [heading, *body[:2]])
            if heading.number in days and find_period(own, context.year, context.month) is None:
                own = days[heading.number]  # a calendar row without its own date: the day heading above it
            places = one_destination(find_places(text, context.municipality))
            if not places or not (has_trip_word(text) or find_officials(text)) or receives_visitor(text):
                continue  # a local appointment, or a visitor received at home
            trip = build_trip(
                title=run_in_heading(heading.text),
                text=text,
                line=heading.number,
                context=context,
                layout=self.name,
                confidence=0.85,
                places=places,
                description=" ".join(line.text for line in body),
                period_text=own,
            )
            if trip:
                trips.append(trip)
        return trips


def items(lines: list[Line], rows: set[int] = frozenset()) -> list[tuple[Line, list[Line]]]:
    """The agenda's items: each heading with the lines under it; each calendar row (``rows``) on its own; and
    each paragraph written on one long line with its heading run in ("Wethouder Jansen op werkbezoek in
    Leeds, Engeland Wethouder Piet Jansen … is van maandag 5 tot …"): what the next paragraph says is
    no part of it. (A long paragraph without a run-in heading stays the text of the item above it: in a news
    report it is the headline's text.)"""
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
        elif _is_paragraph(line.text) and _run_in_end(line.text):
            out.append((line, []))
        elif (
            _is_heading(line.text, limit)
            and following is not None
            and not _is_heading(following.text, limit)
            or not out
        ):
            out.append((line, []))
        else:
            out[-1][1].append(line)
    return out


def run_in_heading(text: str) -> str:
    """A heading, or the heading run into its paragraph: up to where the paragraph starts again with the
    heading's first word ("Wethouder Jansen op werkbezoek in Leeds, Engeland Wethouder Piet Jansen …"),
    else its first sentence; cut at a word when still long.

    >>> run_in_heading("Wethouder Jansen op werkbezoek in Leeds, Engeland Wethouder Piet Jansen (economie en haven) "
    ...                "is van maandag 5 tot woensdag 7 mei op werkbezoek in Leeds, Engeland, voor een bijeenkomst.")
    'Wethouder Jansen op werkbezoek in Leeds, Engeland'
    >>> run_in_heading("Ambtsreis Londen")
    'Ambtsreis Londen'
    """
    if len(text) <= RUN_IN_TITLE:
        return text
    if end := _run_in_end(text):
        return text[:end].rstrip(" ,;:")
    sentence = re.match(r".+?[.!?](?=\s|$)", text)
    if sentence and len(sentence.group()) <= RUN_IN_TITLE:
        return sentence.group()
    return text[:RUN_IN_TITLE].rsplit(" ", 1)[0] + " …"


def _run_in_end(text: str) -> int | None:
    """Where a heading run into its paragraph ends: the paragraph starts again with the heading's first word,
    capitalised, a few words on ("Wethouder Bolsius geeft startsein … Lage Erfbrug Wethouder Lucas Bolsius …")."""
    first = text.split()[0]
    if not first[:1].isupper():
        return None
    again = re.search(rf"(?<=\S)\s+{re.escape(first)}\b", text)
    return (
        again.start() if again and len(text[: again.start()].split()) >= 3 and again.start() <= RUN_IN_TITLE else None
    )


def _is_paragraph(text: str) -> bool:
    return len(text) >= RUN_IN_ITEM and text[0].isupper()


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
