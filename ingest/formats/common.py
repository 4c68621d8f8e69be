"""What most readers share: naive local stamps to UTC intervals, decimal commas, notes.

Readers build a frame with one row per interval in file order — ``line`` (the file's line
or row number), ``naive`` (wall-clock Europe/Paris, no offset), ``minutes`` (the step) and
``wh`` — and :func:`curve_from_local` does the rest.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING, Literal

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from ingest.errors import ExportError
from ingest.export import Note
from ingest.schema import (
    KEYS,
    SCHEMAS,
    TIME_ZONE,
    UNITS,
    UNKNOWN_METER,
    conform,
    strictly_sorted,
)
from ingest.source import BOM
from ingest.timestamps import MINUTE_US, utc_from_local
from words import Said, said

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import numpy.typing as npt

    from ingest.schema import Direction, Table
    from ingest.source import Raw


def numbers(text: pl.Series) -> pl.Series:
    """:func:`decimal` of a column, five times faster when every value is a plain number."""
    plain = text.cast(pl.Float64, strict=False)
    if plain.null_count() == text.null_count():
        return plain
    return text.to_frame().select(decimal(pl.col(text.name))).to_series()


def unnamed_meter(raw: Raw) -> tuple[str, Note]:
    """The meter of a file that names none: the one given, else ``UNKNOWN_METER``; noted."""
    if raw.meter and raw.meter.strip():
        return raw.meter.strip(), Note("inferred", said("ingest.note.meter_as_given"))
    return UNKNOWN_METER, Note("inferred", said("ingest.note.meter_unknown", meter=UNKNOWN_METER))


def decimal(text: pl.Expr) -> pl.Expr:
    """A number written with a decimal comma or point, maybe quoted; null if it is not one."""
    return (
        text.cast(pl.String)
        .str.strip_chars()
        .str.strip_chars('"')
        .str.replace_all("\u202f|\u00a0| ", "")
        .str.replace(",", ".", literal=True)
        .cast(pl.Float64, strict=False)
    )


def per_value(
    frame: pl.DataFrame, column: str, decode: Callable[[str], object], dtype: pl.DataType
) -> pl.Expr:
    """``decode`` of each value of a column of codes (a step, a unit, a direction).

    Such columns hold a handful of distinct values, so each is decoded once in Python and
    the column mapped (a constant when there is one value); nulls stay null.
    """
    values = [v for v in frame[column].unique().to_list() if v is not None]
    mapping = {v: decode(v) for v in values}
    if len(values) == 1 and frame[column].null_count() == 0:
        return pl.lit(mapping[values[0]], dtype=dtype)
    return pl.col(column).replace_strict(mapping, default=None, return_dtype=dtype)


def thousand(kilo: pl.Expr) -> pl.Expr:
    """KW to W or kWh to Wh, exact for the 3 decimals exports print (1,011 kW → 1011 W)."""
    return (kilo * 1000).round(6)


def wh_of(values: pl.Expr, unit: str, minutes: pl.Expr | pl.Series | None = None) -> pl.Expr:
    """Energy per interval [Wh] from values in a unit of :data:`ingest.schema.UNITS`.

    Kilo units are exact to the 3 decimals exports print (1,011 kW → 1011 W); a power is
    an average over the interval, so it is multiplied by its step ``minutes`` [min].
    """
    quantity, factor = UNITS[unit]
    scaled = thousand(values) if factor == 1000 else values * factor
    if quantity == "energy":
        return scaled
    if minutes is None:
        raise ValueError(f"a power in {unit} needs each interval's step")
    return scaled * minutes / 60


def local_instants(rows: pl.DataFrame, zone: str = TIME_ZONE) -> tuple[pl.DataFrame, list[Note]]:
    """``rows`` with ``instant`` [UTC] from their ``naive`` local times, in file order.

    The repeated autumn hour follows file order (first summer time, then winter time); a
    spring time that cannot exist has a null instant and a note.
    """
    instant = utc_from_local(rows["naive"], zone)
    notes: list[Note] = []
    if instant.null_count():
        gone = rows.filter(instant.is_null() & rows["naive"].is_not_null())
        notes = [
            Note("skipped", said("ingest.note.spring_gap", time=f"{n:%d/%m/%Y %H:%M}"), line)
            for line, n in gone.select("line", "naive").iter_rows()
        ]
    return rows.with_columns(instant=instant), notes


def curve_from_local(
    rows: pl.DataFrame,
    *,
    meter: str,
    stamp: Literal["start", "end"],
    direction: Direction = "consumption",
    zone: str = TIME_ZONE,
) -> tuple[pl.DataFrame, list[Note]]:
    """Canonical curve rows from ``line``, ``naive``, ``minutes`` and ``wh``, in file order.

    :func:`local_instants`, then :func:`curve_from_instants`.
    """
    timed, notes = local_instants(rows, zone)
    curve, more = curve_from_instants(timed, meter=meter, stamp=stamp, direction=direction)
    return curve, notes + more


def curve_from_instants(
    rows: pl.DataFrame,
    *,
    meter: str,
    stamp: Literal["start", "end"],
    direction: Direction = "consumption",
) -> tuple[pl.DataFrame, list[Note]]:
    """Canonical curve rows from ``line``, ``instant``, ``minutes`` and ``wh``, in file order.

    ``instant`` [UTC] marks the interval's start or its end (``stamp``); ``minutes`` is its
    step [min], ``wh`` its energy [Wh]. A row without an instant (already noted) is left
    out; a row without a value and an interval given again are skipped with a note.
    """
    instant = rows["instant"]
    notes: list[Note] = []
    keep = None
    if instant.null_count() or rows["wh"].null_count():
        empty = rows.filter(instant.is_not_null() & rows["wh"].is_null())
        none = said("ingest.note.no_value")
        notes += [Note("skipped", none, line) for line in empty["line"].to_list()]
        keep = (instant.is_not_null() & rows["wh"].is_not_null()).to_numpy()
    at = instant.dt.cast_time_unit("us").dt.epoch("us").fill_null(0).to_numpy()
    step = rows["minutes"].cast(pl.Int64).to_numpy() * MINUTE_US
    wh = rows["wh"].cast(pl.Float64).to_numpy()
    if keep is not None:
        at, step, wh = at[keep], step[keep], wh[keep]
    start = at - step if stamp == "end" else at
    curve, repeated = curve_frame(meter, start, start + step, wh, direction)
    return curve, notes + repeated


DIRECTION = SCHEMAS["curve"]["direction"]


def curve_frame(
    meter: str,
    start: npt.NDArray[np.int64],
    end: npt.NDArray[np.int64],
    wh: npt.NDArray[np.float64],
    direction: Direction,
) -> tuple[pl.DataFrame, list[Note]]:
    """A canonical curve of one meter and direction from arrays in file order.

    ``start``/``end`` [µs since 1970, UTC], ``wh`` [Wh]. Built with the canonical types;
    sorted (stably) and rid of repeated intervals (the first kept, noted) only when the
    file was not strictly in time order.
    """
    n = start.size
    utc = SCHEMAS["curve"]["start"]
    curve = pl.DataFrame({"start": start, "end": end, "wh": wh}).select(
        meter=pl.lit(meter, dtype=pl.String),
        start=pl.col("start").cast(utc),
        end=pl.col("end").cast(utc),
        wh=pl.col("wh").cast(pl.Float64),
        direction=pl.lit(direction, dtype=DIRECTION),
    )
    if n < 2 or bool((start[1:] > start[:-1]).all()):
        return curve, []
    return duplicates(conform(curve, "curve"))


def utf8(raw: Raw) -> bytes:
    """The file as UTF-8 bytes for Polars' CSV parser (Windows-1252 files are converted)."""
    data = raw.data.removeprefix(BOM)
    if data.isascii():  # (the common case, checked ten times faster than decoding)
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").encode("utf-8")
    return data


def fast_csv(
    data: bytes,
    columns: dict[str, pa.DataType],
    *,
    delimiter: str,
    skip_rows: int = 0,
    names: list[str] | None = None,
    decimal_point: str = ".",
    nulls: tuple[str, ...] = ("",),
    empty_text_is_null: bool = False,
    not_null: tuple[str, ...] = (),
) -> pl.DataFrame | None:
    """The file parsed by pyarrow's strict, typed CSV reader, or None if it refuses a row.

    ``names`` are the file's columns when it has more than the ``columns`` wanted.
    Timestamps with offsets become UTC; naive ones stay naive. A blank line is refused
    too (it would shift the line numbers). Readers then take a slower path that names the
    first bad line. ``not_null``: columns that must hold a value on every row (else None).
    """
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pacsv.ReadOptions(
                column_names=names or list(columns),
                skip_rows=skip_rows,
                block_size=1 << 20,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                ignore_empty_lines=False,
                quote_char='"' if b'"' in data else False,  # (unquoted: a faster parser)
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=columns,
                include_columns=list(columns),
                null_values=list(nulls),
                decimal_point=decimal_point,
                strings_can_be_null=empty_text_is_null,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if any(table.column(name).null_count for name in not_null):
        return None
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def text_csv(
    raw: Raw,
    data: bytes,
    *,
    separator: str,
    has_header: bool = True,
    new_columns: list[str] | None = None,
) -> pl.DataFrame:
    """Every field as text, read by Polars; a malformed file is one line naming its first bad line.

    ``new_columns`` name the columns. Polars' own message names no line, so on failure the
    file is walked with the ``csv`` module (strict quoting) to find it.
    """
    try:
        return pl.read_csv(
            data,
            separator=separator,
            has_header=has_header,
            new_columns=new_columns,
            infer_schema=False,
        )
    except pl.exceptions.PolarsError as error:
        expected, line = _malformed(data, separator)
        reason = str(error).strip().split("\n", 1)[0]
        raise ExportError(raw.name, expected or f"expected CSV ({reason})", line=line) from None


def _malformed(data: bytes, separator: str) -> tuple[str, int | None]:
    """What the first malformed line of a CSV breaks, and its number (("", None) if none).

    A Python loop, run only after the fast parser refused the file.
    """
    text = io.StringIO(data.decode("utf-8", "replace"))
    rows = csv.reader(text, delimiter=separator, strict=True)
    width = 0
    try:
        for row in rows:
            width = width or len(row)
            if row and len(row) != width:
                found = f"expected {width} fields separated by '{separator}', found {len(row)}"
                return found, rows.line_num
    except csv.Error:
        quotes = f"expected fields separated by '{separator}', each quote closed before the next"
        return quotes, rows.line_num
    return "", None


def stamp_format(first: str, formats: tuple[str, ...]) -> str | None:
    """The one format of ``formats`` the file's first timestamp is written in."""
    for fmt in formats:
        try:
            dt.datetime.strptime(first.strip().strip('"'), fmt)  # noqa: DTZ007 (naive on purpose)
        except ValueError:
            continue
        return fmt
    return None


def kind_word(kind: str) -> Said:
    """``power`` or ``energy``, in the reader's language, for a note."""
    return said("ingest.word.power") if kind == "power" else said("ingest.word.energy")


def direction_word(direction: str) -> Said:
    """``consumption`` or ``production``, in the reader's language, for a note."""
    if direction == "production":
        return said("ingest.word.production")
    return said("ingest.word.consumption")


def _repeated(table: Table, n: int) -> Said:
    """The note for ``n`` rows given again in ``table``."""
    if table == "curve":
        return said("ingest.note.repeated.curve", n=n)
    if table == "registers":
        return said("ingest.note.repeated.registers", n=n)
    if table == "periods":
        return said("ingest.note.repeated.periods", n=n)
    return said("ingest.note.repeated.daily", n=n)


def duplicates(frame: pl.DataFrame, table: Table = "curve") -> tuple[pl.DataFrame, list[Note]]:
    """Drop rows given again (the same key: an interval, a day…), keeping the first, noted."""
    if strictly_sorted(frame, KEYS[table]):  # nothing repeated: the usual case, cheap
        return frame, []
    keep = frame.unique(list(KEYS[table]), keep="first", maintain_order=True)
    dropped = frame.height - keep.height
    note = [Note("info", _repeated(table, dropped))]
    return keep, note if dropped else []
