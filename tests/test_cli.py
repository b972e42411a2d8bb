"""The command line as a user meets it: the real console script in a subprocess, offline.

A document that cannot be used is exit status 2 and one line on stderr that names it, never a
traceback; warnings name file:line; stdout is only the JSON.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from geopy.distance import geodesic

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
SEED_TITLES = [
    "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)",
    "Werkbezoek Manchester (Verenigd Koninkrijk)",
    "Werkbezoek en handelsmissie Oslo (Noorwegen)",
    "Werkbezoek Richmond (Canada)",
    "Werkbezoek Brussel (België)",
    "Werkbezoek Johannesburg (Zuid-Afrika)",
    "Werkbezoek Tokio, Osaka en Kobe (Japan)",
]
OTHER = """\
Werkbezoek Kaapstad (Zuid-Afrika) en Windhoek (Namibië)
Kennisuitwisseling klimaatadaptatie
door burgemeester Schouten
Oktober 2025
De burgemeester bezoekt Kaapstad en Windhoek.

Dienstreis Lyon (Frankrijk)
Kennisuitwisseling stedelijke ontwikkeling
door wethouder Zeegers
November 2025
De wethouder bezoekt Lyon.
"""


def command() -> list[str]:
    script = Path(sys.executable).with_name("reisatlas")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reisatlas.cli"]


def reisatlas(*args: str, timeout: float = 60, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "REISATLAS_OFFLINE": "1"}
    env.pop("REISATLAS_LOG", None)
    return subprocess.run([*command(), *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)


def assert_refused(result: subprocess.CompletedProcess, name: str) -> str:
    """Exit 2, nothing on stdout, one stderr line that names the document; returns that line."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert name in lines[0], lines[0]
    assert lines[0].startswith("reisatlas: error: ")
    return lines[0]


@cache  # made when a test asks for it: collecting the suite imports no fpdf
def make_pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in text.split("\n"):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"

UNUSABLE = {
    "empty.txt": b"",
    "whitespace.txt": b" \n\n  \t\n",
    "plaatje.png": PNG,
    "nul.txt": b"Werkbezoek Oslo (Noorwegen)\n\x00\x00\n",
    "kapot.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n",
    "afgebroken.pdf": lambda pdf: pdf[: len(pdf) // 2],  # pypdf warns "EOF marker not found": off stderr
    "filter.pdf": lambda pdf: pdf.replace(b"/FlateDecode", b"/FlateDecodX"),  # pypdf raises NotImplementedError
    "proza.txt": "Er staan deze periode geen buitenlandse werkbezoeken gepland.\n".encode(),
}


def test_parse_and_geocode_start_without_pandas():
    """Reading a document and looking up a place need no table: the command starts without numpy and pandas
    (0.25 s instead of 0.8 s here; the store's and the documents' commands likewise)."""
    code = (
        "import sys; from reisatlas.cli import main;"
        f" main(['parse', '--offline', {str(SEED)!r}]); main(['geocode', '--offline', '--country', 'SE', 'Botkyrka']);"
        " print(sorted({'numpy', 'pandas', 'pyarrow', 'streamlit'} & set(sys.modules)), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stderr.splitlines()[-1] == "[]", done.stderr
    assert "Botkyrka" in done.stdout


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_unusable_document(tmp_path, name):
    path, content = tmp_path / name, UNUSABLE[name]
    path.write_bytes(content(make_pdf(OTHER.replace("ë", "e"))) if callable(content) else content)
    assert_refused(reisatlas("parse", "--offline", str(path)), str(path))


def test_missing_file(tmp_path):
    path = tmp_path / "bestaat-niet.txt"
    assert_refused(reisatlas("parse", "--offline", str(path)), str(path))


def test_directory(tmp_path):
    assert_refused(reisatlas("parse", "--offline", str(tmp_path)), str(tmp_path))


def test_one_unusable_document_among_good_ones_is_refused_by_name(tmp_path):
    bad = tmp_path / "leeg.txt"
    bad.write_bytes(b"")
    assert_refused(reisatlas("parse", "--offline", str(SEED), str(bad)), str(bad))


def test_stdout_is_a_json_array_in_document_order():
    result = reisatlas("parse", "--offline", str(SEED))
    assert result.returncode == 0 and result.stderr == ""
    trips = json.loads(result.stdout)
    assert isinstance(trips, list)
    assert [trip["title"] for trip in trips] == SEED_TITLES
    assert [trip["source"]["line"] for trip in trips] == sorted(trip["source"]["line"] for trip in trips)


def test_several_files_give_the_trips_of_all_in_order(tmp_path):
    other = tmp_path / "overig.txt"
    other.write_text(OTHER, encoding="utf-8")
    pdf = tmp_path / "overig.pdf"
    pdf.write_bytes(make_pdf(OTHER.replace("ë", "e")))
    result = reisatlas("parse", "--offline", str(other), str(SEED), str(pdf))
    assert result.returncode == 0, result.stderr
    trips = json.loads(result.stdout)
    other_titles = ["Werkbezoek Kaapstad (Zuid-Afrika) en Windhoek (Namibië)", "Dienstreis Lyon (Frankrijk)"]
    pdf_titles = [title.replace("ë", "e") for title in other_titles]
    assert [trip["title"] for trip in trips] == other_titles + SEED_TITLES + pdf_titles
    assert [trip["source"]["file"] for trip in trips] == [str(other)] * 2 + [str(SEED)] * 7 + [str(pdf)] * 2


def test_warnings_go_to_stderr_naming_file_and_line(tmp_path):
    text = OTHER.replace("door wethouder Zeegers\n", "") + (
        "\nWerkbezoek Gotham (Atlantisland)\nKennisuitwisseling\ndoor wethouder Kasmi\nDecember 2025\nTekst.\n"
    )
    path = tmp_path / "onvolledig.txt"
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    lyon = lines.index("Dienstreis Lyon (Frankrijk)") + 1
    gotham = lines.index("Werkbezoek Gotham (Atlantisland)") + 1

    result = reisatlas("parse", "--offline", str(path))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    trips = json.loads(result.stdout)
    assert [trip["title"] for trip in trips][1:] == ["Dienstreis Lyon (Frankrijk)", "Werkbezoek Gotham (Atlantisland)"]
    assert trips[1]["officials"] == [] and trips[1]["months"] == ["2025-11"]
    assert trips[2]["stops"][0]["lat"] is None

    warnings = result.stderr.splitlines()
    assert all(line.startswith(f"reisatlas: warning: {path}:") for line in warnings), warnings
    named = {int(line.split(f"{path}:")[1].split(":")[0]) for line in warnings}
    assert named == {lyon, gotham}
    assert any("Atlantisland" in line for line in warnings)


def test_geocode_botkyrka_gives_the_reviewed_coordinates():
    with (ROOT / "data" / "places.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(line for line in handle if not line.startswith("#"))]
    (reviewed,) = [row for row in rows if row["name"] == "Botkyrka" and row["country_code"] == "SE"]

    for country in ("Zweden", "SE", "Sweden"):
        result = reisatlas("geocode", "--offline", "Botkyrka", "--country", country)
        assert result.returncode == 0, result.stderr
        answer = json.loads(result.stdout)
        assert answer["source"] == "reviewed"
        assert answer["country_code"] == "SE"
        assert (answer["lat"], answer["lon"]) == (float(reviewed["lat"]), float(reviewed["lon"]))
        assert geodesic((answer["lat"], answer["lon"]), (59.199, 17.833)).km < 5  # Tumba, the seat


def test_geocode_unknown_country():
    result = reisatlas("geocode", "--offline", "Gotham", "--country", "Atlantisland")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Atlantisland" in lines[0]


def prose(size: int) -> str:
    """Dutch-looking prose without trips, with a header-like decoy now and then."""
    rng = random.Random(20250601)
    words = (
        "de het een gemeente Rotterdam wethouder burgemeester stad haven beleid kennis onderwijs zorg wonen "
        "bezoek werkbezoek reis juni juli 2025 2026 samenwerking Europa netwerk (open) voorschoolse educatie in "
        "op met voor van en aan te om is zijn wordt"
    ).split()
    decoys = [
        "Werkbezoek aan de haven (open dag)",
        "Bezoek aan het archief (gesloten)",
        "Deelname aan de raad (Rotterdam)",
        "Bezoek aan de Brusselse instellingen (België)",
    ]
    lines, total = [], 0
    while total < size:
        if rng.random() < 0.03:  # each decoy made the old parser scan the rest of the document
            line = rng.choice(decoys)
        elif rng.random() < 0.08:
            line = ""
        else:
            line = " ".join(rng.choice(words) for _ in range(13)).capitalize()
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


@pytest.mark.slow  # 25 MB through the real CLI
def test_25_megabytes_of_prose_is_refused_quickly(tmp_path):
    path = tmp_path / "proza.txt"
    path.write_text(prose(25 * 1024 * 1024), encoding="utf-8")
    assert path.stat().st_size >= 25 * 1024 * 1024
    # A generous bound: the parser needs about two seconds, a quadratic one took minutes.
    assert_refused(reisatlas("parse", "--offline", str(path), timeout=60), str(path))
