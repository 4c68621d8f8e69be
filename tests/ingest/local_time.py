"""Curves seen in Paris time, for test expectations a person reads."""

import datetime as dt

import polars as pl

from ingest.schema import TIME_ZONE


def local_rows(curve: pl.DataFrame) -> list[tuple[str, str, float]]:
    """(local start, local end, Wh) rows, for reading test expectations as a person would."""
    paris = curve.select(
        pl.col("start").dt.convert_time_zone(TIME_ZONE).dt.strftime("%d %H:%M%z"),
        pl.col("end").dt.convert_time_zone(TIME_ZONE).dt.strftime("%d %H:%M%z"),
        "wh",
    )
    return [tuple(r) for r in paris.rows()]


def per_day(curve: pl.DataFrame) -> dict[dt.date, int]:
    """How many intervals start on each local day (46 on the spring change, 50 in autumn)."""
    days = curve.group_by(pl.col("start").dt.convert_time_zone(TIME_ZONE).dt.date()).len()
    return dict(days.rows())
