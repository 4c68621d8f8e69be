"""Unusual days: far above the household's own comparable days, by day or part of day."""

from __future__ import annotations

import datetime as dt

import polars as pl

import words
from analysis.anomalies.anomaly import Anomaly
from analysis.anomalies.comparable_days import comparable
from analysis.anomalies.thresholds import THRESHOLDS
from analysis.curve import number


def unusual_days(
    daily: pl.DataFrame,
    *,
    skip: set[dt.date],
    away: set[dt.date] | None = None,
    temperatures: pl.DataFrame | None = None,
    parts: pl.DataFrame | None = None,
    habits: pl.DataFrame | None = None,
) -> list[Anomaly]:
    """Days far above the household's own comparable days (:func:`comparable`).

    Judged over the whole day and, when ``parts`` (:func:`.parts.day_parts`) are given, over
    each part of the day against the same part of comparable days: an evening of guests
    or a heater left on is clear in its six hours even when a heated winter day's total
    varies too much to show it. One anomaly per day, sized by the day's excess. A day
    is not unusual for what a habitual night block explains (``habits``,
    :func:`.parts.habitual_blocks`: a car charged every other week): its excess less the
    block's energy must still pass, the block counted up to the upper fence of the
    household's block energies (Tukey's Q3 + 1.5 IQR): one far larger holds something
    besides the habit (an evening of 12-25 kWh injected in the real R63 home was taken
    for its 3-7 kWh blocks).
    """
    whole = comparable(daily, skip=skip, away=away, temperatures=temperatures).select(
        "day", "kwh", "expected", "excess", "score"
    )
    th = THRESHOLDS
    enough = pl.col("excess") >= pl.max_horizontal(
        pl.lit(th.unusual_min_excess_kwh), th.unusual_min_excess_share * pl.col("expected")
    )
    flagged = whole.filter((pl.col("score") > th.z) & enough)
    if parts is not None:
        # A part stands out only if the day does too: use moved within the day (a late
        # dinner) is no extra.
        day = whole.filter(enough).select("day", day_score="score", day_excess="excess")
        # The four parts of the day, each against the same part of comparable days.
        judged = (
            # (only the days that stand out: no other's part is kept)
            comparable(
                parts, skip=skip, away=away, temperatures=temperatures, by="part", only=day["day"]
            )
            .filter(
                (pl.col("score") > THRESHOLDS.z)
                & (pl.col("excess") >= THRESHOLDS.unusual_min_excess_kwh)
            )
            .join(day, on="day", maintain_order="left")
            .filter(
                (pl.col("day_score") > th.part_day_z)
                | (
                    (pl.col("day_excess") >= th.part_kept_share * pl.col("excess"))
                    & (pl.col("score") > th.part_alone_z)
                )
            )
        )
        flagged = pl.concat([flagged, judged.select(flagged.columns)])
    flagged = flagged.sort("day", "excess", descending=[False, True]).unique(
        "day", keep="first", maintain_order=True
    )
    # The size is the day's own excess: what the household used above a comparable day.
    days = whole.select("day", day_kwh="kwh", day_expected="expected", day_excess="excess")
    flagged = (
        flagged.join(days, on="day", how="left")
        .with_columns(excess=pl.coalesce("day_excess", "excess"))
        .join(_around(whole, flagged["day"]), on="day", how="left")
        .filter(
            pl.col("around_kwh").is_null()
            | (
                pl.col("day_kwh") - pl.col("around_kwh")
                >= pl.max_horizontal(
                    pl.lit(th.unusual_min_excess_kwh),
                    th.unusual_min_excess_share * pl.col("around_kwh"),
                )
            )
        )
    )
    if habits is not None and habits.height:
        per_day = habits.group_by("day").agg(habit_kwh=pl.col("kwh").sum())
        q1, q3 = (number(per_day["habit_kwh"].quantile(q)) for q in (0.25, 0.75))
        fence = q3 + 1.5 * (q3 - q1)
        # A block the comparable days hold too (heating or a water heater every night) is
        # already in the expectation: only what it adds to theirs explains an excess.
        calendar = whole.select(day=pl.date_range(pl.col("day").min(), pl.col("day").max()))
        w = 2 * THRESHOLDS.window_days + 1
        per_day = (
            calendar.join(per_day, on="day", how="left")
            .with_columns(pl.col("habit_kwh").fill_null(0.0))
            .with_columns(
                typical=pl.when(
                    (pl.col("habit_kwh") > 0).rolling_mean(w, center=True, min_samples=1)
                    >= th.habit_every_night
                )
                .then(pl.col("habit_kwh").rolling_median(w, center=True, min_samples=1))
                .otherwise(0.0)
            )
            .with_columns(
                habit_kwh=(pl.col("habit_kwh").clip(upper_bound=fence) - pl.col("typical")).clip(
                    lower_bound=0.0
                )
            )
        )
        # What the block does not explain must still be worth a look.
        rest = pl.col("excess") - pl.col("habit_kwh").fill_null(0.0)
        flagged = flagged.join(per_day, on="day", how="left").filter(
            rest
            >= pl.max_horizontal(
                pl.lit(th.unusual_min_excess_kwh),
                th.unusual_min_excess_share * pl.col("day_expected").fill_null(pl.col("expected")),
            )
        )
    return [
        Anomaly(
            "unusual_day",
            day,
            day + dt.timedelta(days=1),
            float(extra),
            "kWh",
            words.said("anomaly.text.unusual_day", kwh=float(kwh), expected=float(exp))
            if kwh is not None and exp is not None
            else words.said(
                "anomaly.text.unusual_part", extra=float(extra), hours=THRESHOLDS.part_hours
            ),
        )
        for day, extra, kwh, exp in flagged.select(
            "day", "excess", "day_kwh", "day_expected"
        ).iter_rows()
    ]


def _around(whole: pl.DataFrame, days: pl.Series) -> pl.DataFrame:
    """Per day of ``days``, ``around_kwh`` [kWh]: the median energy of the days around it.

    The days of ``whole`` within ±``around_days``, itself left out; null with fewer than
    two of them. Only the asked days are taken (the flagged few, not the whole calendar).
    """
    n = THRESHOLDS.around_days
    if whole.is_empty():
        return pl.DataFrame(schema={"day": pl.Date, "around_kwh": pl.Float64})
    calendar = whole.select(day=pl.date_range(pl.col("day").min(), pl.col("day").max()))
    offsets = [k for k in range(-n, n + 1) if k]
    around = pl.concat_list([f"k{k}" for k in offsets])
    return (
        calendar.join(whole.select("day", "kwh"), on="day", how="left")
        .sort("day")
        .with_columns(pl.col("kwh").shift(k).alias(f"k{k}") for k in offsets)
        .filter(pl.col("day").is_in(days.implode()))
        .select(
            "day",
            around_kwh=pl.when(around.list.drop_nulls().list.len() >= 2).then(around.list.median()),
        )
    )
