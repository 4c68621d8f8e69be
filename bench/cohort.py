"""Cohort figures over 1,000 and 10,000 generated household-years, each in a fresh process.

The households are written once into a Courbe store (``sample_loadcurves.households.
generate``, ``into="store"``, not timed). Then, each in a new Python process of its own,
so that its peak resident memory is that work's alone:

- what ``python -m analysis cohort --store DIR`` runs (:func:`analysis.distributed.figures`
  without a scheduler: one Polars query per :data:`analysis.distributed.BATCH` meters);
- the one streaming query over the whole store that it replaced (equal figures);
- the bare per-meter sum of energy over the same files (the floor of any cohort query).

Targets (issue 21, 10,000 household-years): under 30 s and under 1 GB, with memory flat
from 1,000 to 10,000 (state per batch of meters, not per meter-day of the whole cohort).
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
store, work = sys.argv[1:]
t = time.perf_counter()
if work == "batched":
    from analysis import distributed
    n = distributed.figures(store).results[0].height
else:
    from ingest import Store
    curve = Store(store).curve()
    if work == "streaming":
        from analysis import cohort
        n = cohort.query(curve).collect(engine="streaming").height
    else:
        n = curve.group_by("meter").agg(pl.col("wh").sum()).collect(engine="streaming").height
print(json.dumps({"s": time.perf_counter() - t, "peak_mb": peak_rss_mb(), "n": n}))
"""


def run(*, sizes: tuple[int, ...] = (1_000, 10_000)) -> list[Result]:
    """Time and peak memory of the cohort figures for each size."""
    out = []
    peaks: dict[int, float] = {}
    for households in sizes:
        with tempfile.TemporaryDirectory() as folder:
            store = f"{folder}/store"
            generate(Path(store), households=households, years=1, seed=7, into="store")
            m = {w: in_fresh_process(CHILD, store, w) for w in ("batched", "streaming", "sum")}
        assert m["batched"]["n"] == m["streaming"]["n"] == households
        big = households >= 10_000
        peaks[households] = m["batched"]["peak_mb"]
        label = f"{households:,} household-years"
        out += [
            Result(
                f"cohort figures, {label}",
                m["batched"]["s"],
                "one streaming query",
                m["streaming"]["s"],
                30.0 if big else None,
                "absolute_max",
            ),
            Result(
                f"cohort figures, {label}, against the bare energy sum",
                m["batched"]["s"],
                "per-meter energy sum, same files",
                m["sum"]["s"],
                None,
                "at_most",
            ),
            Result(
                f"cohort peak memory, {label}",
                m["batched"]["peak_mb"],
                "one streaming query",
                m["streaming"]["peak_mb"],
                1024.0 if big else None,
                "absolute_max",
                unit="MB",
            ),
        ]
    small, large = min(peaks), max(peaks)
    if large >= 10 * small:
        # Flat: ten times the households, well under twice the memory.
        out.append(
            Result(
                f"cohort peak memory, {large:,} against {small:,} household-years",
                peaks[large],
                f"{small:,} household-years",
                peaks[small],
                2.0,
                "at_most",
                unit="MB",
            )
        )
    return out
