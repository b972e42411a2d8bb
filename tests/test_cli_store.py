"""``reisatlas admin add`` and ``reisatlas store export|import`` as a user runs them (a real process, a real store:
a file, or a database of the test's own PostgreSQL cluster), and the forms of ``REISATLAS_STORE`` it refuses."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from reisatlas.store import SignInError, Store


def reisatlas(store, *args, stdin="", cwd=None):
    env = {**os.environ, "REISATLAS_STORE": str(store)}
    return subprocess.run(
        [sys.executable, "-m", "reisatlas.cli", *args], input=stdin, capture_output=True, text=True, env=env, cwd=cwd
    )


PASSWORDS = "correct horse battery\ncorrect horse battery\n"


def test_admin_add_then_sign_in(store_location):
    store = store_location
    done = reisatlas(store, "admin", "add", "anna", stdin="correct horse battery\ncorrect horse battery\n")
    assert done.returncode == 0, done.stderr
    with Store(store) as opened:
        assert opened.sign_in("anna", "correct horse battery") == "anna"
        with pytest.raises(SignInError):
            opened.sign_in("anna", "correct horse batter")


@pytest.mark.parametrize(
    "stdin, message", [("one password\nanother one\n", "verschillen"), ("short\nshort\n", "te kort")]
)
def test_admin_add_refuses_with_one_line_and_keeps_nothing(store_location, stdin, message):
    store = store_location
    done = reisatlas(store, "admin", "add", "anna", stdin=stdin)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    with Store(store) as opened:
        assert opened.accounts() == []


@pytest.mark.slow  # several CLI processes, each starting Python
def test_export_then_import_restores_the_store(tmp_path, store_location):
    store, backup = store_location, tmp_path / "backup.sqlite"
    reisatlas(store, "admin", "add", "anna", stdin="correct horse battery\ncorrect horse battery\n")
    assert reisatlas(store, "store", "export", str(backup)).returncode == 0
    reisatlas(store, "admin", "add", "bob", stdin="another good one\nanother good one\n")
    done = reisatlas(store, "store", "import", str(backup))
    assert done.returncode == 0, done.stderr
    with Store(store) as opened:
        assert opened.accounts() == ["anna"]


def test_import_of_something_else_is_refused_and_changes_nothing(tmp_path, store_location):
    store, junk = store_location, tmp_path / "junk.sqlite"
    reisatlas(store, "admin", "add", "anna", stdin="correct horse battery\ncorrect horse battery\n")
    junk.write_bytes(os.urandom(8192))
    done = reisatlas(store, "store", "import", str(junk))
    assert done.returncode == 2 and str(junk) in done.stderr and "Traceback" not in done.stderr
    with Store(store) as opened:
        assert opened.accounts() == ["anna"]


@pytest.mark.parametrize(
    "form", ["postgres:/x", "mysql://atlas@db.example/reisatlas", "postgresql:", "postgresql:/atlas@db/reisatlas"]
)
def test_an_unknown_store_form_is_refused_in_one_line_and_never_made_a_folder(tmp_path, form):
    done = reisatlas(form, "admin", "add", "anna", stdin=PASSWORDS, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"reisatlas: error: REISATLAS_STORE {form!r} is geen pad en geen postgresql://-adres"
    ]
    assert list(tmp_path.iterdir()) == []  # no folder "postgres:" or "mysql:" in the working folder


def test_a_password_in_a_refused_form_is_not_repeated(tmp_path):
    done = reisatlas("mysql://atlas:geheim@db.example/reisatlas", "store", "export", "x.sqlite", cwd=tmp_path)
    assert done.returncode == 2 and "geheim" not in done.stderr and "atlas:***@db.example" in done.stderr


def test_an_unreachable_server_gets_one_line_naming_it(tmp_path):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = reisatlas(f"postgresql://atlas:geheim@127.0.0.1:{port}/reisatlas", "admin", "add", "anna", stdin=PASSWORDS)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "geheim" not in done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(
        f"reisatlas: error: de opslag op postgresql://atlas@127.0.0.1:{port}/reisatlas is niet bereikbaar ("
    ), line


def test_a_database_the_server_does_not_have_gets_one_line(postgres_cluster):
    done = reisatlas(postgres_cluster.address("no_such_store"), "admin", "add", "anna", stdin=PASSWORDS)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert f"127.0.0.1:{postgres_cluster.port}/no_such_store" in line and 'database "no_such_store"' in line, line


@pytest.mark.slow  # several CLI processes, each starting Python
def test_a_store_moves_from_sqlite_to_postgresql_and_back(tmp_path, postgres_cluster):
    file, server, back = tmp_path / "store.sqlite", postgres_cluster.new_database(), tmp_path / "back.sqlite"
    with Store(file) as opened:
        opened.add_account("anna", "correct horse battery")
        document = opened.add_document("v1.txt", b"Werkbezoek Gent (Belgie)\n", "anna")
        opened.set_status(document.id, "published", "anna")
        opened.save_correction(document.key, "k1", "themes", ["haven"], "anna", expected_version=0)
        opened.save_place("Gent", "BE", 51.05, 3.72, "", "anna")
    moved = tmp_path / "moved.sqlite"
    assert reisatlas(file, "store", "export", str(moved)).returncode == 0
    done = reisatlas(server, "store", "import", str(moved))
    assert done.returncode == 0 and done.stderr.strip().endswith(f"/{server.rsplit('/', 1)[1]} restored from {moved}")
    with Store(server) as opened:
        assert opened.sign_in("anna", "correct horse battery") == "anna"
        assert [(d.name, d.status) for d in opened.documents()] == [("v1.txt", "published")]
        assert opened.content(1) == b"Werkbezoek Gent (Belgie)\n"
        assert opened.correction(document.key, "k1", "themes").value == ["haven"]
        assert [(p.name, p.lat) for p in opened.places()] == [("Gent", 51.05)]
        saved = opened.add_document("v2.txt", b"Werkbezoek Gent (Belgie)\n2\n", "anna")
        assert saved.id == 2  # the ids go on after the imported ones
        history = len(opened.history())
    home = tmp_path / "home.sqlite"
    assert reisatlas(server, "store", "export", str(home)).returncode == 0
    assert reisatlas(back, "store", "import", str(home)).returncode == 0
    with Store(back) as opened:
        assert [d.name for d in opened.documents()] == ["v1.txt", "v2.txt"] and len(opened.history()) == history
        assert opened.sign_in("anna", "correct horse battery") == "anna"


@pytest.mark.parametrize("form", ["mysql://atlas@db.example/reisatlas", "postgresql://atlas:geheim@127.0.0.1:{port}/x"])
def test_the_app_refuses_to_start_on_a_store_it_cannot_use_in_one_line(tmp_path, form):
    """``streamlit run ui/server.py`` imports ui/server.py first: there the store is opened once."""
    import socket
    from pathlib import Path

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "REISATLAS_STORE": form.format(port=port), "PYTHONPATH": str(root)}
    code = "import runpy; runpy.run_path('ui/server.py', run_name='server')"
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "geheim" not in done.stderr
    [line] = done.stderr.splitlines()
    named = "'mysql://atlas@db.example/reisatlas' is geen pad" if "mysql" in form else f"127.0.0.1:{port}/x is niet"
    assert line.startswith("reisatlas: error: ") and named in line, line
