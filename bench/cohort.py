"""Cohort figures over 1,000 and 10,000 generated household-years, in a fresh process.

The households are written once as canonical Parquet (``sample_loadcurves.households.
generate``, not timed); a child process then runs :func:`analysis.cohort.query` in Polars'
streaming engine and reports its time and peak resident memory. Baseline, in the same
child: the bare per-meter sum of energy over the same files. Targets (10,000
household-years): under 60 s on this machine's cores, under 4 GB.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Result, in_fresh_process
from sample_loadcurves.households import generate

CHILD = """
import json, sys, time
from bench.common import peak_rss_mb
import polars as pl
from analysis import cohort
files = pl.scan_parquet(sys.argv[1] + "/curve/*.parquet")
t = time.perf_counter()
base = files.group_by("meter").agg(pl.col("wh").sum()).collect(engine="streaming")
raw = time.perf_counter() - t
t = time.perf_counter()
figures = cohort.query(files).collect(engine="streaming")
ours = time.perf_counter() - t
peak = peak_rss_mb()
print(json.dumps({"ours": ours, "raw": raw, "peak_mb": peak, "households": figures.height}))
"""


def run(*, sizes: tuple[int, ...] = (1_000, 10_000)) -> list[Result]:
    """Time and peak memory of the cohort query for each size."""
    out = []
    for households in sizes:
        with tempfile.TemporaryDirectory() as folder:
            generate(Path(folder), households=households, years=1, seed=7, batch=500)
            m = in_fresh_process(CHILD, folder)
        out += [
            Result(
                f"cohort figures, {households:,} household-years",
                m["ours"],
                "per-meter energy sum, same files",
                m["raw"],
                60.0 if households >= 10_000 else None,
                "absolute_max",
            ),
            Result(
                f"cohort peak memory, {households:,} household-years",
                m["peak_mb"],
                "",
                0.0,
                4096.0 if households >= 10_000 else None,
                "absolute_max",
                unit="MB",
            ),
        ]
    return out
