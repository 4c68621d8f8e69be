"""The always-on load ("talon"): what runs day and night whatever the household does.

Estimator (analytics.md §3.1, adapted): for each night (00:00–06:00 local), the mean of the
half-hours within :data:`BAND_W` of that night's lowest. Fridge and freezer cycles stay in
(their 30-min swing is well under 200 W), water-heater, car and appliance blocks fall out.
The household's figure is the median of warm nights (mean temperature of the day at
least :data:`WARM_MARGIN_C` above the heating base, or June–August without temperatures),
when no heating hides the floor; without such nights, of all nights.
"""

from __future__ import annotations

import polars as pl

from analysis.reference import HEATING_BASE_C, degree_days

BAND_W = 200.0
"""Half-hours within this much of the night's lowest count as always-on. [W]"""
NIGHT_HOURS = (0.0, 6.0)
"""The local hours searched for the floor. [h]"""
WARM_MONTHS = (6, 7, 8)
WARM_MARGIN_C = 2.5
"""How much warmer than the heating base a day must be for its night to count as warm:
the French mean is not the household's town, and nights are colder than the day's mean.
At the base itself, shoulder-season nights still heating put the floor 50–300 W high on
the sample households. [°C]"""
HOURS_PER_YEAR = 8766.0
"""Average hours in a year (365.25 days). [h]"""


def daily(prepared: pl.DataFrame) -> pl.DataFrame:
    """Always-on load per night, ``day`` and ``w`` [W] (the night that starts the day)."""
    lo, hi = NIGHT_HOURS
    night = prepared.filter((pl.col("hour") >= lo) & (pl.col("hour") < hi))
    return (
        night.group_by("day")
        .agg(w=pl.col("w").filter(pl.col("w") < pl.col("w").min() + BAND_W).mean())
        .drop_nulls()
        .sort("day")
    )


def warm_nights(per_day: pl.DataFrame, temperatures: pl.DataFrame | None = None) -> pl.DataFrame:
    """The nights no heating can hide the floor: warm days, else summer months."""
    t = degree_days(temperatures).select("day", "tmean_c")
    known = per_day.join(t, on="day", how="inner")
    if known.height >= per_day.height * 0.8:
        warm = pl.col("tmean_c") >= HEATING_BASE_C + WARM_MARGIN_C
        return known.filter(warm).drop("tmean_c")
    return per_day.filter(pl.col("day").dt.month().is_in(WARM_MONTHS))


def level(per_day: pl.DataFrame, temperatures: pl.DataFrame | None = None) -> float:
    """The household's always-on load: median of warm nights, else of all nights. [W]."""
    warm = warm_nights(per_day, temperatures)
    chosen = warm if warm.height >= 14 else per_day
    value = chosen["w"].median()
    return float(value) if isinstance(value, int | float) else 0.0


def trend(per_day: pl.DataFrame, *, window_days: int = 28) -> pl.DataFrame:
    """Rolling median of the nightly always-on load, ``day`` and ``w`` [W]."""
    return per_day.select(
        "day", w=pl.col("w").rolling_median(window_days, min_samples=window_days // 2)
    )


def kwh_per_year(w: float) -> float:
    """Energy of a constant load over an average year: 1 W → 8.766 kWh. [kWh]."""
    return w * HOURS_PER_YEAR / 1000
