"""Reports and cohort figures on Dask: one process, then a LocalCluster of 1 and 2 workers.

A generated cohort is written once into a store (``sample_loadcurves.households.generate``,
``into="store"``, not timed). Then, for each of ``reports`` and ``cohort``:

- the single-machine path (``python -m analysis cohort|reports`` without ``--scheduler``),
  in a fresh process: its time and peak resident memory (for the cohort, beside the one
  streaming query over the whole store that it replaced: equal figures, but not the same
  bits from one run to the next);
- the same tasks on a ``LocalCluster`` of 1 and of 2 worker processes (one thread each,
  as ``--scheduler local`` starts them; started before the clock, workers warmed up with
  the imports): the time, and the peak resident memory of each worker.

Targets (the issue's): reports on two workers at ≥ 1.8× the single-process rate. The cohort's
targets (10,000 household-years under 60 s, under 2 GB per worker) are measured with
these functions on a 10,000-household store (``docs/scale.md``, "10,000 household-years,
measured"); the default sizes here are smaller, to fit beside other work.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

from analysis import distributed
from bench.common import Result
from sample_loadcurves.households import generate

Work = Literal["reports", "cohort"]

CHILD = """
import json, sys, time
from analysis import distributed
from bench.distributed import _peak_mb
store, out, work = sys.argv[1:]
t = time.perf_counter()
if work == "cohort":
    n = distributed.figures(store).results[0].height
elif work == "stream":  # the one streaming query over the whole store (not bit-reproducible)
    from analysis import cohort
    from ingest import Store
    n = cohort.query(Store(store).curve()).collect(engine="streaming").height
else:
    n = distributed.reports(store, distributed.job(store, out)).results[0].height
print(json.dumps({"s": time.perf_counter() - t, "peak_mb": _peak_mb(), "n": n}))
"""


def _single(store: str, out: str, work: Work) -> dict[str, float]:
    """The single-machine path in a fresh process; reports on one Polars thread, as the CLI.

    For the cohort, the streaming query it replaced runs in a fresh process of its own
    (``stream_s``, ``stream_peak_mb``): each peak is its own work's.
    """
    result = _child(store, out, work)
    if work == "cohort":
        stream = _child(store, out, "stream")
        result |= {"stream_s": stream["s"], "stream_peak_mb": stream["peak_mb"]}
    return result


def _child(store: str, out: str, work: str) -> dict[str, float]:
    env = {**os.environ, "POLARS_MAX_THREADS": "1"} if work == "reports" else dict(os.environ)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, store, out, work],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
        env=env,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _peak_mb() -> float:
    """The peak resident memory of the process it runs in (each worker). [MB].

    Linux's ``VmHWM``: the high-water mark of this program's own memory. ``ru_maxrss``
    would not do: across fork and exec it keeps the parent's peak, so every worker would
    report at least the memory of the process that started the cluster.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _warm() -> None:
    """Import what the tasks need, on a worker, before the clock starts."""
    import analysis.report  # noqa: F401


def _cluster(store: str, out: str, work: Work, workers: int) -> dict[str, float]:
    """The tasks on a LocalCluster of ``workers`` processes: time, startup, peak per worker."""
    from distributed import Client, LocalCluster

    t = time.perf_counter()
    from ingest.distributed import worker_config

    with (
        worker_config(),  # as ``--scheduler local`` starts them
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=distributed.WORKER_MEMORY,
            host="127.0.0.1",
            dashboard_address=":0",
            env={"POLARS_MAX_THREADS": "1"},
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm)
        startup = time.perf_counter() - t
        t = time.perf_counter()
        address = cluster.scheduler_address
        if work == "cohort":
            run = distributed.figures(store, scheduler=address)
        else:
            run = distributed.reports(store, distributed.job(store, out), scheduler=address)
        seconds = time.perf_counter() - t
        peaks = client.run(_peak_mb)
    return {
        "s": seconds,
        "startup_s": startup,
        "peak_mb": max(peaks.values()),
        "n": run.results[0].height,
    }


def measure(store: str, work: Work) -> dict[str, dict[str, float]]:
    """Single process, 1 worker, 2 workers: each one's figures."""
    with tempfile.TemporaryDirectory() as out:
        return {
            "single": _single(store, out + "/single", work),
            "1 worker": _cluster(store, out + "/one", work, 1),
            "2 workers": _cluster(store, out + "/two", work, 2),
        }


def run(*, reports: int = 200, cohort: int = 1_000) -> list[Result]:
    """Reports over ``reports`` household-years, cohort figures over ``cohort``."""
    out: list[Result] = []
    works: tuple[tuple[Work, int], ...] = (("reports", reports), ("cohort", cohort))
    with tempfile.TemporaryDirectory() as root:
        # One generated store per size (10,000 households: ~8 min in one store commit,
        # measured 483 s; 1 h 35 min when each household was a commit of its own).
        stores: dict[int, str] = {}
        measured: list[tuple[Work, int, dict[str, dict[str, float]]]] = []
        for work, households in works:
            if households not in stores:
                stores[households] = f"{root}/{households}"
                generate(
                    Path(stores[households]), households=households, years=1, seed=11, into="store"
                )
            measured.append((work, households, measure(stores[households], work)))
            print(json.dumps({work: measured[-1][2]}), file=sys.stderr, flush=True)
    for work, households, m in measured:
        label = f"{work}, {households:,} household-years"
        if work == "cohort":
            out.append(
                Result(
                    f"{label}, single process (64 meters per query)",
                    m["single"]["s"],
                    "one streaming query",
                    m["single"]["stream_s"],
                    None,
                    "at_most",
                )
            )
        out += [
            Result(
                f"{label}, 1 worker",
                m["1 worker"]["s"],
                "single process, no Dask",
                m["single"]["s"],
                None,
                "at_most",
            ),
            Result(
                f"{label}, 2 workers",
                m["2 workers"]["s"],
                "single process, no Dask",
                m["single"]["s"],
                1.8 if work == "reports" else None,
                "speedup",
            ),
            Result(
                f"{label}, 2 workers against 1",
                m["2 workers"]["s"],
                "1 worker",
                m["1 worker"]["s"],
                None,
                "speedup",
            ),
            Result(
                f"{label}, peak memory per worker (2 workers)",
                m["2 workers"]["peak_mb"],
                "",
                0.0,
                2048.0,
                "absolute_max",
                unit="MB",
            ),
            Result(
                f"{label}, cluster start (2 workers)",
                m["2 workers"]["startup_s"],
                "",
                0.0,
                None,
                "absolute_max",
            ),
        ]
    return out
