"""Each day beside the household's own comparable days: its expected energy and z-score."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from analysis.anomalies.temperatures import with_temperatures
from analysis.anomalies.thresholds import THRESHOLDS

if TYPE_CHECKING:
    import datetime as dt

ONE_PASS_ROWS = 20_000
"""Day parts compared in one pass up to this many rows (13 years of four parts): a 3-year
report was 6 % faster so, but the 100-year file's window matrices (146,000 rows × 84 days)
took 300 MB more and 1-2 s longer than four passes of a quarter of the size."""


def comparable(
    daily: pl.DataFrame,
    *,
    skip: set[dt.date] | None = None,
    away: set[dt.date] | None = None,
    temperatures: pl.DataFrame | None = None,
    correction: Literal["temperature", "none"] = "temperature",
    by: str | None = None,
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
    only within itself, in one pass up to :data:`ONE_PASS_ROWS` rows; sorted by ``by``,
    then day.
    """
    if by is not None and daily.height > ONE_PASS_ROWS and daily[by].n_unique() > 1:
        # One pass while the window matrices stay small, else series by series.
        each = [
            comparable(
                one, skip=skip, away=away, temperatures=temperatures, correction=correction, by=by
            )
            for _, one in daily.group_by(by, maintain_order=True)
        ]
        return pl.concat(each).sort(by, "day")
    d = daily.filter(
        (pl.col("coverage") >= 0.95) & (pl.col("kwh") > 0) & ~pl.col("day").is_in(list(skip or ()))
    ).with_columns(
        weekend=pl.col("day_type") != "weekday",
        away=pl.col("day").is_in(list(away or ())),
    )
    if by is None:
        d = with_temperatures(d, temperatures)
    else:
        degrees = with_temperatures(d.select("day").unique(), temperatures)
        d = d.join(degrees, on="day", how="left").sort(by, "day")
    if correction == "none":
        d = d.with_columns(hdd=pl.lit(0.0), cdd=pl.lit(0.0))
    if d.height == 0:
        return d.with_columns(expected=pl.lit(0.0), excess=pl.lit(0.0), score=pl.lit(0.0))
    ordinal = d["day"].to_numpy().astype("datetime64[D]").astype(np.int64)
    if by is not None:
        # Each series on a calendar of its own, further apart than any window reaches.
        stride = int(ordinal.max() - ordinal.min()) + 4 * THRESHOLDS.window_days + 2
        ordinal = ordinal + stride * d[by].rank("dense").cast(pl.Int64).to_numpy()
    expected, excess, score = _robust_expectation(
        ordinal,
        d["kwh"].to_numpy(),
        d["hdd"].to_numpy(),
        d["cdd"].to_numpy(),
        d["weekend"].to_numpy(),
        d["away"].to_numpy(),
    )
    return d.with_columns(
        expected=pl.Series(expected), excess=pl.Series(excess), score=pl.Series(score)
    ).with_columns(pl.col("expected", "excess", "score").fill_nan(None))


def _robust_expectation(
    ordinal: npt.NDArray[np.int64],
    kwh: npt.NDArray[np.float64],
    hdd: npt.NDArray[np.float64],
    cdd: npt.NDArray[np.float64],
    weekend: npt.NDArray[np.bool_],
    empty: npt.NDArray[np.bool_],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Each day's expected energy from its reference days, its excess, its robust z-score.

    Returns ``expected`` and ``excess`` [kWh] and the modified z-score ``0.6745 · excess /
    MAD`` per day (NaN where a day has too few references or is itself an empty day).
    Vectorised over a (days × window) matrix on the dense calendar: three years take
    milliseconds.
    """
    w = int(THRESHOLDS.window_days)
    least = int(THRESHOLDS.min_reference_days)
    first = int(ordinal.min())
    size = int(ordinal.max()) - first + 1
    pos = ordinal - first

    def dense(values: npt.NDArray[Any], fill: float) -> npt.NDArray[Any]:
        out = np.full(size + 4 * w, fill, dtype=np.asarray(values).dtype)
        out[pos + 2 * w] = values
        return out

    present = dense(np.ones(pos.size, dtype=bool), fill=False)
    y_all = dense(kwh, np.nan)
    weekend_all, empty_all = dense(weekend, fill=False), dense(empty, fill=False)
    offsets = np.concatenate([np.arange(-2 * w, 0), np.arange(1, 2 * w + 1)])
    window = pos[:, None] + 2 * w + offsets[None, :]  # days × neighbours
    same = present[window] & (weekend_all[window] == weekend[:, None])
    close = np.abs(offsets)[None, :] <= w
    occupied = same & ~empty_all[window]
    choices = [occupied & close, occupied, same & close]  # in order of preference
    counts = np.stack([c.sum(axis=1) for c in choices])
    pick = np.argmax(counts >= least, axis=0)
    near = np.stack(choices)[pick, np.arange(pos.size)]
    usable = (counts[pick, np.arange(pos.size)] >= least) & ~empty
    # Rows that will not be judged get zeros, so no row is all NaN.
    y = np.where(usable[:, None], np.where(near, y_all[window], np.nan), 0.0)
    residual = y
    slopes = []
    for own, check in ((hdd, False), (cdd, True)):  # heating, then cooling on the rest
        x_all = dense(own, np.nan)
        x = np.where(usable[:, None], np.where(near, x_all[window], np.nan), 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            x_missing, r_missing = np.isnan(x), np.isnan(residual)
            dx = x - _row_nanmean(x, x_missing)
            dy = residual - _row_nanmean(residual, r_missing)
            sxx = np.where(x_missing, 0.0, dx * dx).sum(axis=1)
            sxy = np.where(x_missing | r_missing, 0.0, dx * dy).sum(axis=1)
            fitted = sxy / sxx
            # np.nanstd(x, axis=1): the same sum of squares over the same count.
            std = np.sqrt(sxx / (~x_missing).sum(axis=1, dtype=np.intp))
            fits = (np.count_nonzero(x > THRESHOLDS.fit_min_degree_days, axis=1) >= least) & (
                std > THRESHOLDS.fit_min_degree_days
            )
        slope = np.where(fits, np.clip(np.nan_to_num(fitted), 0.0, None), 0.0)
        if check:
            # Keep a cooling line only if it explains the references (their robust
            # spread drops): most homes do not cool, and a summer line through noise
            # would move the expectation of every cool day. Judged on the rows that
            # have a line (the others keep none).
            rows = np.flatnonzero(slope)
            with np.errstate(invalid="ignore"):
                after = residual[rows] - slope[rows, None] * x[rows]
                before_mad = _row_mad(residual[rows])
                useful = _row_mad(after) <= (1 - THRESHOLDS.fit_gain) * before_mad
            slope[rows[~useful]] = 0.0
        residual = residual - slope[:, None] * x
        slopes.append(slope)
    with np.errstate(invalid="ignore"):
        level = _row_median(residual)
        spread = _row_median(np.abs(residual - level[:, None]))
    expected = level + slopes[0] * hdd + slopes[1] * cdd
    mad = np.maximum.reduce(
        [
            np.nan_to_num(spread),
            np.full(pos.size, THRESHOLDS.mad_floor_kwh),
            THRESHOLDS.mad_floor_share * expected,
        ]
    )
    expected = np.where(usable, expected, np.nan)
    excess = np.where(usable, kwh - expected, np.nan)
    return expected, excess, 0.6745 * excess / mad


def _row_nanmean(
    m: npt.NDArray[np.float64], missing: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    """Mean of each row (a column), NaNs (``missing``) left out.

    ``np.nanmean(m, axis=1, keepdims=True)`` to the last bit, the mask taken once by the
    caller for several sums.

    NumPy's nan-functions each copy the matrix and find its NaNs again: five of them took
    1.3 of the 2.8 s the 100-year report spent here.
    """
    count = (~missing).sum(axis=1, dtype=np.intp, keepdims=True)
    mean: npt.NDArray[np.float64] = np.where(missing, 0.0, m).sum(axis=1, keepdims=True) / count
    return mean


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
