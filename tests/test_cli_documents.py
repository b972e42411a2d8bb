"""``reisatlas document add|list|publish|withdraw`` as a cron job runs them (a real process, a real store file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reisatlas.store import Store

WARNINGS = Path(__file__).parent / "documents" / "beheer_warnings.txt"
SEED = Path(__file__).parent.parent / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"


def reisatlas(store, *args):
    env = {**os.environ, "REISATLAS_STORE": str(store), "REISATLAS_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "reisatlas.cli", *args], capture_output=True, text=True, env=env)


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "store.sqlite"
    with Store(path) as opened:
        opened.add_account("anna", "correct horse battery")
    return path


def test_add_publish_says_what_it_found_and_the_audit_log_names_the_admin(store):
    done = reisatlas(store, "document", "add", str(WARNINGS), "--publish", "--as", "anna", "--json", "--lang", "en")
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert (said["id"], said["name"], said["status"], said["uploaded_by"]) == (
        1,
        "beheer_warnings.txt",
        "published",
        "anna",
    )
    assert [trip["title"] for trip in said["trips"]] == [
        "Werkbezoek Kopenhagn (Denemarken)",
        "Werkbezoek Hamburg (Duitsland) en Barcelona (Spanje)",
        "Werkbezoek Xyzzyvik (Zweden)",
    ]
    assert {
        "file": "beheer_warnings.txt",
        "line": 1,
        "reason": "place 'Kopenhagn' (Denemarken) not found; not on the map",
    } in said["warnings"]
    assert {
        "file": "beheer_warnings.txt",
        "line": 13,
        "reason": "no period found (such as 'Juni 2025'); trip kept without one",
    } in said["warnings"]
    with Store(store) as opened:
        assert [(d.name, d.status) for d in opened.documents()] == [("beheer_warnings.txt", "published")]
        assert [(c.by, c.action, c.after.get("status")) for c in reversed(opened.history()) if c.target != "anna"] == [
            ("anna", "document.upload", "draft"),
            ("anna", "document.status", "published"),
        ]


def test_list_publish_and_withdraw_as_text(store):
    assert reisatlas(store, "document", "add", str(SEED), "--as", "anna").stdout.startswith(
        "document 1: 2025-06_2025-09_buitenlandse-werkbezoeken.txt, draft, 7 trips\n  line 2: Werkbezoek Malmö"
    )
    assert reisatlas(store, "document", "publish", "1", "--as", "anna").stdout.split("\t")[:3] == [
        "1",
        "published",
        "2025-06_2025-09_buitenlandse-werkbezoeken.txt",
    ]
    assert reisatlas(store, "document", "withdraw", "1", "--as", "anna").returncode == 0
    listed = json.loads(reisatlas(store, "document", "list", "--json").stdout)
    assert [(d["id"], d["status"], d["uploaded_by"]) for d in listed] == [(1, "withdrawn", "anna")]
    with Store(store) as opened:
        assert [c.after.get("status") for c in reversed(opened.history()) if c.target != "anna"] == [
            "draft",
            "published",
            "withdrawn",
        ]


@pytest.mark.parametrize(
    "args, message",
    [
        (("add", str(SEED), "--as", "mallory"), "geen beheerder mallory"),
        (("add", "nergens.txt", "--as", "anna"), "nergens.txt: bestand bestaat niet"),
        (("add", "{tmp}/notitie.txt", "--as", "anna"), "notitie.txt: geen reizen gevonden"),
        (("publish", "7", "--as", "anna"), "document 7 bestaat niet"),
        (("publish", "1"), "the following arguments are required: --as"),
    ],
)
def test_an_unknown_admin_or_a_bad_file_is_one_line_exit_2_and_nothing_is_kept(store, tmp_path, args, message):
    (tmp_path / "notitie.txt").write_text("Een notitie over de begroting, zonder reis.\n")
    done = reisatlas(store, "document", *(arg.format(tmp=tmp_path) for arg in args))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr and "Traceback" not in done.stderr
    with Store(store) as opened:
        assert opened.documents() == [] and [c.action for c in opened.history()] == ["account.add"]
