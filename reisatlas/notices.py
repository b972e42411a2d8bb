"""A document's notices by the trip they are about, so that no warning goes unseen in Beheer: the upload result
lists each trip that has one, the review's trip list marks it, and each links to its trip.

A notice is about the trip whose block holds its line (from the trip's first line up to the next trip's); a notice
without a line, or before the first trip, is about the whole document.

    >>> from reisatlas.model import Notice, Source, Trip
    >>> def trip(title, line):
    ...     return Trip(title, "Werkbezoek", "", (), (), None, None, "", (), Source("a.txt", line))
    >>> trips = [trip("Werkbezoek Gent (België)", 1), trip("Werkbezoek Kopenhagn (Denemarken)", 7)]
    >>> notices = [Notice("a.txt", 8, "plaats niet gevonden"), Notice("a.txt", None, "gemeente onbekend")]
    >>> found, whole = by_trip(trips, notices)
    >>> [(w.index, w.title, [n.message for n in w.notices]) for w in found], [n.message for n in whole]
    ([(1, 'Werkbezoek Kopenhagn (Denemarken)', ['plaats niet gevonden'])], ['gemeente onbekend'])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .model import Notice, Trip


@dataclass(frozen=True)
class TripNotices:
    """The notices about one trip: its place in the document as read (``index``), its title and first line."""

    index: int
    title: str
    line: int
    notices: tuple[Notice, ...]


def by_trip(trips: Sequence[Trip], notices: Sequence[Notice]) -> tuple[list[TripNotices], list[Notice]]:
    """The trips that have notices (in document order, each with its own) and the notices about the whole document."""
    starts = [trip.source.line for trip in trips]
    mine: dict[int, list[Notice]] = {}
    whole = []
    for notice in notices:
        index = _block(starts, notice.line)
        if index is None:
            whole.append(notice)
        else:
            mine.setdefault(index, []).append(notice)
    found = [
        TripNotices(index, trips[index].title, trips[index].source.line, tuple(mine[index])) for index in sorted(mine)
    ]
    return found, whole


def at(trips: Sequence[Trip], notices: Sequence[Notice], index: int) -> list[Notice]:
    """The notices about trip ``index``."""
    found, _ = by_trip(trips, notices)
    return next((list(t.notices) for t in found if t.index == index), [])


def _block(starts: list[int], line: int | None) -> int | None:
    if line is None:
        return None
    inside = [i for i, start in enumerate(starts) if start <= line]
    # Trips read from one block share its line: the last that starts at or before the line holds it.
    return max(inside, key=lambda i: (starts[i], -i)) if inside else None
