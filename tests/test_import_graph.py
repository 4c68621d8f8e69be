"""The one-way flow, proven on the source: no upward import and no import cycle.

Every module of the packages below is parsed with :mod:`ast` (nothing is imported) and
each ``import`` and ``from … import`` is resolved to the deepest module of the project it
names; imports inside functions and under ``if TYPE_CHECKING:`` count as well (a lazy
import hides a dependency, it does not remove it).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

import pytest

from tests.conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

PACKAGES = ("words", "ingest", "analysis", "document", "app", "sample_loadcurves", "bench")
"""The project's packages, whose modules the graph holds."""

FORBIDDEN: dict[str, frozenset[str]] = {
    "words": frozenset({"ingest", "analysis", "document", "app", "sample_loadcurves", "bench"}),
    "ingest": frozenset({"analysis", "document", "app", "sample_loadcurves", "bench"}),
    "analysis": frozenset({"document", "app", "sample_loadcurves", "bench"}),
    "document": frozenset({"app", "sample_loadcurves", "bench"}),
    "app": frozenset({"bench"}),
    "sample_loadcurves": frozenset({"document", "app", "bench"}),
}
"""What each package must not import: the flow is words → ingest → analysis → document and
app (the catalogue of sentences under all of them; the printed report beside the dashboard,
which shows it); the demo households are made from ingest's and analysis's reference data,
never the dashboard nor the report; only the benchmarks sit on top."""


def module_name(path: Path) -> str:
    """The dotted name of a module file under :data:`ROOT`."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of :data:`PACKAGES` by its dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def _deepest(name: str, known: dict[str, Path]) -> str | None:
    """The longest prefix of ``name`` that is a module of the project, or None."""
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in known:
            return candidate
    return None


def imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``module`` imports anywhere in its file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                stem = ".".join([*base, *([node.module] if node.module else [])])
            else:
                stem = node.module or ""
            # ``from a import b``: b is the module a.b when there is one, else a name in a.
            names.update(f"{stem}.{alias.name}" for alias in node.names)
    resolved = {_deepest(name, known) for name in names}
    return {m for m in resolved if m is not None and m != module}


def graph() -> dict[str, set[str]]:
    """Each project module and the project modules it imports."""
    known = modules()
    return {m: imports(m, p, known) for m, p in known.items()}


def upward(edges: dict[str, set[str]]) -> list[str]:
    """Every import against the flow, as ``importer -> imported``."""
    return sorted(
        f"{a} -> {b}"
        for a, targets in edges.items()
        for b in targets
        if b.split(".")[0] in FORBIDDEN.get(a.split(".")[0], frozenset())
    )


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(groups)


def test_the_graph_holds_every_package_and_sees_their_imports():
    edges = graph()
    assert {m.split(".")[0] for m in edges} == set(PACKAGES)
    assert len(edges) > 80
    assert "ingest.errors" in edges["ingest.read"]  # an absolute import
    assert "analysis.report" in edges["analysis.cli"]
    assert "analysis.cli" in edges["document.cli"]  # the report command reads as analysis does
    assert "words" in edges["ingest.formats.enedis_portal_xlsx"]  # ``from words import said``


def test_no_package_imports_one_above_it_in_the_flow():
    assert upward(graph()) == []


def test_no_modules_import_each_other_round_in_a_cycle():
    assert cycles(graph()) == []


@pytest.mark.parametrize(
    ("edges", "found"),
    [
        ({"ingest.a": {"analysis.b"}, "analysis.b": set()}, ["ingest.a -> analysis.b"]),
        ({"analysis.b": {"app.c"}, "app.c": {"analysis.b"}}, ["analysis.b -> app.c"]),
        ({"app.c": {"ingest.a", "analysis.b"}, "bench.d": {"app.c"}}, []),
        ({"words.w": {"ingest.a"}}, ["words.w -> ingest.a"]),
        (
            {"analysis.b": {"document.e"}, "document.e": {"app.c"}},
            ["analysis.b -> document.e", "document.e -> app.c"],
        ),
        ({"app.c": {"document.e"}, "document.e": {"analysis.b"}}, []),
    ],
)
def test_an_upward_import_is_named(edges, found):
    assert upward(edges) == found


def test_a_cycle_is_named_and_a_chain_is_not():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_a_relative_import_is_resolved_to_its_module(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    files = {
        "pkg/__init__.py": "from .sub import mod\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/mod.py": "from .. import other\nfrom . import sibling\n",
        "pkg/sub/sibling.py": "def f():\n    from pkg.sub.mod import g\n",
        "pkg/other.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    known = {
        "pkg": package / "__init__.py",
        "pkg.sub": package / "sub" / "__init__.py",
        "pkg.sub.mod": package / "sub" / "mod.py",
        "pkg.sub.sibling": package / "sub" / "sibling.py",
        "pkg.other": package / "other.py",
    }
    assert imports("pkg", known["pkg"], known) == {"pkg.sub.mod"}
    assert imports("pkg.sub.mod", known["pkg.sub.mod"], known) == {"pkg.other", "pkg.sub.sibling"}
    assert imports("pkg.sub.sibling", known["pkg.sub.sibling"], known) == {"pkg.sub.mod"}
