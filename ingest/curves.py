"""Functions over canonical ``curve`` frames that readers, the CLI and analysis share."""

from __future__ import annotations

import polars as pl

from ingest.schema import KEYS, SCHEMAS, strictly_sorted
from ingest.timestamps import local_day


def gaps(curve: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Holes in a load curve: where an interval does not start at the previous one's end.

    One vectorised pass over the curve in key order (meter, direction, start): a frame
    already in that order (every reader's output, checked by
    :func:`ingest.schema.strictly_sorted`) is not sorted again; the previous row is the
    previous interval when its meter and direction are the same.

    Returns
    -------
    One row per gap: ``meter``, ``direction``, ``start`` and ``end`` of the missing span
    [UTC], and ``hours`` [h]. Gaps are reported, never filled.
    """
    keys = KEYS["curve"]
    in_order = isinstance(curve, pl.DataFrame) and strictly_sorted(curve, keys)
    lf = curve.lazy() if in_order else curve.lazy().sort(*keys)
    same_series = (pl.col("meter") == pl.col("meter").shift(1)) & (
        pl.col("direction") == pl.col("direction").shift(1)
    )
    # The few gaps found are sorted again: an engine that streams need not keep row order.
    return (
        lf.select(
            "meter",
            "direction",
            "start",
            gap_start=pl.when(same_series).then(pl.col("end").shift(1)),
        )
        .filter(pl.col("gap_start") < pl.col("start"))
        .select(
            "meter",
            "direction",
            start=pl.col("gap_start"),
            end=pl.col("start"),
            hours=(pl.col("start") - pl.col("gap_start")).dt.total_seconds() / 3600,
        )
        .collect()
        .sort(*keys)
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
