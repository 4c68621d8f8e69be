import datetime as dt

import numpy as np
import polars as pl
import pytest

from ingest.timestamps import MINUTE_US, infer_steps, local_to_utc
from ingest.timestamps import _per_row as per_row


def minutes(*offsets: int) -> np.ndarray:
    return np.array(offsets, dtype=np.int64) * MINUTE_US


def steps(*offsets: int) -> list[int]:
    return (infer_steps(minutes(*offsets)) // MINUTE_US).tolist()


def test_regular_steps():
    assert steps(30, 60, 90, 120) == [30, 30, 30, 30]


def test_step_changes_30_to_60_and_back():
    # ends: 07:30 08:00 | 09:00 10:00 11:00 | 11:30 12:00
    assert steps(450, 480, 540, 600, 660, 690, 720) == [30, 30, 60, 60, 60, 30, 30]


def test_single_missing_half_hour_is_not_a_step_change():
    assert steps(30, 60, 120, 150, 180) == [30, 30, 30, 30, 30]


def test_first_row_after_a_long_gap_takes_the_next_step():
    assert steps(30, 60, 60 * 25, 60 * 25 + 30) == [30, 30, 30, 30]


def test_lone_row_between_gaps_has_no_step():
    assert steps(30, 60, 1000, 3000, 3030) == [30, 30, -1, 30, 30]


def test_one_row_has_no_step():
    assert steps(30) == [-1]


def test_autumn_repeated_hour_follows_file_order():
    naive = [
        dt.datetime(2023, 10, 29, h, m)
        for h, m in [(1, 30), (2, 0), (2, 30), (2, 0), (2, 30), (3, 0)]
    ]
    out = pl.DataFrame({"t": naive}).select(local_to_utc(pl.col("t")))["t"].to_list()
    utc = [x.replace(tzinfo=None) for x in out]
    assert utc == [
        dt.datetime(2023, 10, 28, 23, 30),
        dt.datetime(2023, 10, 29, 0, 0),
        dt.datetime(2023, 10, 29, 0, 30),
        dt.datetime(2023, 10, 29, 1, 0),
        dt.datetime(2023, 10, 29, 1, 30),
        dt.datetime(2023, 10, 29, 2, 0),
    ]


def test_spring_forward_time_that_does_not_exist_is_null():
    naive = [
        dt.datetime(2024, 3, 31, 1, 30),
        dt.datetime(2024, 3, 31, 2, 30),
        dt.datetime(2024, 3, 31, 3, 0),
    ]
    out = pl.DataFrame({"t": naive}).select(local_to_utc(pl.col("t")))["t"]
    assert out.null_count() == 1
    assert out[1] is None


def _polars_per_row(frame: pl.DataFrame) -> pl.DataFrame:
    """The rule by Polars' own per-row resolution (the reference; also the fallback)."""
    return pl.DataFrame({"t": per_row(frame["t"], "Europe/Paris")})


@pytest.mark.parametrize("seed", range(8))
def test_local_to_utc_matches_polars_per_row_resolution(seed):
    rng = np.random.default_rng(seed)
    years = pl.datetime_range(
        dt.datetime(2012, 1, 1), dt.datetime(2026, 1, 1), "30m", eager=True
    ).to_numpy()
    times = list(rng.choice(years, 2000).astype("datetime64[us]").tolist())
    for year in range(2012, 2026):  # every minute-ish around both changes, shuffled in
        for month, last_sunday in ((3, _last_sunday(year, 3)), (10, _last_sunday(year, 10))):
            day = dt.datetime(year, month, last_sunday, 1)
            for minutes in range(0, 180, int(rng.integers(3, 13))):
                times.insert(int(rng.integers(0, len(times))), day + dt.timedelta(minutes=minutes))
    times.insert(3, None)
    frame = pl.DataFrame({"t": times}, schema={"t": pl.Datetime("us")})
    ours = frame.select(local_to_utc(pl.col("t")))
    assert ours.equals(_polars_per_row(frame))


def test_local_to_utc_edge_columns():
    empty = pl.DataFrame({"t": []}, schema={"t": pl.Datetime("us")})
    assert empty.select(local_to_utc(pl.col("t"))).height == 0
    nulls = pl.DataFrame({"t": [None, None]}, schema={"t": pl.Datetime("us")})
    assert nulls.select(local_to_utc(pl.col("t")))["t"].null_count() == 2
    far = pl.DataFrame({"t": [dt.datetime(1950, 7, 1), dt.datetime(2150, 7, 1, 12)]})
    # Outside the table of changes (1971-2099), each row is resolved by Polars itself.
    assert far.select(local_to_utc(pl.col("t"))).equals(_polars_per_row(far))


def _last_sunday(year: int, month: int) -> int:
    last = dt.date(year, month, 31)
    return last.day - (last.weekday() + 1) % 7
