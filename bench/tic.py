"""TIC capture throughput and memory: generated captures of 1 GB and more, both modes.

Each capture (``sample_loadcurves.tic_captures.tic_historic_bulk`` / ``tic_standard_bulk``,
valid checksums) is written to a temporary file and read with ``ingest.read_export`` in a
fresh process, which reports its wall time and peak resident memory; the same is done for
a quarter of the size, so the two peaks show whether memory grows with the capture.
Baseline: reading the file's bytes from disk in the same chunks. Target: at least
150 MB/s with checksums.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
import time
from pathlib import Path

from bench.common import Result, in_fresh_process
from sample_loadcurves.tic_captures import tic_historic_bulk, tic_standard_bulk

PIECE = 64 << 20
"""Bytes generated at a time. [B]"""
CHILD = """
import datetime as dt, json, sys, time
from bench.common import peak_rss_mb
import ingest
t = time.perf_counter()
e = ingest.read_export(sys.argv[1], start=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
s = time.perf_counter() - t
peak = peak_rss_mb()
print(json.dumps({"seconds": s, "peak_mb": peak, "intervals": e.curve.height}))
"""
IMPORT_CHILD = """
import json, sys, tempfile, time
from bench.common import peak_rss_mb
from ingest.cli import main
t = time.perf_counter()
with tempfile.TemporaryDirectory() as store:
    code = main(["--store", store, "--start", "2024-01-01T00:00:00+00:00", sys.argv[1]])
s = time.perf_counter() - t
print(json.dumps({"seconds": s, "peak_mb": peak_rss_mb(), "exit": code}))
"""
"""The whole import, ``python -m ingest --store`` in process: read, store, log."""
FIRST = dt.datetime(2024, 10, 1, tzinfo=dt.UTC)


def piece(mode: str, i: int, size: int) -> bytes:
    """The ``i``-th piece of ``size`` bytes of a capture (frames go on across pieces)."""
    if mode == "historic":
        return tic_historic_bulk(size // 170, hchc_wh=10_000_000 + i * 10**6, seed=i)
    frames = size // _standard_frame()
    first = FIRST + dt.timedelta(seconds=i * frames)
    return tic_standard_bulk(frames, first=first, east_wh=10_000_000 + i * 10**6, seed=i)


@functools.cache
def _standard_frame() -> int:
    """Bytes of one generated standard-mode frame. [B]."""
    return len(tic_standard_bulk(1, first=FIRST))


def write(path: Path, mode: str, megabytes: int) -> int:
    """A capture of about ``megabytes`` MB; its size. [B]."""
    size = min(PIECE, megabytes << 20)
    with path.open("wb") as f:
        for i in range(max(1, (megabytes << 20) // size)):
            f.write(piece(mode, i, size))
    return path.stat().st_size


def disk_read(path: Path) -> float:
    """Seconds to read the file in 16 MB chunks (the I/O floor). [s]."""
    t = time.perf_counter()
    with path.open("rb") as f:
        while f.read(16 << 20):
            pass
    return time.perf_counter() - t


def run(*, megabytes: int = 1024) -> list[Result]:
    """MB/s over each big capture, and peak memory at a quarter and at full size."""
    results = []
    for mode in ("historic", "standard"):
        with tempfile.TemporaryDirectory() as folder:
            small, big = Path(folder) / "quarter.raw", Path(folder) / "full.raw"
            write(small, mode, megabytes // 4)
            size = write(big, mode, megabytes)
            quarter = in_fresh_process(CHILD, str(small))
            full = in_fresh_process(CHILD, str(big))
            stored_quarter = in_fresh_process(IMPORT_CHILD, str(small))
            stored = in_fresh_process(IMPORT_CHILD, str(big))
            floor = disk_read(big)
        if stored["exit"] or stored_quarter["exit"]:
            msg = f"the TIC {mode} capture did not import (exit {stored['exit']})"
            raise RuntimeError(msg)
        mb = size / 1e6
        results += [
            Result(
                f"TIC {mode} capture, {mb:,.0f} MB, with checksums",
                mb / full["seconds"],
                "disk read of the same file",
                mb / floor,
                150.0,
                "absolute_min",
                unit="MB/s",
            ),
            Result(
                f"TIC {mode} peak memory at {mb:,.0f} MB",
                full["peak_mb"],
                f"peak at {mb / 4:,.0f} MB",
                quarter["peak_mb"],
                1.25,
                "at_most",
                unit="MB",
            ),
            Result(
                f"TIC {mode} whole import into a store, peak memory at {mb:,.0f} MB",
                stored["peak_mb"],
                f"peak at {mb / 4:,.0f} MB",
                stored_quarter["peak_mb"],
                1.25,
                "at_most",
                unit="MB",
            ),
        ]
    return results
