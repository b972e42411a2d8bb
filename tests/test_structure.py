"""The library's shape: no import cycle inside reisatlas/.

Every ``import`` and ``from … import`` of a reisatlas module counts, also one inside a function (a lazy import
hides a cycle from Python, not from a reader of the code). An import names the module it imports
(``from . import signals`` is ``reisatlas.readers.signals``; ``from .base import Reader`` is
``reisatlas.readers.base``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reisatlas"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Each module of the package → the modules of the package it imports."""
    modules = {module_name(path, package.parent): path for path in package.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                parts = here.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1]) if node.level else ""
                target = ".".join(filter(None, [base, node.module]))
                for alias in node.names:
                    inner = f"{target}.{alias.name}"
                    imported.add(inner if inner in modules else target)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
        graph[name] = {module for module in imported if module in modules and module != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """The groups of modules that import each other (strongly connected, more than one module), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(tuple(sorted(group)))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(found)


def test_the_cycle_finder_finds_a_lazy_import_cycle(tmp_path):
    package = tmp_path / "reisatlas"
    (package / "readers").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "text.py").write_text("")
    (package / "parsing.py").write_text("from . import text\n\n\ndef parse():\n    from .readers import read\n")
    (package / "readers" / "__init__.py").write_text("from ..text import fold\nfrom . import base\n")
    (package / "readers" / "base.py").write_text("from ..parsing import parse\n")
    graph = import_graph(package)
    assert graph["reisatlas.parsing"] == {"reisatlas.text", "reisatlas.readers"}
    assert cycles(graph) == [("reisatlas.parsing", "reisatlas.readers", "reisatlas.readers.base")]


def test_no_import_cycle_inside_reisatlas():
    assert cycles(import_graph()) == []


def test_parsing_and_the_readers_import_in_one_direction():
    graph = import_graph()
    readers = {module for module in graph if module.startswith("reisatlas.readers")}
    assert "reisatlas.readers" in graph["reisatlas.parsing"]
    assert not any("reisatlas.parsing" in graph[module] for module in readers)


LONGEST_MODULE = 500


def test_no_library_module_is_over_500_lines():
    """A module that grows past this has more than one job: split it along its seams (docs/architecture.md)."""
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert len(lengths) > 50
    assert {path: n for path, n in lengths.items() if n > LONGEST_MODULE} == {}


DRIVER_MODULES = {"reisatlas/store/connection.py", "reisatlas/store/dialects.py"}


def test_only_the_stores_connection_imports_a_database_driver():
    """SQLite and PostgreSQL are reached through reisatlas/store/connection.py and its dialects alone (the
    migrations of schema.py go through them too), so the aggregates stay the same over both backends."""
    import ast

    drivers = {"sqlite3", "psycopg"}
    found = set()
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(name.split(".")[0] in drivers for name in names):
                found.add(str(path.relative_to(ROOT)))
    assert found == DRIVER_MODULES
