"""Per-minute summaries of a capture's decoded groups, gathered chunk by chunk.

The frames give, per minute, the first reading of each register and the highest apparent
power (:func:`summarise`); from those come the canonical tables
(:mod:`ingest.formats.tic.tables`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from ingest.formats.tic.labels import KEY, POWER_KEYS, REGISTER_KEYS
from ingest.formats.tic.times import frame_times, local_stamp, with_times
from ingest.schema import TIME_ZONE

if TYPE_CHECKING:
    import datetime as dt

    import numpy.typing as npt

    from ingest.formats.tic.scan import Readings
    from words import Said

UTC_US = pl.Datetime("us", "UTC")


def frames_from(readings: Readings) -> pl.DataFrame:
    """The decoded groups as one long frame: ``frame``, ``key``, ``value``, times."""

    def joined(parts: list[npt.NDArray[np.generic]], dtype: type[np.generic]) -> np.ndarray:
        return np.concatenate(parts) if parts else np.array([], dtype=dtype)

    return pl.DataFrame(
        {
            "frame": joined(readings.frame, np.int64),  # type: ignore[arg-type]
            "key": joined(readings.label, np.int64),  # type: ignore[arg-type]
            "value": joined(readings.value, np.float64),  # type: ignore[arg-type]
            "stamp": joined(readings.stamp, np.int64),  # type: ignore[arg-type]
            "season": joined(readings.season, np.uint8),  # type: ignore[arg-type]
            "received": joined(readings.received, np.int64),  # type: ignore[arg-type]
        }
    ).with_columns(pl.col("value").fill_nan(None))


@dataclass
class Minutes:
    """Per-minute summaries gathered chunk by chunk (small whatever the capture's size)."""

    registers: list[pl.DataFrame] = field(default_factory=list)
    """First reading per register (``key``, :data:`LABEL`) and minute: ``minute``, ``at``."""
    power: list[pl.DataFrame] = field(default_factory=list)
    maximum: list[pl.DataFrame] = field(default_factory=list)
    periods: list[pl.DataFrame] = field(default_factory=list)
    meters: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)
    options: set[str] = field(default_factory=set)
    timing: Said | None = None
    """How the frames' times were known (the first chunk's answer)."""


def summarise(
    readings: Readings, minutes: Minutes, *, start: dt.datetime | None, seconds_per_frame: float
) -> None:
    """Turn one chunk's readings into per-minute rows, then forget the readings.

    Ties are settled by time (the earliest reading), so the result does not depend on
    the order the scan produced the readings in.
    """
    long = frames_from(readings)
    if long.height == 0:
        return
    times, how = frame_times(long, start=start, seconds_per_frame=seconds_per_frame)
    minutes.timing = minutes.timing or how
    timed = with_times(long, times, start=start, seconds_per_frame=seconds_per_frame)
    as_time = (pl.col("minute", "at").cast(UTC_US),)
    regs = timed.filter(pl.col("key").is_in(REGISTER_KEYS) & pl.col("value").is_not_null())
    first = regs.group_by("key", "minute").agg(
        pl.col("at").min(), pl.col("value").get(pl.col("at").arg_min())
    )
    minutes.registers.append(first.select("key", *as_time, "value"))
    power = timed.filter(pl.col("key").is_in(POWER_KEYS) & pl.col("value").is_not_null())
    highest = power.group_by("minute").agg(
        pl.col("value").max(),
        pl.col("at").filter(pl.col("value") == pl.col("value").max()).min(),
    )
    minutes.power.append(highest.select("value", *as_time))
    smax = timed.filter(
        (pl.col("key") == KEY["SMAXSN"]) & pl.col("value").is_not_null() & (pl.col("stamp") >= 0)
    )
    if smax.height:  # (Polars cannot resolve an ambiguous hour over no rows)
        # The meter repeats its daily maximum in every frame: keep each day's highest.
        once = smax.select("value", "stamp", "season").unique(maintain_order=True)
        at = local_stamp(pl.col("stamp"), pl.col("season"))
        daily = (
            once.select("value", at=at)
            .group_by(day=pl.col("at").dt.convert_time_zone(TIME_ZONE).dt.date())
            .agg(
                pl.col("value").max(),
                pl.col("at").filter(pl.col("value") == pl.col("value").max()).min(),
            )
        )
        minutes.maximum.append(daily.select("value", "at"))
    if readings.periods:
        period = pl.concat(readings.periods)
        counted = (
            with_times(period, times, start=start, seconds_per_frame=seconds_per_frame)
            .group_by("minute", "text")
            .agg(n=pl.len(), first=pl.col("at").min())
            .with_columns(period=pl.col("text").str.strip_chars())
            .group_by("minute", "period")
            .agg(pl.col("n").sum(), pl.col("first").min())
            .sort("minute", "n", "first", descending=[False, True, False])
        )
        per_minute = counted.group_by("minute", maintain_order=True).agg(pl.col("period").first())
        minutes.periods.append(per_minute.with_columns(pl.col("minute").cast(UTC_US)))

    def values(*names: str) -> set[str]:
        return {text.strip() for name, text in readings.seen if name in names}

    minutes.meters |= values("PRM", "ADCO")
    minutes.addresses |= values("ADSC")
    minutes.options |= values("OPTARIF", "NGTF")
