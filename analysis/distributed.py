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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import fsspec
import polars as pl

from analysis import cohort
from analysis.report import Settings, analyse
from analysis.tariffs import OPTIONS
from ingest import distributed as cluster
from ingest.schema import SCHEMAS, TABLES, Table
from ingest.store import FORMAT_VERSION, MANIFEST, REFERENCES, SETTINGS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from distributed import Future

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

HEADLINES = "headlines.parquet"
"""The table of every report's headline figures, beside the reports."""

HEADLINE_SCHEMA: dict[str, pl.DataType] = {
    "meter": pl.String(),
    "report": pl.String(),
    "first_day": pl.Date(),
    "last_day": pl.Date(),
    "days": pl.Int64(),
    "coverage": pl.Float64(),
    "energy_kwh_per_year": pl.Float64(),
    "baseload_w": pl.Float64(),
    "baseload_kwh_per_year": pl.Float64(),
    "peak_w": pl.Float64(),
    "hc_share": pl.Float64(),
    "current_option": pl.String(),
    "current_eur": pl.Float64(),
    "cheapest_option": pl.String(),
    "cheapest_kva": pl.Int64(),
    "cheapest_eur": pl.Float64(),
    "anomalies": pl.Int64(),
    "tips": pl.Int64(),
    "tips_eur_per_year": pl.Float64(),
}
"""One row per report [same units as the report's JSON: kWh, W, EUR over its period]."""


class PartitionError(Exception):
    """One partition's task failed: one line naming its file and what was expected."""


@dataclass(frozen=True)
class Partition:
    """One meter of a store: the URL of each of its tables' file."""

    meter: str
    files: dict[str, str]


@dataclass(frozen=True)
class ReportJob:
    """What every report task needs beside its partition (sent once to each worker)."""

    out: str
    """The folder (fsspec URL) the JSON reports are written to."""
    settings: Settings = field(default_factory=Settings)
    tempo: pl.DataFrame | None = None
    temperatures: pl.DataFrame | None = None


@dataclass
class Run(Generic[T]):
    """What a run of tasks gave: the results of those that succeeded, one line per failure."""

    results: list[T] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# --- the store's partitions -------------------------------------------------------------------


def _url(store: str, name: str) -> str:
    return f"{store.rstrip('/')}/{name}"


def partitions(store: str) -> list[Partition]:
    """The meters of a store (a folder or fsspec URL), from its manifest; [] if it has none.

    Raises
    ------
    PartitionError
        If the manifest cannot be read or is of another format version.
    """
    url = _url(store, MANIFEST)
    try:
        with fsspec.open(url, "rb") as f:
            manifest: dict[str, Any] = json.loads(f.read())
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        msg = f"{url}: cannot be read as a store manifest ({error})"
        raise PartitionError(msg) from None
    if manifest.get("version") != FORMAT_VERSION:
        msg = f"{url}: store format {manifest.get('version')!r}, expected {FORMAT_VERSION}"
        raise PartitionError(msg)
    files: dict[str, dict[str, str]] = manifest["files"]
    meters = sorted({m for t in TABLES for m in files.get(t, {})})
    return [
        Partition(m, {t: _url(store, files[t][m]) for t in TABLES if m in files.get(t, {})})
        for m in meters
    ]


def scan(part: Partition, table: Table) -> pl.LazyFrame:
    """One table of one partition (canonical columns); empty if the meter has none.

    A local file is scanned; any other URL is read through fsspec (one meter's file).
    """
    url = part.files.get(table)
    if url is None:
        return pl.DataFrame(schema=SCHEMAS[table]).lazy()
    fs, path = fsspec.core.url_to_fs(url)
    if fs.protocol in ("file", ("file", "local")):
        return pl.scan_parquet(path, schema=SCHEMAS[table])
    try:
        with fs.open(path, "rb") as f:
            return pl.read_parquet(f, schema=SCHEMAS[table]).lazy()
    except FileNotFoundError:
        raise PartitionError(_missing(url)) from None
    except (OSError, pl.exceptions.PolarsError) as error:
        raise PartitionError(_unreadable(url, table, error)) from None


def _missing(url: str) -> str:
    return f"{url}: no such file (the store's manifest names it)"


def _unreadable(url: str, table: Table, error: Exception) -> str:
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"{url}: expected a Parquet file of the store's {table} table ({first})"


@contextlib.contextmanager
def _naming(part: Partition, table: Table) -> Iterator[None]:
    """Turn a read failure of ``part``'s ``table`` file into a :class:`PartitionError`."""
    url = part.files.get(table, part.meter)
    try:
        yield
    except FileNotFoundError:
        raise PartitionError(_missing(url)) from None
    except (OSError, pl.exceptions.PolarsError) as error:
        raise PartitionError(_unreadable(url, table, error)) from None


# --- the tasks --------------------------------------------------------------------------------


def cohort_figures(parts: Sequence[Partition]) -> pl.DataFrame:
    """The cohort figures of these partitions, in one query (:data:`analysis.cohort.FIGURES`).

    Raises
    ------
    PartitionError
        Naming the file of the partition that cannot be read (of the only one).
    OSError, polars.exceptions.PolarsError
        When one of several partitions cannot be read (see :func:`figures_of_batch`).
    """
    if len(parts) == 1:
        with _naming(parts[0], "curve"):
            return cohort.of_meters([scan(parts[0], "curve")])
    return cohort.of_meters([scan(p, "curve") for p in parts])


def figures_of_batch(parts: Sequence[Partition]) -> tuple[pl.DataFrame | None, list[str]]:
    """The cohort figures of a batch of meters, and one line per meter that failed.

    One query for the batch; if a file spoils it, each meter alone, to name the file: the
    others' figures still come back.
    """
    try:
        return cohort_figures(parts), []
    except (PartitionError, OSError, pl.exceptions.PolarsError):
        frames, errors = [], []
        for p in parts:
            try:
                frames.append(cohort_figures([p]))
            except PartitionError as error:
                errors.append(str(error))
        return (pl.concat(frames) if frames else None), errors


def household_report(part: Partition, job: ReportJob) -> dict[str, Any]:
    """Analyse one meter, write its JSON report into ``job.out``; its headline figures.

    Raises
    ------
    PartitionError
        Naming the file that cannot be read, or the meter whose data cannot be analysed.
    """
    with _naming(part, "curve"):
        curve = scan(part, "curve").collect().rechunk()
    with _naming(part, "peaks"):
        peaks = scan(part, "peaks").collect().rechunk()
    try:
        report = analyse(
            curve,
            meter=part.meter,
            peaks=peaks,
            settings=job.settings,
            tempo=job.tempo,
            temperatures=job.temperatures,
        )
    except ValueError as error:
        msg = f"{part.files.get('curve', part.meter)}: {error}"
        raise PartitionError(msg) from None
    doc = report.to_json()
    name = f"{_file_name(part.meter)}.json"
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    with fsspec.open(_url(job.out, name), "wb") as f:
        f.write(text.encode("utf-8"))
    return headline(doc, report=name)


def _file_name(meter: str) -> str:
    """A meter id usable in a file name (the store's own rule)."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in meter) or "meter"


def headline(doc: dict[str, Any], *, report: str) -> dict[str, Any]:
    """The headline figures of one report's JSON (:data:`HEADLINE_SCHEMA`)."""
    settings = doc["settings"]
    current = next(
        (
            t
            for t in doc["tariffs"]
            if t["option"] == settings["option"] and t["kva"] == settings["kva"]
        ),
        None,
    )
    cheapest = min(doc["tariffs"], key=lambda t: t["total_eur"], default=None)
    return {
        "meter": doc["meter"],
        "report": report,
        "first_day": dt.date.fromisoformat(doc["period"][0]),
        "last_day": dt.date.fromisoformat(doc["period"][1]),
        "days": doc["days"],
        "coverage": doc["coverage"],
        "energy_kwh_per_year": doc["energy_kwh_per_year"],
        "baseload_w": doc["baseload_w"],
        "baseload_kwh_per_year": doc["baseload_kwh_per_year"],
        "peak_w": doc["peak_w"],
        "hc_share": doc["hc_share"],
        "current_option": settings["option"],
        "current_eur": current["total_eur"] if current else None,
        "cheapest_option": cheapest["option"] if cheapest else None,
        "cheapest_kva": cheapest["kva"] if cheapest else None,
        "cheapest_eur": cheapest["total_eur"] if cheapest else None,
        "anomalies": len(doc["anomalies"]),
        "tips": len(doc["tips"]),
        "tips_eur_per_year": round(sum(t["eur_per_year"] for t in doc["tips"]), 2),
    }


def headlines(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """The headline rows as one table, by meter."""
    frame = pl.DataFrame(rows, schema=HEADLINE_SCHEMA, orient="row")
    return frame.sort("meter")


def job(store: str, out: str) -> ReportJob:
    """The report job over ``store``: its saved contract (else the defaults) and references.

    Raises
    ------
    PartitionError
        If a saved file cannot be read.
    """
    saved: dict[str, Any] = {}
    url = _url(store, SETTINGS)
    with contextlib.suppress(FileNotFoundError), _naming_url(url), fsspec.open(url, "rb") as f:
        saved = json.loads(f.read())
    references: dict[str, pl.DataFrame | None] = dict.fromkeys(REFERENCES)
    for name in REFERENCES:
        url = _url(store, f"reference/{name}.parquet")
        with contextlib.suppress(FileNotFoundError), _naming_url(url), fsspec.open(url, "rb") as f:
            references[name] = pl.read_parquet(f)
    option = saved.get("option")
    settings = Settings(
        kva=int(saved.get("kva", Settings.kva)),
        option=next((o for o in OPTIONS if o == option), Settings.option),
        off_peak=str(saved.get("off_peak", Settings.off_peak)),
    )
    return ReportJob(
        out, settings, tempo=references["tempo"], temperatures=references["temperatures"]
    )


@contextlib.contextmanager
def _naming_url(url: str) -> Iterator[None]:
    """A saved file that exists but cannot be read: a :class:`PartitionError` naming it."""
    try:
        yield
    except FileNotFoundError:
        raise
    except (OSError, ValueError, pl.exceptions.PolarsError) as error:
        msg = f"{url}: cannot be read ({str(error).strip().splitlines()[0]})"
        raise PartitionError(msg) from None


def write_parquet(frame: pl.DataFrame, url: str) -> None:
    """Write ``frame`` to a Parquet file at ``url`` (a path or fsspec URL), folders made."""
    fs, path = fsspec.core.url_to_fs(url)
    parent = path.rsplit("/", 1)[0] if "/" in path else ""
    if parent:
        fs.makedirs(parent, exist_ok=True)
    with fs.open(path, "wb") as f:
        frame.write_parquet(f)


# --- running them -----------------------------------------------------------------------------


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
