"""The outdoor temperature and degree-days of each day the detectors judge."""

from __future__ import annotations

import datetime as dt
import functools

import polars as pl

from analysis.anomalies.thresholds import THRESHOLDS
from analysis.reference import degree_days, normals


def day_temperatures(temperatures: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per day: ``day``, ``tmean_c`` [°C], ``hdd`` and ``cdd`` [°C·day].

    Heating degree-days on the analysis' base (analysis/reference.py), cooling degree-days
    above :attr:`.thresholds.Thresholds.cooling_base_c`.
    """
    if temperatures is None:
        return _shipped_day_temperatures()
    return _with_cdd(degree_days(temperatures))


@functools.cache
def _shipped_day_temperatures() -> pl.DataFrame:
    """:func:`day_temperatures` of the shipped series, made once."""
    return _with_cdd(degree_days())


def _with_cdd(degrees: pl.DataFrame) -> pl.DataFrame:
    """``day``, ``tmean_c``, ``hdd`` of :func:`degree_days`, with ``cdd`` [°C·day]."""
    return degrees.select(
        "day",
        "tmean_c",
        "hdd",
        cdd=(pl.col("tmean_c") - THRESHOLDS.cooling_base_c).clip(0),
    )


def with_temperatures(
    frame: pl.DataFrame, temperatures: pl.DataFrame | None = None
) -> pl.DataFrame:
    """``frame`` (one row per ``day``) with ``tmean_c``, ``hdd`` and ``cdd``.

    A day missing from the temperatures (the shipped series lacks a few, e.g.
    2023-02-28) takes the line between its neighbours; a day beyond the series (a curve
    of recent months: the shipped one ends on 2025-11-29) takes its calendar day's normal
    (:func:`analysis.reference.normals`), not the last known day's, which gave a whole
    summer the cold of late November; with no temperature at all, no correction.
    """
    t = day_temperatures(temperatures)
    if t.height and frame.height:
        first, last = frame["day"].min(), frame["day"].max()
        assert isinstance(first, dt.date)
        assert isinstance(last, dt.date)
        if first < t["day"][0] or last > t["day"][-1]:  # (its days are sorted)
            t = (
                _shipped_with_normals(first, last)
                if temperatures is None
                else _with_normals(temperatures.select("day", "tmean_c"), t, first, last)
            )
    out = frame.join(t, on="day", how="left").sort("day")
    cols = ["tmean_c", "hdd", "cdd"]
    out = out.with_columns(pl.col(cols).interpolate_by("day")).with_columns(
        pl.col(cols).forward_fill().backward_fill()
    )
    return out.with_columns(pl.col("hdd", "cdd").fill_null(0.0))


def _with_normals(
    own: pl.DataFrame | None, t: pl.DataFrame, first: dt.date, last: dt.date
) -> pl.DataFrame:
    """:func:`day_temperatures` of ``own`` (None: shipped) and normals beyond the series ``t``.

    Each day from ``first`` to ``last`` outside ``t``'s days takes its calendar day's
    normal (:func:`analysis.reference.normals`).
    """
    beyond = (
        pl.DataFrame({"day": pl.date_range(first, last, eager=True)})
        .filter(~pl.col("day").is_between(t["day"].min(), t["day"].max()))
        .with_columns(month=pl.col("day").dt.month(), dom=pl.col("day").dt.day())
        .join(normals(), on=["month", "dom"], how="left")
        .select("day", tmean_c="normal_c")
    )
    return day_temperatures(pl.concat([*([] if own is None else [own]), beyond]))


@functools.lru_cache(maxsize=16)
def _shipped_with_normals(first: dt.date, last: dt.date) -> pl.DataFrame:
    """:func:`_with_normals` of the shipped series, made once per period.

    A report asks for the temperatures of the same days five times.
    """
    return _with_normals(None, day_temperatures(), first, last)
