"""Comparable days: their temperatures, their robust medians, parts in one pass or not."""

import datetime as dt

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis import anomalies
from analysis.anomalies import comparable_days
from analysis.anomalies.comparable_days import _row_median
from analysis.curve import prepare
from analysis.reference import degree_days
from ingest import read_export
from tests.analysis.anomalies_curves import GUIEDF
from tests.conftest import real_export_dir


def test_a_day_missing_from_the_temperatures_takes_its_neighbours():
    frame = pl.DataFrame({"day": [dt.date(2023, 2, 27), dt.date(2023, 2, 28)]})
    t = anomalies.with_temperatures(frame)
    shipped = degree_days().filter(pl.col("day") == dt.date(2023, 2, 28))
    assert shipped.height == 0  # the shipped series lacks it
    assert t["hdd"][1] > 5  # a cold day, not 0 degree-days


def test_row_medians_are_numpys_nanmedian_bit_for_bit():
    rng = np.random.default_rng(3)
    for width in (1, 2, 7, 84):
        m = rng.normal(size=(200, width))
        m[rng.random(m.shape) < 0.4] = np.nan
        m[0] = np.nan  # a row with no value at all
        with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning):
            expected = np.nanmedian(m, axis=1)
        np.testing.assert_array_equal(_row_median(m), expected)


@pytest.mark.real
def test_the_parts_of_the_day_compared_in_one_pass_are_each_part_compared_alone():
    folder = real_export_dir("enedis_portal_csv")
    parts = anomalies.day_parts(prepare(read_export(folder / GUIEDF).curve))
    together = anomalies.comparable(parts, by="part")
    for part in range(4):
        alone = anomalies.comparable(parts.filter(pl.col("part") == part))
        assert_frame_equal(
            together.filter(pl.col("part") == part), alone, check_exact=True, check_row_order=True
        )


def test_a_day_beyond_the_temperatures_takes_its_calendar_days_normal():
    # The shipped series ends in late November 2025: a summer of 2026 is compared at
    # summer's normal, not at the cold of the last known day.
    from analysis.reference import normals, temperatures

    last = temperatures()["day"].max()
    days = pl.DataFrame({"day": [last, dt.date(2026, 7, 14), dt.date(2026, 12, 1)]})
    got = anomalies.with_temperatures(days)
    july = normals().filter((pl.col("month") == 7) & (pl.col("dom") == 14))["normal_c"][0]
    assert got["tmean_c"][1] == pytest.approx(july)
    assert got["hdd"][1] < got["hdd"][0]  # a July day heats less than late November
    assert got["tmean_c"][0] == temperatures()["tmean_c"][-1]


@pytest.mark.real
def test_parts_past_one_pass_are_compared_part_by_part_with_the_same_figures(monkeypatch):
    folder = real_export_dir("enedis_portal_csv")
    parts = anomalies.day_parts(prepare(read_export(folder / GUIEDF).curve))
    together = anomalies.comparable(parts, by="part")
    monkeypatch.setattr(comparable_days, "ONE_PASS_ROWS", 10)
    assert_frame_equal(anomalies.comparable(parts, by="part"), together, check_exact=True)
