"""Hostile inputs for the fuzz suite (tests/ingest/test_fuzz.py), made the same on every run.

Each :class:`Case` is one file: a seed changed one way, or a bomb made from nothing. Seeds
are the hand-made exports of tests/data and the real ones in ../shared/real_exports (read
from there, never copied). Random choices use :class:`random.Random` seeded by the seed's
name, so a case id always means the same bytes.

The cases are made in :mod:`.mutations` (each seed changed one way), :mod:`.targeted`
(values, dates and formulas put in one field) and :mod:`.bombs`; :mod:`.cases` says what a
case is and what its ``expect`` asks.
"""

from __future__ import annotations

from tests.fuzz_inputs.bombs import bomb_cases
from tests.fuzz_inputs.cases import Case, seeds
from tests.fuzz_inputs.mutations import seed_cases
from tests.fuzz_inputs.targeted import extreme_cases, formula_cases

__all__ = ["Case", "all_cases"]


def all_cases() -> list[Case]:
    """Every case, in a fixed order; ids are unique."""
    found = seeds()
    by_id = {s.id: s for s in found}
    cases = [c for s in found for c in seed_cases(s)]
    cases += [*extreme_cases(by_id), *formula_cases(by_id), *bomb_cases()]
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return cases
