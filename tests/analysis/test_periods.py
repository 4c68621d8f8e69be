"""Periods: bounds in local days, previous/next, a year before, slices, comparisons, costs."""

import datetime as dt

import polars as pl
import pytest

from analysis import tariffs
from analysis.calendar import DAY_TYPE, SEASON
from analysis.curve import prepare
from analysis.periods import (
    KINDS,
    MIN_COVERAGE_TO_COMPARE,
    Period,
    change,
    energy,
    local_time_utc,
    off_peak_spans,
    slice_days,
    summarise,
    typical_for,
)
from tests.analysis.conftest import make_curve

D = dt.date


def test_the_week_of_each_dst_day_has_46_or_50_half_hours_that_day():
    for sunday, expected in ((D(2024, 3, 31), 46), (D(2024, 10, 27), 50)):
        curve = make_curve(f"{sunday - dt.timedelta(days=8)}T00:00", [500.0] * 48 * 20)
        week = Period.containing("week", sunday)
        assert (week.first, week.last) == (sunday - dt.timedelta(days=6), sunday)
        rows = slice_days(prepare(curve), week)
        per_day = rows.group_by("day").len().sort("day")
        assert per_day["day"].to_list() == [week.first + dt.timedelta(days=i) for i in range(7)]
        assert per_day["len"].to_list() == [48] * 6 + [expected]
        assert week.minutes() == (7 * 48 - 48 + expected) * 30


def test_season_bounds_cross_the_new_year_for_winter():
    assert Period.containing("season", D(2024, 1, 15)) == Period(
        "season", D(2023, 12, 1), D(2024, 2, 29)
    )
    assert Period.containing("season", D(2024, 12, 1)) == Period(
        "season", D(2024, 12, 1), D(2025, 2, 28)
    )
    summer = Period.containing("season", D(2024, 7, 14))
    assert (summer.first, summer.last, summer.days) == (D(2024, 6, 1), D(2024, 8, 31), 92)
    assert summer.previous() == Period("season", D(2024, 3, 1), D(2024, 5, 31))
    assert summer.next() == Period("season", D(2024, 9, 1), D(2024, 11, 30))


def test_a_year_before_29_february():
    assert Period.containing("day", D(2024, 2, 29)).year_before() == Period(
        "day", D(2023, 2, 28), D(2023, 2, 28)
    )
    assert Period.containing("month", D(2024, 2, 29)).year_before() == Period(
        "month", D(2023, 2, 1), D(2023, 2, 28)
    )
    winter = Period.containing("season", D(2024, 2, 29)).year_before()
    assert (winter.first, winter.last) == (D(2022, 12, 1), D(2023, 2, 28))
    week = Period.containing("week", D(2024, 2, 29)).year_before()
    assert week.first.weekday() == 0
    assert week.first == D(2024, 2, 26) - dt.timedelta(weeks=52)


@pytest.mark.parametrize("kind", KINDS)
def test_previous_then_next_comes_back(kind):
    p = Period.containing(kind, D(2024, 3, 31))
    assert p.previous().next() == p
    assert p.previous().last + dt.timedelta(days=1) == p.first
    assert p.contains(D(2024, 3, 31))


def test_months_and_years_have_their_calendar_length():
    assert Period.containing("month", D(2023, 12, 31)).next() == Period(
        "month", D(2024, 1, 1), D(2024, 1, 31)
    )
    assert Period.containing("year", D(2024, 6, 1)).days == 366


def test_local_times_on_dst_days():
    # 02:30 does not exist on 31 March: the meter is then at 03:30 (01:30 UTC).
    assert local_time_utc(D(2024, 3, 31), 150) == dt.datetime(2024, 3, 31, 1, 30, tzinfo=dt.UTC)
    # 02:30 happens twice on 27 October: the first time (00:30 UTC).
    assert local_time_utc(D(2024, 10, 27), 150) == dt.datetime(2024, 10, 27, 0, 30, tzinfo=dt.UTC)
    assert local_time_utc(D(2024, 10, 27), 1440) == dt.datetime(2024, 10, 27, 23, tzinfo=dt.UTC)


def test_comparisons_need_data_on_both_sides():
    # 10 days of 1 kW from 1 March, then 2 kW for 5 days.
    curve = make_curve("2024-03-01T00:00", [1000.0] * 48 * 10 + [2000.0] * 48 * 5)
    prepared = prepare(curve)
    day = Period.containing("day", D(2024, 3, 12))
    chosen = energy(prepared, day)
    assert chosen.kwh == pytest.approx(48.0)
    assert chosen.coverage == 1.0
    before = change(chosen, energy(prepared, day.previous()))
    assert before.delta_kwh == pytest.approx(0.0)
    eleventh = Period.containing("day", D(2024, 3, 11))
    jump = change(energy(prepared, eleventh), energy(prepared, eleventh.previous()))
    assert jump.delta_kwh == pytest.approx(24.0)
    assert jump.ratio == pytest.approx(1.0)
    assert change(chosen, energy(prepared, day.year_before())).missing == "no_data"
    # The week of 11 March holds 5 days: too few to compare with anything.
    week = energy(prepared, Period.containing("week", D(2024, 3, 11)))
    assert week.coverage == pytest.approx(5 / 7)
    assert week.coverage < MIN_COVERAGE_TO_COMPARE
    assert change(week, energy(prepared, Period.containing("week", D(2024, 3, 4)))).missing == (
        "partial"
    )


def test_a_period_is_priced_and_its_rate_scaled_to_a_year():
    curve = make_curve("2024-03-01T00:00", [1000.0] * 48 * 31)
    prepared = prepare(curve)
    off_peak = tariffs.OffPeak.parse("22:00-06:00")
    march = Period.containing("month", D(2024, 3, 5))
    s = summarise(prepared, march, option="base", kva=6, off_peak=off_peak)
    expected = tariffs.cost(slice_days(prepared, march), "base", 6, off_peak=off_peak)
    assert s.cost is not None
    assert s.cost.total_eur == pytest.approx(expected.total_eur)
    # 31 full days (one of 23 hours): energy scaled by minutes, subscription by days.
    minutes = 31 * 1440 - 60
    per_year = expected.energy_eur * 365 * 1440 / minutes + expected.subscription_eur * 365 / 31
    assert s.eur_per_year == pytest.approx(per_year)
    assert s.per_year_is_rate
    assert s.previous.missing == "no_data"
    # Ten days of the month: priced, but too little for a yearly rate.
    short = summarise(
        prepared.filter(pl.col("day") <= D(2024, 3, 10)),
        march,
        option="base",
        kva=6,
        off_peak=off_peak,
    )
    assert short.cost is not None
    assert short.eur_per_year is None
    # A year with no data at all has no price.
    empty = summarise(
        prepared, Period.containing("year", D(2020, 1, 1)), option="base", kva=6, off_peak=off_peak
    )
    assert (empty.cost, empty.eur_per_year, empty.energy.coverage) == (None, None, 0.0)


def test_a_full_year_costs_what_it_costs():
    curve = make_curve("2023-01-01T00:00", [300.0] * (365 * 48 + 2))
    prepared = prepare(curve).filter(pl.col("day").dt.year() == 2023)
    off_peak = tariffs.OffPeak.parse("22:00-06:00")
    year = Period.containing("year", D(2023, 7, 1))
    s = summarise(prepared, year, option="base", kva=6, off_peak=off_peak)
    assert s.energy.coverage == 1.0
    assert s.cost is not None
    assert s.eur_per_year == s.cost.total_eur
    assert not s.per_year_is_rate


def test_off_peak_spans_cross_midnight_and_follow_dated_schedules():
    off_peak = tariffs.OffPeak.parse("22:00-06:00; 2024-03-02: 01:00-07:00,12:00-14:00")
    spans = off_peak_spans(off_peak, Period(kind="week", first=D(2024, 3, 1), last=D(2024, 3, 2)))
    utc = dt.UTC
    # Each calendar day follows its own schedule, as the costs do: 2 March 00:00–01:00 is
    # peak under the new one.
    assert spans == [
        (dt.datetime(2024, 2, 29, 23, tzinfo=utc), dt.datetime(2024, 3, 1, 5, tzinfo=utc)),
        (dt.datetime(2024, 3, 1, 21, tzinfo=utc), dt.datetime(2024, 3, 1, 23, tzinfo=utc)),
        (dt.datetime(2024, 3, 2, 0, tzinfo=utc), dt.datetime(2024, 3, 2, 6, tzinfo=utc)),
        (dt.datetime(2024, 3, 2, 11, tzinfo=utc), dt.datetime(2024, 3, 2, 13, tzinfo=utc)),
    ]
    # A night runs on across midnight as one stretch, and through the autumn change.
    night = off_peak_spans(
        tariffs.OffPeak.parse("22:00-06:00"), Period.containing("week", D(2024, 10, 27))
    )
    assert len(night) == 8  # Monday's early hours, six whole nights, Sunday's late hours
    assert night[-2] == (
        dt.datetime(2024, 10, 26, 20, tzinfo=utc),  # Saturday 22:00 CEST
        dt.datetime(2024, 10, 27, 5, tzinfo=utc),  # Sunday 06:00 CET: a 9-hour night
    )


def test_the_typical_day_lies_under_each_day_by_type_and_season():
    typical = pl.DataFrame(
        {
            "day_type": ["sunday_holiday"] * 48 + ["weekday"] * 48,
            "season": ["spring"] * 96,
            "slot": list(range(48)) * 2,
            "median_w": [100.0] * 48 + [200.0] * 48,
            "p10_w": [50.0] * 96,
            "p90_w": [300.0] * 96,
        },
        schema_overrides={"slot": pl.Int32, "day_type": DAY_TYPE, "season": SEASON},
    )
    # Sunday 31 March 2024 (the spring change) and Monday 1 April (Easter Monday).
    behind = typical_for(typical, Period("week", D(2024, 3, 31), D(2024, 4, 2)))
    per_day = behind.group_by("day").agg(pl.len(), pl.col("median_w").first()).sort("day")
    assert per_day.rows() == [
        (D(2024, 3, 31), 46, 100.0),
        (D(2024, 4, 1), 48, 100.0),  # a public holiday is typed as a Sunday
        (D(2024, 4, 2), 48, 200.0),
    ]
    assert behind["start"][0] == dt.datetime(2024, 3, 30, 23, tzinfo=dt.UTC)
