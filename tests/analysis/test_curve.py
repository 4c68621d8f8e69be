"""analysis/curve.py: the prepared curve (local days, slots, steps, meters) and its days."""

import datetime as dt

import polars as pl
import pytest

from analysis.curve import daily, prepare


def test_spring_and_autumn_days_have_46_and_50_slots(curve_factory):
    spring = prepare(curve_factory("2024-03-31T00:00:00", [100.0] * 46))
    autumn = prepare(curve_factory("2024-10-27T00:00:00", [100.0] * 50))
    assert spring["day"].unique().to_list() == [dt.date(2024, 3, 31)]
    assert autumn["day"].unique().to_list() == [dt.date(2024, 10, 27)]
    # The repeated hour of the autumn day has slots 4 and 5 twice.
    assert autumn["slot"].value_counts().filter(pl.col("count") == 2)["slot"].sort().to_list() == [
        4, 5]  # fmt: skip
    assert daily(autumn)["kwh"].to_list() == [pytest.approx(2.5)]


def test_changing_steps_give_the_right_energy(curve_factory):
    hourly = curve_factory("2024-05-01T00:00:00", [1000.0] * 2, minutes=60)
    halves = curve_factory("2024-05-01T02:00:00", [1000.0] * 4)
    p = prepare(pl.concat([hourly, halves]))
    assert p["kwh"].sum() == pytest.approx(4.0)
    assert p["w"].unique().to_list() == [1000.0]


def test_a_curve_of_two_meters_needs_one_chosen(curve_factory):
    one = curve_factory("2024-05-01T00:00:00", [100.0] * 4)
    two = pl.concat([one, one.with_columns(meter=pl.lit("m2"))])
    with pytest.raises(ValueError, match="holds 2 meters; choose one"):
        prepare(two)
    assert prepare(two, meter="m2")["meter"].unique().to_list() == ["m2"]
    assert prepare(one).height == 4


def test_the_days_of_a_curve_given_in_any_order_are_sorted_and_marked_so(curve_factory):
    # prepare marks its days sorted (every group-by of days then takes contiguous slices):
    # the mark must be true whatever order the intervals came in, across DST and a step
    # change, and the days' energies those of the same frame without the mark.
    hourly = curve_factory("2024-10-26T00:00:00", [1000.0] * 24, minutes=60)
    halves = curve_factory("2024-10-27T00:00:00", [400.0 + i for i in range(98)])
    curve = pl.concat([hourly, halves]).sample(fraction=1.0, shuffle=True, seed=3)
    p = prepare(curve)
    days = p["day"].to_numpy()
    assert p["day"].flags["SORTED_ASC"]
    assert (days[1:] >= days[:-1]).all()
    unmarked = pl.from_arrow(p.to_arrow())
    assert isinstance(unmarked, pl.DataFrame)
    assert not unmarked["day"].flags["SORTED_ASC"]
    assert daily(p)["day"].equals(daily(unmarked)["day"])
    assert daily(p)["kwh"].to_list() == pytest.approx(daily(unmarked)["kwh"].to_list(), rel=1e-12)
    # 24 hours of 1 kW, then the 50 half-hours of 400-449 W and 48 of 450-497 W.
    assert daily(p)["kwh"].to_list() == pytest.approx([24.0, 10.6125, 11.364], rel=1e-12)
