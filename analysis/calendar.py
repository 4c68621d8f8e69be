"""Local-time features of a curve's intervals: Europe/Paris days, slots, day types, seasons.

Every function takes and returns Polars expressions or frames; ``start`` is the interval's
UTC start (canonical ``curve``).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Literal

import polars as pl

from ingest.schema import TIME_ZONE
from ingest.timestamps import DAY_US, HOUR_US, MINUTE_US, local_day

YEAR_DAYS = 365
"""Days of a calendar year: what a yearly figure covers, the latest 365 days. [days]"""
MEAN_YEAR_DAYS = 365.25
"""Days of an average year, leap years included: a span in years, a rate per year. [days]"""
HOURS_PER_YEAR = MEAN_YEAR_DAYS * 24
"""Hours of an average year. [h]"""
Season = Literal["winter", "spring", "summer", "autumn"]

SEASONS: dict[int, Season] = {
    12: "winter", 1: "winter", 2: "winter",
    3: "spring", 4: "spring", 5: "spring",
    6: "summer", 7: "summer", 8: "summer",
    9: "autumn", 10: "autumn", 11: "autumn",
}  # fmt: skip


def local(start: str = "start") -> pl.Expr:
    """The interval start in Europe/Paris wall-clock time."""
    return pl.col(start).dt.convert_time_zone(TIME_ZONE)


def day(start: str = "start") -> pl.Expr:
    """The local day the interval starts in. [date]."""
    return local_day(pl.col(start))


def slot(start: str = "start") -> pl.Expr:
    """Half-hour slot of the local day, 0 (00:00–00:30) … 47 (23:30–24:00)."""
    return slot_of(local(start).dt.replace_time_zone(None))


def _of_day(t: pl.Expr) -> pl.Expr:
    """The time of day of a naive wall-clock time ``t``, from its microseconds. [µs].

    Integer arithmetic: each of ``dt.hour()`` and ``dt.minute()`` took 7 ms of a
    hundred years' 1.75 M intervals, the two columns below 56 ms, now 13.
    """
    return t.dt.cast_time_unit("us").dt.epoch("us") % DAY_US  # (floored: from 00:00)


def slot_of(t: pl.Expr) -> pl.Expr:
    """:func:`slot` of a naive local wall-clock time ``t``."""
    return (_of_day(t) // (30 * MINUTE_US)).cast(pl.Int32).alias("slot")


def minute_of(t: pl.Expr) -> pl.Expr:
    """The minute of the local day of a naive wall-clock time ``t``, 0–1439. [min].

    Seconds left out, as :func:`hour_of` leaves them.
    """
    return (_of_day(t) // MINUTE_US).cast(pl.Int32).alias("minute")


def slot_hour(slot: str = "slot") -> pl.Expr:
    """The whole local hour (0–23) of a half-hour ``slot`` column: an hour is two slots."""
    return (pl.col(slot) // 2).cast(pl.Int8).alias("hour")


def hour(start: str = "start") -> pl.Expr:
    """Local wall-clock hour of the interval start, with minutes, e.g. 22.5. [h]."""
    return hour_of(local(start).dt.replace_time_zone(None))


def hour_of(t: pl.Expr) -> pl.Expr:
    """:func:`hour` of a naive local wall-clock time ``t`` (seconds left out). [h]."""
    of_day = _of_day(t)
    whole, minutes = of_day // HOUR_US, (of_day // MINUTE_US) % 60
    return whole.cast(pl.Float64) + minutes.cast(pl.Float64) / 60


HOLIDAYS = Path(__file__).parent / "data" / "public_holidays_fr.csv"
"""French public holidays of :data:`HOLIDAY_YEARS` (``day``, ``name``), as the ``holidays``
library gives them (:func:`holiday_table`; ``tests/analysis/test_calendar.py`` checks they
still are). Made again with ``python -c "from analysis import calendar as c;
c.holiday_table(*c.HOLIDAY_YEARS).write_csv(c.HOLIDAYS)"``."""
HOLIDAY_YEARS = (1990, 2100)
"""The first and last year of :data:`HOLIDAYS`."""


@functools.cache
def public_holidays(first_year: int, last_year: int) -> frozenset[dt.date]:
    """French public holidays (metropolitan) between two years, inclusive.

    From the shipped table (:data:`HOLIDAYS`) within its years, from the ``holidays``
    library beyond: importing it and building its first calendar took 90-130 ms of every
    process that reads a curve (it imports the modules of all its 279 countries).
    """
    lo, hi = HOLIDAY_YEARS
    if lo <= first_year and last_year <= hi:
        days = _shipped_holidays()
        return frozenset(days.filter(days.dt.year().is_between(first_year, last_year)))
    return frozenset(holiday_table(first_year, last_year)["day"])


@functools.cache
def _shipped_holidays() -> pl.Series:
    """The days of :data:`HOLIDAYS`, read once (a report asks for two spans of years)."""
    return pl.read_csv(HOLIDAYS, schema={"day": pl.Date, "name": pl.String})["day"]


def holiday_table(first_year: int, last_year: int) -> pl.DataFrame:
    """French public holidays from the ``holidays`` library: ``day``, ``name`` (English)."""
    import holidays  # (here: its import alone is 45 ms, needed only beyond the table)

    days = holidays.country_holidays("FR", years=range(first_year, last_year + 1))
    return pl.DataFrame(
        sorted(days.items()), schema={"day": pl.Date, "name": pl.String}, orient="row"
    )


# As enums (in alphabetical order, so they sort as their names do): grouping by their
# names hashed every interval's strings (the typical days of a hundred years 110 -> 60-70 ms).
DAY_TYPE = pl.Enum(["saturday", "sunday_holiday", "weekday"])
"""The kinds of day: :func:`day_type`."""
SEASON = pl.Enum(sorted(set(SEASONS.values())))
"""The seasons: :func:`season`."""


def day_type(days: pl.Expr, *, years: tuple[int, int]) -> pl.Expr:
    """``weekday``, ``saturday`` or ``sunday_holiday`` (Sundays and public holidays).

    A :data:`DAY_TYPE`.
    """
    off = list(public_holidays(*years))
    return (
        pl.when(days.is_in(off) | (days.dt.weekday() == 7))
        .then(pl.lit("sunday_holiday", dtype=DAY_TYPE))
        .when(days.dt.weekday() == 6)
        .then(pl.lit("saturday", dtype=DAY_TYPE))
        .otherwise(pl.lit("weekday", dtype=DAY_TYPE))
    )


def season(days: pl.Expr) -> pl.Expr:
    """Meteorological season of a day, a :data:`SEASON`: winter = Dec–Feb, and so on."""
    return days.dt.month().replace_strict(SEASONS, return_dtype=SEASON)


def years_of(frame: pl.DataFrame, column: str = "start") -> tuple[int, int]:
    """First and last calendar year a frame's column covers (local time)."""
    if frame.height == 0:
        return (2000, 2000)
    col = frame[column]
    lo, hi = col.min(), col.max()
    assert isinstance(lo, dt.date)
    assert isinstance(hi, dt.date)
    return (lo.year - 1, hi.year + 1)
