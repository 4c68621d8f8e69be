"""Rare large half-hours in the middle of the night."""

from __future__ import annotations

import datetime as dt

import polars as pl

import words
from analysis.anomalies.anomaly import Anomaly
from analysis.anomalies.thresholds import THRESHOLDS


def night_spikes(
    prepared: pl.DataFrame, *, off_peak: pl.Expr, nights_with_heating: set[dt.date]
) -> list[Anomaly]:
    """Rare large half-hours in the middle of the night.

    Outside off-peak hours (where a water heater or a car may run) and heating nights;
    none at all if they are a habit.
    """
    night = (
        prepared.filter((pl.col("hour") >= 1) & (pl.col("hour") < 5) & ~off_peak)
        .filter(~pl.col("day").is_in(list(nights_with_heating)))
        .with_columns(floor=pl.col("w").median().over("day"))
        .with_columns(spike=pl.col("w") - pl.col("floor") >= THRESHOLDS.night_spike_w)
    )
    nights = max(night["day"].n_unique(), 1)
    rare = night.filter(pl.col("spike"))
    if rare["day"].n_unique() > THRESHOLDS.night_spike_rare * nights:
        return []
    out = []
    for day, kw in (
        rare.group_by("day")
        .agg(kw=(pl.col("w") - pl.col("floor")).max() / 1000)
        .sort("day")
        .iter_rows()
    ):
        out.append(
            Anomaly(
                "night_spike",
                day,
                day + dt.timedelta(days=1),
                float(kw),
                "kW",
                words.said("anomaly.text.night_spike", kw=float(kw)),
            )
        )
    return out
