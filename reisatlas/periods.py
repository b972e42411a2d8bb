"""Reading a trip's period: "Juni 2025", "Oktober en november 2025", "3 tot en met 7 november 2025",
"8 – 12 juni 2026", "15-17 september 2025", "Medio december 2025", "30 juni – 2 juli 2025" (why not with
dateparser: docs/dates.md).

Month names come from Babel's Dutch (and English) locale data, wide and abbreviated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Sequence

from babel import Locale

from .text import fold

# Words that make a period vaguer but do not change its month.
QUALIFIERS = frozenset(
    "medio begin eind einde half halverwege rond omstreeks circa ca vermoedelijk "
    "eerste tweede laatste helft week weken in van vanaf de het early mid late end of".split()
)
RANGE_WORDS = re.compile(r"\b(tot en met|t/m|tot|until|through|to)\b")
DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
REMARK = re.compile(r"\([^()]*\)")
TOKEN = re.compile(r"\d+|[a-z]+\.?|[-,/&]|\S")


@dataclass(frozen=True)
class Period:
    months: tuple[str, ...]
    start: date | None = None
    end: date | None = None


@cache
def month_numbers() -> dict[str, int]:
    """Dutch and English month names, wide and abbreviated, folded, to their number."""
    names: dict[str, int] = {}
    for lang in ("en", "nl"):
        months = Locale(lang).months["format"]
        for width in ("wide", "abbreviated"):
            for number, name in months[width].items():
                names[fold(name).rstrip(".")] = number
    names["sept"] = 9
    return names


@dataclass
class _Part:
    day: int | None = None
    month: int | None = None
    year: int | None = None
    year_given: bool = False


def parse_period(text: str) -> Period | None:
    """The period a line gives, or None when the line is not a period.

    Raises ValueError when it is a period but names an impossible date (31 juni).

    >>> parse_period("Oktober en november 2025").months
    ('2025-10', '2025-11')
    >>> p = parse_period("8 – 12 juni 2026"); (p.start.isoformat(), p.end.isoformat(), p.months)
    ('2026-06-08', '2026-06-12', ('2026-06',))
    >>> parse_period("Kennisuitwisseling voorschoolse educatie") is None
    True
    """
    # "juni 2025 (onder voorbehoud)." — a remark in brackets and a closing full stop say nothing of the months.
    folded = RANGE_WORDS.sub(" - ", REMARK.sub(" ", fold(text)).rstrip(" .;"))
    folded = DASHES.sub(" - ", folded)
    names = month_numbers()
    parts: list[_Part] = [_Part()]
    is_range = False
    saw_month = False
    for token in TOKEN.findall(folded):
        word = token.rstrip(".")
        current = parts[-1]
        if token.isdigit():
            number = int(token)
            if len(token) == 4 and 1900 <= number <= 2200 and current.year is None:
                current.year, current.year_given = number, True
            elif 1 <= number <= 31 and len(token) <= 2 and current.day is None and current.month is None:
                current.day = number
            else:
                return None
        elif word in names:
            if current.month is not None or current.year is not None:
                parts.append(current := _Part())
            current.month = names[word]
            saw_month = True
        elif token == "-":
            is_range = True
            parts.append(_Part())
        elif token in (",", "&", "/") or word == "en" or word == "and":
            parts.append(_Part())
        elif word in QUALIFIERS:
            continue
        else:
            return None
    parts = [p for p in parts if p.day or p.month or p.year]
    if not saw_month or not parts:
        return None
    # "8 – 12 juni 2026": the right-hand side lends its month and year to the left.
    for left, right in zip(reversed(parts[:-1]), reversed(parts[1:])):
        left.month = left.month or right.month
        if left.year is None:
            left.year = right.year
    for left, right in zip(parts, parts[1:]):
        if right.year is None:
            right.year = left.year
    if any(p.month is None or p.year is None for p in parts):
        return None
    for left, right in zip(parts, parts[1:]):
        # "december – januari 2026": the borrowed year is one too late for December.
        if not left.year_given and (left.year, left.month) > (right.year, right.month):
            left.year -= 1
    keys = [(p.year, p.month) for p in parts]
    if is_range:
        months = _month_range(min(keys), max(keys))
    else:
        months = sorted(set(keys))
    start = end = None
    if all(p.day for p in parts):
        days = [date(p.year, p.month, p.day) for p in parts]  # ValueError for 31 juni
        start, end = min(days), max(days)
    return Period(tuple(f"{y:04d}-{m:02d}" for y, m in months), start, end)


def _month_range(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    year, month = first
    months = []
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_span(first: str, last: str) -> list[str]:
    """Every month from first to last ("YYYY-MM"), empty months included.

    >>> month_span("2025-11", "2026-02")
    ['2025-11', '2025-12', '2026-01', '2026-02']
    """
    a = (int(first[:4]), int(first[5:7]))
    b = (int(last[:4]), int(last[5:7]))
    return [f"{y:04d}-{m:02d}" for y, m in _month_range(a, b)]


def month_start(month: str) -> date:
    """ "2025-06" → 1 June 2025."""
    return date(int(month[:4]), int(month[5:7]), 1)


def month_after(month: str) -> date:
    """The first day after ``month``.

    >>> month_after("2025-12")
    datetime.date(2026, 1, 1)
    """
    year, number = int(month[:4]), int(month[5:7])
    return date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)


def known_day(value) -> date | None:
    """A table cell of a trip's ``start`` or ``end`` as a date; None, NaN and NaT are None."""
    if value is None or value != value:  # NaN and NaT are not equal to themselves
        return None
    return value.date() if hasattr(value, "to_pydatetime") else value


def trip_span(start, end, months: Sequence[str]) -> tuple[date, date] | None:
    """The half-open [first day, day after the last) a trip covers: its exact days where known, else its
    months; None for a trip without a period.

    >>> trip_span(date(2025, 11, 3), date(2025, 11, 7), ["2025-11"])
    (datetime.date(2025, 11, 3), datetime.date(2025, 11, 8))
    >>> trip_span(None, None, ["2025-10", "2025-11"])
    (datetime.date(2025, 10, 1), datetime.date(2025, 12, 1))
    >>> trip_span(None, None, []) is None
    True
    """
    start, end = known_day(start), known_day(end)
    if start is None and not len(months):
        return None
    first = start or month_start(months[0])
    if end is not None:
        return first, end + timedelta(days=1)
    return first, month_after(months[-1] if len(months) else first.strftime("%Y-%m"))
