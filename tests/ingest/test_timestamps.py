import datetime as dt

import numpy as np
import polars as pl
import pytest

from ingest.timestamps import (
    MINUTE_US,
    infer_steps,
    known_steps,
    local_to_utc,
    steps_of,
    uniform_step_of,
)
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


def test_known_steps_gives_unknown_rows_the_most_common_known_step():
    def counted(minutes: np.ndarray) -> np.ndarray:  # the rule, row by row
        known = [5, 10, 15, 30, 60]
        counts = {s: int((minutes == s).sum()) for s in known}
        usual = max(known, key=lambda s: counts[s]) if any(counts.values()) else 30
        return np.where(np.isin(minutes, known), minutes, usual)

    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(0, 400))
        mix = rng.dirichlet(np.ones(7) * rng.choice([0.2, 1, 5]))  # ties, majorities, none known
        minutes = rng.choice([5, 10, 15, 30, 60, -1, 45], size=n, p=mix).astype(np.int64)
        assert (known_steps(minutes.copy()) == counted(minutes)).all()


def test_start_stamps_take_the_distance_to_the_next_stamp():
    at = minutes(0, 30, 60, 120, 180, 210)  # 30 | 30 | 60 60 | 30 …
    assert steps_of(at, stamp="start").tolist() == [30, 30, 60, 60, 30, 30]


def test_a_missing_row_in_start_stamps_is_not_a_longer_step():
    # 10:00 10:30 11:00 (11:30 missing) 12:00 12:30: 11:00 is a half-hour, not an hour
    at = minutes(600, 630, 660, 720, 750)
    assert steps_of(at, stamp="start").tolist() == [30, 30, 30, 30, 30]
    assert steps_of(at, stamp="end").tolist() == [30, 30, 30, 30, 30]


def test_a_row_whose_step_cannot_be_inferred_takes_the_fallback():
    at = minutes(0, 30, 60, 200, 400, 430, 460)  # 200 stands alone between two gaps
    assert steps_of(at, stamp="end", fallback=10).tolist()[3] == 10
    assert steps_of(at, stamp="end").tolist()[3] == 30  # the usual known step


def test_stamps_that_do_not_exist_are_skipped_by_their_neighbours():
    # 00:00 00:30 (a time that does not exist) 01:30 02:00: 01:30 is after a missing row
    at = minutes(0, 30, 0, 90, 120)
    known = np.array([True, True, False, True, True])
    assert steps_of(at, stamp="end", known=known).tolist() == [30, 30, 30, 30, 30]
    assert steps_of(at, stamp="end", known=known, fallback=10).tolist()[2] == 10


def test_stamps_out_of_order_keep_the_distance_to_their_neighbour():
    at = minutes(60, 30, 90, 120)  # not increasing: no run to lean on
    assert steps_of(at, stamp="end").tolist() == [30, 30, 60, 30]


def test_the_first_row_before_a_missing_row_is_not_a_longer_step():
    # ends 00:00 (00:30 missing) 01:00 01:30 02:00: the first row's hour holds a missing row
    assert steps(0, 60, 90, 120) == [-1, 30, 30, 30]
    assert steps_of(minutes(0, 60, 90, 120), stamp="end").tolist() == [30, 30, 30, 30]


def _chunked(*parts: list[int]) -> pl.Series:
    """Stamps [min → µs] in chunks of their own, as a reader's pieces are concatenated."""
    return pl.concat([pl.Series("end", minutes(*p)) for p in parts], rechunk=False)


@pytest.mark.parametrize(
    ("parts", "step"),
    [
        (([0, 30, 60], [90, 120]), 30),
        (([0, 30, 60], [120, 150]), 0),  # a gap where two chunks meet
        (([0, 30, 60], [], [90]), 30),  # an empty chunk between two
        (([0, 10, 20], [30, 40]), 10),
        (([0, 30], [60, 70]), 0),  # the step changes inside the second chunk
        (([0, 7, 14],), 0),  # not a step a meter uses
        (([5],), 0),
    ],
)
def test_a_uniform_step_is_judged_inside_chunks_and_where_they_meet(parts, step):
    assert uniform_step_of(_chunked(*parts)) == step * MINUTE_US
    assert uniform_step_of(_chunked(*parts).rechunk(), piece=2) == step * MINUTE_US
