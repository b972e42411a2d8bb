"""Fuzzing the reader and the parser: whatever a document holds, the only error that escapes is
DocumentError (a ValueError), and parse_period only ever raises ValueError.

Example counts are kept moderate so the whole file runs in seconds; to hunt, multiply them:
``REISATLAS_FUZZ_SCALE=50 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reisatlas.documents import decode
from reisatlas.errors import DocumentError
from reisatlas.parsing import parse_document
from reisatlas.periods import Period, parse_period

SEED = Path(__file__).resolve().parent.parent / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")
FILE = "fuzz.txt"
SCALE = int(os.environ.get("REISATLAS_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ARTEFACT_LINES = [
    "",
    " ",
    "  ",
    "Pagina 2 van 3",
    "- 3 -",
    "12",
    "door",
    "door wethouder",
    "Juni",
    "31 juni 2025",
    "Werkbezoek",
    "Werkbezoek ()",
    "Werkbezoek (Zweden)",
    "Werkbezoek Oslo (Noorwegen",
    "(",
    ")",
    "-",
    "Werkbezoek Gotham (Atlantisland)",
    "Deelname X in Y (Zweden) en Z (Onbekend)",
    "Dienstreis: Oslo (Noorwegen)",
]


def check(parsed, text: str) -> None:
    """What holds for every parse, however odd the document."""
    lines = text.split("\n")
    assert parsed.trips
    for trip in parsed.trips:
        assert trip.source.file == FILE
        assert 1 <= trip.source.line <= len(lines)
        assert lines[trip.source.line - 1].strip() == trip.title
        assert "\n" not in trip.title and "\n" not in trip.subtitle
        for paragraph in trip.description.split("\n\n") if trip.description else []:
            assert paragraph and "\n" not in paragraph and paragraph == " ".join(paragraph.split())
        assert all(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month) for month in trip.months)
        assert list(trip.months) == sorted(set(trip.months))
        if trip.start and trip.end:
            assert trip.start <= trip.end
            assert f"{trip.start:%Y-%m}" in trip.months and f"{trip.end:%Y-%m}" in trip.months
        assert all(stop.name and stop.name == stop.name.strip() for stop in trip.stops)
    for notice in parsed.notices:
        assert notice.file == FILE and (notice.line is None or 1 <= notice.line <= len(lines))


def parse_or_refuse(text: str):
    try:
        parsed = parse_document(text, FILE)
    except DocumentError as err:
        assert err.file == FILE and str(err).startswith(f"{FILE}")
        return None
    check(parsed, text)
    return parsed


# --- arbitrary and document-like text --------------------------------------------------------------


@FUZZ
@given(st.text())
def test_arbitrary_text(text):
    parse_or_refuse(text)


document_lines = st.one_of(
    st.sampled_from(SEED_LINES),
    st.sampled_from(ARTEFACT_LINES),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
)


@FUZZ
@given(st.lists(document_lines, max_size=80))
def test_document_like_text(lines):
    parse_or_refuse("\n".join(lines))


@st.composite
def mutated_seed(draw) -> str:
    lines = list(SEED_LINES)
    dropped = draw(st.sets(st.integers(0, len(lines) - 1), max_size=40))
    lines = [line for i, line in enumerate(lines) if i not in dropped]
    if len(lines) > 2 and draw(st.booleans()):
        start = draw(st.integers(0, len(lines) - 2))
        end = draw(st.integers(start + 1, min(len(lines), start + 30)))
        lines[start:end] = draw(st.permutations(lines[start:end]))
    text = "\n".join(lines)
    for _ in range(draw(st.integers(0, 10))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(min_size=1, max_size=5)) + text[at:]
    return text


@FUZZ
@given(mutated_seed())
def test_mutated_seed(text):
    parse_or_refuse(text)


# --- a half-broken seed still gives its good blocks -------------------------------------------------


@cache
def seed_blocks() -> list[tuple[int, int]]:
    """(header index, next header index) of each trip in SEED_LINES, 0-based."""
    trips = parse_document(SEED_TEXT, FILE).trips
    starts = [trip.source.line - 1 for trip in trips]
    return list(zip(starts, starts[1:] + [len(SEED_LINES)]))


@cache
def seed_trips():
    return parse_document(SEED_TEXT, FILE).trips


garbage_line = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60),
    st.sampled_from([line for line in SEED_LINES if line.strip() and not line.startswith("Werkbezoek")]),
).filter(lambda line: line.strip())


@FUZZ
@given(st.data())
def test_good_blocks_of_a_half_broken_seed_come_through(data):
    blocks = seed_blocks()
    broken = data.draw(st.integers(0, len(blocks) - 1), label="broken block")
    lines = []
    for k, (begin, end) in enumerate(blocks):
        block = SEED_LINES[begin:end]
        if k == broken:  # without its officials and period lines
            block = [line for line in block if not line.strip().startswith("door ") and parse_period(line) is None]
        if k > 0:  # garbage between the blocks, written like the seed (a blank after every line)
            for line in data.draw(st.lists(garbage_line, max_size=4), label=f"garbage before {k}"):
                lines += [line, ""]
            lines += ["", ""]
        lines += block
    text = "\n".join(SEED_LINES[: blocks[0][0]] + lines)
    parsed = parse_document(text, FILE)
    check(parsed, text)

    by_title = {}
    for trip in parsed.trips:
        by_title.setdefault(trip.title, trip)
    for k, original in enumerate(seed_trips()):
        trip = by_title[original.title]
        assert [(s.name, s.country_code) for s in trip.stops] == [(s.name, s.country_code) for s in original.stops]
        assert trip.subtitle == original.subtitle
        if k == broken:
            assert trip.officials == () and trip.months == ()
            header = [n.message for n in parsed.notices if n.line == trip.source.line]
            assert len(header) == 2, header
        else:
            assert trip.officials == original.officials
            assert trip.months == original.months
            assert trip.description.startswith(original.description)


# --- bytes ---------------------------------------------------------------------------------------


def decode_or_refuse(data: bytes):
    try:
        text = decode(data, FILE)
    except DocumentError as err:
        assert err.file == FILE
        return
    assert isinstance(text, str) and "\r" not in text and text.strip()
    parse_or_refuse(text)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    decode_or_refuse(data)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_that_claim_to_be_pdf(data):
    decode_or_refuse(b"%PDF-1.4\n" + data)


@cache
def small_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in ["Werkbezoek Oslo (Noorwegen)", "Kennisuitwisseling", "door wethouder Simons", "Juni 2025", "Tekst."]:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@settings(max_examples=40 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=20))
def test_damaged_pdf(changes):
    data = bytearray(small_pdf())
    for position, byte in changes:
        data[position % len(data)] = byte
    decode_or_refuse(bytes(data))


def test_the_small_pdf_itself_reads():
    assert [t.title for t in parse_document(decode(small_pdf(), FILE), FILE).trips] == ["Werkbezoek Oslo (Noorwegen)"]


# --- periods -------------------------------------------------------------------------------------

period_tokens = st.one_of(
    st.sampled_from(["juni", "Juni", "sept.", "december", "januari", "mrt", "June", "okt"]),
    st.integers(0, 40).map(str),
    st.integers(1890, 2210).map(str),
    st.sampled_from(
        ["-", "–", "—", "tot en met", "t/m", "tot", "en", ",", "/", "&", "medio", "begin", "eind", "week", "."]
    ),
    st.text(max_size=4),
)


@settings(max_examples=200 * SCALE, deadline=None)
@given(st.one_of(st.text(), st.lists(period_tokens, max_size=8).map(" ".join)))
def test_parse_period_returns_a_period_or_none_or_raises_value_error(text):
    try:
        period = parse_period(text)
    except ValueError:
        return
    if period is None:
        return
    assert isinstance(period, Period) and period.months
    assert all(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month) for month in period.months)
    assert list(period.months) == sorted(set(period.months))
    assert (period.start is None) == (period.end is None)
    if period.start:
        assert period.start <= period.end
        assert f"{period.start:%Y-%m}" in period.months and f"{period.end:%Y-%m}" in period.months
