"""Days away from home, and the days of an absence that used far more than the always-on load."""

from __future__ import annotations

import datetime as dt

import polars as pl

import words
from analysis.anomalies.anomaly import Anomaly, day_runs
from analysis.anomalies.comparable_days import comparable
from analysis.anomalies.thresholds import THRESHOLDS
from analysis.curve import number


def day_activity(prepared: pl.DataFrame) -> pl.DataFrame:
    """Signs of someone at home, per day.

    Columns ``day``, ``active_minutes`` [min], ``spread_w`` and ``mean_w`` [W].

    ``active_minutes``: time between 07:00 and 23:00 at least ``activity_w`` above the
    day's own 10th percentile; ``spread_w``: the day's 90th minus 10th percentile of
    power. Both are relative to the day itself, so night heating or a night water heater
    does not look like activity, nor hide it.
    """
    low = pl.col("w").quantile(0.1)
    awake = (pl.col("hour") >= 7) & (pl.col("hour") < 23)
    return (
        prepared.with_columns(low=low.over("day"))
        .group_by("day")
        .agg(
            active_minutes=pl.col("minutes")
            .filter(awake & (pl.col("w") > pl.col("low") + THRESHOLDS.activity_w))
            .sum(),
            spread_w=pl.col("w").quantile(0.9) - low,
            mean_w=(pl.col("wh").sum() * 60 / pl.col("minutes").sum()),
        )
        .sort("day")
    )


def absences(
    daily: pl.DataFrame,
    activity: pl.DataFrame,
    *,
    skip: set[dt.date] | None = None,
    temperatures: pl.DataFrame | None = None,
) -> list[tuple[dt.date, dt.date]]:
    """Runs of ≥ ``absence_min_days`` days away: ``[(first, last)]``.

    A day is away when it is quiet (no activity and a flat curve, :func:`day_activity`:
    only what is left on runs, heating included) or far below the household's own
    comparable days, corrected for temperature (:func:`comparable`), so a cold spell,
    which raises both the day and what is expected of it, is not an absence.
    """
    th = THRESHOLDS
    plain = comparable(daily, skip=skip, correction="none").select("day", "kwh", plain="expected")
    # Far below the plain comparison first: only those days need the corrected one.
    below = plain.filter(pl.col("kwh") <= th.far_below_share * pl.col("plain"))["day"]
    corrected = comparable(daily, skip=skip, temperatures=temperatures, only=below)
    judged = plain.join(corrected.select("day", "expected"), on="day", how="left").join(
        activity, on="day", how="left"
    )
    quiet = (pl.col("active_minutes") <= th.quiet_active_minutes) & (
        pl.col("spread_w")
        <= pl.max_horizontal(pl.lit(th.quiet_spread_w), th.quiet_spread_share * pl.col("mean_w"))
    )
    # Far below both the temperature-corrected and the plain comparison: when a home
    # starts heating in a cold month, the line fitted across the onset expects heat on
    # the mild days before it (guiEDF, November 2022).
    far = (pl.col("kwh") <= th.far_below_share * pl.col("expected")) & (
        pl.col("kwh") <= th.far_below_share * pl.col("plain")
    )
    away = judged.filter(quiet.fill_null(False) | far.fill_null(False))["day"].to_list()
    return [(a, b) for a, b in day_runs(away) if (b - a).days + 1 >= th.absence_min_days]


def absence_consumption(
    daily: pl.DataFrame, runs: list[tuple[dt.date, dt.date]], baseload_w: float
) -> list[Anomaly]:
    """Days of an absence on which the home used far more than its always-on load.

    Over 1.5 × always-on + 2 kWh a day, and over half of what occupied days around it
    use; one anomaly per stretch of ``absence_min_days`` or more such days, so heating
    left on for part of a holiday shows as well as for all of it.
    """
    out = []
    expected = baseload_w * 24 / 1000
    limit = THRESHOLDS.absence_excess_factor * expected + THRESHOLDS.absence_excess_kwh
    away = {a + dt.timedelta(days=i) for a, b in runs for i in range((b - a).days + 1)}
    occupied = daily.filter(~pl.col("day").is_in(list(away)))
    for a, b in runs:
        span = daily.filter((pl.col("day") >= a) & (pl.col("day") <= b))
        around = occupied.filter(
            (pl.col("day") >= a - dt.timedelta(days=30))
            & (pl.col("day") <= b + dt.timedelta(days=30))
        )["kwh"].median()
        normal = float(around) if isinstance(around, int | float) else 2 * limit
        high = span.filter(
            (pl.col("kwh") > limit) & (pl.col("kwh") > THRESHOLDS.absence_share_of_normal * normal)
        )
        for first, last in day_runs(high["day"].to_list()):
            days = (last - first).days + 1
            if days < THRESHOLDS.absence_min_days:
                continue
            part = high.filter(pl.col("day").is_between(first, last))
            per_day = number(part["kwh"].mean())
            out.append(
                Anomaly(
                    "absence_consumption",
                    first,
                    last + dt.timedelta(days=1),
                    float((part["kwh"] - expected).sum()),
                    "kWh",
                    words.said(
                        "anomaly.text.absence_consumption",
                        days=days,
                        per_day=per_day,
                        always_on=expected,
                    ),
                )
            )
    return out
