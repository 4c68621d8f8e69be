"""Functions over canonical ``curve`` frames that readers, the CLI and analysis share."""

from __future__ import annotations

import polars as pl

from ingest.schema import SCHEMAS
from ingest.timestamps import local_day


def gaps(curve: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Holes in a load curve: where an interval does not start at the previous one's end.

    Returns
    -------
    One row per gap: ``meter``, ``direction``, ``start`` and ``end`` of the missing span
    [UTC], and ``hours`` [h]. Gaps are reported, never filled.
    """
    lf = curve.lazy().sort("meter", "direction", "start")
    prev_end = pl.col("end").shift(1).over("meter", "direction", order_by="start")
    return (
        lf.with_columns(gap_start=prev_end)
        .filter(pl.col("gap_start") < pl.col("start"))
        .select(
            "meter",
            "direction",
            start=pl.col("gap_start"),
            end=pl.col("start"),
            hours=(pl.col("start") - pl.col("gap_start")).dt.total_seconds() / 3600,
        )
        .sort("meter", "direction", "start")
        .collect()
    )


def daily_from_curve(curve: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Energy per local (Europe/Paris) day, from a load curve (canonical ``daily``).

    Each interval counts in the day its start falls in. [Wh]
    """
    return (
        curve.lazy()
        .group_by("meter", "direction", day=local_day(pl.col("start")))
        .agg(pl.col("wh").sum())
        .select(list(SCHEMAS["daily"]))
        .sort("meter", "direction", "day")
        .collect()
    )
