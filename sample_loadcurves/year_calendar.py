"""The 10-minute slots of one local year and what each day is: weekday, holidays, weather."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from analysis.calendar import public_holidays
from analysis.reference import normals, temperatures
from ingest.schema import TIME_ZONE

SLOT_MIN = 10
"""The simulation's step. [min]"""
SLOTS_PER_HOUR = 60 // SLOT_MIN
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Calendar:
    """The 10-minute slots of one local year and what each day is."""

    year: int
    start_us: Ints
    """Slot starts, UTC. [µs since epoch]"""
    hour: Floats
    """Local wall-clock hour of the slot start, e.g. 22.5 for 22:30. [h]"""
    utc_hour: Floats
    day: Ints
    """Index of the slot's local day in ``days``."""
    days: list[dt.date]
    weekday: Ints
    """Per day: 0 = Monday … 6 = Sunday."""
    public_holiday: npt.NDArray[np.bool_]
    school_holiday: npt.NDArray[np.bool_]
    doy: Ints
    """Per day: day of the year, 1-based."""
    hdd: Floats
    """Per day: heating degree-days base 18 °C. [°C·day]"""
    tmean: Floats
    """Per day: mean outdoor temperature. [°C]"""


def _school_holidays(days: list[dt.date]) -> npt.NDArray[np.bool_]:
    """Approximate French school holidays (the windows every zone shares, give or take)."""
    out = np.zeros(len(days), dtype=np.bool_)
    for i, d in enumerate(days):  # 365 days, not rows of data
        md = (d.month, d.day)
        out[i] = (
            md >= (12, 21)
            or md <= (1, 3)
            or (2, 10) <= md <= (2, 25)
            or (4, 8) <= md <= (4, 22)
            or (7, 6) <= md <= (8, 31)
            or (10, 19) <= md <= (11, 3)
        )
    return out


def _weather(year: int, days: pl.Series) -> pl.DataFrame:
    """Per day of ``year``: ``tmean_c`` [°C] and ``hdd18`` [°C·day], in the order of ``days``.

    The year's own French temperatures, the ones the analysis reads, so a simulated home
    heats on the days the analysis knows were cold; a day the reference lacks (28 month
    ends) gets its calendar day's normal. A year the reference does not cover borrows a
    complete year's weather, in turn.
    """
    temps = temperatures()
    covered = temps["day"].dt.year().unique().sort().to_list()
    full = [y for y in covered if temps.filter(pl.col("day").dt.year() == y).height >= 365]
    source_year = year if year in covered else full[(year - full[0]) % len(full)]
    t = temps.filter(pl.col("day").dt.year() == source_year).select(
        month=pl.col("day").dt.month(), dom=pl.col("day").dt.day(), tmean_c="tmean_c"
    )
    frame = pl.DataFrame({"month": days.dt.month(), "dom": days.dt.day()})
    return (
        frame.join(t, on=["month", "dom"], how="left", maintain_order="left")
        .join(normals(), on=["month", "dom"], how="left", maintain_order="left")
        .select(tmean_c=pl.coalesce("tmean_c", "normal_c"))
        .with_columns(hdd18=(18.0 - pl.col("tmean_c")).clip(0))
    )


@functools.cache
def calendar(year: int) -> Calendar:
    """The slots of ``year`` (local days, so 46- and 50-half-hour DST days included)."""
    starts = pl.datetime_range(
        pl.datetime(year, 1, 1, time_zone=TIME_ZONE),
        pl.datetime(year + 1, 1, 1, time_zone=TIME_ZONE),
        f"{SLOT_MIN}m",
        closed="left",
        eager=True,
    )
    local = starts.to_frame("t").select(
        hour=pl.col("t").dt.hour() + pl.col("t").dt.minute() / 60,
        date=pl.col("t").dt.date(),
        utc=pl.col("t").dt.convert_time_zone("UTC"),
    )
    utc = local["utc"]
    date = local["date"]
    days = pl.date_range(dt.date(year, 1, 1), dt.date(year, 12, 31), eager=True)
    day_index = (date - dt.date(year, 1, 1)).dt.total_days().to_numpy().astype(np.int64)
    per_day = _weather(year, days)
    day_list = days.to_list()
    fr = public_holidays(year, year)
    return Calendar(
        year=year,
        start_us=utc.dt.epoch("us").to_numpy(),
        hour=local["hour"].to_numpy().astype(np.float64),
        utc_hour=(utc.dt.hour() + utc.dt.minute() / 60).to_numpy().astype(np.float64),
        day=day_index,
        days=day_list,
        weekday=(days.dt.weekday() - 1).to_numpy().astype(np.int64),
        public_holiday=np.array([d in fr for d in day_list]),
        school_holiday=_school_holidays(day_list),
        doy=days.dt.ordinal_day().to_numpy().astype(np.int64),
        hdd=per_day["hdd18"].to_numpy().astype(np.float64),
        tmean=per_day["tmean_c"].to_numpy().astype(np.float64),
    )


def slot_of_day_at(cal: Calendar, clock: str) -> Ints:
    """Per day: the first slot at or after the local time ``clock`` (``"22:30"``)."""
    h, m = (int(x) for x in clock.split(":"))
    target = h + m / 60
    hit = np.flatnonzero((cal.hour >= target - 1e-9) & (cal.hour < target + SLOT_MIN / 60 - 1e-9))
    first = np.full(len(cal.days), -1, dtype=np.int64)
    days = cal.day[hit]
    order = np.argsort(days, kind="stable")
    days, hit = days[order], hit[order]
    keep = np.concatenate(([True], days[1:] != days[:-1])) if days.size else days.astype(bool)
    first[days[keep]] = hit[keep]
    return np.where(first >= 0, first, np.searchsorted(cal.day, np.arange(len(cal.days))))
