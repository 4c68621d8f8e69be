"""The water heater running in peak hours instead of its off-peak block."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl

import words
from analysis.anomalies.anomaly import Anomaly, day_runs
from analysis.anomalies.thresholds import THRESHOLDS
from analysis.curve import number
from analysis.tariffs import minute_of_day

if TYPE_CHECKING:
    from analysis.usages import WaterHeater


def water_heater_peak(prepared: pl.DataFrame, heater: WaterHeater) -> list[Anomaly]:
    """Runs of days when the off-peak water-heater block moved into peak hours."""
    if not heater.found:
        return []
    since = (minute_of_day() - heater.start_minute) % 1440
    rise = pl.col("w") - pl.col("w").shift(1)
    steps = prepared.with_columns(rise=rise, since=since)
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
    out = []
    for a, b in day_runs(elsewhere["day"].to_list(), max_hole=1):
        if (b - a).days + 1 < THRESHOLDS.heater_min_days:
            continue
        minutes = elsewhere.filter((pl.col("day") >= a) & (pl.col("day") <= b))["minute"]
        # A heater on a wrong contact or timer starts at the same time every day.
        spread = (minutes - number(minutes.median())).abs()
        if number((spread <= 60).mean()) < 0.7:
            continue
        out.append(
            Anomaly(
                "water_heater_peak",
                a,
                b + dt.timedelta(days=1),
                heater.power_w / 1000,
                "kW",
                words.said("anomaly.text.water_heater_peak"),
            )
        )
    return out
