"""Daily energy against outdoor temperature, and the heating line the analysis fitted.

:func:`analysis.usages.heating` fits ``kwh = a + b × hdd`` over the days fully covered
(hdd: degree-days below :data:`analysis.reference.HEATING_BASE_C`) and keeps ``b``. With
``b`` known, the least-squares ``a`` over the same days is ``mean(kwh) − b × mean(hdd)``:
this module finds it again, so the line drawn is the one the analysis used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from analysis.reference import HEATING_BASE_C, degree_days

if TYPE_CHECKING:
    from analysis.usages import Heating

FULL_DAY = 0.95
"""A day is used for the heating fit when the curve covers this share of it, as
:func:`analysis.report.analyse` selects them. [0–1]"""


def points(daily: pl.DataFrame, temperatures: pl.DataFrame | None = None) -> pl.DataFrame:
    """Each day with data and a known temperature.

    Columns: ``day``, ``kwh`` [kWh], ``tmean_c`` [°C], ``hdd`` [°C·day], ``season``,
    ``fitted`` (whether the heating fit used the day: fully covered, energy above zero).
    """
    return (
        daily.join(degree_days(temperatures), on="day", how="inner")
        .with_columns(fitted=(pl.col("coverage") >= FULL_DAY) & (pl.col("kwh") > 0))
        .select("day", "kwh", "tmean_c", "hdd", "season", "fitted")
        .sort("day")
    )


@dataclass(frozen=True)
class HeatingLine:
    """Daily energy as the heating fit gives it.

    Flat above the base temperature, rising by the gradient per degree below it.
    """

    base_c: float
    """Outdoor daily mean below which the home heats. [°C]"""
    gradient_kwh_per_hdd: float
    """Extra daily energy per degree below the base. [kWh/(°C·day)]"""
    intercept_kwh: float
    """Daily energy on a day that needs no heat. [kWh]"""

    def kwh_at(self, tmean_c: float) -> float:
        """The line's daily energy at an outdoor daily mean. [kWh]."""
        return self.intercept_kwh + self.gradient_kwh_per_hdd * max(self.base_c - tmean_c, 0.0)


def heating_line(days: pl.DataFrame, heating: Heating) -> HeatingLine | None:
    """The fitted line over :func:`points`.

    None when heating was not fitted on degree-days (too few days with a temperature) or
    no day was used.
    """
    used = days.filter(pl.col("fitted"))
    if not heating.method.startswith("degree-days") or used.height == 0:
        return None
    b = heating.gradient_kwh_per_hdd
    a = float(used["kwh"].mean()) - b * float(used["hdd"].mean())  # type: ignore[arg-type]
    return HeatingLine(HEATING_BASE_C, b, a)


def warm_median_kwh(days: pl.DataFrame, base_c: float = HEATING_BASE_C) -> float | None:
    """Median energy of the fitted days that need no heat (at or above the base). [kWh/day].

    None when there is no such day.
    """
    warm = days.filter(pl.col("fitted") & (pl.col("tmean_c") >= base_c))["kwh"]
    value = warm.median() if warm.len() else None
    return float(value) if isinstance(value, int | float) else None
