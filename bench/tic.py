"""TIC capture throughput and memory: a generated historic-mode capture of 1 GB and more.

The capture (``sample_loadcurves.writers.tic_historic_bulk``, valid checksums) is written
to a temporary file and read with ``ingest.read_export`` in a fresh process, which reports
its wall time and peak resident memory; the same is done for a quarter of the size, so the
two peaks show whether memory grows with the capture. Baseline: reading the file's bytes
from disk in the same chunks. Target: at least 150 MB/s with checksums.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import Result, in_fresh_process
from sample_loadcurves.writers import tic_historic_bulk

FRAME_BYTES = 170
CHILD = """
import datetime as dt, json, resource, sys, time
import ingest
t = time.perf_counter()
e = ingest.read_export(sys.argv[1], start=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
s = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": s, "peak_mb": peak, "intervals": e.curve.height}))
"""


def write(path: Path, megabytes: int) -> int:
    """A capture of about ``megabytes`` MB, written in 64 MB pieces; its size. [B]."""
    frames_per_piece = (min(64, megabytes) << 20) // FRAME_BYTES
    pieces = max(1, (megabytes << 20) // (frames_per_piece * FRAME_BYTES))
    with path.open("wb") as f:
        for i in range(pieces):
            f.write(tic_historic_bulk(frames_per_piece, hchc_wh=10_000_000 + i * 10**6, seed=i))
    return path.stat().st_size


def disk_read(path: Path) -> float:
    """Seconds to read the file in 16 MB chunks (the I/O floor). [s]."""
    t = time.perf_counter()
    with path.open("rb") as f:
        while f.read(16 << 20):
            pass
    return time.perf_counter() - t


def run(*, megabytes: int = 1024) -> list[Result]:
    """MB/s over the big capture, and peak memory at a quarter and at full size."""
    with tempfile.TemporaryDirectory() as folder:
        small, big = Path(folder) / "quarter.raw", Path(folder) / "full.raw"
        write(small, megabytes // 4)
        size = write(big, megabytes)
        quarter = in_fresh_process(CHILD, str(small))
        full = in_fresh_process(CHILD, str(big))
        floor = disk_read(big)
    mb = size / 1e6
    return [
        Result(
            f"TIC historic capture, {mb:,.0f} MB, with checksums",
            mb / full["seconds"],
            "disk read of the same file",
            mb / floor,
            150.0,
            "absolute_min",
            unit="MB/s",
        ),
        Result(
            f"TIC peak memory at {mb:,.0f} MB",
            full["peak_mb"],
            f"peak at {mb / 4:,.0f} MB",
            quarter["peak_mb"],
            1.25,
            "at_most",
            unit="MB",
        ),
    ]
