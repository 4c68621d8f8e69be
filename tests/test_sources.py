"""Every source a module cites is in the repository: docs/sources.md, by section."""

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGES = ("ingest", "analysis", "app", "document", "words", "sample_loadcurves", "bench")
OUTSIDE = re.compile(r"formats\.md|analytics\.md|field-2026|ARCHITECTURE\.md|shared/design")
CITED = re.compile(r"docs/sources\.md,\s+(.{0,40})")


def modules() -> list[Path]:
    return [p for name in PACKAGES for p in sorted((ROOT / name).rglob("*.py"))]


def test_no_module_cites_a_design_note_outside_the_repository():
    cited = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in modules()
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert cited == []


def test_every_section_cited_is_a_section_of_docs_sources():
    text = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^###\s+(.+)$", text, flags=re.MULTILINE))
    cited = {
        (m.group(1), p.name)
        for p in modules()
        for m in CITED.finditer(" ".join(p.read_text(encoding="utf-8").split()))
    }
    assert len(cited) > 20  # (the readers, the writers of samples, the methods)
    unknown = sorted(
        (s, f) for s, f in cited if not any(re.match(rf"{re.escape(t)}\b", s) for t in sections)
    )
    assert unknown == []
