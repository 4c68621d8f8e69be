"""A prepared curve's energy by local day and part of the day: what each option is priced from.

Every option's hours begin at one of a few minutes of the day: Tempo and EJP days at 6h,
Tempo's off-peak hours at 22h, EJP's peak hours at 7h and until 1h. The energy of each day
in each part between them is summed once; Base, Tempo and EJP are then priced from that
small table (five cells a day) at any power, not from each of a hundred years' 1.75 M
intervals again. HP/HC follows the household's own hours, which may begin at any minute
and change with the date or the season: it is split per interval, into peak and off-peak.
"""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt
import polars as pl

from analysis.tariffs.off_peak import OffPeak, minute_of_day

PART_STARTS = (0, 60, 6 * 60, 7 * 60, 22 * 60)
"""Where the parts of the day begin: 0h, 1h, 6h, 7h, 22h. [min]"""
BEFORE_SIX = np.array([True, True, False, False, False])
"""The parts before 6h, which belong to the previous Tempo (and EJP) day."""
TEMPO_OFF_PEAK = np.array([True, True, False, False, True])
"""The parts in Tempo's off-peak hours, 22h-6h."""
EJP_HOURS = np.array([True, False, False, True, True])
"""The parts in EJP's 18 peak hours, 7h-1h (on a peak day)."""

_PART_OF_MINUTE = np.searchsorted(np.array(PART_STARTS), np.arange(1440), side="right") - 1


class Usage:
    """The energy of a prepared curve (``day``, ``minute``, ``kwh``) by day and part of day.

    Row ``d`` of its tables is the local day ``first + d`` (days since 1970-01-01), from
    the curve's first day to its last. Each table is summed on first use.
    """

    def __init__(self, prepared: pl.DataFrame) -> None:
        self.prepared = prepared
        self.day: npt.NDArray[np.int64] = prepared["day"].cast(pl.Int64).to_numpy()
        """Each interval's local day, as days since 1970-01-01 (as Polars stores a date)."""
        self.first = int(self.day.min()) if self.day.size else 0
        """The first day (row 0). [days since 1970-01-01]"""
        self.n_days = int(self.day.max()) - self.first + 1 if self.day.size else 0

    @functools.cached_property
    def kwh(self) -> float:
        """The curve's energy [kWh]."""
        return float(self.prepared["kwh"].sum())

    @functools.cached_property
    def parts(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """Each day's energy in each part of :data:`PART_STARTS`, and whether one is seen.

        Two [days, 5] tables: the energy [kWh], and whether an interval begins in it.
        """
        minute = self.prepared.select(minute_of_day(self.prepared)).to_series().to_numpy()
        return self._sums(_PART_OF_MINUTE[minute], len(PART_STARTS))

    def off_peak(self, hours: OffPeak) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """[days, 2]: each day's energy in peak and off-peak ``hours`` [kWh], and what is seen."""
        frame = self.prepared
        off = frame.select(hours.expr(minute_of_day(frame), pl.col("day"))).to_series()
        return self._sums(off.to_numpy().astype(np.int64), 2)

    @functools.cached_property
    def _interval_kwh(self) -> npt.NDArray[np.float64]:
        """Each interval's energy [kWh], read once for every table."""
        return np.asarray(self.prepared["kwh"].to_numpy(), dtype=np.float64)

    def _sums(
        self, part: npt.NDArray[np.int64], parts: int
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """The energy of each day and ``part`` [kWh], and whether an interval is in it."""
        cell = (self.day - self.first) * parts + part
        size = self.n_days * parts
        sums = np.bincount(cell, weights=self._interval_kwh, minlength=size)
        energy: npt.NDArray[np.float64] = sums.astype(np.float64, copy=False)
        seen = (np.bincount(cell, minlength=size) > 0).reshape(-1, parts)
        return energy.reshape(-1, parts), seen
