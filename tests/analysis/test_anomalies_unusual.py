"""Unusual days (issue 15): by day and part of day, habits and the days around them."""

import datetime as dt

import numpy as np
import polars as pl
import pytest

from analysis import anomalies
from analysis.curve import daily
from analysis.report import analyse
from ingest import read_export
from tests.analysis.anomalies_curves import GUIEDF_2022, home
from tests.conftest import real_export_dir


def test_a_spike_evening_past_22h_is_judged_over_the_whole_day(curve_factory):
    # +15 kWh between 18:00 and 24:00 of one day of a heated winter.
    day = [200.0 + 2500.0] * 36 + [200.0 + 2500.0 + 2500.0] * 12
    p = home(curve_factory, "2024-01-01", 60, heating_w_per_hdd=150.0, **{"30": day})
    found = anomalies.unusual_days(daily(p), skip=set(), parts=anomalies.day_parts(p))
    assert [(u.start, u.days) for u in found] == [(dt.date(2024, 1, 31), 1)]


def _charges_every_tenth_night() -> dict[str, list[float]]:
    """A 7 kW charge 22:00-04:00 every tenth night from day 5 (42 kWh each), as ``extra``."""
    charge = [200.0] * 44 + [7200.0] * 4
    after = [7200.0] * 8 + [200.0] * 40
    extra = {}
    for i in range(5, 90, 10):
        extra[str(i)], extra[str(i + 1)] = charge, after
    return extra


def test_a_night_charge_that_recurs_is_a_habit_not_an_unusual_day(curve_factory):
    # A 7 kW charge 22:00-04:00 every tenth night (42 kWh), and one daytime heater.
    extra = _charges_every_tenth_night()
    p = home(curve_factory, "2024-04-01", 90, **extra)
    d = daily(p)
    habits = anomalies.habitual_blocks(p, floor_w=200.0)
    assert habits["kwh"].sum() == pytest.approx(9 * 42.0)  # 12 half-hours at 7 kW each
    assert anomalies.unusual_days(d, skip=set(), habits=habits) == []
    assert len(anomalies.unusual_days(d, skip=set())) >= 9  # without the habit: flagged


def _days(first: dt.date, n: int, kwh: list[float]) -> pl.DataFrame:
    days = pl.date_range(first, first + dt.timedelta(days=n - 1), eager=True)
    return pl.DataFrame(
        {"day": days, "kwh": kwh, "coverage": [1.0] * n, "day_type": ["weekday"] * n}
    )


def test_a_habitual_block_explains_one_usual_session_not_any_energy():
    # 10 kWh a day, a 6 kWh evening block every fourth day (a habit, taken out), and one
    # evening of 20 kWh in a block: three times the usual block holds something else.
    first, n = dt.date(2024, 3, 1), 60
    kwh = [10.0 + (6.0 if i % 4 == 0 else 0.0) for i in range(n)]
    kwh[30] = 10.0 + 20.0  # day 30 is a block day too
    d = _days(first, n, kwh)
    habits = pl.DataFrame(
        {
            "day": [first + dt.timedelta(days=i) for i in range(0, n, 4)],
            "part": [3] * len(range(0, n, 4)),
            "kwh": [20.0 if i == 30 else 6.0 for i in range(0, n, 4)],
        },
        schema={"day": pl.Date, "part": pl.Int32, "kwh": pl.Float64},
    )
    found = anomalies.unusual_days(d, skip=set(), temperatures=None, habits=habits)
    assert [a.start for a in found] == [first + dt.timedelta(days=30)]
    # A usual session on that day instead is no anomaly.
    kwh[30] = 16.0
    habits = habits.with_columns(kwh=pl.lit(6.0))
    assert anomalies.unusual_days(_days(first, n, kwh), skip=set(), habits=habits) == []


def _parts(first: dt.date, parts: np.ndarray) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Days and their four parts from a (days × 4) matrix of part energies [kWh]."""
    n = parts.shape[0]
    days = [first + dt.timedelta(days=i) for i in range(n)]
    frame = pl.DataFrame(
        {
            "day": [d for d in days for _ in range(4)],
            "part": pl.Series([p for _ in days for p in range(4)], dtype=pl.Int32),
            "kwh": parts.ravel(),
            "coverage": [1.0] * (4 * n),
            "day_type": ["weekday"] * (4 * n),
        }
    )
    return _days(first, n, parts.sum(axis=1).tolist()), frame


def test_an_evening_like_no_other_is_found_in_a_home_whose_days_vary_a_lot():
    # A car charged 0-20 kWh on any night makes every day's total noisy (its robust
    # z-score stays under 2), while the evenings are steady: an evening 12 kWh above
    # them is extra for the day (the day is 12 kWh up too), and is found.
    rng = np.random.default_rng(7)
    first, n = dt.date(2024, 3, 1), 60
    parts = np.column_stack([rng.uniform(0, 20, n), *(3.3 + rng.normal(0, 0.1, (3, n)))])
    d, p = _parts(first, parts)
    whole = anomalies.comparable(d, temperatures=None)
    assert (whole["score"].drop_nulls().abs() < 2).all()  # the days say nothing
    extra = parts.copy()
    day = int(np.argmin(np.abs(parts.sum(axis=1) - np.median(parts.sum(axis=1)))[20:40])) + 20
    extra[day, 3] += 12.0
    d, p = _parts(first, extra)
    day_z = anomalies.comparable(d, temperatures=None).filter(
        pl.col("day") == first + dt.timedelta(days=day)
    )["score"][0]
    assert day_z < anomalies.THRESHOLDS.part_day_z
    found = anomalies.unusual_days(d, skip=set(), temperatures=None, parts=p)
    assert [a.start for a in found] == [first + dt.timedelta(days=day)]
    # An evening only 5 kWh up (its z-score between 4.5 and 9) in such a home is a busy
    # day, not flagged on its own.
    extra[day, 3] = parts[day, 3] + 5.0
    d, p = _parts(first, extra)
    assert anomalies.unusual_days(d, skip=set(), temperatures=None, parts=p) == []


def test_a_block_on_every_night_is_in_the_comparable_days_and_explains_no_evening():
    # An electric home heats 7 kWh every night (a habitual block on every day): an
    # evening 9 kWh up is not explained by that night's usual heating, which every
    # comparable day holds too.
    first, n = dt.date(2024, 1, 1), 60
    parts = np.tile([7.0 + 2.0, 4.0, 4.0, 5.0], (n, 1))
    parts[30, 3] += 9.0
    d, p = _parts(first, parts)
    habits = pl.DataFrame(
        {
            "day": [first + dt.timedelta(days=i) for i in range(n)],
            "part": pl.Series([0] * n, dtype=pl.Int32),
            "kwh": [7.0] * n,
        }
    )
    found = anomalies.unusual_days(d, skip=set(), temperatures=None, parts=p, habits=habits)
    assert [(a.start, round(a.size, 1)) for a in found] == [(first + dt.timedelta(days=30), 9.0)]


def test_an_uneven_evening_is_no_habitual_charge(curve_factory):
    # The recurring 7 kW charges of the test above, and one evening of 3-6 kW changing
    # every half-hour from 20:00 (guests, a heater switched on and off): no charge, so
    # the habit does not explain it away.
    extra = _charges_every_tenth_night()
    uneven = [3000.0, 5500.0, 3200.0, 6000.0, 3500.0, 5800.0, 3100.0, 5600.0]
    extra["48"] = [200.0] * 40 + [200.0 + w for w in uneven]
    p = home(curve_factory, "2024-04-01", 90, **extra)
    habits = anomalies.habitual_blocks(p, floor_w=200.0)
    evening = dt.date(2024, 4, 1) + dt.timedelta(days=48)
    assert habits["kwh"].sum() == pytest.approx(9 * 42.0)  # the charges, not the evening
    found = anomalies.unusual_days(daily(p), skip=set(), habits=habits)
    assert [u.start for u in found] == [evening]


def test_one_day_above_the_days_around_it_is_unusual_a_week_of_them_is_the_households_week():
    first, n = dt.date(2024, 6, 3), 70
    one = [10.0] * n
    one[35] = 18.0
    assert [a.start for a in anomalies.unusual_days(_days(first, n, one), skip=set())] == [
        first + dt.timedelta(days=35)
    ]
    week = [18.0 if 32 <= i < 39 else 10.0 for i in range(n)]
    assert anomalies.unusual_days(_days(first, n, week), skip=set()) == []


@pytest.mark.real
def test_a_heated_day_like_the_days_around_it_is_not_unusual():
    # guiEDF, December 2022: 9 December (46.4 kWh, the days around it 30-49) and
    # 23 December (23.3 kWh, the days around it 20-25) sit above the heating line of
    # their comparable days, but not above the week they are in.
    folder = real_export_dir("enedis_portal_csv")
    curve = read_export(folder / GUIEDF_2022).curve
    december = [
        a
        for a in analyse(curve).anomalies
        if a.kind == "unusual_day" and a.start.year == 2022 and a.start.month == 12
    ]
    assert december == []
