"""Cohort figures and per-household reports, meter by meter: here, or on a Dask cluster.

The store is one Parquet file per meter and table (:mod:`ingest.store`); a *partition* is
one meter's files, named by the store's manifest. A report is one task per partition; the
cohort figures one task per :data:`TASK_METERS` partitions (a meter's figures are too
little work for a task of their own). Each task reads its meters' files and runs the same
Polars code as the single-machine path (:func:`analysis.cohort.of_meters`,
:func:`analysis.report.analyse`) and returns one small row per meter to the caller, which
writes the table: a map and a gather, no shuffle (a meter's rows never span partitions).

- ``scheduler=None``: the tasks run here, one after another (cohort figures in batches
  of :data:`BATCH` meters, one Polars query each, on every core); Dask is not imported.
- ``scheduler="local"``: a ``LocalCluster`` of ``workers`` processes (one thread each)
  starts, runs the tasks and stops.
- any other ``scheduler``: the address of a running ``dask scheduler``
  (``tcp://host:8786``), whose workers can import Courbe and read the store.

The store may be any fsspec URL the workers can read (a folder, ``s3://…``, ``gs://…``,
``memory://`` within one process). A partition whose file is missing or unreadable fails
with one line naming the file (its task; for the cohort, its meter within its task); the
others complete.

One module a part:

- :mod:`.store`: the store's partitions and reading them (:func:`partitions`, :func:`scan`,
  :class:`Partition`, :class:`PartitionError`);
- :mod:`.tasks`: the tasks (:func:`figures_of_batch`, :func:`household_report`) and what a
  report task needs (:class:`ReportJob`, :func:`job`);
- :mod:`.headline_figures`: each report's headline figures and their table
  (:func:`headline`, :func:`headlines`, :data:`HEADLINE_SCHEMA`);
- :mod:`.running`: running the tasks, here or on Dask (:func:`figures`, :func:`reports`,
  :func:`on_dask`, :class:`Run`).
"""

from analysis.distributed.headline_figures import HEADLINE_SCHEMA, HEADLINES, headline, headlines
from analysis.distributed.running import (
    BATCH,
    IN_FLIGHT,
    LOCAL,
    TASK_METERS,
    WORKER_MEMORY,
    Run,
    figures,
    on_dask,
    reports,
)
from analysis.distributed.store import Partition, PartitionError, partitions, scan
from analysis.distributed.tasks import (
    ReportJob,
    cohort_figures,
    figures_of_batch,
    household_report,
    job,
    write_parquet,
)

__all__ = [
    "BATCH",
    "HEADLINES",
    "HEADLINE_SCHEMA",
    "IN_FLIGHT",
    "LOCAL",
    "TASK_METERS",
    "WORKER_MEMORY",
    "Partition",
    "PartitionError",
    "ReportJob",
    "Run",
    "cohort_figures",
    "figures",
    "figures_of_batch",
    "headline",
    "headlines",
    "household_report",
    "job",
    "on_dask",
    "partitions",
    "reports",
    "scan",
    "write_parquet",
]
