"""Daily and weekly habits: totals, typical days, heatmaps, load duration, time-of-day shares.

Every function takes a prepared curve (:func:`analysis.curve.prepare`) and returns a frame.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np
import polars as pl

from analysis import calendar

Every = Literal["1d", "1w", "1mo", "1y"]

PARTS_OF_DAY = {"night": (0, 6), "morning": (6, 12), "day": (12, 18), "evening": (18, 24)}
"""Local hours of each part of the day. [h]"""


def totals(prepared: pl.DataFrame, every: Every = "1mo") -> pl.DataFrame:
    """Energy per day, week, month or year, beside the same period a year before.

    Columns: ``period`` (its first day), ``kwh``, ``coverage`` (share of the period's
    minutes present), ``kwh_year_before`` (null when that period is not in the curve).
    """
    # Days in order, so a month sums them in the same order every run (a group_by's order
    # varies, and with it the last bit of a float sum).
    daily = prepared.group_by("day", maintain_order=True).agg(
        kwh=pl.col("kwh").sum(), minutes=pl.col("minutes").sum()
    )
    truncate: str = every
    out = (
        daily.with_columns(period=pl.col("day").dt.truncate(truncate))
        .group_by("period")
        .agg(kwh=pl.col("kwh").sum(), minutes=pl.col("minutes").sum())
        .with_columns(
            length=pl.col("period").dt.offset_by(truncate) - pl.col("period"),
        )
        .with_columns(coverage=pl.col("minutes") / (pl.col("length").dt.total_minutes()))
        .sort("period")
    )
    before = out.select(period=pl.col("period").dt.offset_by("1y"), kwh_year_before=pl.col("kwh"))
    if every == "1w":  # weeks start on Mondays: match the Monday 52 weeks later
        before = out.select(
            period=pl.col("period") + dt.timedelta(weeks=52), kwh_year_before=pl.col("kwh")
        )
    return (
        out.join(before, on="period", how="left")
        .select("period", "kwh", pl.col("coverage").clip(0, 1), "kwh_year_before")
        .sort("period")
    )


def typical_days(prepared: pl.DataFrame) -> pl.DataFrame:
    """Typical day per day type and season: median and P10–P90 of each half-hour. [W].

    Columns: ``day_type``, ``season``, ``slot`` (0–47), ``median_w``, ``p10_w``, ``p90_w``,
    ``days``.
    """
    half_hourly = prepared.with_columns(slot=pl.col("slot"))
    return (
        half_hourly.group_by("day_type", "season", "slot")
        .agg(
            median_w=pl.col("w").median(),
            p10_w=pl.col("w").quantile(0.10),
            p90_w=pl.col("w").quantile(0.90),
            days=pl.col("day").n_unique(),
        )
        .sort("day_type", "season", "slot")
    )


def weekday_hour(prepared: pl.DataFrame) -> pl.DataFrame:
    """Mean power by weekday (1 = Monday) and local hour. [W].

    Summed by the slot column as it is, then its rows by hour (an hour is the two
    half-hour slots of its local clock): a group-by on a computed hour took 3 to 4 times
    as long.
    """
    return (
        prepared.group_by("weekday", "slot")
        .agg(pl.col("w").sum(), n=pl.len())
        .group_by("weekday", calendar.slot_hour())
        .agg(w=pl.col("w").sum() / pl.col("n").sum())
        .sort("weekday", "hour")
    )


def load_duration(prepared: pl.DataFrame, *, points: int = 400) -> pl.DataFrame:
    """The load-duration curve: power sorted from highest, against cumulative hours.

    Thinned to about ``points`` rows for charts; the first (the maximum) and last rows
    are kept. Columns ``hours`` [h], ``w`` [W].
    """
    n = prepared.height
    if n == 0:
        return pl.DataFrame(schema={"hours": pl.Float64, "w": pl.Float64})
    step = max(1, n // points)
    kept = pl.Series(np.unique(np.append(np.arange(0, n, step), n - 1)))
    minutes = prepared["minutes"]
    if minutes.min() == minutes.max():
        # One step throughout: the hours follow the rank, and only the powers are sorted
        # (sorting them with their minutes took six times as long).
        w = prepared["w"].sort(descending=True).gather(kept)
        hours = (kept + 1) * minutes[0]
    else:
        # Stable: equal powers of different steps keep their order, and the hours their sums.
        ordered = prepared.select("w", "minutes").sort("w", descending=True, maintain_order=True)
        w, hours = ordered["w"].gather(kept), ordered["minutes"].cum_sum().gather(kept)
    return pl.DataFrame({"hours": hours / 60, "w": w}).cast(pl.Float64)


def part_of_day_shares(prepared: pl.DataFrame) -> dict[str, float]:
    """Share of energy used at night (0–6h), in the morning, the day and the evening. [0–1]."""
    total = float(prepared["kwh"].sum()) or 1.0
    # Per half-hour slot, then per part (its whole hours): one pass, not a filter per part.
    per_slot = np.bincount(
        prepared["slot"].to_numpy(), weights=prepared["kwh"].to_numpy(), minlength=48
    )
    return {
        name: float(per_slot[2 * lo : 2 * hi].sum()) / total
        for name, (lo, hi) in PARTS_OF_DAY.items()
    }
