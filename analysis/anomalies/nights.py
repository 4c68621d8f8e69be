"""The nights a rise of the always-on load is judged on, as arrays (see :mod:`.steps`)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from analysis import fit
from analysis.anomalies.thresholds import THRESHOLDS


def median(values: npt.NDArray[np.float64], default: float = 0.0) -> float:
    """Median of the values that are not NaN; ``default`` when none is (as Polars' null)."""
    kept = values[~np.isnan(values)]
    return float(np.median(kept)) if kept.size else default


def _mean(values: npt.NDArray[np.float64], default: float = 0.0) -> float:
    kept = values[~np.isnan(values)]
    return float(kept.mean()) if kept.size else default


class Nights:
    """The nights of :func:`.steps._rises` as arrays, sorted by day, for work on index ranges.

    A rise is judged on a few slices of the nights; filtering the frame for each of a
    hundred years' candidates took seconds.
    """

    def __init__(self, s: pl.DataFrame) -> None:
        def column(name: str) -> npt.NDArray[np.float64]:
            return s[name].cast(pl.Float64).fill_null(np.nan).to_numpy()

        self.days: list[dt.date] = s["day"].to_list()
        # As int64, the type of the Python ints it is searched with: an int32 array was
        # cast anew on every search (8 µs against 1 µs over a hundred years of nights).
        self.ordinal = s["day"].cast(pl.Int64).to_numpy()
        self.r, self.w, self.heat = column("r"), column("w"), column("heat")
        # The heating line's part of the floor, kept when ``r`` is the floor uncorrected.
        self.weather = column("weather") if "weather" in s.columns else self.heat
        self.hdd, self.tmean = column("hdd"), column("tmean_c")
        self.ref, self.ahead, self.around = column("ref"), column("ahead"), column("around")

    def at(self, day: dt.date) -> int:
        """The index of ``day`` (or of the first night after it)."""
        return int(np.searchsorted(self.ordinal, _ordinal(day)))

    def span(self, first: dt.date, last: dt.date, *, last_included: bool = True) -> slice:
        """The nights from ``first`` to ``last``."""
        side: Literal["left", "right"] = "right" if last_included else "left"
        lo = int(np.searchsorted(self.ordinal, _ordinal(first)))
        return slice(lo, int(np.searchsorted(self.ordinal, _ordinal(last), side=side)))

    def end(self, i: int, ref0: float, back: float, k: int) -> int:
        """The index after the last night of a rise from night ``i``.

        The rise stops before the first ``k`` nights in a row whose week (``around``) is
        less than ``back`` above ``ref0``; a night without a week (null) is not down,
        and the last ``k - 1`` nights count as down.
        """
        # Looked for in growing stretches: a rise ends within weeks, and scanning every
        # night to the curve's end for each of a thousand candidates was quadratic.
        total, size = self.around.size, 64
        while True:
            stop = min(i + size + k, total)
            around = self.around[i:stop]
            known = ~np.isnan(around)
            low = (known & (around - ref0 < back)).astype(np.int64)
            n = low.size
            sums = np.cumsum(np.concatenate(([0], low)))
            seen = np.cumsum(np.concatenate(([0], known.astype(np.int64))))
            starts = np.arange(n)
            stops = np.minimum(starts + k, n)
            down = ((sums[stops] - sums[starts]) >= k) & (seen[stops] > seen[starts])
            if stop == total:
                down[max(n - (k - 1), 0) :] = True
            else:  # only the nights whose k nights are all in this stretch
                down[max(n - k + 1, 0) :] = False
            hit = np.flatnonzero(down)
            if hit.size or stop == total:
                return i + (int(hit[0]) if hit.size else n)
            size *= 4

    def follows_cold(self, a: dt.date, b: dt.date, size: float) -> bool:
        """Whether a rise grows with the cold: heating switched on or up, not an appliance.

        Heating switched on or turned up gives more heat per degree than in the weeks
        before. Over the rise's nights the floor is fitted against heating degree-days,
        and so over the four weeks before; True when the steeper slope, across one
        standard deviation of the rise's degree-days, explains at least ``cold_share`` of
        the rise. An appliance adds the same watts on a mild night as on a cold one and
        leaves the slope alone.
        """
        th = THRESHOLDS

        def slope(part: slice) -> float:
            x, y = self.hdd[part], self.w[part]
            if x.size < 3 or float(x.std()) <= th.fit_min_degree_days:
                return 0.0
            return fit.slope(x, y)

        during = self.span(a, b)
        start = a - dt.timedelta(days=th.step_reference_days)
        before = self.span(start, a, last_included=False)
        steeper = slope(during) - slope(before)
        hdd = self.hdd[during]
        hdd = hdd[~np.isnan(hdd)]
        spread = float(hdd.std(ddof=1)) if hdd.size > 1 else 0.0
        return steeper * spread >= th.cold_share * size

    def cold_explains(self, a: dt.date, b: dt.date, size: float) -> bool:
        """Whether the cold explains a rise of ``size`` [W] from the nights ``a``–``b``.

        Explained: its nights are colder than the four weeks before them, by enough that
        the heating line of :func:`.steps._without_heating` (``weather``) adds at least
        ``cold_share`` of the rise. A step in a spring a little colder than its March
        (real edfcomparateur curve, +121 W from 31 March) is no heating for it.
        """
        th = THRESHOLDS
        start = a - dt.timedelta(days=th.step_reference_days)
        before = self.weather[self.span(start, a, last_included=False)]
        during = self.weather[self.span(a, b)]
        if before.size == 0:
            return True
        t_before = self.tmean[self.span(start, a, last_included=False)]
        t_during = self.tmean[self.span(a, b)]
        colder_c = _mean(t_before) - _mean(t_during)
        return _mean(during) - _mean(before) >= th.cold_share * size or colder_c >= th.step_colder_c

    def warmth(self, a: dt.date, b: dt.date) -> tuple[float, float]:
        """How hot the nights ``a``–``b`` are.

        The share of hot days [0–1] and how much warmer they are than the four weeks
        before [°C]; (0, 0) without temperatures.
        """
        th = THRESHOLDS
        during = self.tmean[self.span(a, b)]
        during = during[~np.isnan(during)]
        before = self.tmean[self.span(a - dt.timedelta(days=th.step_reference_days), a)]
        before = before[~np.isnan(before)]
        if during.size == 0 or before.size == 0:
            return 0.0, 0.0
        hot = float((during >= th.cooling_base_c).mean())
        return hot, float(during.mean()) - float(before.mean())


def _ordinal(day: dt.date) -> int:
    """Days since 1970-01-01, as Polars stores a date."""
    return (day - dt.date(1970, 1, 1)).days
