"""``reisatlas admin add`` and ``reisatlas store export|import`` as a user runs them (a real process, a real store file)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from reisatlas.store import SignInError, Store


def reisatlas(store, *args, stdin=""):
    env = {**os.environ, "REISATLAS_STORE": str(store)}
    return subprocess.run(
        [sys.executable, "-m", "reisatlas.cli", *args], input=stdin, capture_output=True, text=True, env=env
    )


def test_admin_add_then_sign_in(tmp_path):
    store = tmp_path / "store.sqlite"
    done = reisatlas(store, "admin", "add", "anna", stdin="correct horse battery\ncorrect horse battery\n")
    assert done.returncode == 0, done.stderr
    with Store(store) as opened:
        assert opened.sign_in("anna", "correct horse battery") == "anna"
        with pytest.raises(SignInError):
            opened.sign_in("anna", "correct horse batter")


@pytest.mark.parametrize(
    "stdin, message", [("one password\nanother one\n", "verschillen"), ("short\nshort\n", "te kort")]
)
def test_admin_add_refuses_with_one_line_and_keeps_nothing(tmp_path, stdin, message):
    store = tmp_path / "store.sqlite"
    done = reisatlas(store, "admin", "add", "anna", stdin=stdin)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    with Store(store) as opened:
        assert opened.accounts() == []


@pytest.mark.slow  # several CLI processes, each starting Python
def test_export_then_import_restores_the_store(tmp_path):
    store, backup = tmp_path / "store.sqlite", tmp_path / "backup.sqlite"
    reisatlas(store, "admin", "add", "anna", stdin="correct horse battery\ncorrect horse battery\n")
    assert reisatlas(store, "store", "export", str(backup)).returncode == 0
    reisatlas(store, "admin", "add", "bob", stdin="another good one\nanother good one\n")
    done = reisatlas(store, "store", "import", str(backup))
    assert done.returncode == 0, done.stderr
    with Store(store) as opened:
        assert opened.accounts() == ["anna"]


def test_import_of_something_else_is_refused_and_changes_nothing(tmp_path):
    store, junk = tmp_path / "store.sqlite", tmp_path / "junk.sqlite"
    reisatlas(store, "admin", "add", "anna", stdin="correct horse battery\ncorrect horse battery\n")
    junk.write_bytes(os.urandom(8192))
    done = reisatlas(store, "store", "import", str(junk))
    assert done.returncode == 2 and str(junk) in done.stderr and "Traceback" not in done.stderr
    with Store(store) as opened:
        assert opened.accounts() == ["anna"]
