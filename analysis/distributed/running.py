"""Running the tasks over a whole store: here, one after another, or on Dask."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import fsspec
import polars as pl

from analysis import cohort
from analysis.distributed.headline_figures import headlines
from analysis.distributed.store import Partition, PartitionError, partitions
from analysis.distributed.tasks import figures_of_batch, household_report
from ingest import distributed as cluster
from ingest.schema import SCHEMAS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from distributed import Future

    from analysis.distributed.tasks import ReportJob

T = TypeVar("T")

LOCAL = cluster.LOCAL
WORKER_MEMORY = cluster.WORKER_MEMORY

BATCH = 64
"""Meters per Polars query on the single-machine cohort path: enough rows to keep every
core busy and the per-query cost small (one query per meter was 3.8× slower than the one
streaming query; 64 per query, as fast), few enough that memory stays small (one
meter-year is ~1 MB)."""

IN_FLIGHT = 10_000
"""Tasks submitted at a time on a cluster; one more as each completes. Far more than the
workers need to stay busy, far fewer than a national cohort's million meters, whose
futures all at once would weigh on the client and the scheduler (which spends about 1 ms
per task, by Dask's documentation)."""

TASK_METERS = 16
"""Meters per cohort task on a cluster. One meter's figures take ~4 ms of Polars work and
a task ~1 ms of the scheduler's and more of the client's: one task per meter ran 3.7×
slower on one worker than this process (15.2 s vs 4.1 s for 1,000 household-years). A
report (~0.15-0.25 s) is one task per meter."""


@dataclass
class Run(Generic[T]):
    """What a run of tasks gave: the results of those that succeeded, one line per failure."""

    results: list[T] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def figures(store: str, *, scheduler: str | None = None, workers: int | None = None) -> Run[Any]:
    """The cohort figures of every meter of ``store``: a :class:`Run` of one frame.

    ``results`` holds one frame (by meter, :data:`analysis.cohort.FIGURES`), empty when
    every partition failed; ``errors`` one line per failed partition.
    """
    parts = partitions(store)
    size = BATCH if scheduler is None else TASK_METERS
    batches = [parts[i : i + size] for i in range(0, len(parts), size)]
    if scheduler is None:
        done = Run([figures_of_batch(b) for b in batches])
    else:
        done = on_dask(figures_of_batch, batches, scheduler=scheduler, workers=workers)
    frames = [f for f, _ in done.results if f is not None]
    errors = done.errors + [e for _, lines in done.results for e in lines]
    table = (
        pl.concat(frames).sort("meter")
        if frames
        else cohort.query(pl.DataFrame(schema=SCHEMAS["curve"]).lazy()).collect()
    )
    return Run([table], sorted(errors))


def reports(
    store: str,
    job: ReportJob,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
) -> Run[Any]:
    """Write one JSON report per meter of ``store`` into ``job.out``.

    Returns a :class:`Run` of the headline table (one frame, :data:`HEADLINE_SCHEMA`) and
    one line per failed meter.
    """
    parts = partitions(store)
    fs, path = fsspec.core.url_to_fs(job.out)
    fs.makedirs(path, exist_ok=True)
    if scheduler is None:
        rows: Run[dict[str, Any]] = Run()
        for p in parts:
            try:
                rows.results.append(household_report(p, job))
            except PartitionError as error:
                rows.errors.append(str(error))
    else:
        rows = on_dask(household_report, parts, job, scheduler=scheduler, workers=workers)
    return Run([headlines(rows.results)], sorted(rows.errors))


def on_dask(
    task: Callable[..., T],
    parts: Sequence[Partition] | Sequence[Sequence[Partition]],
    *shared: object,
    scheduler: str,
    workers: int | None = None,
    memory_limit: str = WORKER_MEMORY,
) -> Run[T]:
    """Run ``task(part, *shared)`` for every partition (or batch) on Dask; gather the rows.

    ``shared`` is sent once to every worker. A task that fails gives one line (a
    :class:`PartitionError`'s own; else its partition and the error); the others complete.
    A worker lost mid-run does not fail its tasks: the scheduler runs them again elsewhere.
    """
    from distributed import as_completed  # only a cluster run imports Dask

    run: Run[T] = Run()
    with cluster.client(scheduler, workers=workers, memory_limit=memory_limit) as client:
        sent = [client.scatter([s], broadcast=True)[0] for s in shared]
        waiting: Iterator[Partition | Sequence[Partition]] = iter(parts)
        which: dict[object, Partition | Sequence[Partition]] = {}

        def submit(part: Partition | Sequence[Partition]) -> Future[T]:
            future: Future[T] = client.submit(task, part, *sent, pure=False)
            which[future.key] = part
            return future

        running = as_completed([submit(p) for p in itertools.islice(waiting, IN_FLIGHT)])
        for future in running:
            part = which.pop(future.key)
            if future.status == "error":
                run.errors.append(_one_line(future, part))
            else:
                run.results.append(future.result())
            future.release()
            following = next(waiting, None)
            if following is not None:
                running.add(submit(following))
    return run


def _one_line(future: Future[Any], part: Partition | Sequence[Partition]) -> str:
    error = future.exception()
    if isinstance(error, PartitionError):
        return str(error)
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if isinstance(part, Partition):
        name = part.files.get("curve", part.meter)
    else:
        name = ", ".join(p.files.get("curve", p.meter) for p in part)
    return f"{name}: the task failed ({type(error).__name__}{': ' if text else ''}{text})"
