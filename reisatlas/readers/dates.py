"""Periods in running text: "van 15 tot en met 17 september", "16 - 17 november 2017", "Mei 2006", a calendar row's
days, and a year guessed from a weekday ("donderdag 16 juli"), read by ``reisatlas.periods`` once weekdays are
dropped: a signal every layout shares (``signals`` re-exports it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale

from ..periods import Period, month_numbers, parse_period
from ..text import fold


def weekdays() -> frozenset[str]:
    """Folded names of the weekdays, Dutch and English, wide and abbreviated."""
    return _weekdays()


@cache
def _weekdays() -> frozenset[str]:
    names = set()
    for lang in ("nl", "en"):
        for width in ("wide", "abbreviated"):
            names.update(fold(n).rstrip(".") for n in Locale(lang).days["format"][width].values())
    return frozenset(names)


MONTHS = "|".join(sorted((re.escape(m) for m in month_numbers()), key=len, reverse=True))
_DAY = r"(?:(?:[a-z]+dag|ma|di|wo|do|vr|za|zo)\.?\s+)?\d{1,2}"
_JOIN = r"\s*(?:-|–|—|t/m|tot en met|tot|\+|&|en)\s*"
PERIOD = re.compile(
    rf"(?<![\w/])(?:{_DAY}(?:\s+(?:{MONTHS})\.?(?:\s+\d{{4}})?)?{_JOIN})?{_DAY}\s+(?:{MONTHS})\.?(?:\s+\d{{4}})?(?![\w])"
    # months on their own, also a list or range of them ("oktober en november 2025", "maart t/m mei")
    rf"|(?<![\w])(?:(?:begin|eind|medio|half|in)\s+)?(?:{MONTHS})(?:{_JOIN}(?:{MONTHS}))*\.?(?:\s+\d{{4}})?(?![\w])",
    re.IGNORECASE,
)


# A date of a decision or a meeting about a trip, not of the trip: the words just before it.
DECIDED = re.compile(r"\b(?:keurde|besloot|besloten|besliste|zitting|collegevergadering|raadsvergadering)\b[^.;]*$")
DECIDED_WINDOW = 40
# A date that qualifies a noun, between its article and a participle: "de in oktober gemaakte afspraken", "het in
# maart 2018 getekende convenant". It says when something else happened; a trip planned for it is still the trip's
# ("de in oktober geplande reis").
QUALIFIES_BEFORE = re.compile(r"\b(?:de|het|een|die|dat|the)\s+$")
QUALIFIES_AFTER = re.compile(r"^\s+(?!gepland|voorgenomen)(?:ge\w+(?:de|te|en)|\w+(?:de|te))\b")


@dataclass(frozen=True)
class FoundPeriod:
    period: Period
    text: str
    year_given: bool


def find_period(text: str, year: int | None, month: int | None = None) -> FoundPeriod | None:
    """The first period a text gives; a period without a year takes ``year`` (None: no period).

    >>> found = find_period("Van 15 tot en met 17 september reist wethouder Simons af", 2025)
    >>> found.period.start.isoformat(), found.period.end.isoformat(), found.year_given
    ('2025-09-15', '2025-09-17', False)
    >>> find_period("Mei 2006 China Handelsmissie", None).period.months
    ('2006-05',)

    A calendar row that starts with days only ("12-14 Portugal Werkbezoek …") takes ``month`` too:

    >>> found = find_period("12-14 Portugal Werkbezoek", 2024, 10); (found.period.start.isoformat(), found.period.end.isoformat())
    ('2024-10-12', '2024-10-14')
    """
    folded_text = fold(text)
    for match in PERIOD.finditer(folded_text):
        if DECIDED.search(folded_text[max(0, match.start() - DECIDED_WINDOW) : match.start()]):
            continue  # "het college keurde op 21 februari 2014 goed", "in de zitting van 23 mei": not the trip's
        if QUALIFIES_BEFORE.search(folded_text[max(0, match.start() - 8) : match.start()]) and QUALIFIES_AFTER.match(
            folded_text[match.end() : match.end() + 40]
        ):
            continue  # "de in oktober gemaakte afspraken": when the agreements were made
        raw = match.group()
        words = [w for w in raw.split() if w.rstrip(".") not in _weekdays() and not w.endswith("dag")]
        candidate = " ".join(words)
        candidate = re.sub(r"^(?:in|begin|eind|medio|half)\s+", "", candidate)
        candidate = candidate.replace("+", "-").replace("&", "en")
        year_given = bool(re.search(r"\d{4}", candidate))
        if not year_given:
            if year is None:
                continue
            candidate = f"{candidate} {year}"
        try:
            period = parse_period(candidate)
        except ValueError:
            continue
        if period:
            return FoundPeriod(period, text[match.start() : match.end()], year_given)
    days = DAYS_ONLY.match(text) if year and month else None
    if days:
        try:
            period = parse_period(f"{days[1]} - {days[2] or days[1]} {_month_name(month)} {year}")
        except ValueError:
            return None
        if period:
            return FoundPeriod(period, days.group().strip(), False)
    return None


DAYS_ONLY = re.compile(r"^\s*(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?(?![\d.:])")


def _month_name(number: int) -> str:
    return next(name for name, value in month_numbers().items() if value == number and len(name) > 3)


WEEKDAY_DATE = re.compile(rf"\b(?P<weekday>[a-z]+dag)\s+(?P<day>\d{{1,2}})\s+(?P<month>{MONTHS})\b(?!\s+\d{{4}})")
DUTCH_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
YEARS_AROUND = 3  # how far from a year the text names a weekday's year is looked for


def year_of_weekday(text: str, anchors: tuple[int, ...]) -> int | None:
    """The year in which a date given with its weekday but no year falls on that weekday ("donderdag 16 juli"),
    the one nearest a year the text names (the later on a tie); None without a weekday date or an anchor.

    >>> year_of_weekday("van donderdag 16 juli tot en met zaterdag 18 juli", (2019,))
    2020
    """
    import datetime

    match = WEEKDAY_DATE.search(fold(text))
    if not match or not anchors or match["weekday"] not in DUTCH_WEEKDAYS:
        return None
    weekday, day, month = DUTCH_WEEKDAYS.index(match["weekday"]), int(match["day"]), month_numbers()[match["month"]]
    fits = []
    for year in range(min(anchors) - YEARS_AROUND, max(anchors) + YEARS_AROUND + 1):
        try:
            if datetime.date(year, month, day).weekday() == weekday:
                fits.append(year)
        except ValueError:
            continue
    return min(fits, key=lambda year: (min(abs(year - a) for a in anchors), -year)) if fits else None
