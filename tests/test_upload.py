"""The upload guard: hostile or wrong files get a clear message naming the file, the server process
stays responsive (reading runs in a child with limits), and the store is left unchanged."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from reisatlas.store import Store, UploadError
from reisatlas.store.upload import MAX_BYTES, check_upload, read_upload, receive

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"


def heavy_pdf(repeat: int = 1_000_000) -> bytes:
    """A small PDF whose one page is a stream of ``repeat`` text operators: a million take pypdf seconds and over
    64 MiB (its per-stream parsing budget, 2,000,000 tokens at 7 a line, then stops it: about 7 s at load 1)."""
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


def slow_pdf(pages: int = 12) -> bytes:
    """A PDF that pypdf reads for minutes (over 200 s at load 1): ``pages`` pages, each its own long stream of text
    operators kept under pypdf's parsing budget for one stream."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for number in range(pages):
        writer.add_page(PdfReader(io.BytesIO(heavy_pdf(250_000 + number))).pages[0])  # each page's own stream
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
    hanging = slow_pdf()
    started, worked = time.perf_counter(), time.process_time()
    with pytest.raises(UploadError, match=r"hang\.pdf: lezen duurde langer dan 2 s en is afgebroken"):
        receive(store, "hang.pdf", hanging, "anna", time_limit=2)
    waited, worked = time.perf_counter() - started, time.process_time() - worked
    assert store.documents() == []
    # The hang was the child's: the server's own process waited, and spent little of its CPU on it (its own CPU
    # time, children's not counted), so it stayed free for its visitors; the next upload is read as usual.
    assert waited >= 2 and worked < 0.5, (waited, worked)
    document, reading = receive(store, SEED.name, SEED.read_bytes(), "anna")
    assert reading.kind == "txt" and len(reading.parsed.trips) == 7 and document.status == "draft"


def test_a_reader_that_needs_too_much_memory_is_stopped(store):
    with pytest.raises(UploadError, match="geheugen|memory"):
        receive(store, "bom.pdf", heavy_pdf(), "anna", memory_limit=64 * 1024 * 1024)
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


def test_the_size_message_counts_as_the_readme_does():
    """20 MiB + 1 byte: not "21.0 MB, de grens is 21 MB" (decimal megabytes of a binary limit): the limit is 20 MB,
    decimal as Streamlit's upload box shows sizes, and the message gives the bytes too."""
    assert MAX_BYTES == 20_000_000
    with pytest.raises(UploadError) as refused:
        check_upload("groot.txt", b"a" * (20 * 2**20 + 1))
    assert str(refused.value) == "groot.txt: te groot: 21.0 MB (20971521 bytes), de grens is 20 MB (20000000 bytes)"
    assert (
        refused.value.text("en")
        == "groot.txt: too large: 21.0 MB (20971521 bytes), the limit is 20 MB (20000000 bytes)"
    )
    assert "at most 20 MB (20,000,000 bytes)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert check_upload("net.txt", b"a" * MAX_BYTES) == "txt"  # exactly the limit is allowed
    with pytest.raises(UploadError, match=r"te groot: 20\.0 MB \(20000001 bytes\), de grens is 20 MB"):
        check_upload("net-te-groot.txt", b"a" * (MAX_BYTES + 1))


@pytest.mark.parametrize(
    "given, kept",
    [
        ("overzicht\x00.txt", "overzicht.txt"),  # a NUL crashed the child's command line
        ("over\u202etxt.exe", "overtxt.exe"),  # RIGHT-TO-LEFT OVERRIDE: would show as "overexe.txt"
        ("\u2067juni\u2069\u200f.txt", "juni.txt"),  # isolates and marks
        ("over\nzicht\r\x1b[31m.txt", "overzicht[31m.txt"),  # line breaks and a terminal escape
        ("../../etc/overzicht.txt", "overzicht.txt"),
        ("C:\\Users\\anna\\overzicht.txt", "overzicht.txt"),
        ("  juni   2025 .txt ", "juni 2025 .txt"),
    ],
    ids=["nul", "rlo", "isolates", "controls", "folder", "windows-folder", "spaces"],
)
def test_a_file_name_is_cleaned_before_it_is_kept_or_shown(store, given, kept):
    document, reading = receive(store, given, SEED.read_bytes(), "anna")
    assert document.name == kept and store.documents()[0].name == kept
    assert reading.parsed.trips[0].source.file == kept


@pytest.mark.parametrize(
    "given", ["", "   ", "\u200f\u202e", "\x00", "..", "a/"], ids=["empty", "blank", "bidi", "nul", "dots", "folder"]
)
def test_an_upload_without_a_name_is_refused(store, given):
    with pytest.raises(UploadError, match="de bestandsnaam is leeg"):
        receive(store, given, SEED.read_bytes(), "anna")
    assert store.documents() == []


def test_a_mixed_encoding_upload_warns_naming_the_lines(store):
    data = SEED.read_bytes() + "\nWerkbezoek Göteborg (Zweden)\nHavens\ndoor wethouder Kasmi\nJuli 2025\n".encode(
        "cp1252"
    )
    document, reading = receive(store, "gemengd.txt", data, "anna")
    lines = len(SEED.read_bytes().split(b"\n"))
    assert [(n.line, n.key) for n in reading.parsed.notices if n.key == "document_mixed_encoding"] == [
        (lines + 1, "document_mixed_encoding")
    ]
    assert "Malmö" in reading.text and "Göteborg" in reading.text


READ_FOR_A_MINUTE = """
import sys
from tests.test_upload import slow_pdf
from reisatlas.store.upload import read_upload
print("reading", flush=True)
read_upload("hang.pdf", slow_pdf(), time_limit=float(sys.argv[1]))
"""


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:  # a thread that ended meanwhile
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _reading_server(time_limit: float) -> tuple[subprocess.Popen, int]:
    """A process that reads a slow PDF as the server does, and the pid of the child reading it."""
    server = subprocess.Popen(
        [sys.executable, "-c", READ_FOR_A_MINUTE, str(time_limit)], cwd=ROOT, stdout=subprocess.PIPE
    )
    assert server.stdout.readline() == b"reading\n"
    deadline = time.monotonic() + 30
    while not (children := _children(server.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert children, "the reading child never started"
    time.sleep(1)  # the child is now busy in pypdf
    return server, children[0]


@pytest.mark.slow  # a child reading for a minute, its parent killed
def test_the_reading_child_dies_with_the_server():
    server, child = _reading_server(time_limit=120)
    try:
        assert _alive(child)
        server.kill()  # kill -9: the server cannot clean up after itself
        server.wait()
        deadline = time.monotonic() + 5
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child), "the child outlived the server"
    finally:
        server.kill()
        if _alive(child):
            os.kill(child, signal.SIGKILL)


@pytest.mark.slow  # waits out the child's own limits
def test_the_reading_child_keeps_its_own_time_limit_when_the_server_cannot():
    server, child = _reading_server(time_limit=2)
    started = time.monotonic()
    try:
        server.send_signal(signal.SIGSTOP)  # a server too busy (or stuck) to enforce its timeout
        while _alive(child) and time.monotonic() - started < 30:
            time.sleep(0.1)
        # Its limits are 2 s of CPU and a 7 s alarm; 30 s leaves room for a loaded machine's slow start, and is
        # still finite: without its own limits the stuck server's child would read on for ever.
        assert not _alive(child), "the child ran on past its own limit"
    finally:
        server.send_signal(signal.SIGCONT)
        server.kill()
        server.wait()
        if _alive(child):
            os.kill(child, signal.SIGKILL)
