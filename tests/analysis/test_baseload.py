"""The always-on load's definition, beside independent floor estimators on real curves."""

import polars as pl
import pytest

from analysis import baseload
from analysis.curve import prepare
from ingest import read_export
from tests.conftest import real_export_dir

HOMES = [
    "edfcomparateur_consoexemple_2022-07_2023-07.csv",
    "guiedf_conso_heure_2023-08-09_2024-07-25.csv",
]
WITH_MIXED_STEPS = [*HOMES, "guiedf_conso_heure_2022-10-24_2024-07-25_mixed_step.csv"]


def _real(name: str) -> pl.DataFrame:
    """A real portal CSV of ../shared/real_exports, prepared."""
    return prepare(read_export(real_export_dir("enedis_portal_csv") / name).curve)


def _night(prepared: pl.DataFrame) -> pl.DataFrame:
    return prepared.filter(pl.col("hour") < 6)


def _estimators(prepared: pl.DataFrame) -> dict[str, float]:
    """Independent estimators over the same warm nights [W]: the 10th percentile of the
    night's half-hours, the night's lowest half-hour, the lowest hourly mean (two
    half-hours), and the former one (mean of the half-hours within 200 W of the lowest)."""
    per_night = (
        _night(prepared)
        .sort("start")
        .group_by("day")
        .agg(
            p10=pl.col("w").quantile(0.1, interpolation="linear"),
            lowest=pl.col("w").min(),
            hourly=pl.col("w").rolling_mean(2).min(),
            former=pl.col("w").filter(pl.col("w") < pl.col("w").min() + 200).mean(),
        )
    )
    warm = baseload.warm_nights(per_night.select("day", w="p10"))
    chosen = per_night.filter(pl.col("day").is_in(warm["day"].implode()))
    return {c: float(chosen[c].median()) for c in ("p10", "lowest", "hourly", "former")}


def test_a_cycling_fridge_counts_for_its_average_and_a_night_block_not_at_all(curve_factory):
    # 100 W always on, a fridge at 120 W one half-hour in two, a 3 kW block for an hour.
    night = [100.0, 220.0] * 2 + [3000.0] * 2 + [100.0, 220.0] * 3
    day = [500.0] * 36
    p = prepare(curve_factory("2024-07-01T00:00:00", (night + day) * 20))
    nightly = baseload.daily(p)
    assert nightly["w"].unique().to_list() == [160.0]  # 100 W + the fridge's 60 W average
    assert baseload.level(nightly) == 160.0


def test_the_day_floor_sees_through_night_heating(curve_factory):
    # Night heating at 2 kW from 00:00 to 06:00, the afternoon back to the 150 W floor.
    day = [2150.0] * 12 + [600.0] * 16 + [150.0] * 8 + [800.0] * 12
    p = prepare(curve_factory("2024-01-08T00:00:00", day * 3))
    assert baseload.daily(p)["w"].to_list() == [2150.0] * 3
    assert baseload.daily(p, span="day")["w"].to_list() == [150.0] * 3


def test_a_gap_leaves_no_two_hour_window_and_no_floor(curve_factory):
    p = prepare(curve_factory("2024-07-01T00:00:00", [100.0, 300.0, 100.0]))
    assert baseload.daily(p).height == 0


def _rolling_windows(p: pl.DataFrame) -> pl.DataFrame:
    """The two-hour windows as rolling sums by time (the former code): the reference."""
    return (
        p.sort("start")
        .with_columns(
            wh2=pl.col("wh").rolling_sum_by("start", "2h"),
            min2=pl.col("minutes").rolling_sum_by("start", "2h"),
            first=pl.col("day").rolling_min_by("start", "2h"),
        )
        .filter((pl.col("min2") == 120) & (pl.col("first") == pl.col("day")))
        .select("day", "hour", w=pl.col("wh2") * 60 / 120)
    )


def _windows_as_rolling_sums(p: pl.DataFrame) -> None:
    got, want = baseload._windows(p), _rolling_windows(p)
    assert got.height > 0
    assert got.select("day", "hour").equals(want.select("day", "hour"))
    assert (got["w"] - want["w"]).abs().max() < 1e-9  # [W]


def test_the_windows_are_the_rolling_two_hours_across_dst_gaps_and_steps(curve_factory):
    # The autumn change (2024-10-27: 50 half-hours) at 30 min, then 10-minute steps from
    # the 28th (a step change mid-file), with holes of one interval and of three hours.
    watts = [float(150 + (i * 53) % 700) for i in range(4 * 48)]
    half = curve_factory("2024-10-26T00:00:00", watts[:100])
    ten = curve_factory("2024-10-28T02:00:00", watts * 2, minutes=10)
    curve = pl.concat([half, ten]).with_row_index()
    curve = curve.filter(~pl.col("index").is_in([5, 61, *range(150, 168)])).drop("index")
    _windows_as_rolling_sums(prepare(curve))


@pytest.mark.real
@pytest.mark.parametrize("name", WITH_MIXED_STEPS)
def test_the_windows_are_the_rolling_two_hours_on_real_curves(name):
    _windows_as_rolling_sums(_real(name))


def _both_floors_as_two_passes(p: pl.DataFrame) -> None:
    night, day = baseload.floors(p)
    assert night.equals(baseload.daily(p))
    assert day.equals(baseload.daily(p, span="day"))


def test_the_night_and_day_floors_of_one_pass_are_those_of_two_across_dst_and_a_gap(
    curve_factory,
):
    # Three days around the spring change (2024-03-31: 46 half-hours), at 15 minutes,
    # the first night cut every 2 hours (no window left in it), a gap across midnight.
    watts = [float(200 + (i * 37) % 900) for i in range(3 * 96)]
    curve = curve_factory("2024-03-30T00:00:00", watts, minutes=15)
    gaps = [7, 15, 23, 90, 91, 92, 93, 94, 95, 96, 97]
    curve = curve.with_row_index().filter(~pl.col("index").is_in(gaps)).drop("index")
    p = prepare(curve)
    assert baseload.floors(p)[0].height == 2  # the first night has no 2-hour window left
    _both_floors_as_two_passes(p)


@pytest.mark.real
@pytest.mark.parametrize("name", WITH_MIXED_STEPS)
def test_the_night_and_day_floors_of_one_pass_are_those_of_two_on_real_curves(name):
    _both_floors_as_two_passes(_real(name))


@pytest.mark.real
@pytest.mark.parametrize("name", HOMES)
def test_always_on_sits_between_the_strict_floor_and_the_former_estimator(name):
    p = _real(name)
    level = baseload.level(baseload.daily(p))
    e = _estimators(p)
    # Above the strict floors by at most a fridge's average draw (with them, within a few
    # watts, where nothing cycles: guiEDF)…
    assert e["lowest"] <= level
    assert e["p10"] - 5 <= level <= e["p10"] + 45
    assert e["hourly"] <= level + 1
    # …and no longer high by what runs part of the night, as the former estimator was.
    assert level <= e["former"] - 10


@pytest.mark.real
def test_the_edfcomparateur_home_reads_about_240_w_not_270():
    p = _real(HOMES[0])
    level = baseload.level(baseload.daily(p))
    assert level == pytest.approx(241.5, abs=1)
    e = _estimators(p)
    assert e["former"] == pytest.approx(270.5, abs=2)  # issue 15: "270 W"
    assert 200 <= e["lowest"] <= 210  # the floor estimators' 202-208 W


@pytest.mark.parametrize("seed", range(5))
def test_each_window_starts_where_a_binary_search_says(seed):
    # The windows' first intervals are guessed from the usual step and searched where the
    # guess is wrong: gaps, steps that change, repeated starts, steps longer than a window.
    import numpy as np

    from analysis.baseload import _first_after

    rng = np.random.default_rng(seed)
    minute = 60_000_000  # [µs]
    for _ in range(400):
        n = int(rng.integers(0, 90))
        steps = rng.choice([0, 1, 5, 10, 15, 30, 60, 7, 200, 1000], size=n) * minute
        t = np.cumsum(steps).astype(np.int64) + int(rng.integers(0, 10**12))
        q = t - int(rng.choice([1, 2, 3])) * 60 * minute
        assert (_first_after(t, q) == np.searchsorted(t, q, side="right")).all()


@pytest.mark.parametrize("name", WITH_MIXED_STEPS)
def test_each_window_of_a_real_curve_starts_where_a_binary_search_says(name):
    import numpy as np

    from analysis.baseload import WINDOW_H, _first_after

    t = _real(name)["start"].dt.epoch("us").to_numpy()
    q = t - WINDOW_H * 3600 * 10**6
    assert (_first_after(t, q) == np.searchsorted(t, q, side="right")).all()
