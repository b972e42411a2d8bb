"""The upload guard: hostile or wrong files get a clear message naming the file, the server process
stays responsive (reading runs in a child with limits), and the store is left unchanged."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest

from reisatlas.store import Store, UploadError
from reisatlas.store.upload import check_upload, read_upload, receive

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"


def slow_pdf(repeat: int = 1_000_000) -> bytes:
    """A small PDF whose one page is a stream of a million text operators: pypdf reads it for a minute."""
    content = zlib.compress(b"BT /F1 12 Tf (Werkbezoek) Tj ET\n" * repeat, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite") as opened:
        yield opened


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("ruis.txt", os.urandom(4096) + b"\x00", "binaire gegevens"),
        ("leeg.pdf", b"", "leeg"),
        ("spaties.txt", b"  \n\n ", "leeg"),
        ("groot.txt", b"Werkbezoek Gent (Belgie)\n" * (50 * 1024 * 1024 // 25 + 1), "te groot"),
        ("brief.docx", b"PK\x03\x04" + os.urandom(100), "Word"),
        ("kapot.pdf", b"%PDF-1.7\n" + os.urandom(2000), "PDF kan niet gelezen worden"),
        ("geen-reis.txt", "Een brief zonder reizen, in Windows-1252: café".encode("cp1252"), "geen reizen gevonden"),
    ],
    ids=["random bytes", "empty", "only blanks", "50 MB", "zip", "broken pdf", "no trip"],
)
def test_a_refused_upload_names_the_file_and_the_reason_and_keeps_nothing(store, name, data, reason):
    with pytest.raises(UploadError, match=reason) as refused:
        receive(store, name, data, "anna")
    assert refused.value.file == name and str(refused.value).startswith(f"{name}: ")
    assert store.documents() == [] and store.revision() == 0


@pytest.mark.slow  # waits out the reader's time limit
def test_a_pdf_that_makes_the_reader_hang_is_killed_with_a_clear_message(store):
    with pytest.raises(UploadError, match=r"hang\.pdf: lezen duurde langer dan 2 s en is afgebroken"):
        receive(store, "hang.pdf", slow_pdf(), "anna", time_limit=2)
    assert store.documents() == []
    # The server process itself was never busy: the next upload is read at once.
    document, reading = receive(store, SEED.name, SEED.read_bytes(), "anna")
    assert reading.kind == "txt" and len(reading.parsed.trips) == 7 and document.status == "draft"


def test_a_reader_that_needs_too_much_memory_is_stopped(store):
    with pytest.raises(UploadError, match="geheugen|memory"):
        receive(store, "bom.pdf", slow_pdf(), "anna", memory_limit=64 * 1024 * 1024)
    assert store.documents() == []


def test_the_type_is_judged_by_content_not_by_name():
    assert check_upload("overzicht.pdf", SEED.read_bytes()) == "txt"
    assert check_upload("overzicht.txt", b"%PDF-1.4\n...") == "pdf"
    assert read_upload("overzicht.pdf", SEED.read_bytes()).parsed.trips[0].source.file == "overzicht.pdf"


def test_the_same_upload_twice_is_recognised_before_it_is_read_again(store):
    receive(store, "a.txt", SEED.read_bytes(), "anna")
    with pytest.raises(UploadError, match="staat er al als 'a.txt'"):
        receive(store, "b.txt", SEED.read_bytes(), "bob")
    assert len(store.documents()) == 1
