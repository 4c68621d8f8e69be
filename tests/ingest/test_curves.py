"""Gaps and the period of an export: one vectorised pass, the same answer in any row order."""

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ingest import Export, Store
from ingest.curves import gaps
from ingest.schema import SCHEMAS
from ingest.timestamps import local_day

UTC = dt.UTC
BASE = dt.datetime(2024, 1, 1, tzinfo=UTC)


def curve_of(rows: list[tuple[str, str, int, int]]) -> pl.DataFrame:
    """A curve from (meter, direction, start minute after 2024-01-01 UTC, step minutes)."""
    return pl.DataFrame(
        {
            "meter": [m for m, _, _, _ in rows],
            "start": [BASE + dt.timedelta(minutes=s) for _, _, s, _ in rows],
            "end": [BASE + dt.timedelta(minutes=s + n) for _, _, s, n in rows],
            "wh": [1.0] * len(rows),
            "direction": [d for _, d, _, _ in rows],
        },
        schema=SCHEMAS["curve"],
    )


# Two meters, two directions; each series has its own holes, and a series' first interval
# comes after another series' last one (which is no gap: a new series starts there).
ROWS = [
    ("m1", "consumption", 0, 30),
    ("m1", "consumption", 30, 30),
    ("m1", "consumption", 120, 30),  # gap 60 → 120
    ("m1", "production", 0, 60),
    ("m1", "production", 60, 60),
    ("m1", "production", 180, 60),  # gap 120 → 180
    ("m2", "consumption", 600, 30),  # starts later than m1's last end: not a gap
    ("m2", "consumption", 690, 30),  # gap 630 → 690
]
EXPECTED = pl.DataFrame(
    {
        "meter": ["m1", "m1", "m2"],
        "direction": ["consumption", "production", "consumption"],
        "start": [BASE + dt.timedelta(minutes=m) for m in (60, 120, 630)],
        "end": [BASE + dt.timedelta(minutes=m) for m in (120, 180, 690)],
        "hours": [1.0, 1.0, 1.0],
    },
    schema={
        "meter": pl.String,
        "direction": SCHEMAS["curve"]["direction"],
        "start": SCHEMAS["curve"]["start"],
        "end": SCHEMAS["curve"]["end"],
        "hours": pl.Float64,
    },
)


def test_gaps_of_several_meters_and_directions_are_per_series():
    assert_frame_equal(gaps(curve_of(ROWS)), EXPECTED)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gaps_of_rows_in_any_order_are_those_of_the_sorted_curve(seed):
    shuffled = curve_of(ROWS).sample(fraction=1.0, shuffle=True, seed=seed)
    assert_frame_equal(gaps(shuffled), EXPECTED)


def test_gaps_of_a_lazy_curve_are_found_too():
    assert_frame_equal(gaps(curve_of(ROWS[::-1]).lazy()), EXPECTED)


def test_gaps_between_directions_of_one_meter_are_not_gaps():
    """Consumption ends at 01:00, production starts at 00:00: neither has a hole."""
    rows = [("m1", "consumption", 0, 60), ("m1", "production", 0, 60)]
    assert gaps(curve_of(rows)).height == 0


def per_row_period(export: Export) -> tuple[dt.date, dt.date] | None:
    """The period the slow way: every row's local day, then the smallest and largest."""
    last_instant = pl.col("end") - pl.duration(microseconds=1)
    days = [
        export.curve.select(a=local_day(pl.col("start")), b=local_day(last_instant)),
        export.registers.select(a=local_day(pl.col("at")), b=local_day(pl.col("at"))),
        export.daily.select(a="day", b="day"),
        export.peaks.select(a="day", b="day"),
    ]
    found = [(f["a"].min(), f["b"].max()) for f in days if f.height]
    if not found:
        return None
    return min(f[0] for f in found), max(f[1] for f in found)  # type: ignore[type-var]


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def curve_between(first: dt.datetime, last_end: dt.datetime, minutes: int = 30) -> pl.DataFrame:
    ends = pl.datetime_range(
        first + dt.timedelta(minutes=minutes), last_end, f"{minutes}m", eager=True
    )
    return pl.DataFrame(
        {
            "meter": "m1",
            "start": ends - dt.timedelta(minutes=minutes),
            "end": ends,
            "wh": 1.0,
            "direction": "consumption",
        },
        schema=SCHEMAS["curve"],
    )


@pytest.mark.parametrize(
    ("first", "last_end", "expected"),
    [
        # Winter: local midnight is 23:00 UTC; an interval ending then ends the day before.
        (utc(2023, 12, 31, 23), utc(2024, 1, 2, 23), (dt.date(2024, 1, 1), dt.date(2024, 1, 2))),
        # Summer: local midnight is 22:00 UTC.
        (utc(2024, 7, 1, 22), utc(2024, 7, 3, 22, 30), (dt.date(2024, 7, 2), dt.date(2024, 7, 4))),
        # Across both clock changes of 2024 (31 March, 27 October), 30 min before midnight.
        (
            utc(2024, 3, 30, 22, 30),
            utc(2024, 10, 27, 22, 30),
            (dt.date(2024, 3, 30), dt.date(2024, 10, 27)),
        ),
    ],
)
def test_period_from_first_and_last_instant_is_the_per_row_period(first, last_end, expected):
    export = Export(name="x", format="test", meter="m1", curve=curve_between(first, last_end))
    assert export.period() == expected
    assert per_row_period(export) == expected


def test_period_spans_every_table_with_rows():
    registers = pl.DataFrame(
        {"meter": "m1", "at": [utc(2024, 1, 5, 23), utc(2024, 2, 1, 12)], "register": "EAST"},
        schema_overrides={"at": SCHEMAS["registers"]["at"]},
    ).with_columns(wh=pl.Series([1.0, 2.0]))
    daily = pl.DataFrame(
        {"meter": "m1", "day": [dt.date(2023, 12, 30)], "wh": [1.0], "direction": "consumption"},
        schema=SCHEMAS["daily"],
    )
    export = Export(
        name="x",
        format="test",
        meter="m1",
        curve=curve_between(utc(2024, 1, 1), utc(2024, 1, 2)),
        registers=registers.select(list(SCHEMAS["registers"])).cast(dict(SCHEMAS["registers"])),
        daily=daily,
    )
    # daily's 30 December starts it; the register read at 13:00 Paris on 1 February ends it.
    assert export.period() == (dt.date(2023, 12, 30), dt.date(2024, 2, 1))
    assert export.period() == per_row_period(export)
    assert Export(name="x", format="test", meter="m1").period() is None


def test_store_add_gives_the_period_it_logs(tmp_path):
    export = Export(
        name="x",
        digest="x",
        format="test",
        meter="m1",
        curve=curve_between(utc(2023, 12, 31, 23), utc(2024, 1, 2, 23)),
    )
    result = Store(tmp_path).add(export)
    assert result.period == (dt.date(2024, 1, 1), dt.date(2024, 1, 2))
    assert Store(tmp_path).imports()[-1]["period"] == ["2024-01-01", "2024-01-02"]
