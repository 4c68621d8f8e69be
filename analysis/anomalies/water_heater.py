"""The water heater running in peak hours instead of its off-peak block."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl

import words
from analysis.anomalies.anomaly import Anomaly
from analysis.anomalies.thresholds import THRESHOLDS
from analysis.tariffs import minute_of_day

if TYPE_CHECKING:
    from analysis.usages import WaterHeater


def water_heater_peak(prepared: pl.DataFrame, heater: WaterHeater) -> list[Anomaly]:
    """Runs of days when the off-peak water-heater block moved into peak hours."""
    if not heater.found:
        return []
    since = (minute_of_day(prepared) - heater.start_minute) % 1440
    rise = pl.col("w") - pl.col("w").shift(1)
    # (only the columns read: filtering the whole prepared curve copied its fifteen)
    steps = prepared.select("day", rise=rise, since=since)
    big = steps.filter(pl.col("rise") >= 0.7 * heater.power_w)
    at_start = big.filter(pl.col("since") <= 60)["day"].unique()
    elsewhere = (
        big.filter((pl.col("since") > 90) & (pl.col("since") < 1440 - 60))
        .filter(~pl.col("day").is_in(at_start.implode()))
        .sort("rise", descending=True)
        .group_by("day")
        .agg(minute=pl.col("since").first())
        .sort("day")
    )
    # Runs of such days (holes of a day allowed), each judged in one pass: a hundred
    # years hold a thousand runs, and a filter per run took half a second.
    runs = (
        elsewhere.with_columns(
            run=(pl.col("day").diff().dt.total_days() > 2).fill_null(False).cum_sum()
        )
        .group_by("run", maintain_order=True)
        .agg(
            a=pl.col("day").first(),
            b=pl.col("day").last(),
            # A heater on a wrong contact or timer starts at the same time every day.
            steady=((pl.col("minute") - pl.col("minute").median()).abs() <= 60).mean(),
        )
        .filter(
            ((pl.col("b") - pl.col("a")).dt.total_days() + 1 >= THRESHOLDS.heater_min_days)
            & (pl.col("steady") >= 0.7)
        )
    )
    out = [
        Anomaly(
            "water_heater_peak",
            a,
            b + dt.timedelta(days=1),
            heater.power_w / 1000,
            "kW",
            words.said("anomaly.text.water_heater_peak"),
        )
        for a, b in runs.select("a", "b").iter_rows()
    ]
    return out
