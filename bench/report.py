"""The whole analysis report: three years warm, and the CLI on a 100-year file.

The report for a three-year 30-min curve, warm (second call onwards), against the time
to read the same three years back from the Parquet store, the step every report starts
with. Target: under 0.2 s (issue 21).

``python -m analysis FILE --json`` on the 54 MB portal CSV of :mod:`bench.ingest_csv`
(100 household-years), in a fresh process each run (start-up, imports, read, every
figure), beside a fresh process that imports Polars and reads the same file. Target:
under 1 s (issue 21).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

import ingest
from analysis.report import Settings, analyse
from bench.common import Result, median_seconds
from bench.ingest_csv import generate
from sample_loadcurves.archetypes import BY_ID
from sample_loadcurves.simulate import Household, simulate


def three_years() -> pl.DataFrame:
    """Three years (2022–2024) of the electrically heated sample household."""
    a = BY_ID["maison_electrique"]
    return pl.concat(
        [simulate(Household(a, "99000000000042", y, 42 + y)).curve() for y in (2022, 2023, 2024)]
    )


CLI_TARGET_S = 1.0
"""``python -m analysis FILE --json`` on 100 household-years, at most this long. [s]"""


def cli_json(years: int = 100, *, repeat: int = 3) -> Result:
    """The analysis CLI on a portal CSV of ``years`` years: median wall time [s].

    Each run a fresh process, interleaved with a fresh process reading the same file
    with ``polars.read_csv``.
    """
    root = Path(__file__).parent.parent
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "curve.csv"
        path.write_bytes(generate(years))
        megabytes = path.stat().st_size / 1e6
        read = f"import polars; polars.read_csv({str(path)!r}, separator=';', skip_rows=2)"
        commands = {
            "cli": [sys.executable, "-m", "analysis", str(path), "--json"],
            "read": [sys.executable, "-c", read],
        }
        times: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(repeat):  # interleaved: machine noise hits both alike
            for name, command in commands.items():
                t = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, cwd=root)
                times[name].append(time.perf_counter() - t)
    return Result(
        f"python -m analysis FILE --json, {years} years ({megabytes:.0f} MB), fresh process",
        statistics.median(times["cli"]),
        "python -c 'import polars; read_csv' of the file",
        statistics.median(times["read"]),
        CLI_TARGET_S,
        "absolute_max",
    )


def run(*, cli_years: int = 100) -> list[Result]:
    """Time the report (warm) against reading the curve from the store, then the CLI."""
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
        ),
        cli_json(cli_years),
    ]
