"""Reading a trip's period line."""

from __future__ import annotations

from datetime import date

import pytest

from reisatlas.periods import month_numbers, month_span, parse_period

D = date


# The forms the overviews use; tests/test_parsing.py reads each of them as a block's period line too.
OVERVIEW_FORMS = [
    ("Juni 2025", ["2025-06"], None, None),
    ("Oktober en november 2025", ["2025-10", "2025-11"], None, None),
    ("3 tot en met 7 november 2025", ["2025-11"], D(2025, 11, 3), D(2025, 11, 7)),
    ("8 – 12 juni 2026", ["2026-06"], D(2026, 6, 8), D(2026, 6, 12)),
    ("15-17 september 2025", ["2025-09"], D(2025, 9, 15), D(2025, 9, 17)),
    ("Medio december 2025", ["2025-12"], None, None),
    ("Begin maart 2026", ["2026-03"], None, None),
    ("30 juni – 2 juli 2025", ["2025-06", "2025-07"], D(2025, 6, 30), D(2025, 7, 2)),
]


@pytest.mark.parametrize(
    "text, months, start, end",
    [
        *OVERVIEW_FORMS,
        # spellings of the same
        ("JUNI 2025", ["2025-06"], None, None),
        ("jun 2025", ["2025-06"], None, None),
        ("Sept. 2025", ["2025-09"], None, None),
        ("June 2025", ["2025-06"], None, None),
        ("3 t/m 7 november 2025", ["2025-11"], D(2025, 11, 3), D(2025, 11, 7)),
        ("15—17 september 2025", ["2025-09"], D(2025, 9, 15), D(2025, 9, 17)),
        ("15 tot 17 september 2025", ["2025-09"], D(2025, 9, 15), D(2025, 9, 17)),
        ("oktober/november 2025", ["2025-10", "2025-11"], None, None),
        ("Eind juni, begin juli 2025", ["2025-06", "2025-07"], None, None),
        ("Tweede helft juni 2025", ["2025-06"], None, None),
        ("1 oktober 2025", ["2025-10"], D(2025, 10, 1), D(2025, 10, 1)),
        # a range names every month between its ends; a list only the months it names
        ("Juni en september 2025", ["2025-06", "2025-09"], None, None),
        ("Juni – september 2025", ["2025-06", "2025-07", "2025-08", "2025-09"], None, None),
        # across the new year: the borrowed year is one too late for December
        ("28 december – 3 januari 2026", ["2025-12", "2026-01"], D(2025, 12, 28), D(2026, 1, 3)),
        ("December 2025 – februari 2026", ["2025-12", "2026-01", "2026-02"], None, None),
        ("December – februari 2026", ["2025-12", "2026-01", "2026-02"], None, None),
        ("29 februari 2024", ["2024-02"], D(2024, 2, 29), D(2024, 2, 29)),
        # a closing full stop or a remark in brackets
        ("Juni 2025.", ["2025-06"], None, None),
        ("juni 2025 (onder voorbehoud)", ["2025-06"], None, None),
        ("3 – 5 juni 2025 (nog te bevestigen).", ["2025-06"], D(2025, 6, 3), D(2025, 6, 5)),
    ],
)
def test_periods(text, months, start, end):
    period = parse_period(text)
    assert period is not None
    assert list(period.months) == months
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Juni",  # no year: not a period line on its own
        "2025",
        "Kennisuitwisseling voorschoolse educatie",
        "door wethouder Simons",
        "Werkbezoek Oslo (Noorwegen)",
        "Wethouder Kasmi is voornemens om in juni naar Malmö te reizen.",
        "In september 2023 hebben de gemeenten Rotterdam en Oslo een Memorandum getekend",
        "Deelname Urban20 Mayors Summit",
        "32 juni 2025",
        "Pagina 2 van 3",
    ],
)
def test_not_a_period(text):
    assert parse_period(text) is None


@pytest.mark.parametrize(
    "text", ["31 juni 2025", "29 februari 2025", "30 februari – 2 maart 2026", "31 september 2025"]
)
def test_impossible_date_is_a_value_error(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_every_dutch_and_english_month_name():
    dutch = "januari februari maart april mei juni juli augustus september oktober november december".split()
    english = "january february march april may june july august september october november december".split()
    short = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()
    for number, (nl, en, abbreviated) in enumerate(zip(dutch, english, short), start=1):
        for name in (nl, en, nl.capitalize(), abbreviated, f"{abbreviated}."):
            assert list(parse_period(f"{name} 2025").months) == [f"2025-{number:02d}"], name
    assert month_numbers()["mrt"] == 3 and month_numbers()["okt"] == 10


def test_month_span():
    assert month_span("2025-06", "2025-06") == ["2025-06"]
    assert month_span("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert month_span("2026-02", "2025-11") == []
