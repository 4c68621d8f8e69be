"""Enedis portal CSV ingest: 100 household-years (about 50 MB) into the canonical frame.

Baselines, in the same run: raw ``polars.read_csv`` of the same bytes (no timestamp or unit
handling at all), and an idiomatic pandas reader (``read_csv`` + ``to_datetime(utc=True)``).
The store write (merge into an empty store, Parquet, atomic commit) is timed beside it.

The reader given the file's path (the portal CSV streamed in pieces, its digest taken as
the bytes pass) is timed against the same bare read of the file.

The whole import, what a person waits for (``python -m ingest --store DIR FILE``: read the
file, its digest, parse, validate, write the store, its log, the summary with gaps and
period), is timed in this process against ``polars.read_csv`` of the same file, both in the
same interleaved runs; each run imports into a new store (else the file is "already
imported"). The same command in a fresh process is shown beside a fresh process that
imports Polars and reads the file (start-up included, no target).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

import ingest
from bench.common import Result, in_fresh_process, interleaved_medians, median_seconds
from ingest import cli

WHOLE_IMPORT_TARGET = 3.0
"""The whole CLI import at most this many times a bare ``polars.read_csv`` of the file
(issue 21: "the whole import at the speed of its parse")."""

LARGE_MEMORY_TARGET = 2.0
"""The whole CLI import of a 500 MB file: peak memory at most this many times the file's
size (issue 21: "memory bounded whatever the size")."""

LARGE_YEARS = 930
"""The household-years of the large file: 500 MB of 30-min values (16.3 million rows)."""

LARGE_CHILD = """
import contextlib, io, json, sys, time
from bench.common import peak_rss_mb
from ingest import cli
t = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    status = cli.main(["--store", sys.argv[2], sys.argv[1]])
print(json.dumps({"seconds": time.perf_counter() - t, "peak": peak_rss_mb(), "exit": status}))
"""
"""The whole CLI import of ``argv[1]`` into the store ``argv[2]``: its time, peak memory."""

BARE_CHILD = """
import json, sys, time
import polars as pl
t = time.perf_counter()
pl.read_csv(sys.argv[1], separator=";", skip_rows=2)
print(json.dumps({"seconds": time.perf_counter() - t}))
"""
"""A bare ``polars.read_csv`` of ``argv[1]`` in a fresh process: its time."""

STREAMED_READER_TARGET = 1.5
"""The portal CSV reader given the file's path (streamed in pieces, its digest taken as it
passes) at most this many times a bare ``polars.read_csv`` of the file (issue 19)."""

HEADER = (
    "\ufeffIdentifiant PRM;Type de donnees;Date de debut;Date de fin;Grandeur physique;"
    "Grandeur metier;Etape metier;Unite;Pas en minutes\n"
    "14290000000000;Courbe de charge;01/01/2000;01/01/2100;Energie active;Consommation;"
    "Comptage Brut;W;\n"
    "Horodate;Valeur\n"
)


def generate(years: int = 100, *, seed: int = 0) -> bytes:
    """A portal CSV of ``years`` years of 30-min average power, end-stamped, with offsets."""
    first = pl.datetime(2000, 1, 1, 0, 30, time_zone="UTC")
    ends = pl.datetime_range(
        first, first + pl.duration(minutes=30 * (years * 17_520 - 1)), "30m", eager=True
    )
    stamps = ends.dt.convert_time_zone("Europe/Paris").dt.to_string("%Y-%m-%dT%H:%M:%S%:z")
    watts = np.random.default_rng(seed).integers(80, 6_000, stamps.len())
    body = io.BytesIO()
    pl.DataFrame({"h": stamps, "v": watts}).write_csv(body, separator=";", include_header=False)
    return HEADER.encode() + body.getvalue()


def _pandas(data: bytes) -> pd.DataFrame:
    df = pd.read_csv(io.BytesIO(data), sep=";", skiprows=2)
    df["Horodate"] = pd.to_datetime(df["Horodate"], utc=True)
    return df


def _import(path: Path, stores: Path) -> None:
    """``python -m ingest --store <new store> FILE`` in this process, its lines unprinted."""
    store = tempfile.mkdtemp(dir=stores)
    with contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(["--store", store, str(path)])
    if status != 0:
        msg = f"the benchmark's import failed (exit {status})"
        raise RuntimeError(msg)


def _fresh_processes(path: Path, stores: Path, *, repeat: int) -> tuple[float, float]:
    """Median wall times [s] of the CLI and of a bare read, each in a new Python process."""
    read = f"import polars; polars.read_csv({str(path)!r}, separator=';', skip_rows=2)"
    cli_s: list[float] = []
    raw_s: list[float] = []
    for _ in range(repeat):
        store = tempfile.mkdtemp(dir=stores)
        for args, times in (
            ([sys.executable, "-m", "ingest", "--store", store, str(path)], cli_s),
            ([sys.executable, "-c", read], raw_s),
        ):
            t = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True, cwd=Path(__file__).parent.parent)
            times.append(time.perf_counter() - t)
    return statistics.median(cli_s), statistics.median(raw_s)


def large_import(years: int = LARGE_YEARS, *, repeat: int = 3) -> list[Result]:
    """The whole CLI import of a large file, each run in a fresh process: time and memory.

    Time is that of the work in the child (start-up excluded), against a bare
    ``polars.read_csv`` of the file in a fresh process, runs interleaved; memory is the
    child's own peak (:func:`bench.common.peak_rss_mb`), against the file's size.
    """
    with tempfile.TemporaryDirectory(prefix="courbe-bench-") as folder:
        path = Path(folder) / "portal.csv"
        path.write_bytes(generate(years, seed=1))
        megabytes = path.stat().st_size / 1e6
        ours: list[dict[str, float]] = []
        bare: list[float] = []
        for i in range(repeat):
            ours.append(in_fresh_process(LARGE_CHILD, str(path), f"{folder}/store{i}"))
            bare.append(in_fresh_process(BARE_CHILD, str(path))["seconds"])
    if any(run["exit"] for run in ours):
        msg = f"the benchmark's import of {megabytes:,.0f} MB failed"
        raise RuntimeError(msg)
    label = f"whole import, python -m ingest ({megabytes:,.0f} MB, fresh process)"
    return [
        Result(
            f"{label}, work only",
            statistics.median(r["seconds"] for r in ours),
            "raw polars.read_csv of the file, fresh process",
            statistics.median(bare),
            WHOLE_IMPORT_TARGET,
            "at_most",
        ),
        Result(
            f"{label}, peak memory",
            max(r["peak"] for r in ours),
            "the file's size",
            megabytes,
            LARGE_MEMORY_TARGET,
            "at_most",
            unit="MB",
        ),
    ]


def run(*, years: int = 100, repeat: int = 15, large_years: int = LARGE_YEARS) -> list[Result]:
    """Time ours against both baselines, the store write, and the whole import (also large)."""
    data = generate(years)
    megabytes = len(data) / 1e6
    folder = Path(tempfile.mkdtemp(prefix="courbe-bench-"))
    try:
        path = folder / "portal.csv"
        path.write_bytes(data)
        stores = folder / "stores"
        stores.mkdir()
        times = interleaved_medians(
            {
                "ours": lambda: ingest.read_export(data),
                "raw": lambda: pl.read_csv(data, separator=";", skip_rows=2),
                # Interleaved too: timed alone afterwards, its ratio swung from 10x to 5x.
                "pandas": lambda: _pandas(data),
                "import": lambda: _import(path, stores),
                "raw file": lambda: pl.read_csv(path, separator=";", skip_rows=2),
                "path": lambda: ingest.read_export(path),
            },
            repeat=repeat,
        )
        fresh_cli, fresh_raw = _fresh_processes(path, stores, repeat=max(1, repeat // 3))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    export = ingest.read_export(data)

    def write() -> None:
        with tempfile.TemporaryDirectory() as folder:
            ingest.Store(folder).add(export)

    write_s = median_seconds(write, repeat=3)
    label = f"Enedis CSV ingest, {years} household-years ({megabytes:.0f} MB)"
    return [
        Result(label, times["ours"], "raw polars.read_csv", times["raw"], 2.5, "at_most"),
        Result(
            label, times["ours"], "pandas read_csv + to_datetime", times["pandas"], 6, "speedup"
        ),
        Result(
            f"store write, {export.curve.height:,} intervals",
            write_s,
            "Enedis CSV ingest",
            times["ours"],
            None,
            "at_most",
        ),
        Result(
            f"Enedis CSV reader from its path, streamed with its digest ({megabytes:.0f} MB)",
            times["path"],
            "raw polars.read_csv of the file",
            times["raw file"],
            STREAMED_READER_TARGET,
            "at_most",
        ),
        Result(
            f"whole import, python -m ingest ({megabytes:.0f} MB, in process)",
            times["import"],
            "raw polars.read_csv of the file",
            times["raw file"],
            WHOLE_IMPORT_TARGET,
            "at_most",
        ),
        Result(
            f"whole import, python -m ingest ({megabytes:.0f} MB, fresh process)",
            fresh_cli,
            "python -c 'import polars; read_csv'",
            fresh_raw,
            None,
            "at_most",
        ),
        *large_import(large_years, repeat=max(1, repeat // 5)),
    ]
