"""Each day beside the household's own comparable days: its expected energy and z-score."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl
from numpy.lib.stride_tricks import sliding_window_view

from analysis.anomalies.temperatures import with_temperatures
from analysis.anomalies.thresholds import THRESHOLDS

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable


def comparable(
    daily: pl.DataFrame,
    *,
    skip: set[dt.date] | None = None,
    away: set[dt.date] | None = None,
    temperatures: pl.DataFrame | None = None,
    correction: Literal["temperature", "none"] = "temperature",
    by: str | None = None,
    only: pl.Series | None = None,
) -> pl.DataFrame:
    """Each day beside the household's own comparable days.

    A day is compared with the occupied days of its kind (weekday / weekend) within
    ±``window_days`` (twice as far when fewer than ``min_reference_days`` are that close);
    a home empty most of the time (a second home) has too few, and a day there is compared
    with the empty days around it. The comparison is a line of energy against heating
    degree-days, then against cooling degree-days, fitted on those days (each only when
    they spread enough), so a cold snap or a heat wave is not an anomaly. ``skip`` days
    (zero days, partial days) are neither judged nor references; ``away`` days are
    references only, never judged. ``correction="none"`` compares plain energies.

    Returns the judged days of ``daily`` with ``expected`` and ``excess`` [kWh] and
    ``score`` (robust z-score; NaN where a day could not be judged). With ``by`` (a column
    of ``daily``: the part of the day), each of its values is a series of its own, compared
    only within itself (all in one pass, each on a calendar of its own); sorted by
    ``by``, then day. With ``only`` (days), just those days are judged and returned: the
    others are still references, and the figures of the days returned are the same.
    """
    d = daily.filter(
        (pl.col("coverage") >= 0.95) & (pl.col("kwh") > 0) & ~pl.col("day").is_in(list(skip or ()))
    ).with_columns(
        weekend=pl.col("day_type") != "weekday",
        away=pl.col("day").is_in(list(away or ())),
    )
    if correction == "none":  # (no temperature looked up: none is used)
        d = d.sort(*([by] if by else []), "day").with_columns(
            tmean_c=pl.lit(None, dtype=pl.Float64), hdd=pl.lit(0.0), cdd=pl.lit(0.0)
        )
    elif by is None:
        d = with_temperatures(d, temperatures)
    else:
        degrees = with_temperatures(d.select("day").unique(), temperatures)
        d = d.join(degrees, on="day", how="left").sort(by, "day")
    if d.height == 0:
        return d.with_columns(expected=pl.lit(0.0), excess=pl.lit(0.0), score=pl.lit(0.0))
    asked = None if only is None else d["day"].is_in(only.implode())
    # Each series (part of the day) on a calendar of its own.
    series = (
        d[by].rank("dense").cast(pl.Int64).to_numpy() - 1
        if by is not None
        else np.zeros(d.height, dtype=np.int64)
    )
    expected, excess, score = _robust_expectation(
        series,
        d["day"].to_numpy().astype("datetime64[D]").astype(np.int64),
        d["kwh"].to_numpy(),
        d["hdd"].to_numpy(),
        d["cdd"].to_numpy(),
        d["weekend"].to_numpy(),
        d["away"].to_numpy(),
        None if asked is None else asked.to_numpy(),
    )
    judged = d.with_columns(
        expected=pl.Series(expected), excess=pl.Series(excess), score=pl.Series(score)
    ).with_columns(pl.col("expected", "excess", "score").fill_nan(None))
    return judged if asked is None else judged.filter(asked)


REFERENCES = ((True, 1), (True, 2), (False, 1))
"""The reference days of a day, in order of preference: (occupied days only, how many
``window_days`` away). The first choice with ``min_reference_days`` days is taken."""


def _robust_expectation(
    series: npt.NDArray[np.int64],
    ordinal: npt.NDArray[np.int64],
    kwh: npt.NDArray[np.float64],
    hdd: npt.NDArray[np.float64],
    cdd: npt.NDArray[np.float64],
    weekend: npt.NDArray[np.bool_],
    empty: npt.NDArray[np.bool_],
    judged: npt.NDArray[np.bool_] | None = None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Each day's expected energy from its reference days, its excess, its robust z-score.

    ``series`` numbers the series (0, 1, …) a day belongs to, ``ordinal`` is its day
    (days since 1970). Returns ``expected`` and ``excess`` [kWh] and the modified z-score
    ``0.6745 · excess / MAD`` per day (NaN where a day has too few references or is
    itself an empty day, or not ``judged``: all are when None).

    The reference counts and the two degree-day lines are least squares from sums over
    each day's window, taken as differences of running sums on a dense calendar (one
    row per series): linear in the days. Only the medians (level and spread of what the
    lines leave) need each day's reference values side by side: a matrix of days ×
    neighbours for each kind of reference set, as wide as its window (the one-window
    sets, most days, half as wide as the two-window ones). A hundred years of four day
    parts took 2.5 s with every figure from the 84-wide matrix; the running sums of a
    series depend on its own days only, so a series alone gets the same figures.
    """
    th = THRESHOLDS
    w, least = int(th.window_days), int(th.min_reference_days)
    pad = 2 * w  # no window reaches past its series' calendar
    first = int(ordinal.min())
    stride = int(ordinal.max()) - first + 1 + 2 * pad
    blocks = int(series.max()) + 1
    at = series * stride + pad + (ordinal - first)  # each day on the dense calendar
    base = at + series  # the same day in the running sums (one more column per series)

    def dense(values: npt.NDArray[Any], fill: float) -> npt.NDArray[Any]:
        out = np.full(blocks * stride, fill, dtype=np.asarray(values).dtype)
        out[at] = values
        return out

    def sums(f: npt.NDArray[Any], reach: int, rows: npt.NDArray[np.intp]) -> npt.NDArray[Any]:
        """Σ ``f`` over the ±``reach`` days around each day of ``rows``, itself left out."""
        running = np.zeros((blocks, stride + 1), dtype=f.dtype)
        np.cumsum(f.reshape(blocks, stride), axis=1, out=running[:, 1:])
        c, i = running.ravel(), base[rows]
        out: npt.NDArray[Any] = (c[i] - c[i - reach]) + (c[i + reach + 1] - c[i + 1])
        return out

    present = dense(np.ones(at.size, dtype=bool), fill=False)
    y_all, h_all, c_all = dense(kwh, np.nan), dense(hdd, np.nan), dense(cdd, np.nan)
    weekend_all, empty_all = dense(weekend, fill=False), dense(empty, fill=False)

    def references(*, occupied_only: bool, kind: bool) -> npt.NDArray[np.bool_]:
        same: npt.NDArray[np.bool_] = present & (weekend_all == kind)
        return same & ~empty_all if occupied_only else same

    every = np.arange(at.size)
    counts = np.zeros((len(REFERENCES), at.size), dtype=np.int64)
    for k, (occupied_only, reach) in enumerate(REFERENCES):
        for kind in (False, True):
            rows = every[weekend == kind]
            counts[k, rows] = sums(
                references(occupied_only=occupied_only, kind=kind).astype(np.int64), reach * w, rows
            )
    pick = np.argmax(counts >= least, axis=0)
    usable = (counts[pick, every] >= least) & ~empty
    if judged is not None:  # (the others are references only: no matrix of theirs)
        usable &= judged

    level = np.full(at.size, np.nan)
    spread, heat, cool = level.copy(), np.zeros(at.size), np.zeros(at.size)
    for k, (occupied_only, reach) in enumerate(REFERENCES):
        for kind in (False, True):
            rows = every[usable & (pick == k) & (weekend == kind)]
            if rows.size:
                g = references(occupied_only=occupied_only, kind=kind)
                slope_h, slope_c = _lines(sums, g, reach * w, rows, y_all, h_all, c_all)
                span, days = reach * w, at[rows]
                # What the heating line leaves of each reference: y - heat · h, NaN where a
                # day is no reference (itself included) or lacks a figure. A row without a
                # line (most, in summer or without temperatures) is its energies as they are.
                left = _around(y_all, days, span)
                heated = np.flatnonzero(slope_h)
                if heated.size:
                    left[heated] -= slope_h[heated, None] * _around(h_all, days[heated], span)
                near = _around(g & ~np.isnan(y_all) & ~np.isnan(h_all), days, span)
                near[:, span] = False  # a day is not its own reference
                left[~near] = np.nan
                lined = np.flatnonzero(slope_c)
                with np.errstate(invalid="ignore"):
                    if lined.size:
                        # Keep a cooling line only if it explains the references (their
                        # robust spread drops): most homes do not cool, and a summer line
                        # through noise would move the expectation of every cool day.
                        cdd_w = _around(c_all, days[lined], span)
                        after = left[lined] - slope_c[lined, None] * cdd_w
                        useful = _row_mad(after) <= (1 - th.fit_gain) * _row_mad(left[lined])
                        slope_c[lined[~useful]] = 0.0
                    # Then what the cooling line leaves (nothing where it is unknown).
                    unknown = g & np.isnan(c_all)
                    if unknown.any():
                        left[_around(unknown, days, span)] = np.nan
                    if lined.size:
                        left[lined[useful]] = after[useful]
                    level[rows] = _row_median(left)
                    spread[rows] = _row_median(np.abs(left - level[rows, None]))
                heat[rows], cool[rows] = slope_h, slope_c
    expected = level + heat * hdd + cool * cdd
    mad = np.maximum.reduce(
        [np.nan_to_num(spread), np.full(at.size, th.mad_floor_kwh), th.mad_floor_share * expected]
    )
    excess = kwh - expected
    return expected, excess, 0.6745 * excess / mad


def _around(a: npt.NDArray[Any], at: npt.NDArray[np.intp], span: int) -> npt.NDArray[Any]:
    """The ±``span`` values of ``a`` around each position ``at``, its own included (a copy).

    Rows of a sliding window view: each row a copy of contiguous values, about twice as
    fast as gathering them by a matrix of positions.
    """
    out: npt.NDArray[Any] = sliding_window_view(a, 2 * span + 1)[at - span]
    return out


def _lines(
    sums: Callable[[npt.NDArray[Any], int, npt.NDArray[np.intp]], npt.NDArray[Any]],
    g: npt.NDArray[np.bool_],
    reach: int,
    rows: npt.NDArray[np.intp],
    y: npt.NDArray[np.float64],
    h: npt.NDArray[np.float64],
    c: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The heating slope [kWh per degree-day], then the cooling slope on what it leaves.

    Least squares over each row's references (``g``, within ±``reach`` days: ``sums``)
    that have the degree-days, the mean energy over all of them (as NumPy's nan-means
    over the reference matrix did); a line only where ``min_reference_days`` references
    have over ``fit_min_degree_days`` and their degree-days spread by as much; never
    negative. Dense calendars ``y`` [kWh], ``h`` and ``c`` (NaN where unknown).
    """
    th = THRESHOLDS
    least, low = int(th.min_reference_days), th.fit_min_degree_days

    def total(f: npt.NDArray[Any], mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
        return sums(np.where(mask, f, 0.0), reach, rows)

    def count(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        return sums(mask.astype(np.int64), reach, rows)

    def slope(
        sxy: npt.NDArray[np.float64],
        sxx: npt.NDArray[np.float64],
        n: npt.NDArray[np.int64],
        x: npt.NDArray[np.float64],
        mask: npt.NDArray[np.bool_],
    ) -> npt.NDArray[np.float64]:
        fits = (count(mask & (x > low)) >= least) & (np.sqrt(sxx / n) > low)
        out: npt.NDArray[np.float64] = np.where(
            fits, np.clip(np.nan_to_num(sxy / sxx), 0.0, None), 0.0
        )
        return out

    gh = g & ~np.isnan(h)
    gc = g & ~np.isnan(c)
    ghc = gh & ~np.isnan(c)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_h, s_h, s_hy = count(gh), total(h, gh), total(y, gh)
        mean_y, mean_h = total(y, g) / count(g), s_h / n_h
        sxx = total(h * h, gh) - n_h * mean_h**2
        sxy = total(h * y, gh) - mean_y * s_h - mean_h * s_hy + n_h * mean_h * mean_y
        heat = slope(sxy, sxx, n_h, h, gh)
        # What the heating line leaves: y - heat · h, over the references with both.
        n_c, n_hc, s_c = count(gc), count(ghc), total(c, gc)
        mean_c, mean_r = s_c / n_c, (s_hy - heat * s_h) / n_h
        cxx = total(c * c, gc) - n_c * mean_c**2
        s_r = total(y, ghc) - heat * total(h, ghc)
        s_cr = total(c * y, ghc) - heat * total(c * h, ghc)
        cxy = s_cr - mean_r * total(c, ghc) - mean_c * s_r + n_hc * mean_c * mean_r
        cool = slope(cxy, cxx, n_c, c, gc)
    return heat, cool


def _row_median(m: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Median of each row, NaNs left out (NaN for a row of NaNs).

    The same figures as ``np.nanmedian(m, axis=1)``, which for short rows goes through
    masked arrays and took 4 of the 12 s of a 100-year report: one sort (NaNs last)
    and the middle values taken by index.
    """
    ordered = np.sort(m, axis=1)
    n = np.count_nonzero(~np.isnan(m), axis=1)
    lo = np.clip((n - 1) // 2, 0, None)[:, None]
    hi = np.clip(n // 2, 0, m.shape[1] - 1)[:, None]
    middle = (np.take_along_axis(ordered, lo, 1) + np.take_along_axis(ordered, hi, 1)) / 2
    out: npt.NDArray[np.float64] = np.where(n > 0, middle[:, 0], np.nan)
    return out


def _row_mad(m: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Median absolute deviation of each row, NaNs left out."""
    centre = _row_median(m)[:, None]
    return _row_median(np.abs(m - centre))
