"""What the meter did not measure: days of zero and spans with no data."""

from __future__ import annotations

import datetime as dt

import polars as pl

import words
from analysis.anomalies.anomaly import Anomaly, day_runs
from analysis.anomalies.thresholds import THRESHOLDS
from ingest.curves import gaps
from ingest.timestamps import local_day


def zero_days(daily: pl.DataFrame) -> list[Anomaly]:
    """Complete days whose energy is zero: a meter or transmission fault, not a saving."""
    z = daily.filter((pl.col("kwh") == 0) & (pl.col("coverage") >= 0.99))["day"].to_list()
    return [
        Anomaly(
            "zero_day",
            a,
            b + dt.timedelta(days=1),
            0.0,
            "kWh",
            words.said("anomaly.text.zero_day"),
        )
        for a, b in day_runs(z)
    ]


def missing(curve: pl.DataFrame) -> list[Anomaly]:
    """Spans with no data (gaps are reported, never filled)."""
    holes = gaps(curve.filter(pl.col("direction") == "consumption")).filter(
        pl.col("hours") >= THRESHOLDS.gap_min_hours
    )
    days = holes.select(
        a=local_day(pl.col("start")),
        b=local_day(pl.col("end") - pl.duration(microseconds=1)),
        hours="hours",
    )
    return [
        Anomaly(
            "gap",
            a,
            b + dt.timedelta(days=1),
            float(hours),
            "h",
            words.said("anomaly.text.gap", hours=float(hours)),
        )
        for a, b, hours in days.iter_rows()
    ]
