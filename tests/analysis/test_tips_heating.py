"""The heating tip: normalised to a normal year, priced at the hours the heating ran."""

import datetime as dt

import polars as pl
import pytest

from analysis import tariffs
from analysis.curve import prepare
from analysis.reference import degree_days
from analysis.tips import NORMAL_YEAR, normal_year_hdd
from analysis.usages import Heating
from tests.analysis.tips_cases import figures_in_text, tips_with


def test_heating_is_normalised_to_a_normal_year():
    heating = Heating(True, "degree-days", 2000.0, 1.5, 0.3)
    (tip,) = [t for t in tips_with(heating=heating, years=0.6) if t.id == "heating_setpoint"]
    assert tip.method == NORMAL_YEAR
    assert tip.kwh_per_year == pytest.approx(0.07 * 1.5 * normal_year_hdd())
    assert tip.kwh == pytest.approx(0.07 * 2000.0 * 0.6)
    assert 1200 < normal_year_hdd() < 1800  # French degree-days, base 15.5 °C, a year


def test_the_heating_tip_prices_the_heating_hours(curve_factory):
    # A flat January week: its heating (gradient × degree-days) is spread over all hours.
    p = prepare(curve_factory("2024-01-08T00:00", [2000.0] * 48 * 7))
    current = tariffs.cost(p, "base", 9)
    heating = Heating(True, "degree-days", 3000.0, 2.0, 0.5)
    out = tips_with(heating=heating, current=current, prepared=p, years=7 / 365.25)
    (tip,) = [t for t in out if t.id == "heating_setpoint"]
    hdd = float(
        degree_days()
        .filter(pl.col("day").is_between(dt.date(2024, 1, 8), dt.date(2024, 1, 14)))["hdd"]
        .sum()
    )
    assert tip.kwh == pytest.approx(0.07 * 2.0 * hdd)
    assert tip.eur == pytest.approx(tip.kwh * tariffs.prices_at("base", 9)["energy"])
    figures_in_text(tip)
