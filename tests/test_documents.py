"""Reading documents: every encoding and format a published overview comes in, and every way it can fail.

The PDFs are made here with fpdf2 from the seed text, so the test needs no stored binary and reads
back what it wrote: the same trips as the text, through real PDF text extraction (with page footers).
"""

from __future__ import annotations

import logging
import re
import zlib
from pathlib import Path

import matplotlib
import pytest

from reisatlas.documents import decode, read_bytes
from reisatlas.errors import DocumentError, ReisatlasError
from reisatlas.parsing import parse_document

SEED = Path(__file__).resolve().parent.parent / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
PNG = (  # a 1×1 transparent PNG
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def text_of(path: Path) -> str:
    """A document's text, read as ``atlas.read_document`` reads it."""
    return decode(read_bytes(path), str(path))


def make_pdf(text: str, footers: bool = True) -> bytes:
    """A PDF of ``text``, one line per cell, with "Pagina n van m" at the bottom of every page."""
    from fpdf import FPDF

    class Overview(FPDF):
        def footer(self):
            if footers:
                self.set_y(-15)
                self.cell(0, 10, f"Pagina {self.page_no()} van {{nb}}", align="C")

    pdf = Overview()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in text.split("\n"):
        pdf.cell(0, 5, line.rstrip(), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def trip_fields(trips) -> list[dict]:
    out = []
    for trip in trips:
        fields = trip.to_dict()
        del fields["source"]
        out.append(fields)
    return out


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    return make_pdf(SEED_TEXT)


@pytest.fixture(scope="module")
def seed_trips():
    return parse_document(SEED_TEXT, str(SEED)).trips


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- readers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: text.replace("\n", "\r").encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: text.encode("cp1252"),
        lambda text: text.replace("\n", "\r\n").encode("cp1252"),
        lambda text: text.replace("\n", "\r\n").encode("utf-16"),
        lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "crlf", "cr", "bom-crlf", "windows-1252", "windows-1252-crlf", "utf-16", "utf-16-be"],
)
def test_text_encodings_read_the_same_text(tmp_path, encode):
    path = write(tmp_path, "overzicht.txt", encode(SEED_TEXT))
    text = text_of(path)
    assert text == SEED_TEXT
    assert "\r" not in text and not text.startswith("\ufeff")


def test_windows_1252_place_names_survive(tmp_path, offline_geocoder):
    from reisatlas import read_document

    text = "Werkbezoek Malmö (Zweden)\nKennisuitwisseling\ndoor wethouder Kasmi\nJuni 2025\nDe wethouder bezoekt Malmö’s scholen.\n"
    data = text.encode("cp1252")
    assert b"Malm\xf6" in data and data.decode("latin-1") != text  # really not UTF-8
    parsed = read_document(write(tmp_path, "cp1252.txt", data), offline_geocoder)
    (trip,) = parsed.trips
    assert trip.stops[0].name == "Malmö" and trip.stops[0].resolved
    assert trip.description == "De wethouder bezoekt Malmö’s scholen."


def test_a_file_mixing_utf8_and_windows_1252_is_read_line_by_line_and_the_lines_are_named(tmp_path, offline_geocoder):
    from reisatlas import read_document

    # Two trips pasted together: the first from a UTF-8 file, the second from a Windows-1252 one.
    first = "Werkbezoek Malmö (Zweden)\nKennisuitwisseling\ndoor wethouder Kasmi\nJuni 2025\n\n".encode("utf-8")
    second = "Werkbezoek Göteborg (Zweden)\r\nHavens\r\ndoor wethouder Kasmi\r\nJuli 2025\r\nCafé’s bezoek.\r\n"
    path = write(tmp_path, "gemengd.txt", first + second.encode("cp1252"))
    parsed = read_document(path, offline_geocoder)
    assert [trip.stops[0].name for trip in parsed.trips] == ["Malmö", "Göteborg"]
    assert all(trip.stops[0].resolved for trip in parsed.trips)
    assert parsed.trips[1].description == "Café’s bezoek."
    mixed = [notice for notice in parsed.notices if notice.key == "document_mixed_encoding"]
    assert [notice.line for notice in mixed] == [6, 10]  # "Göteborg" and "Café’s", the lines read as Windows-1252
    assert mixed[0].text("en") == f"{path}:6: this line is not UTF-8 like the rest of the file and was read as " + (
        "Windows-1252: check letters such as ë and ö"
    )


def test_a_file_wholly_in_windows_1252_gets_no_warning(tmp_path, offline_geocoder):
    from reisatlas import read_document

    path = write(tmp_path, "cp1252.txt", SEED_TEXT.replace("Malmö", "Malmö").encode("cp1252"))
    assert [n for n in read_document(path, offline_geocoder).notices if n.key == "document_mixed_encoding"] == []


def test_pdf_reads_back_into_the_same_trips_as_the_text(tmp_path, seed_pdf, seed_trips):
    path = write(tmp_path, "overzicht.pdf", seed_pdf)
    text = text_of(path)
    assert "Pagina 2 van" in text  # the footers really are in the extracted text
    parsed = parse_document(text, str(path))
    assert trip_fields(parsed.trips) == trip_fields(seed_trips)
    lines = text.split("\n")
    for trip in parsed.trips:
        assert lines[trip.source.line - 1].strip() == trip.title


def test_pdf_through_the_atlas_places_every_stop(tmp_path, seed_pdf, offline_geocoder):
    from reisatlas import read_document

    parsed = read_document(write(tmp_path, "overzicht.pdf", seed_pdf), offline_geocoder)
    assert len(parsed.trips) == 7
    assert all(stop.resolved for trip in parsed.trips for stop in trip.stops)


def test_pdf_with_a_pdf_suffix_is_not_needed(tmp_path, seed_pdf, seed_trips):
    """The format comes from the bytes, not the name."""
    text = text_of(write(tmp_path, "overzicht.txt", seed_pdf))
    assert trip_fields(parse_document(text, "x").trips) == trip_fields(seed_trips)


# --- errors ----------------------------------------------------------------------------------------


def corrupt_pdfs(seed_pdf: bytes) -> dict[str, bytes]:
    return {
        "header-only": b"%PDF-1.4\n",
        "garbage": b"%PDF-1.7\n" + bytes(range(1, 256)) * 20,
        "truncated": seed_pdf[: len(seed_pdf) // 2],
        "truncated-early": seed_pdf[:1500],
        # A mangled filter name makes pypdf raise NotImplementedError, not one of its own errors.
        "mangled-filter": seed_pdf.replace(b"/FlateDecode", b"/FlateDecodX"),
        "bad-stream": re.sub(rb"stream\n.{40}", lambda m: b"stream\n" + b"\x00" * 40, seed_pdf, count=3, flags=re.S),
    }


CASES = {
    "empty": b"",
    "whitespace": b"  \n\t\r\n   \n",
    "bom-only": b"\xef\xbb\xbf",
    "bom-and-spaces": b"\xef\xbb\xbf \n \n",
    "png": PNG,
    "nul-bytes": b"Werkbezoek Oslo (Noorwegen)\x00\x00\x00\n",
    "utf-16-without-bom": SEED_TEXT.encode("utf-16-le"),
    "utf-16-odd-length": SEED_TEXT.encode("utf-16") + b"\x00",
    "undefined-in-cp1252": b"Werkbezoek Oslo (Noorwegen)\n\x81\x8d\x8f\x90\x9d\n",
    "prose": "Er zijn deze periode geen buitenlandse werkbezoeken gepland.\n".encode("utf-8"),
    "title-only": b"Overzicht geplande buitenlandse werkbezoeken\nJuni 2025\n",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_unreadable_or_empty_documents_raise_document_error_naming_the_file(tmp_path, case):
    path = write(tmp_path, f"{case}.txt", CASES[case])
    with pytest.raises(DocumentError) as caught:
        parse_document(text_of(path), str(path))
    assert caught.value.file == str(path)
    assert str(path) in str(caught.value)
    assert isinstance(caught.value, (ReisatlasError, ValueError))


@pytest.mark.parametrize(
    "case", ["header-only", "garbage", "truncated", "truncated-early", "mangled-filter", "bad-stream"]
)
def test_corrupt_pdf_raises_document_error_naming_the_file(tmp_path, seed_pdf, case, caplog):
    data = corrupt_pdfs(seed_pdf)[case]
    assert data.startswith(b"%PDF")
    path = write(tmp_path, f"{case}.pdf", data)
    caplog.set_level(logging.DEBUG)
    try:
        text = text_of(path)
    except DocumentError as err:
        assert err.file == str(path) and str(path) in str(err)
    else:
        # pypdf may recover some text from a damaged file; then whatever it got must parse or say why.
        try:
            parse_document(text, str(path))
        except DocumentError as err:
            assert str(path) in str(err)
    # pypdf's own complaints ("EOF marker not found") must not reach a warning handler: the CLI
    # promises one line per failed document.
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("pypdf")]


def test_mangled_filter_is_a_document_error_not_a_crash(tmp_path, seed_pdf):
    data = seed_pdf.replace(b"/FlateDecode", b"/FlateDecodX")
    assert data != seed_pdf
    with pytest.raises(DocumentError, match="PDF"):
        text_of(write(tmp_path, "mangled.pdf", data))


def test_pypdf_logger_is_restored_after_reading(tmp_path, seed_pdf):
    pypdf_logger = logging.getLogger("pypdf")
    before = (pypdf_logger.propagate, list(pypdf_logger.handlers))
    with pytest.raises(DocumentError):
        text_of(write(tmp_path, "t.pdf", seed_pdf[:1500]))
    text_of(write(tmp_path, "ok.pdf", seed_pdf))
    assert (pypdf_logger.propagate, list(pypdf_logger.handlers)) == before


def test_pdf_without_text_is_a_document_error(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = write(tmp_path, "leeg.pdf", bytes(pdf.output()))
    with pytest.raises(DocumentError, match=re.escape(str(path))):
        text_of(path)


def test_missing_file(tmp_path):
    path = tmp_path / "bestaat-niet.txt"
    with pytest.raises(DocumentError) as caught:
        text_of(path)
    assert caught.value.file == str(path) and str(path) in str(caught.value)


def test_directory(tmp_path):
    with pytest.raises(DocumentError) as caught:
        text_of(tmp_path)
    assert caught.value.file == str(tmp_path) and str(tmp_path) in str(caught.value)


def test_unreadable_file(tmp_path):
    import os

    if os.geteuid() == 0:
        path = Path("/proc/self/mem")  # exists, but reading it from the start fails even for root
    else:
        path = write(tmp_path, "geheim.txt", b"Werkbezoek Oslo (Noorwegen)\n")
        path.chmod(0)
    with pytest.raises(DocumentError) as caught:
        text_of(path)
    assert str(path) in str(caught.value)


def test_decode_names_the_document_it_was_given():
    with pytest.raises(DocumentError, match="^upload: "):
        decode(b"", "upload")
    with pytest.raises(DocumentError, match="^upload: "):
        decode(PNG, "upload")


def test_deflate_bomb_is_not_our_problem_but_must_not_crash(tmp_path):
    """A PDF whose only stream inflates hugely: read or refused, never an uncaught exception."""
    payload = zlib.compress(b"BT /F1 12 Tf (A) Tj ET\n" * 200_000)
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length "
        + str(len(payload)).encode()
        + b"/Filter/FlateDecode>>stream\n"
        + payload
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    path = write(tmp_path, "bom.pdf", pdf)
    try:
        text = text_of(path)
    except DocumentError as err:
        assert str(path) in str(err)
    else:
        with pytest.raises(DocumentError, match=re.escape(str(path))):
            parse_document(text, str(path))
