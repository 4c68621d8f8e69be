"""analysis/calendar.py: the shipped public holidays, and the library beyond them."""

import datetime as dt
import subprocess
import sys

import polars as pl
from polars.testing import assert_series_equal

from analysis import calendar
from tests.conftest import ROOT


def test_the_shipped_holidays_are_the_holidays_librarys():
    # The days (the names, which nothing reads, may be worded otherwise by a new release).
    shipped = pl.read_csv(calendar.HOLIDAYS, schema={"day": pl.Date, "name": pl.String})
    library = calendar.holiday_table(*calendar.HOLIDAY_YEARS)
    assert_series_equal(shipped["day"], library["day"])
    assert shipped["day"].dt.year().unique().len() == 111


def test_holidays_within_the_table_and_beyond_it_are_the_librarys():
    table = calendar.holiday_table(2024, 2024)
    assert calendar.public_holidays(2024, 2024) == frozenset(table["day"])
    assert dt.date(2024, 5, 9) in calendar.public_holidays(2024, 2024)  # Ascension
    assert dt.date(2024, 5, 20) in calendar.public_holidays(2023, 2025)  # Whit Monday
    # Beyond the table: from the library itself (which knows no year after 2100).
    early = calendar.public_holidays(1988, 1990)
    assert early == frozenset(calendar.holiday_table(1988, 1990)["day"])
    assert dt.date(1989, 7, 14) in early
    assert dt.date(1990, 7, 14) in early


def test_reading_a_curves_day_types_does_not_import_the_holidays_library():
    code = (
        "import sys, datetime as dt, polars as pl\n"
        "from analysis import calendar\n"
        "days = pl.DataFrame({'day': [dt.date(2024, 5, 9), dt.date(2024, 5, 10)]})\n"
        "kinds = days.select(calendar.day_type(pl.col('day'), years=(2023, 2025)))\n"
        "assert kinds.to_series().to_list() == ['sunday_holiday', 'weekday'], kinds\n"
        "print('holidays' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_slot_hour_and_minute_are_the_local_wall_clocks_on_both_days_of_a_clock_change():
    # 2024-03-31 02:00 and 2024-10-27 03:00 (Paris) move the clock; the slots are the
    # wall clock's, as ``dt.hour`` and ``dt.minute`` of the local time give them.
    starts = pl.datetime_range(
        dt.datetime(2024, 3, 30, 22, tzinfo=dt.UTC),
        dt.datetime(2024, 3, 31, 3, tzinfo=dt.UTC),
        "10m",
        eager=True,
    ).append(
        pl.datetime_range(
            dt.datetime(2024, 10, 26, 22, tzinfo=dt.UTC),
            dt.datetime(2024, 10, 27, 3, tzinfo=dt.UTC),
            "10m",
            eager=True,
        )
    )
    # A stamp of 1969 too: its time of day counts from its own midnight (floored).
    before = pl.DataFrame({"start": [dt.datetime(1969, 12, 31, 21, 40, tzinfo=dt.UTC)]})
    frame = pl.DataFrame({"start": starts}).vstack(before.cast(starts.dtype))
    local = calendar.local().dt.replace_time_zone(None)
    got = frame.select(
        calendar.slot(),
        calendar.hour().alias("hour"),
        calendar.minute_of(calendar.local().dt.replace_time_zone(None)),
    )
    wall = frame.select(
        slot=(local.dt.hour() * 2 + local.dt.minute() // 30).cast(pl.Int32),
        hour=local.dt.hour().cast(pl.Float64) + local.dt.minute().cast(pl.Float64) / 60,
        minute=(local.dt.hour().cast(pl.Int32) * 60 + local.dt.minute()),
    )
    assert got.equals(wall)
    # The minute is the one the hour was rounded to (how off-peak hours read it before).
    assert got["minute"].to_list() == (got["hour"] * 60).round(0).cast(pl.Int32).to_list()
    # Around each change: 00:00 Paris is 23:00 UTC (winter), 22:00 UTC (summer).
    assert got["hour"][:3].to_list() == [23.0, 23 + 1 / 6, 23 + 2 / 6]
    assert got["slot"][-1] == 45  # 1969-12-31 22:40 in Paris
