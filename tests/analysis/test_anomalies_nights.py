"""The candidate rises judged all at once equal each one judged alone, night by night."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from analysis import fit
from analysis.anomalies import nights as nt
from analysis.anomalies.thresholds import THRESHOLDS as TH


def _frame(rng: np.random.Generator, n: int, holes: float) -> pl.DataFrame:
    """Random nights: days with gaps, NaN weeks and temperatures, a floor with steps."""
    days = np.cumsum(1 + (rng.random(n) < holes) * rng.integers(1, 6, n))
    r = 100 + np.cumsum(rng.normal(0, 8, n)) + (rng.random(n) < 0.02) * 80

    def some_nan(x: np.ndarray, share: float) -> np.ndarray:
        return np.where(rng.random(x.size) < share, np.nan, x)

    tmean = some_nan(rng.normal(14, 7, n), 0.05)
    return pl.DataFrame(
        {
            "day": [dt.date(2000, 1, 1) + dt.timedelta(days=int(d)) for d in days],
            "r": some_nan(r, 0.02),
            "w": r + 5,
            "heat": np.clip(18 - tmean, 0, None) * 4,
            "hdd": some_nan(np.clip(18 - tmean, 0, None), 0.02),
            "tmean_c": tmean,
            "ref": np.where(rng.random(n) < 0.05, -np.inf, r - rng.normal(40, 30, n)),
            "ahead": r + rng.normal(30, 30, n),
            "around": some_nan(r + rng.normal(0, 20, n), 0.1),
        }
    ).with_columns(pl.col(pl.Float64).fill_nan(None))


def _end(x: nt.Nights, i: int, ref0: float, back: float, k: int) -> int:
    """The first night from ``i`` beginning ``k`` known nights down (the last k-1 are down)."""
    around = x.around
    for t in range(i, around.size - k + 1):
        week = around[t : t + k]
        if not np.isnan(week).any() and bool(np.all(week - ref0 < back)):
            return t
    return max(around.size - k + 1, i)


def _median(v: np.ndarray) -> float:
    v = v[~np.isnan(v)]
    return float(np.median(v)) if v.size else 0.0


def _mean(v: np.ndarray) -> float:
    v = v[~np.isnan(v)]
    return float(v.mean()) if v.size else 0.0


def _slope(x: np.ndarray, y: np.ndarray) -> float:
    if x.size < 3 or float(x.std()) <= TH.fit_min_degree_days:
        return 0.0
    return fit.slope(x, y)


@pytest.mark.parametrize("seed", range(12))
def test_each_candidate_judged_as_alone(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 400))
    s = _frame(rng, n, holes=float(rng.choice([0.0, 0.05, 0.3])))
    x = nt.Nights(s)
    starts = np.unique(rng.integers(0, n, int(rng.integers(1, 60))))
    shortest = int(rng.choice([1, 5, 10]))
    judged = x.judge(starts, shortest=shortest)
    follows, explains = x.follows_cold(judged), x.cold_explains(judged)
    kept = 0
    for i in starts.tolist():
        ref0 = float(x.ref[i])
        back = max(TH.step_w, (float(x.ahead[i]) - ref0) / 2)
        j = _end(x, i, ref0, back, int(TH.step_end_nights))
        if j == i or x.ordinal[j - 1] - x.ordinal[i] + 1 < shortest:
            assert i not in judged.start.tolist()
            continue
        c = kept
        kept += 1
        assert (judged.start[c], judged.stop[c]) == (i, j)
        before = int(np.searchsorted(x.ordinal, x.ordinal[i] - TH.step_reference_days))
        size = _median(x.r[i:j] - ref0)
        assert judged.size[c] == size
        assert judged.heated[c] == (_median(x.heat[i:j]) >= TH.step_w)
        during_c, before_c = x.tmean[i:j], x.tmean[before : i + 1]
        during_c, before_c = during_c[~np.isnan(during_c)], before_c[~np.isnan(before_c)]
        if during_c.size and before_c.size:
            assert judged.hot[c] == float((during_c >= TH.cooling_base_c).mean())
            assert judged.warmer[c] == pytest.approx(during_c.mean() - before_c.mean(), abs=1e-9)
        else:
            assert (judged.hot[c], judged.warmer[c]) == (0.0, 0.0)
        steeper = _slope(x.hdd[i:j], x.w[i:j]) - _slope(x.hdd[before:i], x.w[before:i])
        hdd = x.hdd[i:j][~np.isnan(x.hdd[i:j])]
        spread = float(hdd.std(ddof=1)) if hdd.size > 1 else 0.0
        assert follows[c] == (steeper * spread >= TH.cold_share * size)
        colder = _mean(x.tmean[before:i]) - _mean(x.tmean[i:j])
        warmed = _mean(x.weather[i:j]) - _mean(x.weather[before:i])
        assert explains[c] == (
            before == i or warmed >= TH.cold_share * size or colder >= TH.step_colder_c
        )
    assert kept == judged.start.size


def test_a_curve_shorter_than_the_end_window() -> None:
    """Fewer nights than ``step_end_nights``: every rise ends where it starts."""
    x = nt.Nights(_frame(np.random.default_rng(0), 3, holes=0.0))
    ends = x.ends(np.arange(3), np.zeros(3), np.full(3, 40.0), 5)
    assert ends.tolist() == [0, 1, 2]


def test_run_starts_allow_holes() -> None:
    s = _frame(np.random.default_rng(1), 12, holes=0.0)
    x = nt.Nights(s)
    flagged = np.zeros(12, dtype=bool)
    flagged[[1, 2, 5, 9, 10]] = True  # holes of 2 nights join, of 3 do not
    assert x.run_starts(flagged, max_hole=2).tolist() == [1, 9]
    assert x.run_starts(np.zeros(12, dtype=bool), max_hole=2).tolist() == []
