"""The "Conso Downloader" / ha-linky CSV: ``debut;fin;kW`` (docs/sources.md, Third-party CSVs).

Written by bokub's browser extension from the new Enedis portal: one row per interval,
local start and end without offset (``2023-12-12T00:00``; an offset is read when present),
the average power in kW as a quoted decimal comma (``"0,696"``), ``null`` where Enedis has
nothing. A ``kWh`` column (energy per interval) is read too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import polars as pl
import pyarrow as pa

from ingest.errors import ExportError
from ingest.export import Export, Note
from ingest.formats.common import (
    curve_from_local,
    decimal,
    fast_csv,
    stamp_format,
    text_csv,
    unnamed_meter,
    utf8,
    wh_of,
)
from ingest.source import BOM
from ingest.timestamps import MINUTE_US, known_steps
from words import said

if TYPE_CHECKING:
    from ingest.schema import Direction
    from ingest.source import Raw

FORMAT = "conso-downloader-csv"
HEADER = re.compile(r'^\ufeff?"?debut"?;"?fin"?;"?(kW|kWh)"?\s*$', re.IGNORECASE)
OFFSET = "%Y-%m-%dT%H:%M:%S%z"
FORMATS = (OFFSET, "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")


def sniff(head: bytes) -> bool:
    """The header ``debut;fin;kW`` (or ``kWh``)."""
    first = head.removeprefix(BOM).split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return bool(HEADER.match(first.strip("\r")))


def _naive(column: str, fmt: str) -> pl.Expr:
    """Local wall-clock time in the file's one format (an offset, if any, read then dropped)."""
    text = pl.col(column)
    if fmt == OFFSET:
        aware = text.str.to_datetime(fmt, strict=False, cache=False, time_zone="Europe/Paris")
        return aware.dt.replace_time_zone(None)
    return text.str.to_datetime(fmt, strict=False, cache=False)


def _parse_slow(raw: Raw, data: bytes) -> pl.DataFrame:
    """Text columns parsed here (offsets, other date layouts), naming the first bad row."""
    frame = text_csv(raw, data, separator=";")
    frame = frame.rename(dict(zip(frame.columns, ["debut", "fin", "value"], strict=False)))
    fmt = stamp_format(str(frame["debut"][0]), FORMATS) if frame.height else FORMATS[1]
    if fmt is None:
        msg = f"expected dates like 2023-12-12T00:00, got '{frame['debut'][0]}'"
        raise ExportError(raw.name, msg, line=2)
    frame = frame.with_row_index("line", offset=2).with_columns(
        naive=_naive("debut", fmt),
        naive_end=_naive("fin", fmt),
        number=decimal(pl.col("value")),
        missing=pl.col("value").str.strip_chars().str.to_lowercase().is_in(["null", ""]),
    )
    bad = frame.filter(pl.col("naive").is_null() | pl.col("naive_end").is_null())
    if bad.height:
        msg = f"expected dates like 2023-12-12T00:00, got '{bad['debut'][0]}'"
        raise ExportError(raw.name, msg, line=bad["line"][0])
    bad = frame.filter(pl.col("number").is_null() & ~pl.col("missing"))
    if bad.height:
        msg = f"expected a number like \"0,696\" or null, got '{bad['value'][0]}'"
        raise ExportError(raw.name, msg, line=bad["line"][0])
    return frame


def read(raw: Raw) -> Export:
    """Read the rows into the canonical curve; the meter comes from the file name if any."""
    data = utf8(raw)
    unit = HEADER.match(data[:200].decode("utf-8", "replace").split("\n", 1)[0].strip("\r"))
    assert unit is not None  # sniffed
    energy = unit.group(1).lower() == "kwh"
    stamp = pa.timestamp("us")
    fast = fast_csv(
        data,
        {"debut": stamp, "fin": stamp, "number": pa.float64()},
        delimiter=";",
        skip_rows=1,
        decimal_point=",",
        nulls=("null", ""),
        not_null=("debut", "fin"),
    )
    if fast is not None:  # the extension's own format: pyarrow parses it all
        frame = fast.with_row_index("line", offset=2).rename({"debut": "naive", "fin": "naive_end"})
    else:
        frame = _parse_slow(raw, data)
    wall = frame["naive_end"].to_physical() - frame["naive"].to_physical()
    step = pl.Series(known_steps((wall // MINUTE_US).to_numpy()))
    wh = wh_of(pl.col("number"), "kWh" if energy else "kW", step)
    rows = frame.select("line", "naive", minutes=step, wh=wh)
    named = re.search(r"historique_(conso|prod)_(\d{14})", raw.name)
    meter, unnamed = (named.group(2), None) if named else unnamed_meter(raw)
    direction: Direction = "production" if named and named.group(1) == "prod" else "consumption"
    curve, notes = curve_from_local(rows, meter=meter, stamp="start", direction=direction)
    values = said("ingest.note.downloader_kwh") if energy else said("ingest.note.downloader_kw")
    inferred = [Note("inferred", values)]
    if named:
        inferred.append(Note("inferred", said("ingest.note.downloader_name")))
    elif unnamed:
        inferred.append(unnamed)
    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meter,
        curve=curve,
        notes=tuple(inferred + notes),
        metadata={"unit": "kWh" if energy else "kW"},
    )
