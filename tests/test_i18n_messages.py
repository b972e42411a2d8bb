"""Every message a reader of the app sees is in their language: the readers' notices and the store's errors are
said by their text's key (data/texts.toml), Dutch on the command line, English in the English app, each still
naming its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reisatlas.errors import ReisatlasError
from reisatlas.parsing import parse_document
from reisatlas.store import ConflictError, SignInError, Store, StoreError, UploadError
from reisatlas.store.upload import receive
from ui.beheer import error_text

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted((ROOT / "tests" / "documents").glob("*/*.txt"))
GAPS = """Werkbezoek Kopenhagen (Denemarken)
Klimaatadaptatie

Werkbezoek Xyzzy (Atlantis)
Kennisuitwisseling
door wethouder Kasmi
31 juni 2025
"""


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_reading_notice_is_said_by_key_with_its_file_and_line(path):
    try:
        parsed = parse_document(path.read_text(encoding="utf-8"), str(path))
    except ReisatlasError as refused:  # a document without trips: its one line is keyed too
        assert refused.key and refused.text("en") != str(refused)
        return
    for notice in parsed.notices:
        assert notice.key, notice.message
        where = f"{path}:{notice.line}: " if notice.line else f"{path}: "
        assert notice.text("nl") == str(notice) and notice.text("nl").startswith(where)
        assert notice.text("en").startswith(where) and notice.text("en") != notice.text("nl")


def test_the_block_readers_gaps_are_said_in_english_too():
    parsed = parse_document(GAPS, "overzicht.txt")
    english = sorted(n.text("en") for n in parsed.notices)
    assert english == [
        "overzicht.txt:1: no official found (no 'door …' line); trip kept without one",
        "overzicht.txt:1: no period found (such as 'Juni 2025'); trip kept without one",
        "overzicht.txt:4: no period found (such as 'Juni 2025'); trip kept without one",
        "overzicht.txt:4: unknown country 'Atlantis'; its places stay unplaced",
        "overzicht.txt:7: impossible date in period '31 juni 2025'",
    ]
    assert "overzicht.txt:1: geen periode gevonden (zoals 'Juni 2025'); reis behouden zonder" in [
        str(n) for n in parsed.notices
    ]


def test_a_document_without_trips_is_refused_in_both_languages():
    with pytest.raises(ReisatlasError) as refused:
        parse_document("Zomaar een brief.\n", "brief.txt")
    assert str(refused.value) == "brief.txt: geen reizen gevonden (in geen van de opmaken die Reisatlas leest)"
    assert refused.value.text("en") == "brief.txt: no trips found (in any layout Reisatlas reads)"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite") as opened:
        yield opened


def test_the_stores_errors_are_said_in_the_readers_language(store):
    with pytest.raises(StoreError) as short:
        store.add_account("anna", "kort")
    assert (str(short.value), error_text(short.value, "en")) == (
        "wachtwoord te kort: minstens 10 tekens",
        "password too short: at least 10 characters",
    )
    with pytest.raises(SignInError) as wrong:
        store.sign_in("bob", "wat dan ook")
    assert wrong.value.wait > 0  # the same answer as for a known name (issue 18, item 7)
    assert error_text(wrong.value, "en") == f"unknown name or wrong password; next attempt in {wrong.value.wait:.1f} s"
    with pytest.raises(StoreError) as missing:
        store.set_status(99, "published", "anna")
    assert (str(missing.value), missing.value.text("en")) == ("document 99 bestaat niet", "document 99 does not exist")
    store.save_correction("seed.txt", "trip", "title", "Nieuw", "anna", expected_version=0)
    with pytest.raises(ConflictError) as conflict:
        store.save_correction("seed.txt", "trip", "title", "Anders", "bob", expected_version=0)
    assert conflict.value.current.by == "anna"
    assert conflict.value.text("en").startswith("Title: anna changed this meanwhile (")  # the field in words
    assert conflict.value.text("en").endswith("): “Nieuw”; nothing overwritten")
    assert str(conflict.value).startswith("Titel: anna heeft dit intussen gewijzigd (")


def test_an_upload_refused_by_a_reader_in_its_child_process_keeps_the_readers_words_in_every_language(store):
    with pytest.raises(UploadError) as refused:
        receive(store, "brief.txt", "Zomaar een brief zonder reizen.\n".encode(), "anna")
    assert str(refused.value).startswith("brief.txt: geen reizen gevonden")
    assert error_text(refused.value, "en").startswith("brief.txt: no trips found")
    with pytest.raises(UploadError) as empty:
        receive(store, "leeg.txt", b"", "anna")
    assert (str(empty.value), empty.value.text("en")) == (
        "leeg.txt: het bestand is leeg",
        "leeg.txt: the file is empty",
    )


MESSAGES = re.compile(
    r"""(?:Notice|StoreError|UploadError|ConflictError|SignInError|DocumentError)\(\s*[^)]*?f?["'][a-z]"""
    r"""|\bnote\((?:\s*[\w.]+,)?\s*f?["'][^"']*\s"""  # a key has no spaces; words do
)


def test_no_reader_or_store_message_is_written_as_plain_text():
    """A notice or error with its words in the code would reach an English reader in Dutch: they go by key."""
    code = [*ROOT.glob("reisatlas/readers/*.py"), *ROOT.glob("reisatlas/store/*.py"), ROOT / "reisatlas" / "parsing.py"]
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in code
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MESSAGES.search(line)
    ]
    assert offenders == []
