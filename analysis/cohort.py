"""Figures per household over a whole cohort, as one lazy Polars query that streams.

For researchers and advisers with many clients: the store's curves (any number of meters)
go through two group-bys — per meter and day, then per meter — in Polars' streaming
engine, so memory follows the number of meter-days, not of intervals. The figures are the
cohort versions of the report's, computed the same way where a streaming query allows:

- ``kwh_per_year``: energy over the days with data, scaled to 365.25 days. [kWh/year]
- ``baseload_w``: median over nights of each night's lowest half-hour (00:00–06:00); the
  report refines this with warm nights and the near-floor band. [W]
- ``peak_w``: highest interval average; ``load_factor``: mean power / peak. [W, 0–1]
- ``hc_share``: share of energy between 22:00 and 06:00 (the most common off-peak hours;
  a meter's own hours are in its report). [0–1]
- ``winter_summer_ratio``: mean daily energy December–February over June–August.
- ``heating_kwh_per_hdd``: least-squares slope of daily energy on heating degree-days
  (French daily temperatures, base 15.5 °C). [kWh/(°C·day)]
- ``zero_days``, ``gap_days``: days reported as zero; days missing or under 95 %
  coverage (the anomalies a cohort query can count; the report explains the others).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from analysis.calendar import MEAN_YEAR_DAYS
from analysis.reference import degree_days
from ingest.schema import TIME_ZONE

if TYPE_CHECKING:
    from collections.abc import Sequence

FIGURES = (
    "meter",
    "days",
    "kwh_per_year",
    "baseload_w",
    "peak_w",
    "load_factor",
    "hc_share",
    "winter_summer_ratio",
    "heating_kwh_per_hdd",
    "zero_days",
    "gap_days",
)


def query(curve: pl.LazyFrame) -> pl.LazyFrame:
    """The per-household figures of a canonical curve (all meters), lazily."""
    return households(meter_days(curve))


def of_meters(curves: Sequence[pl.LazyFrame]) -> pl.DataFrame:
    """The figures of a few meters, each curve one whole meter's: the same bits anywhere.

    The meters' days are gathered into one contiguous frame, in the rows' order, before the
    second group-by, so the sums over a meter's days add in one order whatever the engine's
    threads and chunks were: a meter's figures are equal bit for bit whether it is computed
    here with others in one query (every core) or alone on a cluster's worker
    (:mod:`analysis.distributed`). (The one streaming query, :func:`query`, gives the same
    figures to within float rounding, not the same bits from one run to the next.)
    """
    days = meter_days(pl.concat(curves)).collect().rechunk()
    return households(days.lazy()).collect()


def meter_days(curve: pl.LazyFrame) -> pl.LazyFrame:
    """Per meter and local day: energy, off-peak energy, coverage, night floor, peak."""
    local = pl.col("start").dt.convert_time_zone(TIME_ZONE)
    minutes = (pl.col("end") - pl.col("start")).dt.total_minutes()
    intervals = curve.filter(pl.col("direction") == "consumption").select(
        "meter",
        day=local.dt.date(),
        hour=local.dt.hour(),
        wh="wh",
        minutes=minutes,
        w=pl.col("wh") * 60 / minutes,
    )
    night = pl.col("hour") < 6
    off_peak = (pl.col("hour") >= 22) | night
    days = intervals.group_by("meter", "day", maintain_order=True).agg(
        kwh=pl.col("wh").sum() / 1000,
        hc_kwh=pl.col("wh").filter(off_peak).sum() / 1000,
        coverage=pl.col("minutes").sum() / 1440,
        night_floor=pl.col("w").filter(night).min(),
        peak=pl.col("w").max(),
        w_sum=pl.col("w").sum(),
        n=pl.len(),
    )
    hdd = degree_days().lazy().select("day", "hdd")
    # Days in the order of the rows (a store's file is in time order), so that a meter's
    # sums over its days add in one order (see of_one_meter).
    return days.join(hdd, on="day", how="left", maintain_order="left")


def households(days: pl.LazyFrame) -> pl.LazyFrame:
    """The per-household figures from :func:`meter_days`, one row per meter."""
    month = pl.col("day").dt.month()
    winter = pl.col("kwh").filter(month.is_in([12, 1, 2])).mean()
    summer = pl.col("kwh").filter(month.is_in([6, 7, 8])).mean()
    x, y = pl.col("hdd"), pl.col("kwh")
    both = x.is_not_null() & (pl.col("coverage") >= 0.95)
    slope = ((x - x.filter(both).mean()) * (y - y.filter(both).mean())).filter(both).sum() / (
        (x - x.filter(both).mean()) ** 2
    ).filter(both).sum()
    return (
        days.group_by("meter")
        .agg(
            days=pl.len(),
            kwh_per_year=pl.col("kwh").sum() / pl.len() * MEAN_YEAR_DAYS,
            baseload_w=pl.col("night_floor").median(),
            peak_w=pl.col("peak").max(),
            mean_w=pl.col("w_sum").sum() / pl.col("n").sum(),
            hc_share=pl.col("hc_kwh").sum() / pl.col("kwh").sum(),
            winter_summer_ratio=winter / summer,
            heating_kwh_per_hdd=slope.clip(lower_bound=0.0),
            zero_days=((pl.col("kwh") == 0) & (pl.col("coverage") >= 0.99)).sum(),
            gap_days=(pl.col("coverage") < 0.95).sum()
            + (pl.col("day").max() - pl.col("day").min()).dt.total_days()
            + 1
            - pl.len(),
        )
        .with_columns(load_factor=pl.col("mean_w") / pl.col("peak_w"))
        .select(FIGURES)
        .sort("meter")
    )
