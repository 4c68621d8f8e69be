"""The temperature view: days against temperature, and the heating line found again."""

import datetime as dt

import numpy as np
import polars as pl
import pytest

from analysis import thermal, usages
from analysis.reference import HEATING_BASE_C


def _days(n: int = 150) -> tuple[pl.DataFrame, pl.DataFrame]:
    first = dt.date(2024, 1, 1)
    day = pl.date_range(first, first + dt.timedelta(days=n - 1), eager=True)
    tmean = np.linspace(-5.0, 25.0, n)
    hdd = np.clip(HEATING_BASE_C - tmean, 0, None)
    kwh = 10.0 + 2.0 * hdd + np.where(np.arange(n) % 2 == 0, 0.5, -0.5)
    daily = pl.DataFrame({"day": day, "kwh": kwh, "coverage": 1.0, "season": "winter"})
    temperatures = pl.DataFrame({"day": day, "tmean_c": tmean})
    return daily, temperatures


def test_the_line_is_the_one_the_heating_fit_found():
    daily, temperatures = _days()
    heat = usages.heating(daily, temperatures=temperatures)
    assert heat.gradient_kwh_per_hdd == pytest.approx(2.0, abs=0.01)
    line = thermal.heating_line(thermal.points(daily, temperatures), heat)
    assert line is not None
    assert line.intercept_kwh == pytest.approx(10.0, abs=0.1)
    assert line.kwh_at(25.0) == pytest.approx(line.intercept_kwh)
    # Warm days: 10 ± 0.5 kWh; the median of the fitted ones at 15.5 °C or more.
    assert thermal.warm_median_kwh(thermal.points(daily, temperatures)) == pytest.approx(
        10.0, abs=0.5
    )
    assert line.kwh_at(HEATING_BASE_C - 10) == pytest.approx(line.intercept_kwh + 10 * 2.0, abs=0.1)


def test_partial_days_are_shown_but_not_fitted_and_no_line_without_temperatures():
    daily, temperatures = _days()
    firsts = pl.col("day").dt.day() == 1
    daily = daily.with_columns(coverage=pl.when(firsts).then(0.5).otherwise(1.0))
    days = thermal.points(daily, temperatures)
    assert days.height == 150
    assert days.filter(~pl.col("fitted"))["day"].dt.day().unique().to_list() == [1]
    few = usages.heating(daily.head(30), temperatures=temperatures)
    assert thermal.heating_line(thermal.points(daily.head(30), temperatures), few) is None
