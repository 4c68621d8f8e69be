"""The one loading seam between the dashboard and ``ingest`` / ``analysis``: cached, by value.

Loaders take paths, bytes and plain settings, never widgets; pages only arrange what they
return.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import streamlit as st

from analysis import document
from analysis.report import Report, Settings, analyse
from analysis.tempo import colours_from_periods
from ingest import Store, read_export
from sample_loadcurves.archetypes import BY_ID
from sample_loadcurves.households import SHIPPED

if TYPE_CHECKING:
    from analysis.french import Lang


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
    """The analysis report (cached per curve, settings and reference files)."""
    return analyse(
        curve,
        meter=meter,
        peaks=peaks,
        settings=settings,
        tempo=tempo,
        temperatures=temperatures,
    )


def report_key(report: Report) -> tuple[object, ...]:
    """What identifies a report's content: its meter, period, settings and energy."""
    return (report.meter, report.period, report.settings, round(report.energy_kwh, 3))


@st.cache_data(max_entries=8, show_spinner=False)
def document_html(_report: Report, key: tuple[object, ...], lang: Lang) -> str:
    """The adviser's report as HTML (cached per ``key`` and language: charts take time)."""
    del key
    return document.render(_report, lang=lang)
