"""Weekly habits: the weekday × hour grid, interval by interval."""

import polars as pl
import pytest

from analysis import habits
from analysis.curve import prepare
from ingest import read_export
from tests.analysis.anomalies_curves import GUIEDF
from tests.conftest import real_export_dir


@pytest.mark.real
def test_the_weekday_hour_grid_is_the_mean_power_of_its_intervals():
    # Summed by slot, then by hour: the mean of every interval of the hour, on a real
    # curve with both clock changes (their 23- and 25-hour days included).
    prepared = prepare(read_export(real_export_dir("enedis_portal_csv") / GUIEDF).curve)
    grid = habits.weekday_hour(prepared)
    each = prepared.group_by("weekday", hour=pl.col("hour").floor().cast(pl.Int8)).agg(
        each=pl.col("w").mean()
    )
    got = grid.join(each, on=["weekday", "hour"])
    assert grid.height == got.height == 7 * 24
    assert grid.select("weekday", "hour").rows() == sorted(grid.select("weekday", "hour").rows())
    assert got["w"].to_list() == pytest.approx(got["each"].to_list(), rel=1e-12)
