"""The date forms municipalities write a trip's period in, read as docs/dates.md says (the evidence for reading
them with Babel's month names rather than with dateparser, which loses one end of every range)."""

from __future__ import annotations

from datetime import date

import pytest

from reisatlas.readers.signals import find_period


@pytest.mark.parametrize(
    "text, start, end, months",
    [
        ("Maandag 15 tot woensdag 17 september", date(2025, 9, 15), date(2025, 9, 17), ("2025-09",)),
        ("3+4 juni", date(2025, 6, 3), date(2025, 6, 4), ("2025-06",)),
        ("12 – 13 juni 2022", date(2022, 6, 12), date(2022, 6, 13), ("2022-06",)),
        ("9 t/m 11 april", date(2025, 4, 9), date(2025, 4, 11), ("2025-04",)),
        ("van 3 tot en met 5 mei 2021", date(2021, 5, 3), date(2021, 5, 5), ("2021-05",)),
        ("zondag 2 tot dinsdag 4 maart", date(2025, 3, 2), date(2025, 3, 4), ("2025-03",)),
        ("30 juni – 2 juli 2025", date(2025, 6, 30), date(2025, 7, 2), ("2025-06", "2025-07")),
        ("woensdag 30 april (Koninginnedag)", date(2025, 4, 30), date(2025, 4, 30), ("2025-04",)),
        ("di 3 juni", date(2025, 6, 3), date(2025, 6, 3), ("2025-06",)),
        ("Oktober en november 2025", None, None, ("2025-10", "2025-11")),
        ("Medio december 2025", None, None, ("2025-12",)),
        ("Werkbezoek aan Lissabon van 4 tot en met 9 oktober", date(2025, 10, 4), date(2025, 10, 9), ("2025-10",)),
    ],
)
def test_each_form_reads_as_both_ends_of_its_range(text, start, end, months):
    found = find_period(text, 2025)
    assert (found.period.start, found.period.end, found.period.months) == (start, end, months)


def test_an_impossible_date_is_no_period_rather_than_its_month():
    assert find_period("31 juni 2025", 2025) is None
