"""The aside sets: excerpts of real published documents no reader was tuned on (tests/documents/aside and
tests/documents/aside2, sources in each SOURCES.md, the trips a person reads in them in each EXPECTED.toml).

Nothing here asserts how well the readers do on them: that would invite tuning the readers to these texts. The
test reports the score of each set (``python -m tests.test_readers_aside`` prints it) and asserts only that the report can be
made: every document reads or says why not, and every expected trip is well formed. What the set teaches goes into
new documents under tests/documents/layouts/, never into changes made for these files.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reisatlas.atlas import read_document
from reisatlas.errors import ReisatlasError
from reisatlas.geocoding import default_geocoder
from reisatlas.text import fold

DOCUMENTS = Path(__file__).resolve().parent / "documents"
SETS = ("aside", "aside2")


def expected_trips(folder: str) -> dict:
    return tomllib.loads((DOCUMENTS / folder / "EXPECTED.toml").read_text(encoding="utf-8"))


@dataclass
class Score:
    """How the readers do on one document (or a sum of them)."""

    expected: int = 0
    found: int = 0  # expected trips matched by a trip read (a shared destination)
    officials: int = 0  # of those found, with an official expected named
    months: int = 0  # of those found, with the expected month (when one is expected)
    months_expected: int = 0
    destinations: int = 0  # expected destinations placed at the right country
    destinations_expected: int = 0
    misplaced: int = 0  # stops placed in another country than expected
    false_trips: int = 0  # trips read that match no expected trip
    home_right: int = 0
    documents: int = 0
    notes: list[str] = field(default_factory=list)

    def __add__(self, other: "Score") -> "Score":
        total = Score()
        for name in self.__dataclass_fields__:
            setattr(total, name, getattr(self, name) + getattr(other, name))
        return total

    def line(self) -> str:
        share = lambda a, b: f"{a}/{b} ({100 * a / b:.0f} %)" if b else f"{a}/0"  # noqa: E731
        return (
            f"trips found {share(self.found, self.expected)}, officials right {self.officials}/{self.found}, "
            f"months right {self.months}/{self.months_expected}, destinations placed "
            f"{share(self.destinations, self.destinations_expected)}, misplaced {self.misplaced}, "
            f"false trips {self.false_trips}, home right {self.home_right}/{self.documents}"
        )


def _same_place(expected: list[str], stop) -> bool:
    name, code = expected
    return stop.country_code == code and (
        fold(stop.name) == fold(name) or fold(stop.country) == fold(name) or fold(name) in fold(stop.name)
    )


def _month_right(pattern: str, months: tuple[str, ...]) -> bool:
    regex = re.escape(pattern).replace(r"\*", r"\d+")
    return any(re.fullmatch(regex, month) for month in months)


def score(folder: str, name: str, geocoder) -> Score:
    expected = expected_trips(folder)[name]
    result = Score(expected=len(expected["trips"]), documents=1)
    try:
        parsed = read_document(DOCUMENTS / folder / name, geocoder)
        trips = list(parsed.trips)
    except ReisatlasError as err:
        result.notes.append(f"{name}: {err}")
        trips = []
    result.home_right = int(any(fold(t.municipality) == fold(expected["home"]) for t in trips))
    unmatched = list(trips)
    for want in expected["trips"]:
        result.destinations_expected += len(want["stops"])
        result.months_expected += bool(want["months"])
        match = next((t for t in unmatched if any(_same_place(w, s) for w in want["stops"] for s in t.stops)), None)
        if match is None:
            continue
        unmatched.remove(match)
        result.found += 1
        named = {fold(o.name) for o in match.officials} | {fold(o.role) for o in match.officials if not o.name}
        result.officials += any(fold(o) in named for o in want["officials"])
        result.months += bool(want["months"]) and all(_month_right(m, match.months) for m in want["months"])
        for w in want["stops"]:
            stop = next((s for s in match.stops if _same_place(w, s)), None)
            result.destinations += bool(stop and stop.resolved)
        result.misplaced += sum(
            1 for s in match.stops if s.resolved and s.country_code not in {w[1] for w in want["stops"]}
        )
    result.false_trips = len(unmatched)
    return result


@pytest.fixture(scope="module")
def geocoder():
    return default_geocoder(online=False)


@pytest.mark.parametrize("folder", SETS)
def test_every_aside_document_has_its_expected_trips_written_down(folder):
    files = sorted(p.name for p in (DOCUMENTS / folder).glob("*.txt"))
    assert files == sorted(expected_trips(folder))
    for name, expected in expected_trips(folder).items():
        assert expected["home"] and expected["trips"], name
        for trip in expected["trips"]:
            assert trip["officials"] and trip["stops"], name
            assert all(re.fullmatch(r"(\d{4}|\*)-(\d\d|\*)", m) for m in trip["months"]), name
            assert all(len(stop) == 2 and re.fullmatch(r"[A-Z]{2}", stop[1]) for stop in trip["stops"]), name


@pytest.mark.parametrize("folder", SETS)
def test_the_aside_score_can_be_measured(folder, geocoder, capsys):
    total = Score()
    for name in sorted(expected_trips(folder)):
        one = score(folder, name, geocoder)
        assert 0 <= one.found <= one.expected and one.destinations <= one.destinations_expected
        total = total + one
    with capsys.disabled():
        print(f"\n{folder} set: {total.line()}")


def report() -> None:
    geocoder = default_geocoder(online=False)
    for folder in SETS:
        total = Score()
        for name in sorted(expected_trips(folder)):
            one = score(folder, name, geocoder)
            print(f"{folder}/{name}: {one.line()}", *one.notes, sep="\n  ")
            total = total + one
        print(f"{folder}, all: {total.line()}")


if __name__ == "__main__":
    report()
