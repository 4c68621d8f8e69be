"""The household beside the reference home: its shares, months and hours, interval by interval."""

import polars as pl
import pytest

from analysis import reference_home
from analysis.curve import prepare
from ingest import read_export
from tests.analysis.anomalies_curves import GUIEDF
from tests.conftest import real_export_dir


@pytest.mark.real
def test_the_households_side_is_what_its_intervals_sum_to():
    # Months, hours and shares come from a table of days and one of slots: they are what
    # every interval of a real curve (its two clock changes included) adds up to.
    prepared = prepare(read_export(real_export_dir("enedis_portal_csv") / GUIEDF).curve)
    c = reference_home.compare(prepared)
    kwh = prepared["kwh"].sum()

    def share(keep: pl.Expr) -> float:
        return prepared.filter(keep)["kwh"].sum() / kwh

    hour = pl.col("hour")
    assert c.winter_share == pytest.approx(
        share(pl.col("day").dt.month().is_in(reference_home.WINTER_MONTHS)), rel=1e-12
    )
    assert c.evening_share == pytest.approx(share(hour.is_between(18, 22, closed="left")))
    assert c.night_share == pytest.approx(share(hour < 6), rel=1e-12)
    hourly = prepared.group_by(hour=hour.floor().cast(pl.Int8)).agg(w=pl.col("w").mean())
    got = c.hourly.join(hourly, on="hour", suffix="_each")
    assert got.height == 24
    assert got["w"].to_list() == pytest.approx(got["w_each"].to_list(), rel=1e-12)
    monthly = prepared.group_by(month=pl.col("day").dt.month()).agg(
        each=pl.col("kwh").sum() / pl.col("day").n_unique()
    )
    got = c.monthly.join(monthly, on="month")
    assert got.height == 12
    assert got["kwh_per_day"].to_list() == pytest.approx(got["each"].to_list(), rel=1e-12)
