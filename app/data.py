"""The one loading seam between the dashboard and ``ingest`` / ``analysis``: cached, by value.

Loaders take paths, bytes and plain settings, never widgets; pages only arrange what they
return.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polars as pl
import streamlit as st

from analysis.report import Report, Settings, analyse
from analysis.tempo import colours_from_periods
from ingest import Store, read_export
from ingest.curves import gaps
from ingest.privacy import mask_text
from ingest.schema import TIME_ZONE
from ingest.timestamps import local_day
from sample_loadcurves.archetypes import BY_ID
from sample_loadcurves.households import SHIPPED

if TYPE_CHECKING:
    import datetime as dt

    from ingest import Export, ImportResult, Note
    from words import Lang, Said


def demo_households() -> list[str]:
    """The shipped sample households, by archetype id."""
    return sorted(p.name for p in SHIPPED.iterdir() if p.is_dir())


def demo_settings(archetype_id: str) -> Settings:
    """The contract of a demo household."""
    a = BY_ID[archetype_id]
    return Settings(kva=a.kva, option=a.option, off_peak=",".join(f"{s}-{e}" for s, e in a.hc))


@st.cache_data(max_entries=8, show_spinner=False)
def demo_curve(archetype_id: str) -> pl.DataFrame:
    """The canonical curve of a demo household, read from its shipped export files."""
    files = sorted((SHIPPED / archetype_id).glob("Enedis_*.csv"))
    return pl.concat([read_export(f).curve for f in files])


@st.cache_data(max_entries=4, show_spinner=False, ttl=600)
def store_tables(path: str, generation: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Curve and peaks of a store (``generation`` keys the cache to the store's state)."""
    store = Store(path)
    del generation
    return store.curve().collect(), store.peaks().collect()


@st.cache_data(max_entries=4, show_spinner=False, ttl=600)
def meter_colours(path: str, generation: int) -> pl.DataFrame:
    """The Tempo colours the store's TIC captures reported (``generation`` keys the cache)."""
    del generation
    return colours_from_periods(Store(path).periods().collect())


def store_generation(path: str) -> int:
    """The store's commit number: it changes with every import."""
    manifest = Path(path) / "manifest.json"
    return int(manifest.stat().st_mtime_ns) if manifest.exists() else 0


@st.cache_data(max_entries=8, show_spinner=False)
def report(
    curve: pl.DataFrame,
    peaks: pl.DataFrame | None,
    settings: Settings,
    meter: str | None = None,
    tempo: pl.DataFrame | None = None,
    temperatures: pl.DataFrame | None = None,
) -> Report:
    """The analysis report (cached per curve, settings and reference files).

    Its charts' frames are computed here, once, so that every page's copy carries them.
    """
    report = analyse(
        curve,
        meter=meter,
        peaks=peaks,
        settings=settings,
        tempo=tempo,
        temperatures=temperatures,
    )
    report.frames.drawn()
    return report


def report_key(report: Report) -> tuple[object, ...]:
    """What identifies a report's content: its meter, period, settings and energy."""
    return (report.meter, report.period, report.settings, round(report.energy_kwh, 3))


@st.cache_data(max_entries=8, show_spinner=False)
def document_html(_report: Report, key: tuple[object, ...], lang: Lang) -> str:
    """The adviser's report as HTML (cached per ``key`` and language: charts take time).

    ``document`` is imported here, not with this module: its charts load Matplotlib, a
    third of a second that every other page's first visit would wait for.
    """
    import document

    del key
    return document.render(_report, lang=lang)


# --- meters and imports (issue 17) ------------------------------------------------------------


NO_HOLDINGS = pl.DataFrame(
    schema={"meter": pl.String, "first": pl.Date, "last": pl.Date, "days": pl.UInt32}
)
"""What :func:`meter_holdings` returns for a store with no curve."""


@st.cache_data(max_entries=4, show_spinner=False, ttl=600)
def meter_holdings(path: str, generation: int) -> pl.DataFrame:
    """The meters that have a load curve, and what each holds (``generation`` keys the cache).

    One row per meter: ``meter``, ``first`` and ``last`` local day [date], ``days`` with at
    least one interval [days]. A meter with only registers or daily values (a TIC capture
    without a curve, a daily index file) is not in it: no page can show it.
    """
    del generation
    day = local_day(pl.col("start"))
    return (
        Store(path)
        .curve()
        .group_by("meter")
        .agg(first=day.min(), last=day.max(), days=day.n_unique())
        .sort("meter")
        .collect()
        .cast(NO_HOLDINGS.schema)
    )


@dataclass(frozen=True)
class StepChange:
    """The curve's step changes at ``at`` (local time) from ``before`` to ``after``. [min]."""

    at: dt.datetime
    before: int
    after: int


@dataclass(frozen=True)
class Gap:
    """A span with no interval, in local time, and its length. [h]."""

    start: dt.datetime
    end: dt.datetime
    hours: float


@dataclass(frozen=True)
class Unused:
    """Rows a reader did not use for one reason: how many notes, and their first lines."""

    reason: Said
    """Why, as the reader said it (:meth:`words.Said.say` in the page's language)."""
    count: int
    lines: tuple[int, ...]


@dataclass(frozen=True)
class FileReport:
    """What one file held, for the import report: no sentence, only facts.

    ``steps`` maps each step [min] to its intervals [rows], most used first.
    """

    name: str
    format: str
    meter: str
    period: tuple[dt.date, dt.date] | None
    curve_rows: int
    steps: tuple[tuple[int, int], ...]
    step_changes: tuple[StepChange, ...]
    gaps: tuple[Gap, ...]
    unused: tuple[Unused, ...]
    notes: tuple[Note, ...]
    """What the reader worked out or wants known, meter numbers masked
    (:meth:`ingest.Note.say` in the page's language)."""
    added: int = 0
    replaced: int = 0
    already: int = 0

    @property
    def rows(self) -> int:
        """Rows the file gave, over all tables: new, replacing, or already there. [rows]."""
        return self.added + self.replaced + self.already


MAX_LISTED = 5
"""Step changes, gaps and line numbers listed per file: more are counted, not listed."""


def file_report(export: Export, result: ImportResult | None = None) -> FileReport:
    """The facts of one import: period, steps and their changes, gaps, rows not used."""
    curve = export.curve.sort("direction", "start")
    local = pl.col("start").dt.convert_time_zone(TIME_ZONE).dt.replace_time_zone(None)
    minutes = ((pl.col("end") - pl.col("start")).dt.total_minutes()).alias("step")
    framed = curve.select("direction", local.alias("at"), minutes)
    steps = framed.group_by("step").len().sort("len", "step", descending=[True, False])
    changes = framed.with_columns(before=pl.col("step").shift(1).over("direction")).filter(
        pl.col("before").is_not_null() & (pl.col("before") != pl.col("step"))
    )
    holes = gaps(curve).with_columns(
        pl.col("start", "end").dt.convert_time_zone(TIME_ZONE).dt.replace_time_zone(None)
    )
    skipped = [n.masked() for n in export.notes if n.kind == "skipped"]
    reasons: dict[str, tuple[Said, list[int | None]]] = {}
    for note in skipped:  # a few notes, not rows: readers summarise long runs in one note
        reasons.setdefault(note.message, (note.text, []))[1].append(note.line)
    return FileReport(
        name=mask_text(export.name),
        format=export.format,
        meter=export.meter,
        period=export.period(),
        curve_rows=curve.height,
        steps=tuple((int(s), int(n)) for s, n in steps.iter_rows()),
        step_changes=tuple(
            StepChange(at, int(b), int(a))
            for at, a, b in changes.select("at", "step", "before").iter_rows()
        ),
        gaps=tuple(
            Gap(s, e, float(h)) for s, e, h in holes.select("start", "end", "hours").iter_rows()
        ),
        unused=tuple(
            Unused(reason, len(lines), tuple(x for x in lines if x is not None))
            for reason, lines in reasons.values()
        ),
        notes=tuple(n.masked() for n in export.notes if n.kind != "skipped"),
        added=result.added if result else 0,
        replaced=result.replaced if result else 0,
        already=result.skipped if result else 0,
    )


UploadRefusal = Literal["type", "size", "empty"]
SUFFIXES = ("csv", "txt", "tsv", "xlsx", "json", "xml", "log", "raw", "dat")
"""The file endings of the exports Courbe reads (ingest/formats): CSV, text and TIC logs,
the portal's XLSX, Data Connect JSON, Green Button XML."""
CHUNK = 8 * 1024 * 1024
"""Bytes copied at a time from an upload to the file the reader streams. [B]"""


def upload_limit() -> int:
    """The largest file the dashboard takes: ``server.maxUploadSize`` (config.toml). [B]."""
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def upload_refusal(name: str, size: int, limit: int) -> UploadRefusal | None:
    """Why a dropped file is refused before it is read, or None. ``size``, ``limit`` [B]."""
    if Path(name).suffix.lower().lstrip(".") not in SUFFIXES:
        return "type"
    if size > limit:
        return "size"
    if size == 0:
        return "empty"
    return None


@st.cache_data(max_entries=4, show_spinner=False, ttl=600)
def store_gaps(path: str, generation: int) -> pl.DataFrame:
    """Per meter, the gaps in its stored curve: ``meter``, ``gaps`` [count], ``hours`` [h]."""
    del generation
    return (
        gaps(Store(path).curve())
        .group_by("meter")
        .agg(gaps=pl.len(), hours=pl.col("hours").sum())
        .sort("meter")
    )
