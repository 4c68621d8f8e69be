"""``read_export``: any export file in, canonical tables out."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from ingest import limits
from ingest.errors import GIVE_UNIT, ExportError, ReadWhole, one_line
from ingest.export import Note
from ingest.formats import SNIFF_BYTES, Reader, descriptions, detect, generic_csv, tic
from ingest.schema import (
    MAX_WH,
    METER_RULE,
    REGISTER_WRAP,
    TABLES,
    TIME_YEARS,
    VALUES,
    SchemaError,
    Table,
    in_range,
    in_time,
    out_of_range,
    out_of_time,
    valid_meter,
)
from ingest.source import Raw, Source, load
from ingest.stream import streamed
from words import Said, said

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from ingest.export import Export


def read_export(
    source: Source,
    *,
    name: str | None = None,
    unit: str | None = None,
    time_zone: str | None = None,
    start: dt.datetime | None = None,
    meter: str | None = None,
) -> Export:
    """Read an export file of any supported format into canonical tables.

    Parameters
    ----------
    source
        A path, the file's bytes, or a binary file object.
    name
        What to call the file in messages (defaults to its file name).
    unit, time_zone
        For a generic two-column CSV whose header does not say: the values' unit (W, kW,
        Wh, kWh) and the zone of its naive times (default Europe/Paris).
    start
        For a historic-mode TIC capture without receive times: when it began.
    meter
        For a file that names no meter: the one to store it under (else ``unknown``).

    Raises
    ------
    ExportError
        One line naming the file, the line and what was expected.

    Examples
    --------
    >>> export = read_export("Enedis_Conso_Heure_20230809-20240725.csv")  # doctest: +SKIP
    >>> export.curve.select("start", "wh").head(2)  # doctest: +SKIP
    """
    if isinstance(source, str | Path) and Path(source).is_file():
        path = Path(source)
        shown = name or path.name
        found = _detected(path, shown, unit)
        read_chunks = found.read_chunks if found is not None else None
        if found is not None and read_chunks is not None:
            limits.check_streamed_size(shown, found.format, path.stat().st_size)
            given = Raw(shown, b"", unit=unit, time_zone=time_zone, start=start, meter=meter)
            try:
                return _guarded(shown, found.format, lambda: streamed(path, read_chunks, given))
            except ReadWhole:
                pass  # (a file its reader cannot stream, e.g. a portal CSV of several blocks)
        source, name = _whole(path, shown, found), shown
    raw = replace(load(source, name=name), unit=unit, time_zone=time_zone, start=start, meter=meter)
    if re.search(rb"\S", raw.data) is None:
        raise ExportError(raw.name, "the file is empty")
    reader = detect(raw)
    if reader is None and raw.data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExportError(raw.name, "encoded as UTF-16; expected UTF-8 or Windows-1252 text")
    if reader is None and b"\x00" in raw.data[:4096]:
        raise ExportError(raw.name, "binary content; expected a text or spreadsheet export")
    if reader is None:
        known = "; ".join(descriptions())
        hint = (
            f"; a two-column CSV: name the unit in its header or give it ({GIVE_UNIT})"
            if generic_csv.shape(raw.data[:4096])
            else ""
        )
        msg = f"not a format Courbe reads (it reads: {known}){hint}"
        raise ExportError(raw.name, msg, line=1)
    limits.check_size(raw.name, reader.format, len(raw.data))
    if raw.data.startswith(limits.ZIP):
        limits.check_zip(raw.name, raw.data)
    elif reader.format not in limits.UNLINED:
        limits.check_lines(raw.name, raw.data)
    if reader.read_chunks is not None and reader.format != tic.FORMAT:
        # The way the file takes from its path (a portal CSV of one curve block): in
        # pieces, blank lines passed over, no line count (34 ms at 54 MB) needed. (A TIC
        # capture's own ``read`` already streams its bytes, in CHUNK pieces.)
        chunks, given = reader.read_chunks, replace(raw, data=b"")
        try:
            export = _guarded(raw.name, reader.format, lambda: chunks([raw.data], given))
        except ReadWhole:
            pass  # (several blocks, a row pyarrow refuses: read whole, bad lines named)
        else:
            return replace(export, data=raw.data)
    csv = reader.format not in limits.UNLINED and reader.format != tic.FORMAT
    if csv:
        limits.check_line_count(raw.name, raw.data)
    body = replace(raw, data=without_blank_end(raw.data)) if csv else raw  # (TIC: bytes count)
    export = _guarded(raw.name, reader.format, lambda: reader.read(body))
    # The bytes stay with the export for its digest, computed only if the store asks.
    return replace(export, data=raw.data)


def read_bytes(path: Path, *, name: str | None = None, unit: str | None = None) -> bytes | None:
    """The bytes of an export file, read once, for :func:`read_export` (and a digest).

    ``None`` for a file whose reader streams it (a TIC capture or a portal CSV, spotted
    from its first bytes: it can be gigabytes), which :func:`read_export` streams from its
    path, its digest taken as it passes. A file too large for its format is refused before
    it is read into memory.

    Raises
    ------
    ExportError
        The file cannot be read, or is too large for its format (one line naming it).
    """
    shown = name or path.name
    found = _detected(path, shown, unit)
    if found is not None and found.read_chunks is not None:
        limits.check_streamed_size(shown, found.format, path.stat().st_size)
        return None
    return _whole(path, shown, found)


def _detected(path: Path, name: str, unit: str | None) -> Reader | None:
    """The reader of the file at ``path``, judged by its first bytes (None if unknown)."""
    try:
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        head = b""  # load() says, in one line, why it cannot be read
    return detect(Raw(name, head, unit=unit)) if head else None


def _whole(path: Path, name: str, found: Reader | None) -> bytes:
    """The file's bytes, once its size is known not too large for its format ``found``."""
    if found is not None:
        limits.check_size(name, found.format, path.stat().st_size)
    return load(path, name=name).data


BLANK = b" \t\r\n"
"""What a blank line at a text file's end is made of."""


def without_blank_end(data: bytes) -> bytes:
    """A CSV's ``data`` without the blank lines after its last line, one line end kept.

    An editor or a spreadsheet saving a CSV may add them; readers that split lines
    themselves took each one for a row ("expected the meter number, got an empty field").
    """
    # Judged on the file's last bytes: stripping the whole file copied it (22 ms at 54 MB).
    tail = data[-_TAIL_BYTES:]
    blank = len(tail) - len(tail.rstrip(BLANK))
    if blank == len(tail) and len(data) > len(tail):  # a tail all blank: the whole file
        blank = len(data) - len(data.rstrip(BLANK))
    if blank <= len(b"\r\n"):
        return data  # (the common case: nothing or one line end; the file is not copied)
    kept = len(data) - blank
    return data[:kept] + (b"\r\n" if b"\r\n" in data[kept:] else b"\n")


_TAIL_BYTES = 4096


def _guarded(name: str, fmt: str, read: Callable[[], Export]) -> Export:
    """Call a reader; whatever goes wrong in it becomes one :class:`ExportError` line.

    Errors of the libraries readers use (Polars, calamine through fastexcel, pyarrow, the
    standard library's parsers, a Rust panic, which is no ``Exception``) and a broken
    canonical rule name the file. The export's values are then checked
    (:func:`sane_values`), its meter too, and a file with no data rows is refused. Other
    errors are faults in Courbe: they go on to the caller (see
    :func:`ingest.errors.unexpected`).
    """
    try:
        export = read()
        export = sane_values(export)
        if not valid_meter(export.meter):
            msg = f"the meter id {export.meter[:40]!r} is not one ({METER_RULE})"
            raise ExportError(name, msg)
        export.validate()
    except ExportError:
        raise
    except SchemaError as error:
        raise ExportError(name, str(error)) from None
    except RecursionError:
        msg = "nested too deeply to be read (a damaged or hostile file)"
        raise ExportError(name, msg) from None
    except MemoryError:
        raise ExportError(name, "too large to be read in this computer's memory") from None
    except BaseException as error:
        if not _foreign(error):
            raise
        reason = one_line(str(error), limit=200) or type(error).__name__
        raise ExportError(name, f"cannot be read as {fmt} ({reason})") from None
    if export.rows == 0:
        raise ExportError(name, f"no data rows: nothing to import (read as {fmt})")
    return export


FOREIGN: tuple[tuple[str, str], ...] = (
    ("polars.exceptions", "PolarsError"),
    ("fastexcel", "FastExcelError"),
    ("pyarrow", "ArrowException"),
    ("zipfile", "BadZipFile"),
    ("zlib", "error"),
    ("json", "JSONDecodeError"),
    ("xml.etree.ElementTree", "ParseError"),
    ("xml.parsers.expat", "ExpatError"),
    ("defusedxml", "DefusedXmlException"),
    ("builtins", "UnicodeError"),
    ("builtins", "OverflowError"),
    ("builtins", "EOFError"),
)
"""Errors of the libraries readers use, by module and name (looked up only if imported)."""


def _foreign(error: BaseException) -> bool:
    """Whether ``error`` comes from a library a reader used, not from Courbe's own code.

    A Rust panic (``pyo3_runtime.PanicException``) derives from ``BaseException``; it is
    known by its name, as pyo3 makes the class at run time.
    """
    if type(error).__name__ == "PanicException":
        return True
    for module, name in FOREIGN:
        kind = getattr(sys.modules.get(module), name, None)
        if isinstance(kind, type) and isinstance(error, kind):
            return True
    return False


def sane_values(export: Export) -> Export:
    """``export`` without the values no meter gives, each dropped with a ``skipped`` note.

    Dropped: rows whose time falls outside :data:`ingest.schema.TIME_YEARS` (Python
    cannot hold it: a misread number); energy or power that is not a finite number,
    negative, or above :data:`ingest.schema.MAX_WH` (a NaN, ``1e308``, a misread
    multiplier), and a register
    reading lower than an earlier one of the same register (a cumulative index only grows;
    a file cut inside a number gives such a reading), unless the earlier one was near the
    9-digit index's end (:data:`ingest.schema.REGISTER_WRAP`: it wrapped). A meter
    replaced within one file would also read lower: its later readings are dropped, with
    the note saying so.
    """
    tables: dict[str, pl.DataFrame] = {}
    notes: list[Note] = []
    for table in TABLES:
        frame = export.table(table)
        # Tested from the extremes first (no mask built): most files have nothing to drop.
        late = frame.height and frame.select(out_of_time(table)).item()
        outside = int(frame.select((~in_time(table)).sum()).item()) if late else 0
        if outside:
            frame = tables[table] = frame.filter(in_time(table))
            first, last = TIME_YEARS
            years = {"table": table_word(table), "first": str(first), "last": str(last)}
            notes.append(
                Note(
                    "skipped",
                    said("ingest.note.outside_years", n=outside, **years)
                    if outside > 1
                    else said("ingest.note.outside_years_one", **years),
                )
            )
        if frame.height == 0 or not VALUES[table]:
            continue
        (column,) = VALUES[table]
        bad = ~in_range(column)
        if table == "registers":
            earlier = pl.col("wh").cum_max().shift(1).over("meter", "register", order_by="at")
            back = (pl.col("wh") < earlier) & (earlier < REGISTER_WRAP)
            bad = bad | back.fill_null(value=False)
        elif not frame.select(out_of_range(column)).item():
            continue
        if not frame.select(bad.any()).item():
            continue
        dropped = frame.filter(bad)
        tables[table] = frame.filter(~bad)
        notes.append(Note("skipped", _dropped(table, column, dropped)))
    if not tables:
        return export
    return replace(export, notes=(*export.notes, *notes), **tables)  # type: ignore[arg-type]


def table_word(table: Table) -> Said:
    """A table's name, in the reader's language, for a note."""
    if table == "curve":
        return said("ingest.word.curve")
    if table == "peaks":
        return said("ingest.word.peaks")
    if table == "registers":
        return said("ingest.word.registers")
    if table == "periods":
        return said("ingest.word.periods")
    return said("ingest.word.daily")


def _dropped(table: Table, column: str, dropped: pl.DataFrame) -> Said:
    """The note for the rows :func:`sane_values` dropped from one table."""
    when = next(c for c in ("start", "at", "day") if c in dropped.columns)
    first = dropped.row(0, named=True)
    values = {
        "table": table_word(table),
        "column": column,
        "max": f"{MAX_WH:g}",
        "unit": "VA" if column == "va" else "Wh",
        "first": str(first[when]),
        "value": repr(first[column]),
    }
    one = dropped.height == 1
    if table == "registers":
        if one:
            return said("ingest.note.index_went_down_one", **values)
        return said("ingest.note.index_went_down", n=dropped.height, **values)
    if one:
        return said("ingest.note.not_finite_one", **values)
    return said("ingest.note.not_finite", n=dropped.height, **values)
