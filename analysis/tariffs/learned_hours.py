"""The off-peak hours a meter applied, learned from the tariff periods it reported."""

from __future__ import annotations

import polars as pl

from ingest.schema import TIME_ZONE


def off_peak_from_periods(periods: pl.DataFrame) -> str | None:
    """The off-peak hours a meter applied, learned from its reported tariff periods.

    ``periods`` holds ``start`` [UTC] and ``period`` per half-hour (a TIC capture's
    ``PTEC``/``LTARF``). A half-hour of the day is off-peak when its period names
    off-peak (``HC``, ``CREUSE``) on most of the days seen. Returns a schedule such as
    ``"22:00-06:00"`` (local time), or None when no off-peak period was reported.
    """
    if periods.height == 0:
        return None
    label = pl.col("period").str.to_uppercase()
    slots = (
        periods.with_columns(
            local=pl.col("start").dt.convert_time_zone(TIME_ZONE),
            hc=label.str.contains("HC") | label.str.contains("CREUSE"),
        )
        .with_columns(slot=pl.col("local").dt.hour() * 2 + pl.col("local").dt.minute() // 30)
        .group_by("slot")
        .agg(pl.col("hc").mean())
    )
    off = sorted(int(x) for x in slots.filter(pl.col("hc") > 0.5)["slot"].to_list())
    if not off:
        return None
    ranges: list[list[int]] = []
    for slot in off:
        if ranges and slot == ranges[-1][1]:
            ranges[-1][1] = slot + 1
        else:
            ranges.append([slot, slot + 1])
    if len(ranges) > 1 and ranges[0][0] == 0 and ranges[-1][1] == 48:
        ranges[-1][1] = ranges[0][1]  # a range across midnight
        ranges.pop(0)

    def fmt(half: int) -> str:
        return f"{half % 48 // 2:02d}:{half % 2 * 30:02d}"

    return ",".join(f"{fmt(a)}-{fmt(b)}" for a, b in ranges)
