"""Enedis portal CSV ingest: 100 household-years (about 50 MB) into the canonical frame.

Baselines, in the same run: raw ``polars.read_csv`` of the same bytes (no timestamp or unit
handling at all), and an idiomatic pandas reader (``read_csv`` + ``to_datetime(utc=True)``).
The store write (merge into an empty store, Parquet, atomic commit) is timed beside it.
"""

from __future__ import annotations

import io
import tempfile

import numpy as np
import pandas as pd
import polars as pl

import ingest
from bench.common import Result, interleaved_medians, median_seconds

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


def run(*, years: int = 100) -> list[Result]:
    """Time ours against both baselines, and the store write."""
    data = generate(years)
    megabytes = len(data) / 1e6
    times = interleaved_medians(
        {
            "ours": lambda: ingest.read_export(data),
            "raw": lambda: pl.read_csv(data, separator=";", skip_rows=2),
            # Interleaved too: timed alone afterwards, its ratio swung from 10x to 5x.
            "pandas": lambda: _pandas(data),
        },
        repeat=15,
    )
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
    ]
