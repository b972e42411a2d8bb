"""``reisatlas export``: filters as in the app, one file written whole, and one clear line for every mistake."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from reisatlas.cli import main

UNDATED_DOCUMENT = """Werkbezoek Kopenhagen (Denemarken)
Kennisuitwisseling klimaatadaptatie
door wethouder Zeegers
Wethouder Zeegers bezoekt Kopenhagen; de datum is nog niet bekend.

Werkbezoek Oslo (Noorwegen)
Havenbezoek
door wethouder Simons
Juni 2025
Wethouder Simons bezoekt de haven van Oslo.
"""


def export(tmp_path, seed_path, *options: str, out: str = "reizen.csv", documents=None) -> tuple[int, object]:
    target = tmp_path / out
    code = main(["export", "--offline", "--out", str(target), *options, *[str(d) for d in (documents or [seed_path])]])
    return code, target


def csv_rows(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    "filters, titles",
    [
        pytest.param([], 7, id="all"),
        pytest.param(["--official", "Schouten"], 2, id="official"),
        pytest.param(["--theme", "onderwijs"], 1, id="theme"),
        pytest.param(["--from", "2025-07", "--to", "2025-08"], 2, id="months"),
        pytest.param(["--official", "Schouten", "--official", "Simons"], 3, id="any-of-two-officials"),
        pytest.param(["--theme", "onderwijs", "--theme", "sport"], 2, id="any-of-two-themes"),
        pytest.param(["--from", "2025-09"], 2, id="from-only"),
        pytest.param(["--to", "2025-06"], 3, id="to-only"),
        pytest.param(["--official", "Kasmi", "--theme", "cultuur"], 1, id="official-and-theme"),
    ],
)
def test_filters_choose_the_rows(tmp_path, seed_path, capsys, filters, titles):
    code, target = export(tmp_path, seed_path, "--format", "csv", *filters)
    assert code == 0
    assert len(csv_rows(target)) == titles
    assert capsys.readouterr().err == ""


def test_months_filter_keeps_richmond_and_brussel(tmp_path, seed_path):
    _, target = export(tmp_path, seed_path, "--format", "csv", "--from", "2025-07", "--to", "2025-08")
    assert [row["Titel"] for row in csv_rows(target)] == ["Werkbezoek Richmond (Canada)", "Werkbezoek Brussel (België)"]


def test_english_headers(tmp_path, seed_path):
    _, target = export(tmp_path, seed_path, "--format", "csv", "--lang", "en")
    assert list(csv_rows(target)[0])[:3] == ["Title", "Kind", "Subject"]


@pytest.mark.parametrize(
    "format, starts",
    [
        ("csv", b"\xef\xbb\xbfTitel,"),
        ("xlsx", b"PK\x03\x04"),
        ("geojson", b'{\n "type": "FeatureCollection"'),
        ("ics", b"BEGIN:VCALENDAR\r\n"),
        ("json", b'[\n {\n  "trip_id"'),
        ("png", b"\x89PNG\r\n\x1a\n"),
        ("html", b"<!DOCTYPE html>"),
    ],
)
def test_every_format_is_written(tmp_path, seed_path, capsys, format, starts):
    code, target = export(tmp_path, seed_path, "--format", format, "--official", "Schouten", out=f"export.{format}")
    assert code == 0
    assert target.read_bytes().startswith(starts)
    # No temporary file left; a picture's text alternative beside it.
    beside = [f"export.{format}.txt"] if format == "png" else []
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"export.{format}", *beside]
    assert capsys.readouterr().err == ""


def test_written_file_has_an_ordinary_mode(tmp_path, seed_path):
    _, target = export(tmp_path, seed_path, "--format", "geojson")
    assert len(json.loads(target.read_bytes())["features"]) == 11
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_calendar_warns_about_a_trip_without_a_period(tmp_path, seed_path, capsys):
    document = tmp_path / "zonder-datum.txt"
    document.write_text(UNDATED_DOCUMENT, encoding="utf-8")
    code, target = export(tmp_path, seed_path, "--format", "ics", out="agenda.ics", documents=[document])
    assert code == 0
    assert target.read_bytes().count(b"BEGIN:VEVENT") == 1
    warnings = capsys.readouterr().err.splitlines()
    assert (
        "reisatlas: warning: Werkbezoek Kopenhagen (Denemarken) (zonder-datum.txt:1): geen periode, niet in de agenda"
        in warnings
    )
    assert all(line.startswith("reisatlas: warning: ") for line in warnings)


BAD = [
    pytest.param(["--format", "pdf"], "onbekend formaat 'pdf'", id="unknown-format"),
    pytest.param(
        ["--format", "csv", "--official", "Aboutaleb"], "onbekende bewindspersoon 'Aboutaleb'", id="unknown-official"
    ),
    pytest.param(["--format", "csv", "--theme", "ruimtevaart"], "onbekend thema 'ruimtevaart'", id="unknown-theme"),
    pytest.param(
        ["--format", "csv", "--from", "2025-09", "--to", "2025-06"],
        "--from 2025-09 ligt na --to 2025-06",
        id="from-after-to",
    ),
    pytest.param(["--format", "csv", "--from", "2025-6"], "--from '2025-6'", id="month-without-zero"),
    pytest.param(["--format", "csv", "--to", "juni"], "--to 'juni'", id="month-as-word"),
    pytest.param(["--format", "csv", "--from", "2025-13"], "--from '2025-13'", id="month-13"),
    pytest.param(["--format", "csv", "--from", "2030-01"], "niets te exporteren", id="empty-selection"),
    pytest.param(["--format", "csv", "--lang", "de"], "onbekende taal 'de'", id="unknown-language"),
]


def assert_one_error_line(capsys, expected: str) -> None:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("reisatlas: error: ") and expected in lines[0]
    assert "Traceback" not in captured.err and captured.out == ""


@pytest.mark.parametrize("options, expected", BAD)
def test_bad_arguments_exit_2_with_one_line_and_no_file(tmp_path, seed_path, capsys, options, expected):
    code, target = export(tmp_path, seed_path, *options)
    assert code == 2
    assert_one_error_line(capsys, expected)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "content, expected",
    [
        pytest.param(None, "bestand bestaat niet", id="missing"),
        pytest.param(b"", "document is leeg", id="empty"),
        pytest.param(b"\x00\x01\x02PK", "geen tekst of PDF (binary file)", id="binary"),
        pytest.param("Zomaar een brief zonder reizen.\n".encode(), "geen reizen gevonden", id="no-trips"),
    ],
)
def test_bad_document_exits_2_and_names_it(tmp_path, seed_path, capsys, content, expected):
    folder = tmp_path / "in"
    folder.mkdir()
    document = folder / "overzicht.txt"
    if content is not None:
        document.write_bytes(content)
    code, target = export(tmp_path, seed_path, "--format", "csv", documents=[seed_path, document])
    assert code == 2
    assert_one_error_line(capsys, f"{document}: {expected}")
    assert not target.exists()


def test_unwritable_paths(tmp_path, seed_path, capsys):
    code, _ = export(tmp_path, seed_path, "--format", "csv", out="no-such-folder/reizen.csv")
    assert code == 2
    assert_one_error_line(capsys, "no-such-folder/reizen.csv niet schrijven")
    (tmp_path / "a-folder").mkdir()
    code, _ = export(tmp_path, seed_path, "--format", "png", out="a-folder")
    assert code == 2
    assert_one_error_line(capsys, "a-folder niet schrijven")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a-folder"]


def test_error_leaves_an_existing_file_untouched(tmp_path, seed_path, capsys):
    target = tmp_path / "reizen.csv"
    target.write_bytes(b"earlier export")
    code, _ = export(tmp_path, seed_path, "--format", "csv", "--theme", "ruimtevaart")
    assert code == 2
    assert target.read_bytes() == b"earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reizen.csv"]


def test_as_a_program(tmp_path, seed_path):
    """The real process: exit codes and stderr as a shell sees them."""
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "reisatlas.cli", "export", *args, str(seed_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "REISATLAS_OFFLINE": "1"},
        timeout=120,
    )
    good = run("--format", "csv", "--out", str(tmp_path / "reizen.csv"), "--theme", "onderwijs")
    assert (good.returncode, good.stderr) == (0, "")
    assert len(csv_rows(tmp_path / "reizen.csv")) == 1
    bad = run("--format", "csv", "--out", str(tmp_path / "fout.csv"), "--official", "Niemand")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and bad.stderr.startswith("reisatlas: error: onbekende bewindspersoon")
    assert not (tmp_path / "fout.csv").exists()


def test_missing_option_is_one_line_too(tmp_path, seed_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["export", "--format", "csv", str(seed_path)])
    assert stopped.value.code == 2
    assert_one_error_line(capsys, "the following arguments are required: --out")
