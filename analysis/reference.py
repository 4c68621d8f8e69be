"""Dated reference data shipped under ``analysis/data/`` (see its SOURCES.md)."""

from __future__ import annotations

import functools
from pathlib import Path

import polars as pl

DATA = Path(__file__).parent / "data"

HEATING_BASE_C = 15.5
"""Outdoor daily mean below which a home needs heat (internal and solar gains cover the
rest); the analysis' degree-days use this base. [°C]"""


@functools.cache
def temperatures() -> pl.DataFrame:
    """French daily outdoor temperature, mean of 13 regions, 2016 → 2025.

    Columns: ``day`` [date], ``tmin_c``, ``tmax_c``, ``tmean_c`` [°C], ``hdd18`` [°C·day,
    heating degree-days base 18 °C], ``source``.
    """
    return pl.read_csv(DATA / "temperature_france_daily.csv", try_parse_dates=True).select(
        day=pl.col("date"),
        tmin_c="tmin_c",
        tmax_c="tmax_c",
        tmean_c="tmoy_c",
        hdd18="dju18_c",
        source="source",
    )


@functools.cache
def degree_days() -> pl.DataFrame:
    """Heating degree-days base :data:`HEATING_BASE_C` per day: ``day``, ``tmean_c``, ``hdd``.

    [°C·day]; a day with ``hdd == 0`` needs no heating.
    """
    return temperatures().select("day", "tmean_c", hdd=(HEATING_BASE_C - pl.col("tmean_c")).clip(0))
