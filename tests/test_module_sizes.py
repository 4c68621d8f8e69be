"""No module is over 400 lines: a module holds one thing, small enough to read whole."""

from __future__ import annotations

from tests.conftest import ROOT

LIMIT = 400
"""The most lines a module (source or test) may have."""


NOT_SOURCE = {"build", "out", "test-results", "node_modules"}
"""Folders of a checkout that hold no source of the project's own."""


def _modules() -> list[str]:
    found = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts[:-1]
        if any(p.startswith(".") or p in NOT_SOURCE or p.endswith(".egg-info") for p in parts):
            continue
        found.append(path.relative_to(ROOT).as_posix())
    return found


def test_no_module_is_over_400_lines():
    modules = _modules()
    assert len(modules) > 100  # the listing works: the project's modules are there
    sizes = {name: len((ROOT / name).read_text().splitlines()) for name in modules}
    over = sorted(f"{name}: {n} lines" for name, n in sizes.items() if n > LIMIT)
    assert not over, f"modules over {LIMIT} lines (split them by what they hold): {over}"
