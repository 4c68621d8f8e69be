"""The times of TIC frames: receive-time prefixes, horodates, and each frame's time."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from ingest.formats.tic.labels import DATE, KEY, SP
from ingest.timestamps import MINUTE_US, local_to_utc
from words import Said, said

if TYPE_CHECKING:
    import numpy.typing as npt

    Bytes = npt.NDArray[np.uint8]
    Ints = npt.NDArray[np.int64]

PREFIX = re.compile(rb"^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d)(\.\d{1,9})?(Z|[+-]\d\d:?\d\d) ")
"""A receive-time prefix, as ``ts`` writes it: ``2024-01-08T12:00:01+01:00 ``."""


def receive_times(buf: Bytes, start: Ints, end: Ints, first: re.Match[bytes]) -> tuple[Ints, int]:
    """Receive times (UTC µs) of groups with a prefix laid out as ``first``; -1 elsewhere."""
    width = first.end()
    fraction = len(first.group(2) or b"")
    zone = first.group(3)
    has = (end - start) > width + 3
    last = buf.size - 1

    def cell(j: int) -> Bytes:
        """The byte ``j`` places into each prefix (one gather per column, no matrix)."""
        column: Bytes = buf[np.minimum(start + j, last)]
        return column

    shape_ok = has & (cell(4) == ord("-")) & (cell(width - 1) == SP)

    def num(a: int, b: int) -> Ints:
        n = np.zeros(start.size, dtype=np.int64)
        for j in range(a, b):
            n = n * 10 + (cell(j).astype(np.int64) - 48)
        return n

    year, month, day = num(0, 4), num(5, 7), num(8, 10)
    hour, minute, second = num(11, 13), num(14, 16), num(17, 19)
    days = _days_from_civil(year, month, day)
    micros = ((days * 24 + hour) * 60 + minute) * 60 + second
    micros = micros * 1_000_000
    if fraction > 1:
        digits = fraction - 1
        frac = num(20, 20 + digits)
        micros += frac * 10 ** max(0, 6 - digits) // 10 ** max(0, digits - 6)
    if zone != b"Z":
        at = 19 + fraction
        sign = np.where(cell(at) == ord("-"), -1, 1)
        zh = num(at + 1, at + 3)
        zm = num(at + 4, at + 6) if len(zone) == 6 else num(at + 3, at + 5)
        micros -= sign * (zh * 60 + zm) * MINUTE_US
    return np.where(shape_ok, micros, -1), width


def _days_from_civil(y: Ints, m: Ints, d: Ints) -> Ints:
    """Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm)."""
    y = y - (m <= 2)
    era = np.where(y >= 0, y, y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days: Ints = era * 146097 + doe - 719468
    return days


def horodates(buf: Bytes, start: Ints) -> tuple[Ints, npt.NDArray[np.uint8]]:
    """``SAAMMJJhhmmss`` at ``start``: local wall-clock µs since 1970, and the season byte."""
    season = buf[start]
    cells = buf[start[:, None] + 1 + np.arange(12)[None, :]].astype(np.int64) - 48
    two = cells[:, 0::2] * 10 + cells[:, 1::2]
    days = _days_from_civil(2000 + two[:, 0], two[:, 1], two[:, 2])
    seconds = ((days * 24 + two[:, 3]) * 60 + two[:, 4]) * 60 + two[:, 5]
    return seconds * 1_000_000, season


def local_stamp(micros: pl.Expr, season: pl.Expr) -> pl.Expr:
    """Horodates to UTC: ``E`` summer (UTC+2), ``H`` winter (UTC+1); blank: local Paris."""
    naive = micros.cast(pl.Datetime("us"))
    summer = season.is_in([ord("E"), ord("e")])
    winter = season.is_in([ord("H"), ord("h")])
    exact = (
        pl.when(summer)
        .then(naive - pl.duration(hours=2))
        .when(winter)
        .then(naive - pl.duration(hours=1))
        .otherwise(None)
        .dt.replace_time_zone("UTC")
    )
    # No season flag: Paris wall-clock time, the repeated autumn hour in capture order.
    return pl.coalesce(exact, local_to_utc(naive))


def frame_times(
    long: pl.DataFrame, *, start: dt.datetime | None, seconds_per_frame: float
) -> tuple[pl.DataFrame | None, Said]:
    """Each frame's time: its line prefix, else its DATE horodate, else estimated.

    Returns ``frame``, ``at`` [UTC µs since 1970] and how the times were known; no frame
    when the times are estimated (:func:`with_times` counts them from ``start``, one frame
    every ``seconds_per_frame``).
    """
    received = (
        long.filter(pl.col("received") >= 0).group_by("frame").agg(at=pl.col("received").min())
    )
    if received.height:
        return received, said("ingest.note.tic_timing.received")
    dated = long.filter((pl.col("key") == KEY[DATE]) & (pl.col("stamp") >= 0))
    if dated.height:
        out = dated.group_by("frame").agg(pl.col("stamp").first(), pl.col("season").first())
        at = local_stamp(pl.col("stamp"), pl.col("season")).dt.epoch("us")
        return out.select("frame", at=at), said("ingest.note.tic_timing.date_field")
    if start is None:
        msg = "historic-mode capture without receive times: give its start time"
        raise ValueError(msg)
    first = start.astimezone(dt.UTC)
    how = said(
        "ingest.note.tic_timing.estimated",
        first=f"{first:%Y-%m-%d %H:%M:%S}",
        seconds=seconds_per_frame,
    )
    return None, how


def with_times(
    long: pl.DataFrame,
    times: pl.DataFrame | None,
    *,
    start: dt.datetime | None,
    seconds_per_frame: float,
) -> pl.DataFrame:
    """``long`` with ``at`` and ``minute`` [UTC µs] per row; rows of untimed frames dropped."""
    frame = long["frame"].to_numpy()
    if times is None:
        assert start is not None
        first = int(start.astimezone(dt.UTC).timestamp() * 1e6)
        at = first + frame * int(seconds_per_frame * 1e6)
        known = np.ones(frame.size, dtype=bool)
    else:
        low = int(frame.min()) if frame.size else 0
        size = int(frame.max()) - low + 1 if frame.size else 0
        dense = np.zeros(size, dtype=np.int64)
        has = np.zeros(size, dtype=bool)
        where = times["frame"].to_numpy() - low
        inside = (where >= 0) & (where < size)
        dense[where[inside]] = times["at"].to_numpy()[inside]
        has[where[inside]] = True
        at, known = dense[frame - low], has[frame - low]
    rows = long.with_columns(at=at, minute=at - at % MINUTE_US)
    return rows if known.all() else rows.filter(known)
