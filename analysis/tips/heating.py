"""The heating tip: one degree less on the set-point."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import polars as pl

from analysis.reference import degree_days
from analysis.tips.tip import AVERAGE_YEAR, NORMAL_YEAR, Tip, per_year
from words import said

if TYPE_CHECKING:
    from collections.abc import Callable

    from analysis.usages import Heating

HEATING_PER_DEGREE = 0.07
"""−1 °C of set-point ≈ −7 % of heating energy (ADEME; docs/sources.md, Tips)."""


def normal_year_hdd(temperatures: pl.DataFrame | None = None) -> float:
    """Degree-days of a normal year: the mean over the full years known. [°C·day]."""
    return _shipped_normal_year_hdd() if temperatures is None else _normal_year(temperatures)


@functools.cache
def _shipped_normal_year_hdd() -> float:
    """:func:`normal_year_hdd` of the shipped temperatures, computed once."""
    return _normal_year(None)


def _normal_year(temperatures: pl.DataFrame | None) -> float:
    dd = degree_days(temperatures).with_columns(year=pl.col("day").dt.year())
    full = dd.group_by("year").agg(pl.col("hdd").sum(), n=pl.len()).filter(pl.col("n") >= 365)
    value = full["hdd"].mean()
    return float(value) if isinstance(value, int | float) else 0.0


def heating_tip(
    *,
    heating: Heating,
    years: float,
    days: int,
    price_eur_per_kwh: float,
    prepared: pl.DataFrame | None,
    priced: Callable[[pl.DataFrame | None, pl.Expr], tuple[float, float]],
    temperatures: pl.DataFrame | None,
) -> Tip | None:
    """−1 °C of set-point, normalised to a normal year where the heating has a gradient."""
    if heating.found and heating.kwh_per_year > 0:
        measured = HEATING_PER_DEGREE * heating.kwh_per_year * years
        unit = price_eur_per_kwh
        if heating.gradient_kwh_per_hdd > 0:
            saving_year: float | None = (
                HEATING_PER_DEGREE * heating.gradient_kwh_per_hdd * normal_year_hdd(temperatures)
            )
            method = NORMAL_YEAR
            if prepared is not None:  # 7 % of each day's heating, at the hours it ran
                hdd = degree_days(temperatures).select("day", "hdd")
                kwh, eur = priced(
                    prepared.join(hdd, on="day", how="left"),
                    HEATING_PER_DEGREE
                    * heating.gradient_kwh_per_hdd
                    * pl.col("hdd").fill_null(0.0)
                    * pl.col("minutes")
                    / 1440,
                )
                measured, unit = kwh, (eur / kwh if kwh else unit)
        else:
            saving_year, method = per_year(measured, days), AVERAGE_YEAR
        if saving_year is not None:
            heat_year = saving_year / HEATING_PER_DEGREE
            text = said(
                "tip.text.heating_normal" if method == NORMAL_YEAR else "tip.text.heating",
                heat=heat_year,
                kwh=saving_year,
                eur=saving_year * unit,
            )
            return Tip(
                "heating_setpoint",
                saving_year,
                saving_year * unit,
                text,
                said("tip.source.heating_setpoint"),
                measured,
                measured * unit,
                days,
                method,
            )
    return None
