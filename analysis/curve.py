"""One household's consumption curve, with the local-time columns every analysis uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from analysis import calendar

if TYPE_CHECKING:
    from ingest.schema import Direction


def prepare(
    curve: pl.DataFrame | pl.LazyFrame,
    *,
    meter: str | None = None,
    direction: Direction = "consumption",
) -> pl.DataFrame:
    """One meter's intervals of one direction with local-time columns, sorted by start.

    Adds ``day`` [date, local], ``slot`` [0–47], ``hour`` [h, local], ``minute`` [0–1439, local],
    ``weekday`` [1 = Mon], ``day_type``, ``season``, ``minutes`` [min], ``kwh`` [kWh] and ``w``
    (average power [W]).

    Raises
    ------
    ValueError
        If the curve holds several meters and none is chosen.
    """
    lf = curve.lazy().filter(pl.col("direction") == direction)
    if meter is None:
        # (its lowest and highest meter: the unique ones of 1.75 M rows took 13 ms)
        lowest, highest = (
            lf.select(lo=pl.col("meter").min(), hi=pl.col("meter").max()).collect().row(0)
        )
        if lowest != highest:
            n = lf.select(pl.col("meter").n_unique()).collect().item()
            msg = f"the curve holds {n} meters; choose one"
            raise ValueError(msg)
    else:
        lf = lf.filter(pl.col("meter") == meter)
    # The local time once (converting it took a third of the preparation of a long curve),
    # as naive wall-clock time: each field of a zoned time looks its offset up again.
    t = pl.col("local")
    minutes = (pl.col("end") - pl.col("start")).dt.total_minutes()
    # A curve read from one export or the store is already in order (sorting it again was
    # a fifth of the preparation); a part of a sorted frame is sorted.
    if not (isinstance(curve, pl.DataFrame) and curve["start"].is_sorted()):
        lf = lf.sort("start")
    frame = (
        lf.with_columns(local=calendar.local().dt.replace_time_zone(None))
        .with_columns(
            # Marked sorted, as it is (the intervals are in order of start): every
            # group-by of days then sums contiguous slices instead of hashing 1.75 M
            # days (a 100-year report 2.6 -> 2.0-2.2 s), the same bits on every run.
            day=t.dt.date().set_sorted(),
            slot=calendar.slot_of(t),
            hour=calendar.hour_of(t),
            # (the off-peak hours and the water heater read it a dozen times a report:
            # from the hour each time, 10 ms of 100 years' intervals)
            minute=calendar.minute_of(t),
            minutes=minutes,
            kwh=pl.col("wh") / 1000,
            w=pl.col("wh") * 60 / minutes,
        )
        .drop("local")
        .collect()
    )
    years = calendar.years_of(frame, "day")
    # The day's columns once per day, then given to its intervals (the days are in order):
    # the season of each of 1.75 M intervals took 29 ms, of 36,500 days 0.5 ms.
    day = frame["day"]
    per_day = pl.DataFrame({"day": day.unique(maintain_order=True)}).select(
        weekday=pl.col("day").dt.weekday(),
        day_type=calendar.day_type(pl.col("day"), years=years),
        season=calendar.season(pl.col("day")),
    )
    at = np.repeat(np.arange(per_day.height), day.unique_counts().to_numpy())
    # One chunk per column: a curve read in pieces gave 73, and every to_numpy and
    # group-by of the report joined them again (memmove was 7 % of a 100-year report).
    return pl.concat([frame.rechunk(), per_day[at]], how="horizontal")


def number(value: object, default: float = 0.0) -> float:
    """A Polars scalar (median, mean…) as a float; ``default`` for null or non-numbers."""
    return float(value) if isinstance(value, int | float) else default


def daily(prepared: pl.DataFrame) -> pl.DataFrame:
    """Energy per local day [kWh] and the share of the day the curve covers [0–1]."""
    return (
        prepared.group_by("day")
        .agg(
            kwh=pl.col("kwh").sum(),
            coverage=pl.col("minutes").sum() / 1440,
            day_type=pl.col("day_type").first(),
            season=pl.col("season").first(),
        )
        .sort("day")
    )


def period_years(prepared: pl.DataFrame) -> float:
    """Length of a prepared curve's period, first to last day. [years]."""
    days = prepared.select((pl.col("day").max() - pl.col("day").min()).dt.total_days() + 1)
    return max(int(days.item() or 1), 1) / calendar.MEAN_YEAR_DAYS
