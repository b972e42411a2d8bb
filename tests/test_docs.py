"""The README keeps up with the command line, the datasette way.

Fails when a subcommand that ``reisatlas --help`` shows, or a flag that the help of ``reisatlas`` or
any subcommand (``reisatlas parse --help`` …) shows, is not mentioned in README.md; when the README
lacks ``make run`` / ``make test``; and when a command or make target the README shows does not exist.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from reisatlas.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"


def help_text(*args: str) -> str:
    """What ``reisatlas *args --help`` prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main([*args, "--help"])
        except SystemExit:
            pass
    return out.getvalue()


def subcommands(text: str) -> list[str]:
    """The subcommands in a help text's usage line: ``{parse,geocode,export}``."""
    match = re.search(r"\{([\w,-]+)\}", text)
    return match[1].split(",") if match else []


def flags(text: str) -> list[str]:
    return sorted(set(re.findall(r"(?<![\w-])--[a-z][\w-]*", text)) - {"--help"})


TOP_HELP = help_text()
SUBCOMMANDS = subcommands(TOP_HELP)
FLAGS = sorted(
    {(None, flag) for flag in flags(TOP_HELP)} | {(c, flag) for c in SUBCOMMANDS for flag in flags(help_text(c))}
)


def read_readme() -> str:
    assert README.exists(), "README.md is missing: it must document `make run`, `make test` and the CLI"
    return README.read_text(encoding="utf-8")


def mentions_command(readme: str, command: str) -> bool:
    return re.search(rf"\breisatlas\s+{re.escape(command)}\b", readme) is not None


def mentions_flag(readme: str, flag: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", readme) is not None


def code(readme: str) -> list[str]:
    """Every line of code in the README: fenced blocks and inline spans."""
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", readme, flags=re.M | re.S)
    lines = [line for block in fenced for line in block.splitlines()]
    without_fences = re.sub(r"^```[^\n]*\n.*?^```", "", readme, flags=re.M | re.S)
    return lines + re.findall(r"`([^`\n]+)`", without_fences)


def shown_commands(readme: str) -> list[tuple[str, list[str]]]:
    """(subcommand, flags) of every ``reisatlas …`` command line the README shows."""
    found = []
    for line in code(readme):
        match = re.match(r"^\s*(?:\$\s*)?(?:\S*/)?reisatlas\s+(\S+)(.*)$", line)
        if match and not match[1].startswith("-"):
            found.append((match[1], re.findall(r"(?<![\w-])--[a-z][\w-]*", match[2])))
    return found


def test_help_really_lists_commands_and_flags():
    """Guards the tests below against passing on an empty list."""
    assert "parse" in SUBCOMMANDS and "geocode" in SUBCOMMANDS
    assert ("parse", "--offline") in FLAGS and ("geocode", "--country") in FLAGS


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_is_in_the_readme(command):
    assert mentions_command(read_readme(), command), f"README.md does not show `reisatlas {command}`"


@pytest.mark.parametrize("command, flag", FLAGS, ids=[f"{c or 'reisatlas'} {f}" for c, f in FLAGS])
def test_every_flag_is_in_the_readme(command, flag):
    assert mentions_flag(read_readme(), flag), f"README.md does not mention {flag} (of {command or 'reisatlas'})"


@pytest.mark.parametrize("target", ["run", "test"])
def test_readme_has_the_two_make_commands(target):
    assert re.search(rf"\bmake\s+{target}\b", read_readme()), f"README.md does not show `make {target}`"


def test_every_make_target_the_readme_shows_exists():
    targets = set(re.findall(r"^([\w-]+):", MAKEFILE.read_text(encoding="utf-8"), flags=re.M))
    shown = {target for line in code(read_readme()) for target in re.findall(r"\bmake[ \t]+([a-z][\w-]*)", line)}
    assert shown, "README.md shows no make command in code"
    assert shown <= targets, f"README.md shows make targets the Makefile lacks: {sorted(shown - targets)}"


def test_every_command_the_readme_shows_exists():
    known = {command: set(flags(help_text(command))) | set(flags(TOP_HELP)) for command in SUBCOMMANDS}
    shown = shown_commands(read_readme())
    assert shown, "README.md shows no `reisatlas …` command in code"
    for command, used in shown:
        assert command in known, f"README.md shows `reisatlas {command}`, which does not exist"
        assert set(used) <= known[command], f"`reisatlas {command}` has no {sorted(set(used) - known[command])}"


def test_the_checks_catch_what_they_should():
    """The helpers on a README written here, since the real one may still change."""
    sample = (
        "# Reisatlas\n\n```sh\nmake run\nmake test\n$ .venv/bin/reisatlas parse --offline seeds/*.txt\n```\n\n"
        "Check a place with `reisatlas geocode Botkyrka --country Zweden`. Not code: reisatlas is offline.\n"
    )
    assert mentions_command(sample, "parse") and mentions_command(sample, "geocode")
    assert not mentions_command(sample, "export")
    assert mentions_flag(sample, "--offline") and mentions_flag(sample, "--country")
    assert not mentions_flag(sample, "--out") and not mentions_flag(sample, "--off")
    assert shown_commands(sample) == [("parse", ["--offline"]), ("geocode", ["--country"])]


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def test_every_path_the_architecture_names_exists():
    """docs/architecture.md is the map of the code: a path it names in backticks that is gone fails here."""
    named = set(
        re.findall(r"`((?:reisatlas|ui|pages|tests|data|docs|bench)/[\w./-]*|app\.py)`", ARCHITECTURE.read_text())
    )
    assert len(named) > 40  # the page was read
    assert sorted(path for path in named if not (ROOT / path).exists()) == []


def test_the_architecture_names_every_library_module():
    """A module added to reisatlas/ gets its line on the map (its package's line counts for a package's modules
    only where the page names the package's modules one by one: the readers, the store, the map, geocoding)."""
    text = ARCHITECTURE.read_text()
    modules = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "reisatlas").rglob("*.py")
        if path.name != "__init__.py" and path.parent.name != "exports"
    )
    unnamed = [m for m in modules if not any(f"`{name}`" in text for name in (m, m.partition("/")[2], Path(m).name))]
    assert unnamed == []
