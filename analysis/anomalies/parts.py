"""The day in parts (``part_hours`` long), and the habitual night blocks within them."""

from __future__ import annotations

import polars as pl

from analysis.anomalies.thresholds import THRESHOLDS
from analysis.usages import EV_MAX_W, EV_MIN_W


def habitual_blocks(prepared: pl.DataFrame, *, floor_w: float) -> pl.DataFrame:
    """Energy of the recurring night blocks (a car charged at night, a pump on a timer).

    Per day and part of the day: ``day``, ``part``, ``kwh`` [kWh] above the always-on
    ``floor_w`` [W].

    A block is a run of ≥ 3 intervals 2.5–11 kW above the floor (the charging levels of
    :func:`analysis.usages.ev_charging`) holding ≥ 5 kWh, starting between 20:00 and
    06:00, lasting at most ``habit_max_hours`` and steady (``habit_max_rough``, judged on
    the median change from one interval to the next, so heating cycling on top of a
    charge or a water heater starting during it does not make a real charge uneven:
    guiEDF, winter 2024). The blocks are a habit when there are at least
    ``habit_min_sessions`` of them. Empty when they are not a habit: a single one is an
    unusual day.
    """
    x = pl.col("x")
    plateau = (x >= EV_MIN_W) & (x <= EV_MAX_W)
    rows = prepared.select(
        "day", "hour", "minutes", part=_part(), x=pl.col("w") - floor_w
    ).with_columns(on=plateau, run=plateau.rle_id())
    on = rows.filter(pl.col("on"))
    sized = (
        on.group_by("run")
        .agg(
            n=pl.len(),
            hours=pl.col("minutes").sum() / 60,
            kwh=(pl.col("x") * pl.col("minutes") / 60000).sum(),
            hour=pl.col("hour").first(),
        )
        .filter(
            (pl.col("n") >= 3)
            & (pl.col("hours") <= THRESHOLDS.habit_max_hours)
            & (pl.col("kwh") >= 5)
            & ((pl.col("hour") >= 20) | (pl.col("hour") < 6))
        )
    )
    # How steady, only for the runs of the right size and hours: medians per run of
    # every plateau took most of the time on a long curve.
    runs = (
        on.filter(pl.col("run").is_in(sized["run"].implode()))
        .group_by("run")
        .agg(rough=x.diff().abs().median() / x.median())
        .filter(pl.col("rough").fill_null(0.0) <= THRESHOLDS.habit_max_rough)
    )
    if runs.height < THRESHOLDS.habit_min_sessions:
        return pl.DataFrame(schema={"day": pl.Date, "part": pl.Int32, "kwh": pl.Float64})
    return (
        rows.filter(pl.col("run").is_in(runs["run"].implode()))
        .group_by("day", "part")
        .agg(kwh=(pl.col("x") * pl.col("minutes") / 60000).sum())
        .sort("day", "part")
    )


def _part() -> pl.Expr:
    """Which part of the day an interval is in: 0 for 00–06 h … 3 for 18–24 h (local)."""
    return (pl.col("hour") // THRESHOLDS.part_hours).cast(pl.Int32)


def day_parts(prepared: pl.DataFrame) -> pl.DataFrame:
    """Energy per part of each day (``part_hours`` long).

    Columns ``day``, ``part``, ``kwh`` [kWh], ``coverage`` [0–1], ``day_type``.
    """
    # One key per day and part. In a prepared curve its keys come in order (a day's parts
    # follow each other; the autumn's repeated hour is within its night): grouped then as
    # contiguous slices, where hashing the two keys of every interval took 3x as long.
    parts = round(24 / THRESHOLDS.part_hours)
    rows = prepared.with_columns(part=_part()).with_columns(
        key=pl.col("day").cast(pl.Int64) * parts + pl.col("part")
    )
    if rows["key"].is_sorted():
        rows = rows.with_columns(pl.col("key").set_sorted())
    return (
        rows.group_by("key")
        .agg(
            pl.col("day", "part").first(),
            kwh=pl.col("kwh").sum(),
            coverage=pl.col("minutes").sum() / (60 * THRESHOLDS.part_hours),
            day_type=pl.col("day_type").first(),
        )
        .drop("key")
        .sort("day", "part")
    )
