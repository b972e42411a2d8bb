"""Reisatlas as ``pip install .`` leaves it: a wheel built from a copy of the checkout, installed (not editable)
into a fresh venv, and run from a folder that is not the checkout.

The wheel is built offline with this venv's setuptools (no build isolation: the suite needs no network); the
fresh venv sees the dependencies of this one through a ``.pth`` line, but not its editable Reisatlas.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
LEFT_OUT = shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__", ".pytest_cache", "bench")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The ``bin/`` of a fresh venv holding the wheel of this checkout, installed as a user would."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=LEFT_OUT)
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run([*build, "--wheel-dir", str(work / "wheels"), str(source)], check=True, timeout=300)
    [wheel] = (work / "wheels").glob("reisatlas-*.whl")
    env = work / "venv"
    venv.create(env, with_pip=False)
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(env), "platbase": str(env)}))
    (purelib / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    install = [sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install", "--quiet"]
    subprocess.run([*install, "--no-deps", "--no-index", str(wheel)], check=True, timeout=300)
    return env / "bin"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run([*args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd)


def test_the_installed_package_is_not_the_checkout(installed, tmp_path):
    where = run(str(installed / "python"), "-c", "import reisatlas; print(reisatlas.__file__)", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    package = Path(where.stdout.strip()).parent
    assert package.parent.name == "site-packages"
    assert ROOT not in package.parents


def test_parse_runs_from_another_folder(installed, tmp_path):
    document = tmp_path / SEED.name
    shutil.copyfile(SEED, document)
    result = run(str(installed / "reisatlas"), "parse", "--offline", document.name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    trips = json.loads(result.stdout)
    assert len(trips) == 7
    assert {stop["source"] for trip in trips for stop in trip["stops"]} >= {"reviewed", "gazetteer"}
    assert trips[0]["municipality"] == "Rotterdam"  # data/municipalities.csv, from the installed package


def test_the_data_travels_with_the_package(installed, tmp_path):
    script = "from reisatlas.paths import DATA; import sys; print(DATA.resolve())"
    result = run(str(installed / "python"), "-c", script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = Path(result.stdout.strip())
    assert ROOT not in data.parents
    names = {path.relative_to(data).as_posix() for path in data.rglob("*") if path.is_file()}
    assert {"texts.toml", "themes.toml", "places.csv", "municipalities.csv", "countries.geojson.md"} <= names
    assert any(name.startswith("vendor/deck.gl-") for name in names)
