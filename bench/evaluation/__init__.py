"""The analysis against ground truth: simulated households, and events injected into real ones.

``python -m bench evaluation`` runs :func:`run`; the figures are made in
:mod:`bench.evaluation.simulated` and :mod:`bench.evaluation.real`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.evaluation.matching import COMPATIBLE, TOLERANCE
from bench.evaluation.real import (
    FRESH,
    HELD_OUT,
    REAL_COPIES,
    REAL_MAX_FLAGS_PER_YEAR,
    REAL_SEEDS,
    REAL_SETTINGS,
    RealScores,
    evaluate_real,
    run_real,
    untouched_flags,
)
from bench.evaluation.simulated import Scores, evaluate, run_simulated
from bench.evaluation.verified import VERIFIED, Verified

if TYPE_CHECKING:
    from bench.common import Result

__all__ = [
    "COMPATIBLE",
    "FRESH",
    "HELD_OUT",
    "REAL_COPIES",
    "REAL_MAX_FLAGS_PER_YEAR",
    "REAL_SEEDS",
    "REAL_SETTINGS",
    "TOLERANCE",
    "VERIFIED",
    "RealScores",
    "Scores",
    "Verified",
    "evaluate",
    "evaluate_real",
    "run",
    "run_real",
    "run_simulated",
    "untouched_flags",
]


def run(*, households: int = 72) -> list[Result]:
    """Both evaluations as benchmark rows: simulated households, then real backgrounds.

    The simulated targets are the analysis issue's, precision raised to issue 15's 0.85.
    """
    return run_simulated(households=households) + run_real()
