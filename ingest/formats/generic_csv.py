"""Any two-column CSV: a timestamp and a value (docs/sources.md, Third-party CSVs).

- Separator ``;``, ``,`` or tab, from the header; decimal point or comma.
- The unit from the value column's header (``W``, ``kW``: average power; ``Wh``, ``kWh``:
  energy per interval or per day), else the one given (``--unit``), else an error.
- Timestamps with an offset are exact; naive ones are in the given zone (``--time-zone``,
  default Europe/Paris, noted), the repeated autumn hour in file order. A timestamp
  column named like an end (``fin``, ``end``) marks interval ends, else starts. Dates
  without a time make daily energy.
- The step of each row is inferred from its neighbours' stamps
  (:func:`ingest.timestamps.steps_of`, as for every reader that gives one stamp).
"""

from __future__ import annotations

import csv
import re
import zoneinfo
from typing import TYPE_CHECKING, Literal

import polars as pl
import pyarrow as pa

from ingest.errors import GIVE_UNIT, ExportError
from ingest.export import Export, Note
from ingest.formats.common import (
    curve_from_instants,
    decimal,
    duplicates,
    fast_csv,
    kind_word,
    local_instants,
    stamp_format,
    text_csv,
    unnamed_meter,
    utf8,
    wh_of,
)
from ingest.schema import TIME_ZONE, UNITS, conform
from ingest.source import BOM, decode
from ingest.timestamps import steps_of
from words import Said, said

if TYPE_CHECKING:
    from ingest.source import Raw

FORMAT = "generic-csv"
UNIT = re.compile(r"(?<![A-Za-z])(kWh|Wh|kW|W)(?![A-Za-z])", re.IGNORECASE)
SPELLED = {unit.lower(): unit for unit in UNITS}
"""Each unit as a header may write it (any case) → its spelling."""
DATE = re.compile(r'^\s*"?(\d{4}-\d\d-\d\d|\d\d/\d\d/\d{4})')
OFFSET = "%Y-%m-%dT%H:%M:%S%z"
NAIVE = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
)
DAYS = ("%Y-%m-%d", "%d/%m/%Y")
FIRST = 2
"""The line of the first row (after the header)."""


def _separator(line: str) -> str:
    return max((";", ",", "\t"), key=line.count)


def _fields(line: str, sep: str) -> list[str]:
    """The fields of one CSV line (quotes as the csv module reads them)."""
    return next(csv.reader([line.rstrip("\r\n")], delimiter=sep), [])


def sniff(head: bytes) -> bool:
    """Two columns, the second's header naming a unit, then a date (tried last)."""
    return shape(head) and bool(UNIT.search(head.split(b"\n", 1)[0].decode("utf-8", "replace")))


def shape(head: bytes) -> bool:
    """A header of two fields, then a line starting with a date."""
    lines = head.removeprefix(BOM).decode("utf-8", errors="replace").splitlines()
    if len(lines) < 2:
        return False
    return len(_fields(lines[0], _separator(lines[0]))) == 2 and bool(DATE.match(lines[1]))


def _fast(data: bytes, sep: str) -> pl.DataFrame | None:
    """ISO 8601 times with offsets and plain numbers: pyarrow parses the whole file."""
    columns = {"aware": pa.timestamp("us", tz="UTC"), "number": pa.float64()}
    for point in (".", ","):
        fast = fast_csv(
            data, columns, delimiter=sep, skip_rows=1, decimal_point=point, not_null=("aware",)
        )
        if fast is not None:
            return fast
    return None


def _slow(raw: Raw, data: bytes, sep: str) -> pl.DataFrame:
    """Text columns parsed here in the file's one time layout, naming the first bad line."""
    frame = text_csv(raw, data, separator=sep, new_columns=["time", "value"])
    frame = frame.with_row_index("line", offset=FIRST).with_columns(
        text=pl.col("time").str.strip_chars().str.strip_chars('"'),
        number=decimal(pl.col("value")),
    )
    bad = frame.filter(pl.col("number").is_null() & pl.col("value").str.strip_chars().ne(""))
    if bad.height:
        got = bad["value"][0]
        raise ExportError(raw.name, f"expected a number, got '{got}'", line=bad["line"][0])
    fmt = stamp_format(str(frame["text"][0]), (OFFSET, *NAIVE, *DAYS)) if frame.height else None
    if fmt is None:
        got = frame["text"][0] if frame.height else ""
        msg = f"expected a date or time like 2024-01-31 00:30, got '{got}'"
        raise ExportError(raw.name, msg, line=2)
    stamp = pl.col("text")
    none = pl.lit(None, dtype=pl.Datetime("us"))
    frame = frame.with_columns(
        aware=stamp.str.to_datetime(fmt, strict=False, cache=False, time_zone="UTC")
        if fmt == OFFSET
        else none.dt.replace_time_zone("UTC"),
        naive=stamp.str.to_datetime(fmt, strict=False, cache=False) if fmt in NAIVE else none,
        day=stamp.str.to_date(fmt, strict=False) if fmt in DAYS else pl.lit(None, pl.Date),
    )
    bad = frame.filter(pl.all_horizontal(pl.col("aware", "naive", "day").is_null()))
    if bad.height:
        msg = f"expected every time written like the first one ({fmt}), got '{bad['text'][0]}'"
        raise ExportError(raw.name, msg, line=bad["line"][0])
    return frame.select("line", "aware", "naive", "day", "number", "text")


def _unit(unit: str, kind: str, *, found: bool) -> Said:
    """The note saying the values' unit: found in the header, or given by the caller."""
    if found:
        return said("ingest.note.unit_found", unit=unit, kind=kind_word(kind))
    return said("ingest.note.unit_given", unit=unit, kind=kind_word(kind))


def read(raw: Raw) -> Export:
    """Read the two columns into the curve (or daily energy)."""
    # The fast path reads the bytes as they are: its columns are times and numbers.
    data = raw.data.removeprefix(BOM)
    line = decode(raw, data[: data.find(b"\n") + 1 or len(data)])
    sep = _separator(line)
    header = _fields(line, sep)
    if len(header) != 2:
        msg = f"expected two columns (a time and a value), found {len(header)}"
        raise ExportError(raw.name, msg, line=1)
    when, what = (x.strip() for x in header)
    found = UNIT.search(what)
    unit = SPELLED.get((found.group(1) if found else raw.unit or "").lower(), "")
    if not unit:
        msg = f"the column '{what}' names no unit (W, kW, Wh, kWh): give it ({GIVE_UNIT})"
        raise ExportError(raw.name, msg, line=1)
    kind, _ = UNITS[unit]
    notes = [Note("inferred", _unit(unit, kind, found=bool(found)))]
    lines = data[:8192].split(b"\n", 2)
    first = lines[1].decode("utf-8", "replace") if len(lines) > 1 else ""
    with_offset = stamp_format(first.split(sep)[0], (OFFSET,)) is not None
    fast = _fast(data, sep) if with_offset else None
    frame = fast if fast is not None else _slow(raw, utf8(raw), sep)
    named = re.search(r"(?<!\d)\d{14}(?!\d)", raw.name)
    meter_id, named_note = (
        (named.group(), Note("inferred", said("ingest.note.meter_from_name")))
        if named
        else unnamed_meter(raw)
    )
    notes.append(named_note)
    if fast is None and frame["aware"].is_null().all() and frame["naive"].is_null().all():
        if kind != "energy":
            raise ExportError(
                raw.name, "dates without a time need energy values (Wh or kWh)", line=2
            )
        empty = frame.filter(pl.col("number").is_null())["line"].to_list()
        none = said("ingest.note.no_value")
        notes += [Note("skipped", none, line) for line in empty]
        daily = frame.filter(pl.col("number").is_not_null()).select(
            meter=pl.lit(meter_id),
            day="day",
            wh=wh_of(pl.col("number"), unit),
            direction=pl.lit("consumption"),
        )
        daily, repeated = duplicates(conform(daily, "daily"), "daily")
        notes += repeated
        return Export(name=raw.name, format=FORMAT, meter=meter_id, daily=daily, notes=tuple(notes))
    end_stamped = bool(re.search(r"\b(fin|end)\b", when, re.IGNORECASE))
    marks = (
        said("ingest.note.marks_ends", when=when)
        if end_stamped
        else said("ingest.note.marks_starts", when=when)
    )
    notes.append(Note("inferred", marks))
    zone = raw.time_zone or TIME_ZONE
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ExportError(raw.name, f"unknown time zone '{zone}' (e.g. Europe/Paris)") from None
    exact = fast is not None or frame["aware"].is_not_null().all()
    stamp: Literal["start", "end"] = "end" if end_stamped else "start"
    more: list[Note] = []
    if exact:
        lined = frame if "line" in frame.columns else frame.with_row_index("line", offset=FIRST)
        timed = lined.select("line", "number", instant="aware")
    else:
        if raw.time_zone is None:
            notes.append(Note("inferred", said("ingest.note.naive_zone", zone=TIME_ZONE)))
        timed, more = local_instants(frame.select("line", "naive", "number"), zone)
    at = timed["instant"].dt.epoch("us")
    known = at.is_not_null().to_numpy() if at.null_count() else None
    minutes = pl.Series(steps_of(at.fill_null(0).to_numpy(), stamp=stamp, known=known))
    rows = timed.select(
        "line", "instant", minutes=minutes, wh=wh_of(pl.col("number"), unit, minutes)
    )
    curve, repeated = curve_from_instants(rows, meter=meter_id, stamp=stamp)
    more += repeated
    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meter_id,
        curve=curve,
        notes=tuple(notes + more),
        metadata={"unit": unit, "time_zone": "offsets" if exact else zone},
    )
