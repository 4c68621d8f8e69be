"""The tasks, one partition (or batch of them) each: cohort figures, a household's report."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import fsspec
import polars as pl

from analysis import cohort
from analysis.distributed.headline_figures import headline
from analysis.distributed.store import Partition, PartitionError, naming, scan, url_in
from analysis.report import Settings, analyse
from analysis.tariffs import OPTIONS
from ingest.store import REFERENCES, SETTINGS

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence


@dataclass(frozen=True)
class ReportJob:
    """What every report task needs beside its partition (sent once to each worker)."""

    out: str
    """The folder (fsspec URL) the JSON reports are written to."""
    settings: Settings = field(default_factory=Settings)
    tempo: pl.DataFrame | None = None
    temperatures: pl.DataFrame | None = None


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
        with naming(parts[0], "curve"):
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
    with naming(part, "curve"):
        curve = scan(part, "curve").collect().rechunk()
    with naming(part, "peaks"):
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
    with fsspec.open(url_in(job.out, name), "wb") as f:
        f.write(text.encode("utf-8"))
    return headline(doc, report=name)


def _file_name(meter: str) -> str:
    """A meter id usable in a file name (the store's own rule)."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in meter) or "meter"


def job(store: str, out: str) -> ReportJob:
    """The report job over ``store``: its saved contract (else the defaults) and references.

    Raises
    ------
    PartitionError
        If a saved file cannot be read.
    """
    saved: dict[str, Any] = {}
    url = url_in(store, SETTINGS)
    with contextlib.suppress(FileNotFoundError), _naming_url(url), fsspec.open(url, "rb") as f:
        saved = json.loads(f.read())
    references: dict[str, pl.DataFrame | None] = dict.fromkeys(REFERENCES)
    for name in REFERENCES:
        url = url_in(store, f"reference/{name}.parquet")
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
