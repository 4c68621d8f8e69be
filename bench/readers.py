"""Every other reader against the raw parse of its own file, in the same run.

Each format is written by ``sample_loadcurves.writers`` from simulated households (the
sizes a household or a gateway produces: years of 30-min data), then read by
``ingest.read_export`` and, as the baseline, by the bare parser of that syntax with no
timestamp, unit or DST handling: ``polars.read_csv`` for the CSVs, ``json.loads`` for
Data Connect, ``xml.etree.ElementTree.fromstring`` for Green Button, fastexcel's sheet
load for the XLSX. Target: at most 2× the raw parse.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import fastexcel
import polars as pl

import ingest
from bench.common import Result, interleaved_medians
from sample_loadcurves import writers
from sample_loadcurves.archetypes import ARCHETYPES
from sample_loadcurves.simulate import Household, simulate

if TYPE_CHECKING:
    from collections.abc import Callable

METER = "12345678901234"


def curve(years: int) -> pl.DataFrame:
    """``years`` consecutive simulated years (2016 on) of one household's consumption."""
    parts = [
        simulate(Household(ARCHETYPES[y % len(ARCHETYPES)], METER, 2016 + y % 9, y)).curve()
        for y in range(years)
    ]
    return (
        pl.concat(parts).filter(pl.col("direction") == "consumption").unique("start").sort("start")
    )


def files(years: int = 5) -> dict[str, tuple[bytes, str, Callable[[bytes], object]]]:
    """Each format's bytes, the name it is read under, and its raw parse."""
    c = curve(years)
    first, end = dt.date(2016, 1, 1), dt.date(2030, 1, 1)
    return {
        "Enedis R63 CSV": (
            writers.enedis_r63_csv(c, meter=METER, first_day=first, end_day=end),
            "r63.csv",
            lambda d: pl.read_csv(d, separator=";"),
        ),
        "Data Connect JSON": (
            writers.dataconnect_json(c, meter=METER, first_day=first, end_day=end),
            "dc.json",
            json.loads,
        ),
        "Enedis portal XLSX": (
            writers.enedis_portal_xlsx(c.head(17_520), meter=METER),
            "curve.xlsx",
            lambda d: (
                fastexcel.read_excel(d)
                .load_sheet("Consommation Horaire", header_row=None)
                .to_polars()
            ),
        ),
        "EDF supplier CSV": (
            writers.edf_supplier_csv(c),
            "edf.csv",
            lambda d: pl.read_csv(
                d, has_header=False, skip_rows=4, encoding="utf8-lossy", separator=";"
            ),
        ),
        "Conso Downloader CSV": (
            writers.conso_downloader_csv(c),
            f"historique_conso_{METER}.csv",
            lambda d: pl.read_csv(d, separator=";"),
        ),
        "Green Button XML": (writers.greenbutton_xml(c), "gb.xml", ET.fromstring),
        "generic CSV": (writers.generic_csv(c), "generic.csv", pl.read_csv),
    }


def run(*, years: int = 5, repeat: int = 15) -> list[Result]:
    """One row per reader: ours, the raw parse, the ratio (target ≤ 2×), ``repeat`` runs each."""
    out = []
    for label, (data, name, raw) in files(years).items():
        times = interleaved_medians(
            {
                "ours": functools.partial(ingest.read_export, data, name=name),
                "raw": functools.partial(raw, data),
            },
            repeat=repeat,
        )
        megabytes = len(data) / 1e6
        out.append(
            Result(
                f"{label} ({megabytes:.1f} MB)",
                times["ours"],
                "raw parse of the same file",
                times["raw"],
                2.0,
                "at_most",
            )
        )
    return out
