"""The whole analysis report for a three-year 30-min curve, warm (second call onwards).

Baseline: the time to read the same three years back from the Parquet store, the step
every report starts with. Target: under 0.2 s (issue 21).
"""

from __future__ import annotations

import tempfile

import polars as pl

import ingest
from analysis.report import Settings, analyse
from bench.common import Result, median_seconds
from sample_loadcurves.archetypes import BY_ID
from sample_loadcurves.simulate import Household, simulate


def three_years() -> pl.DataFrame:
    """Three years (2022–2024) of the electrically heated sample household."""
    a = BY_ID["maison_electrique"]
    return pl.concat(
        [simulate(Household(a, "99000000000042", y, 42 + y)).curve() for y in (2022, 2023, 2024)]
    )


def run() -> list[Result]:
    """Time the report (warm) against reading the curve from the store."""
    curve = three_years()
    settings = Settings(kva=12, option="hphc", off_peak="22:30-06:30")
    analyse(curve, settings=settings)  # warm: caches, reference data
    report_s = median_seconds(lambda: analyse(curve, settings=settings), repeat=7)
    with tempfile.TemporaryDirectory() as folder:
        store = ingest.Store(folder)
        store.add(
            ingest.Export(name="three-years", format="bench", meter="99000000000042", curve=curve)
        )
        read_s = median_seconds(lambda: store.curve().collect(), repeat=7)
    return [
        Result(
            f"analysis report, 3 years ({curve.height:,} intervals), warm",
            report_s,
            "store read of the same curve",
            read_s,
            0.2,
            "absolute_max",
        )
    ]
