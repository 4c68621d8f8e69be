"""Straight lines fitted by least squares, in closed form.

Not through NumPy's ``polyfit`` or ``linalg.lstsq``: they call OpenBLAS, whose threads
then spin for a while after each call, taking a core from Polars. On this two-core
machine they took 14 % of the CPU of a 100-year report (``perf``: ``blas_thread_server``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def slope(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> float:
    """The least-squares slope ``b`` of ``y = a + b·x`` [y's unit per x's unit].

    ``Σ (x − x̄)(y − ȳ) / Σ (x − x̄)²``; 0 when ``x`` does not vary (no line to fit).
    """
    if x.size < 2:
        return 0.0
    dx = x - x.mean()
    spread = float(np.sum(dx * dx))
    return float(np.sum(dx * (y - y.mean()))) / spread if spread else 0.0
