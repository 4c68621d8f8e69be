"""Comparable days: their temperatures, their robust medians, parts in one pass or not."""

import datetime as dt
import warnings

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis import anomalies
from analysis.anomalies.comparable_days import _robust_expectation, _row_median
from analysis.anomalies.thresholds import THRESHOLDS
from analysis.curve import daily, prepare
from analysis.reference import degree_days
from ingest import read_export
from tests.analysis.anomalies_curves import GUIEDF
from tests.conftest import real_export_dir


def test_a_day_missing_from_the_temperatures_takes_its_neighbours():
    frame = pl.DataFrame({"day": [dt.date(2023, 2, 27), dt.date(2023, 2, 28)]})
    t = anomalies.with_temperatures(frame)
    shipped = degree_days().filter(pl.col("day") == dt.date(2023, 2, 28))
    assert shipped.height == 0  # the shipped series lacks it
    assert t["hdd"][1] > 5  # a cold day, not 0 degree-days


def test_row_medians_are_numpys_nanmedian_bit_for_bit():
    rng = np.random.default_rng(3)
    for width in (1, 2, 7, 84):
        m = rng.normal(size=(200, width))
        m[rng.random(m.shape) < 0.4] = np.nan
        m[0] = np.nan  # a row with no value at all
        with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning):
            expected = np.nanmedian(m, axis=1)
        np.testing.assert_array_equal(_row_median(m), expected)


@pytest.mark.real
def test_the_parts_of_the_day_compared_in_one_pass_are_each_part_compared_alone():
    folder = real_export_dir("enedis_portal_csv")
    parts = anomalies.day_parts(prepare(read_export(folder / GUIEDF).curve))
    together = anomalies.comparable(parts, by="part")
    for part in range(4):
        alone = anomalies.comparable(parts.filter(pl.col("part") == part))
        assert_frame_equal(
            together.filter(pl.col("part") == part), alone, check_exact=True, check_row_order=True
        )


def test_a_day_beyond_the_temperatures_takes_its_calendar_days_normal():
    # The shipped series ends in late November 2025: a summer of 2026 is compared at
    # summer's normal, not at the cold of the last known day.
    from analysis.reference import normals, temperatures

    last = temperatures()["day"].max()
    days = pl.DataFrame({"day": [last, dt.date(2026, 7, 14), dt.date(2026, 12, 1)]})
    got = anomalies.with_temperatures(days)
    july = normals().filter((pl.col("month") == 7) & (pl.col("dom") == 14))["normal_c"][0]
    assert got["tmean_c"][1] == pytest.approx(july)
    assert got["hdd"][1] < got["hdd"][0]  # a July day heats less than late November
    assert got["tmean_c"][0] == temperatures()["tmean_c"][-1]


def _reference_day(i, ordinal, kwh, hdd, cdd, weekend, empty):
    """One day's (expected, score) as the method reads, day by day (slow, plain)."""
    th = THRESHOLDS
    if empty[i]:
        return np.nan, np.nan
    gap = np.abs(ordinal - ordinal[i])
    same = (weekend == weekend[i]) & (gap > 0)
    w = th.window_days
    for chosen in (same & ~empty & (gap <= w), same & ~empty & (gap <= 2 * w), same & (gap <= w)):
        if chosen.sum() >= th.min_reference_days:
            break
    else:
        return np.nan, np.nan
    y = kwh[chosen]
    residual = y.copy()
    slopes = []
    for x, cooling in ((hdd[chosen], False), (cdd[chosen], True)):
        known, both = ~np.isnan(x), ~np.isnan(x) & ~np.isnan(residual)
        dx, dy = x - x[known].mean(), residual - residual[~np.isnan(residual)].mean()
        sxx, sxy = (dx[known] ** 2).sum(), (dx[both] * dy[both]).sum()
        fits = (x[known] > th.fit_min_degree_days).sum() >= th.min_reference_days
        fits = fits and np.sqrt(sxx / known.sum()) > th.fit_min_degree_days
        slope = max(sxy / sxx, 0.0) if fits else 0.0
        if cooling and slope:
            after = residual - slope * x
            mad = [np.nanmedian(np.abs(v - np.nanmedian(v))) for v in (after, residual)]
            slope = slope if mad[0] <= (1 - th.fit_gain) * mad[1] else 0.0
        residual = residual - slope * x
        slopes.append(slope)
    level = np.nanmedian(residual)
    spread = np.nanmedian(np.abs(residual - level))
    expected = level + slopes[0] * hdd[i] + slopes[1] * cdd[i]
    mad = max(np.nan_to_num(spread), th.mad_floor_kwh, th.mad_floor_share * expected)
    return expected, 0.6745 * (kwh[i] - expected) / mad


@pytest.mark.parametrize("seed", range(6))
def test_expectations_from_running_sums_are_the_day_by_day_method(seed):
    # Weather-driven days, unknown degree-days, weekends and empty days (a second home
    # in some seeds): the vectorised figures are the plain method's, day by day.
    rng = np.random.default_rng(seed)
    n = int(rng.integers(40, 400))
    ordinal = np.sort(rng.choice(np.arange(19_000, 19_000 + 2 * n), n, replace=False))
    season = np.sin(ordinal / 58.0)
    hdd = np.maximum(0, 12 * season + rng.normal(0, 2, n))
    cdd = np.maximum(0, -6 * season + rng.normal(0, 1, n))
    kwh = rng.gamma(3, 4, n) + 1.3 * hdd + 0.8 * cdd
    hdd[rng.random(n) < 0.05] = np.nan
    cdd[rng.random(n) < 0.05] = np.nan
    weekend = rng.random(n) < 0.3
    empty = rng.random(n) < (0.0, 0.1, 0.7)[seed % 3]
    got_expected, _, got_score = _robust_expectation(
        np.zeros(n, dtype=np.int64), ordinal, kwh, hdd, cdd, weekend, empty
    )
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN medians
        want = np.array(
            [_reference_day(i, ordinal, kwh, hdd, cdd, weekend, empty) for i in range(n)]
        )
    np.testing.assert_allclose(got_expected, want[:, 0], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got_score, want[:, 1], rtol=1e-9, atol=1e-9)
    assert np.isfinite(got_score).sum() > n // 4  # most days were judged


@pytest.mark.real
@pytest.mark.parametrize("by", [None, "part"])
def test_only_the_asked_days_judged_are_judged_as_among_all(by):
    # The others stay references: the days asked come back with the same figures, bit
    # for bit, as when every day is judged (absences and parts of the day ask for few).
    folder = real_export_dir("enedis_portal_csv")
    prepared = prepare(read_export(folder / GUIEDF).curve)
    days = anomalies.day_parts(prepared) if by else daily(prepared)
    every = anomalies.comparable(days, by=by)
    asked = every["day"].unique().sort().gather_every(7)
    some = anomalies.comparable(days, by=by, only=asked)
    assert some.height == every.filter(pl.col("day").is_in(asked.implode())).height > 40
    assert_frame_equal(some, every.filter(pl.col("day").is_in(asked.implode())), check_exact=True)
