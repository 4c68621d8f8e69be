"""Least-squares lines in closed form, and a report that never calls BLAS."""

import numpy as np
import pytest

from analysis import fit
from analysis.report import analyse
from ingest import read_export
from tests.analysis.anomalies_curves import GUIEDF
from tests.conftest import real_export_dir


def test_the_slope_is_numpys_least_squares_slope():
    rng = np.random.default_rng(5)
    for n in (2, 3, 30, 10_000):
        x = rng.normal(5, 3, n)
        y = 2.5 * x + rng.normal(0, 1, n) + 40
        assert fit.slope(x, y) == pytest.approx(np.polyfit(x, y, 1)[0], rel=1e-9)
    assert fit.slope(np.full(5, 3.0), np.arange(5.0)) == 0.0  # no spread: no line
    assert fit.slope(np.array([1.0]), np.array([2.0])) == 0.0


@pytest.mark.real
def test_a_report_calls_no_blas_routine(monkeypatch):
    # OpenBLAS's threads spin after each call, taking a core from Polars (14 % of the CPU
    # of a 100-year report): the report keeps to closed forms and plain sums.
    def refused(*args, **kwargs):
        raise AssertionError("a BLAS routine was called")

    for name in ("dot", "vdot", "inner", "polyfit", "cov", "corrcoef", "tensordot"):
        monkeypatch.setattr(np, name, refused)
    monkeypatch.setattr(np.linalg, "lstsq", refused)
    monkeypatch.setattr(np.linalg, "solve", refused)
    curve = read_export(real_export_dir("enedis_portal_csv") / GUIEDF).curve
    report = analyse(curve)
    assert report.heating.found  # (the heating line was fitted: guiEDF heats electrically)
    assert report.costs
