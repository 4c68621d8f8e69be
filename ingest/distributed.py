"""A Dask cluster for Courbe's batch work: reading export files on its workers.

:func:`client` starts a ``LocalCluster`` (``scheduler="local"``) or connects to a running
scheduler at an address; :func:`map_files` reads a batch of files on its workers and gives
back each file's outcome in order, for the caller to commit into the store, one locked
commit per file, as the single-machine batch import does. Dask is imported only when one
of them is called. The workers must see the files at the same paths (a shared disk).
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path

    from distributed import Client

T = TypeVar("T")

LOCAL = "local"
"""The ``scheduler`` that starts a cluster on this machine for the command's duration."""

WORKER_MEMORY = "2GiB"
"""Memory limit of each local worker: the issue's target per worker. One meter's task or
one export file needs tens of MB (a TIC capture is streamed in 16 MB chunks); Dask pauses,
then restarts, a worker that goes past the limit."""


def worker_config() -> contextlib.AbstractContextManager[object]:
    """Dask settings for the local workers Courbe starts (a context; imports Dask).

    Two of Dask's defaults cost a report task a third of its time, measured on 20
    reports in one worker process: 4.39 s with both, 3.54 s without, 3.26 s in a plain
    process. ``MALLOC_TRIM_THRESHOLD_=65536``, which Dask sets in each worker's
    environment so freed memory goes back to the system at once, made the same reports
    19 % slower in a plain process too (the many small frames of a report are allocated
    and freed again and again); a task holds ~0.2 GB, so memory needs no such care. The
    sampling profiler takes the GIL every 10 ms: 11 % of a report task.
    """
    import dask
    import distributed  # noqa: F401  (its defaults loaded before they are changed)

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ"))
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return dask.config.set(
        {
            "distributed.nanny.pre-spawn-environ": environ,
            "distributed.worker.profile.enabled": False,
        }
    )


@contextlib.contextmanager
def client(
    scheduler: str, *, workers: int | None = None, memory_limit: str = WORKER_MEMORY
) -> Iterator[Client]:
    """A client of a cluster: started here, or the running scheduler at an address.

    ``scheduler="local"`` starts ``workers`` processes (default: one per core), one thread
    and one Polars thread each, stopped on leaving; else ``scheduler`` is an address
    (``tcp://host:8786``).
    """
    from distributed import Client, LocalCluster

    if scheduler != LOCAL:
        with Client(scheduler) as connected:
            yield connected
        return
    with (
        worker_config(),
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit,
            host="127.0.0.1",
            dashboard_address=":0",  # a free port: the scheduler's HTTP server always runs
            # One worker, one core: Polars on a worker uses one thread, Dask the cores.
            env={"POLARS_MAX_THREADS": "1"},
        ) as cluster,
        Client(cluster) as local,
    ):
        yield local


def map_files(
    read: Callable[..., T | str],
    paths: Sequence[Path],
    *shared: object,
    scheduler: str,
    workers: int | None = None,
) -> Iterator[T | str]:
    """``read(path, *shared)`` for every path on the cluster's workers; outcomes in order.

    ``read`` returns a file's outcome or its one-line error; a task that fails all the
    same (its worker killed too often) gives one line naming its file.
    """
    with client(scheduler, workers=workers) as c:
        # Each object whole (scatter would spread a set or list item by item).
        sent = [c.scatter([s], broadcast=True)[0] for s in shared]
        futures = c.map(read, paths, *[[s] * len(paths) for s in sent], pure=False)
        for path, future in zip(paths, futures, strict=True):
            try:
                yield future.result()
            except Exception as error:  # the task, not the file, failed: one line, batch goes on
                yield f"{path}: its reading failed on the cluster ({type(error).__name__}: {error})"
            future.release()
