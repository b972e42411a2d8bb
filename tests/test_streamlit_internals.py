"""Streamlit's and pydeck's internals in one module: the versions it was made for are the ones pinned and locked,
an untested version is refused at start-up with a message saying which, and no other file reaches in."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from apptest import APP, run_app
from packaging.requirements import Requirement
from packaging.version import Version
from streamlit.testing.v1 import AppTest

import ui.streamlit_internals as internals

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def locked(name: str) -> dict[str, Version]:
    """The exact versions a lock file pins, by normalised package name."""
    text = (ROOT / name).read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", text, flags=re.MULTILINE)
    return {re.sub(r"[-_.]+", "-", package).lower(): Version(number) for package, number in pins}


def requirements(*extras: str) -> list[Requirement]:
    found = [Requirement(line) for line in PROJECT["dependencies"]]
    return found + [Requirement(line) for extra in extras for line in PROJECT["optional-dependencies"][extra]]


@pytest.mark.parametrize("package", sorted(internals.MADE_FOR))
def test_pyproject_pins_the_minor_the_internals_were_made_for(package):
    [requirement] = [r for r in requirements() if r.name == package]
    made_for = Version(internals.MADE_FOR[package])
    after = f"{made_for.major}.{made_for.minor + 1}"
    assert sorted(str(s) for s in requirement.specifier) == sorted([f"<{after}", f">={made_for}"])


@pytest.mark.parametrize("lock, extras", [("requirements.lock", ()), ("requirements-test.lock", ("test",))])
def test_the_lock_files_hold_what_pyproject_asks_for(lock, extras):
    pins = locked(lock)
    for requirement in requirements(*extras):
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pins, f"{requirement.name} is not in {lock}: run `make lock`"
        assert requirement.specifier.contains(pins[name]), f"{lock} has {name} {pins[name]}; run `make lock`"
    for package, made_for in internals.MADE_FOR.items():
        assert str(pins[package]).startswith(made_for + ".")


def test_this_venv_has_the_tested_versions():
    assert internals.untested_versions() == []


FAKE_STREAMLIT = """
import importlib.metadata as metadata
real = metadata.version
metadata.version = lambda name: "1.70.0" if name == "streamlit" else real(name)
"""


def test_the_server_refuses_an_untested_streamlit_and_says_which(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(FAKE_STREAMLIT, encoding="utf-8")
    env = {"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin", "REISATLAS_OFFLINE": "1"}
    code = "import runpy; runpy.run_path('ui/server.py', run_name='server')"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Reisatlas is gemaakt voor streamlit 1.67, maar streamlit 1.70.0 is geïnstalleerd. Installeer de geteste "
        'versies (make run installeert ze uit requirements.lock), of zie README.md, "A new Streamlit".',
        "Reisatlas was made for streamlit 1.67, but streamlit 1.70.0 is installed. Install the tested versions "
        '(make run installs them from requirements.lock), or see README.md, "A new Streamlit".',
    ]


def test_app_py_started_otherwise_says_the_same_instead_of_a_traceback(monkeypatch):
    monkeypatch.setattr(internals, "installed_version", lambda package: "0.10.1" if package == "pydeck" else "1.67.0")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    assert [error.value for error in at.error] == [
        "Reisatlas is gemaakt voor pydeck 0.9, maar pydeck 0.10.1 is geïnstalleerd. Installeer de geteste versies "
        '(make run installeert ze uit requirements.lock), of zie README.md, "A new Streamlit".'
    ]
    assert not at.get("deck_gl_json_chart")  # nothing else drawn


# What only ui/streamlit_internals.py may say, and the library's pydeck touches its docstring names.
INTERNALS = [
    "PagesManager",
    "_visibility",
    "data-testid",
    "st-key-",
    "_tooltip",
    "has_jupyter_extra",
    "json_tools",
    "manifest_scanner",
]


def test_no_other_file_reaches_into_streamlit_or_pydeck():
    known = internals.__doc__
    places = {
        path.relative_to(ROOT).as_posix()
        for folder in ("ui", "pages", "reisatlas")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "streamlit_internals.py" and any(word in path.read_text(encoding="utf-8") for word in INTERNALS)
    }
    places |= {"app.py"} if any(word in (ROOT / "app.py").read_text(encoding="utf-8") for word in INTERNALS) else set()
    assert {place for place in places if place not in known} == set()


def test_a_new_app_under_test_reads_no_package_metadata_after_the_first(monkeypatch):
    """AppTest scans the installed packages for components for every new app under test; the conftest's
    ``scan_components_once`` lets the process scan once (each scan read every package's metadata)."""
    import importlib.metadata

    run_app({}, "pages/over.py")  # the process has scanned (this test may be its first)
    read = []
    own = importlib.metadata.distributions
    monkeypatch.setattr(importlib.metadata, "distributions", lambda *a, **k: read.append(1) or own(*a, **k))
    at = run_app({}, "pages/over.py")
    assert read == []
    assert at.title and not at.exception


# What Streamlit's frontend writes in an empty selectbox or multiselect (its placeholder), as Streamlit 1.67 does:
# "Choose options" with options, "No options to select" without (a document of one trip in Beheer's "join" list).
PLACEHOLDERS = ("Choose an option", "Choose options", "No options to select")


def test_streamlits_placeholders_are_said_in_dutch():
    import streamlit

    bundle = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("utils.*.js")
    )
    words = dict(internals.streamlit_words("nl"))
    for placeholder in PLACEHOLDERS:
        assert placeholder in bundle  # still Streamlit's words
        assert words.get(placeholder, placeholder) != placeholder, f"{placeholder!r} stays English in Dutch"
