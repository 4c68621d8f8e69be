"""The nights a rise of the always-on load is judged on, as arrays (see :mod:`.steps`).

Every candidate rise is judged at once: its end, its warmth, its size and whether the
cold explains it are the same whatever the rises before it, so they are computed for all
candidates together over index ranges (a hundred years hold some 3,000 candidates, a
Python loop of NumPy calls over them took 0.1 s). Only the choice between them, which
depends on the rise before, is left to :func:`.steps._rises`'s loop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from analysis.anomalies.thresholds import THRESHOLDS

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Judged:
    """The candidate rises starting at nights ``start``, each judged alone (index arrays)."""

    start: Ints
    """The index of each candidate's first night."""
    stop: Ints
    """The index after its last night (see :meth:`Nights.ends`)."""
    before: Ints
    """The index of the first night of the four weeks before it."""
    size: Floats
    """The median rise of its nights over the level before it. [W]"""
    hot: Floats
    """The share of its nights that are hot (``cooling_base_c``). [0-1]"""
    warmer: Floats
    """How much warmer its nights are than the four weeks before. [°C]"""
    heated: Bools
    """Whether heating adds ``step_w`` or more to its nights' floor (median)."""


class Nights:
    """The nights of :func:`.steps._rises` as arrays, sorted by day, one row per day."""

    def __init__(self, s: pl.DataFrame) -> None:
        def column(name: str) -> Floats:
            return s[name].cast(pl.Float64).fill_null(np.nan).to_numpy()

        self.ordinal: Ints = s["day"].cast(pl.Int64).to_numpy()
        """Each night's day, as days since 1970-01-01 (as Polars stores a date)."""
        self.r, self.w, self.heat = column("r"), column("w"), column("heat")
        # The heating line's part of the floor, kept when ``r`` is the floor uncorrected.
        self.weather = column("weather") if "weather" in s.columns else self.heat
        self.hdd, self.tmean = column("hdd"), column("tmean_c")
        self.ref, self.ahead, self.around = column("ref"), column("ahead"), column("around")

    def day(self, i: int) -> dt.date:
        """The day of night ``i``."""
        return _EPOCH + dt.timedelta(days=int(self.ordinal[i]))

    def run_starts(self, flagged: Bools, max_hole: int) -> Ints:
        """The first night of each run of flagged nights, holes of ``max_hole`` days allowed."""
        at = np.flatnonzero(flagged)
        days = self.ordinal[at]
        first = np.ones(at.size, dtype=np.bool_)
        first[1:] = np.diff(days) > max_hole + 1
        return at[first]

    def judge(self, start: Ints, *, shortest: int) -> Judged:
        """The candidate rises from nights ``start`` lasting ``shortest`` nights or more."""
        th = THRESHOLDS
        ref0 = self.ref[start]
        back = np.maximum(th.step_w, (self.ahead[start] - ref0) / 2)
        stop = self.ends(start, ref0, back, int(th.step_end_nights))
        last = np.maximum(stop - 1, start)
        long = (stop > start) & (self.ordinal[last] - self.ordinal[start] + 1 >= shortest)
        start, stop, ref0 = start[long], stop[long], ref0[long]
        week_before = np.searchsorted(self.ordinal, self.ordinal[start] - th.step_reference_days)
        # Warmth: the nights against the four weeks before, their first night included.
        during_c, n_during = _means(self.tmean, start, stop)
        before_c, n_before = _means(self.tmean, week_before, start + 1)
        hot_nights = np.where(np.isnan(self.tmean), np.nan, self.tmean >= th.cooling_base_c)
        hot, _ = _means(hot_nights, start, stop)
        known = (n_during > 0) & (n_before > 0)
        rise = np.repeat(ref0, stop - start)
        return Judged(
            start=start,
            stop=stop,
            before=week_before,
            size=_medians(self.r, start, stop, minus=rise),
            hot=np.where(known, hot, 0.0),
            warmer=np.where(known, during_c - before_c, 0.0),
            heated=_medians(self.heat, start, stop) >= th.step_w,
        )

    def ends(self, start: Ints, ref0: Floats, back: Floats, k: int) -> Ints:
        """The index after the last night of each rise from nights ``start``.

        A rise stops before the first ``k`` nights in a row whose week (``around``) is
        less than ``back`` above ``ref0``; a night without a week (null) is not down,
        and the last ``k - 1`` nights count as down.

        Each window of ``k`` nights is down when its highest week is; the first such
        window after each start is found by halving jumps over a table of the windows'
        least highs over 1, 2, 4 … windows (a sparse table), for all starts at once.
        """
        total = self.around.size
        week = np.where(np.isnan(self.around), np.inf, self.around)
        high = np.full(total + 1, np.inf)  # high[t]: the highest week of nights t … t+k-1
        if total >= k:
            high[: total - k + 1] = np.lib.stride_tricks.sliding_window_view(week, k).max(axis=1)
        tables = [high]
        width = 1
        while width < total + 1:
            prev = tables[-1]
            tables.append(np.minimum(prev, prev[np.minimum(np.arange(total + 1) + width, total)]))
            width *= 2
        at = start.copy()
        for level in range(len(tables) - 1, -1, -1):
            # x - r keeps the order of x, so a window's highest week is down exactly when
            # each of its weeks is.
            none_down = ~(tables[level][np.minimum(at, total)] - ref0 < back)
            at = np.where(none_down, at + (1 << level), at)
        return np.minimum(at, np.maximum(total - k + 1, start))

    def follows_cold(self, judged: Judged) -> Bools:
        """Whether each rise grows with the cold: heating switched on or up, not an appliance.

        Heating switched on or turned up gives more heat per degree than in the weeks
        before. Over the rise's nights the floor is fitted against heating degree-days,
        and so over the four weeks before; True when the steeper slope, across one
        standard deviation of the rise's degree-days, explains at least ``cold_share`` of
        the rise. An appliance adds the same watts on a mild night as on a cold one and
        leaves the slope alone.
        """
        th = THRESHOLDS
        start, stop, before = judged.start, judged.stop, judged.before
        steeper = self._slopes(start, stop) - self._slopes(before, start)
        spread = _spreads(self.hdd, start, stop)
        with np.errstate(invalid="ignore"):
            out: Bools = steeper * spread >= th.cold_share * judged.size
        return out

    def cold_explains(self, judged: Judged) -> Bools:
        """Whether the cold explains each rise of ``judged.size`` [W].

        Explained: its nights are colder than the four weeks before them, by enough that
        the heating line of :func:`.steps._without_heating` (``weather``) adds at least
        ``cold_share`` of the rise. A step in a spring a little colder than its March
        (real edfcomparateur curve, +121 W from 31 March) is no heating for it.
        """
        th = THRESHOLDS
        start, stop, before = judged.start, judged.stop, judged.before
        heat_before, _ = _means(self.weather, before, start)
        heat_during, _ = _means(self.weather, start, stop)
        colder_c = _means(self.tmean, before, start)[0] - _means(self.tmean, start, stop)[0]
        heated = heat_during - heat_before >= th.cold_share * judged.size
        out: Bools = (before == start) | heated | (colder_c >= th.step_colder_c)
        return out

    def _slopes(self, lo: Ints, hi: Ints) -> Floats:
        """The floor's least-squares slope against degree-days over each range [W/°C·day].

        As :func:`analysis.fit.slope`; 0 on fewer than 3 nights or degree-days that
        vary by ``fit_min_degree_days`` or less; NaN where a night lacks either.
        """
        seg, idx = _segments(lo, hi)
        n = (hi - lo).astype(np.float64)
        x, y = self.hdd[idx], self.w[idx]
        with np.errstate(invalid="ignore", divide="ignore"):
            dx = x - (np.bincount(seg, x, lo.size) / n)[seg]
            dy = y - (np.bincount(seg, y, lo.size) / n)[seg]
            spread = np.bincount(seg, dx * dx, lo.size)
            slope = np.where(spread != 0, np.bincount(seg, dx * dy, lo.size) / spread, 0.0)
            flat = (n < 3) | (np.sqrt(spread / n) <= THRESHOLDS.fit_min_degree_days)
        out: Floats = np.where(flat, 0.0, slope)
        return out


def _segments(lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
    """For the ranges [lo, hi): each element's range number and its index."""
    n = hi - lo
    seg = np.repeat(np.arange(lo.size), n)
    idx = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n - lo, n)
    return seg, idx


def _kept(values: Floats, lo: Ints, hi: Ints) -> tuple[Ints, Floats, Ints]:
    """The values of each range [lo, hi) that are not NaN, their range and count."""
    seg, idx = _segments(lo, hi)
    v = values[idx]
    keep = ~np.isnan(v)
    return seg[keep], v[keep], np.bincount(seg[keep], minlength=lo.size)


def _means(values: Floats, lo: Ints, hi: Ints) -> tuple[Floats, Ints]:
    """The mean of each range's values that are not NaN (0 when none is), and their count."""
    seg, v, count = _kept(values, lo, hi)
    total = np.bincount(seg, v, lo.size)
    return np.where(count > 0, total / np.maximum(count, 1), 0.0), count


def _medians(values: Floats, lo: Ints, hi: Ints, *, minus: Floats | None = None) -> Floats:
    """The median of each range's values (less ``minus``, one per value) not NaN; 0 if none.

    As ``np.median``: the middle value, or the mean of the two middle ones.
    """
    seg, idx = _segments(lo, hi)
    v = values[idx] if minus is None else values[idx] - minus
    keep = ~np.isnan(v)
    seg, v = seg[keep], v[keep]
    v = v[np.lexsort((v, seg))]
    count = np.bincount(seg, minlength=lo.size)
    first = np.cumsum(count) - count
    some = count > 0
    low = v[(first + (count - 1) // 2)[some]]
    high = v[(first + count // 2)[some]]
    out = np.zeros(lo.size)
    out[some] = (low + high) / 2
    return out


def _spreads(values: Floats, lo: Ints, hi: Ints) -> Floats:
    """The standard deviation (ddof 1) of each range's values not NaN; 0 below two."""
    seg, v, count = _kept(values, lo, hi)
    mean = np.bincount(seg, v, lo.size) / np.maximum(count, 1)
    squares = np.bincount(seg, (v - mean[seg]) ** 2, lo.size)
    out: Floats = np.where(count > 1, np.sqrt(squares / np.maximum(count - 1, 1)), 0.0)
    return out
