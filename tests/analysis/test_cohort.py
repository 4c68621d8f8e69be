"""Cohort figures: one streaming query over a store, the same numbers as the report."""

import subprocess
import sys

import duckdb
import polars as pl
import pytest

from analysis import cohort
from analysis.report import Settings, analyse
from ingest import Store, read_export
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT

HOUSEHOLDS = ("appartement_gaz", "maison_electrique", "famille_vehicule_electrique")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("cohort") / "store")
    for household in HOUSEHOLDS:
        for f in sorted((SHIPPED / household).glob("Enedis_Conso_*.csv")):
            store.add(read_export(f))
    return store


def test_figures_equal_the_report(store):
    figures = cohort.query(store.curve()).collect(engine="streaming")
    assert figures.height == 3
    assert figures.columns == list(cohort.FIGURES)
    curve = store.curve().collect()
    for row in figures.iter_rows(named=True):
        report = analyse(curve, meter=row["meter"], settings=Settings(kva=36))
        assert row["kwh_per_year"] == pytest.approx(
            report.energy_kwh / report.days * 365.25, rel=0.01
        )
        assert row["peak_w"] == pytest.approx(report.peak_w)
        assert row["hc_share"] == pytest.approx(report.hc_share, abs=1e-9)  # 22:00–06:00
        assert row["load_factor"] == pytest.approx(
            report.energy_kwh * 1000 / (report.coverage * report.days * 24) / report.peak_w,
            rel=0.01,
        )
    heated = figures.filter(pl.col("meter") == "99000000000002")["heating_kwh_per_hdd"][0]
    assert heated > 1.0  # the electrically heated house


def test_cli_writes_parquet_that_duckdb_reads(store, tmp_path):
    out = tmp_path / "kpis.parquet"
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "cohort", "--store", str(store.path), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert duckdb.sql(f"select count(*) from '{out}'").fetchall() == [(3,)]


def test_the_store_is_plain_parquet_for_duckdb(store):
    """DuckDB reads the store's own files directly: no Courbe code in the way."""
    files = str(store.path / "curve" / "*.parquet")
    ((rows, meters, energy),) = duckdb.sql(
        f"select count(*), count(distinct meter), sum(wh) from read_parquet('{files}')"
    ).fetchall()
    curve = store.curve().collect()
    assert (rows, meters) == (curve.height, 3)
    assert energy == pytest.approx(curve["wh"].sum())
