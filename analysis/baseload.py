"""The always-on load ("talon"): what runs day and night whatever the household does.

Definition: for each night (00:00–06:00 local), the **lowest average power over
:data:`WINDOW_H` consecutive hours**. A fridge or freezer cycles in well under an hour, so
a two-hour mean holds its average draw (it runs all year, it is part of what is always
on), while any load that pauses for two hours in the night (a water heater, a car, a
dishwasher, a pump on a timer) is not always on and falls out. The household's figure is
the median of warm nights (mean temperature of the day at least :data:`WARM_MARGIN_C`
above the heating base, or June–August without temperatures), when no heating hides the
floor; without such nights, of all nights. Nights inside a rise reported as an anomaly
(cooling included) are left out by the report.

Why not the former estimator (the mean of the half-hours within 200 W of the night's
lowest): any load of less than 200 W that runs part of the night (a computer, a
dehumidifier, the fridge's on-phase counted more often than its off-phase) stays in, and
on the real curves of ../shared/real_exports it read 25–35 W above this definition
(edfcomparateur home: 265 W against 236 W). The strict floor estimators (a low
percentile of the night's half-hours, the night's lowest half-hour) read lower still,
by about a fridge's average draw, because they see only its off-phase
(tests/analysis/test_baseload.py pins the three on the real curves).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import polars as pl

from analysis.calendar import HOURS_PER_YEAR
from analysis.reference import HEATING_BASE_C, degree_days

WINDOW_H = 2
"""Hours over which the night's power is averaged before its lowest is taken: longer than
a fridge or freezer cycle (20–60 min), shorter than the night. [h]"""
NIGHT_HOURS = (0.0, 6.0)
"""The local hours searched for the floor. [h]"""
WARM_MONTHS = (6, 7, 8)
WARM_MARGIN_C = 2.5
"""How much warmer than the heating base a day must be for its night to count as warm:
the French mean is not the household's town, and nights are colder than the day's mean.
At the base itself, shoulder-season nights still heating put the floor 50–300 W high on
the sample households. [°C]"""
MIN_WARM_NIGHTS = 14
"""Fewer warm nights than this (two weeks) and the level is the median of all nights."""


def daily(prepared: pl.DataFrame, *, span: Literal["night", "day"] = "night") -> pl.DataFrame:
    """Always-on load per night, ``day`` and ``w`` [W] (the night that starts the day).

    The lowest mean power over :data:`WINDOW_H` hours fully covered by the curve; a night
    with no such stretch (a gap) has no row. With ``span="day"``, over the whole local
    day instead of the night: in a heated home the heating pauses in the warmest hours,
    so the day's floor follows the always-on load more closely than the night's (on the
    real guiEDF curve its day-to-day spread in December is 79 W against 358 W); the
    anomaly detector watches that one for lasting rises.
    """
    lo, hi = NIGHT_HOURS if span == "night" else (0.0, 24.0)
    return _lowest(_windows(prepared.filter((pl.col("hour") >= lo) & (pl.col("hour") < hi))))


def floors(prepared: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`daily` of the night and of the whole day, from one pass over the curve.

    A window ending at night holds only that night's intervals (it lies within its day),
    so the night's windows are the day's that end before :data:`NIGHT_HOURS` ends.
    """
    windows = _windows(prepared)
    lo, hi = NIGHT_HOURS
    night = windows.filter((pl.col("hour") >= lo) & (pl.col("hour") < hi))
    return _lowest(night), _lowest(windows)


def _windows(intervals: pl.DataFrame) -> pl.DataFrame:
    """The :data:`WINDOW_H` windows fully covered and within one day, by their last interval.

    ``day``, ``hour`` (of the last interval) and ``w`` [W], the window's mean power.

    A window holds the intervals starting in the :data:`WINDOW_H` hours up to its last
    (those after ``start - WINDOW_H``, found by a binary search over the sorted starts);
    its energy and minutes are differences of running sums, and it lies within one day
    when its first interval is of its last one's day. (Three rolling sums by time took
    three quarters of the floors of a hundred years.)
    """
    s = intervals if intervals["start"].is_sorted() else intervals.sort("start")
    t = s["start"].dt.epoch("us").to_numpy()
    span = WINDOW_H * 3600 * 10**6  # [µs]
    first = _first_after(t, t - span)  # each window's first interval
    wh = np.concatenate(([0.0], np.cumsum(s["wh"].to_numpy())))
    minutes = np.concatenate(([0], np.cumsum(s["minutes"].to_numpy())))
    last = np.arange(1, t.size + 1)
    day = s["day"].to_physical().to_numpy()
    full = WINDOW_H * 60
    keep = (minutes[last] - minutes[first] == full) & (day[first] == day)
    return (
        s.select("day", "hour")
        .filter(keep)
        .with_columns(w=pl.Series((wh[last] - wh[first])[keep] * 60 / full))
    )


def _first_after(t: np.ndarray, q: np.ndarray) -> np.ndarray:
    """For each ``q[i] < t[i]`` (both sorted), the first position in ``t`` after it.

    ``np.searchsorted(t, q, side="right")``, guessed first from the curve's usual step
    (``q`` is ``t`` moved back by a window) and searched only where the guess is wrong: a
    binary search of each of 100 years' 1.75 M intervals took 31 ms.
    """
    n = t.size
    if n < 2:
        return np.searchsorted(t, q, side="right")
    step = int(np.median(np.diff(t[: min(n, 1001)]))) or 1
    back = max(int((t[0] - q[0]) // step), 1)  # intervals in a window at that step
    guess = np.maximum(np.arange(1 - back, n + 1 - back), 0)  # never past i: t[i] > q[i]
    before = np.concatenate(([np.iinfo(t.dtype).min], t))  # before[g] = t[g - 1]
    wrong = (t[guess] <= q) | (before[guess] > q)
    if wrong.any():
        guess[wrong] = np.searchsorted(t, q[wrong], side="right")
    return guess


def _lowest(windows: pl.DataFrame) -> pl.DataFrame:
    """Per ``day``, the lowest ``w`` of its :func:`_windows`. [W]."""
    return windows.group_by("day").agg(pl.col("w").min()).sort("day")


def warm_nights(per_day: pl.DataFrame, temperatures: pl.DataFrame | None = None) -> pl.DataFrame:
    """The nights no heating can hide the floor: warm days, else summer months."""
    t = degree_days(temperatures).select("day", "tmean_c")
    known = per_day.join(t, on="day", how="inner")
    if known.height >= per_day.height * 0.8:
        warm = pl.col("tmean_c") >= HEATING_BASE_C + WARM_MARGIN_C
        return known.filter(warm).drop("tmean_c")
    return per_day.filter(pl.col("day").dt.month().is_in(WARM_MONTHS))


def level(per_day: pl.DataFrame, temperatures: pl.DataFrame | None = None) -> float:
    """The household's always-on load: median of warm nights, else of all nights. [W]."""
    warm = warm_nights(per_day, temperatures)
    chosen = warm if warm.height >= MIN_WARM_NIGHTS else per_day
    value = chosen["w"].median()
    return float(value) if isinstance(value, int | float) else 0.0


def trend(per_day: pl.DataFrame, *, window_days: int = 28) -> pl.DataFrame:
    """Rolling median of the nightly always-on load, ``day`` and ``w`` [W]."""
    return per_day.select(
        "day", w=pl.col("w").rolling_median(window_days, min_samples=window_days // 2)
    )


def kwh_per_year(w: float) -> float:
    """Energy of a constant load over an average year: 1 W → 8.766 kWh. [kWh]."""
    return w * HOURS_PER_YEAR / 1000
