"""Writing a store's files whole or not at all, flushed to the disk, and the error when not.

Other modules call these through the module (``atomic.write_bytes(…)``), so that one
replacement of a function here (a test's full disk) is seen by every writer.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from ingest.errors import ExportError, one_line


class StoreError(ExportError):
    """An import that could not be written: a full disk, a folder without write permission.

    One line naming the file being imported and the store; nothing changed in the store.
    (An :class:`ExportError`, so every caller that shows a file's error shows this one.)
    """


def why(error: Exception) -> str:
    """What went wrong writing, in a few words: the system's reason, or Polars' first line."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return one_line(str(error)) or type(error).__name__


def fsync(path: Path) -> None:
    """Flush a file's or a folder's content to the disk (a folder: the names in it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: temporary file, fsync, rename, fsync the folder."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync(path.parent)


ENCODINGS: dict[type[pl.DataType], str] = {
    pl.Datetime: "DELTA_BINARY_PACKED",
    pl.Date: "DELTA_BINARY_PACKED",
    pl.Int64: "DELTA_BINARY_PACKED",
    pl.Int32: "DELTA_BINARY_PACKED",
    pl.Float64: "BYTE_STREAM_SPLIT",
}
"""How each column kind is encoded in the Parquet files the store writes (others, strings
and enums, by dictionary), before zstd. A curve's instants go up by a constant step, so
delta encoding leaves almost nothing to compress; a float's bytes split by position
compress better. On 1.75 M curve intervals (bench/ingest_csv): 3.2 MB instead of 16.8 MB
with Polars' writer, and written in about half its time (the largest part of an import).
Every Parquet reader of format 2.8 or later (Polars, pyarrow, DuckDB) reads them."""

STATISTICS = (pl.Datetime, pl.Date)
"""The column kinds whose min and max each file keeps: the instants and days a query
ranges over (a period, a year). A store file holds one meter, so its strings' and values'
statistics would let no reader skip anything; on 1.75 M curve intervals they were a third
of the write (78 → 54 ms, bench/ingest_csv)."""


def _arrow(frame: pl.DataFrame, meter: str | None) -> pa.Table:
    """``frame`` as an Arrow table; a ``meter`` column known to hold one meter made whole.

    Converting a string column row by row and then finding its one value again in the
    writer's dictionary was a third of the write; a repeated value costs neither.
    """
    if meter is None or "meter" not in frame.columns:
        return frame.to_arrow()
    field = frame.head(0).to_arrow().schema.field("meter")  # the type Polars gives it
    column = repeated(meter, frame.height, field.type)
    return frame.drop("meter").to_arrow().add_column(frame.columns.index("meter"), field, column)


REPEATED_ROWS = 1 << 20
"""The rows of the one chunk a repeated string column is made of (see :func:`repeated`)."""


def repeated(value: str, rows: int, kind: pa.DataType) -> pa.ChunkedArray:
    """``value`` ``rows`` times, as one chunk of :data:`REPEATED_ROWS` rows referenced again.

    ``pyarrow.repeat`` writes every copy: 1.1 s and 360 MB for the 16 million intervals of a
    500 MB file, a quarter of its import; this is 17 ms and 30 MB, whatever the rows.
    """
    if rows == 0:
        return pa.chunked_array([], type=kind)
    size = min(rows, REPEATED_ROWS)
    data = value.encode()
    offsets = np.arange(0, (size + 1) * len(data), len(data), dtype=np.int64)
    one = pa.LargeStringArray.from_buffers(size, pa.py_buffer(offsets), pa.py_buffer(data * size))
    whole, rest = divmod(rows, size)
    chunks = [one] * whole + ([one.slice(0, rest)] if rest else [])
    column = pa.chunked_array(chunks)
    # (a cast, even to the same type, imports pyarrow.compute: 66 ms of a fresh import)
    return column if column.type == kind else column.cast(kind)


def write_table(file: str, frame: pl.DataFrame, meter: str | None = None) -> None:
    """Write ``frame`` as Parquet (zstd, :data:`ENCODINGS`, :data:`STATISTICS`), through pyarrow.

    Through Arrow the Polars dtypes travel with the file (an Enum reads back as that
    Enum); Polars' own writer offers no choice of encoding. ``meter``: the one meter of
    every row, when the caller knows it (a store file holds one meter's rows).
    """
    encodings = {
        name: ENCODINGS[dtype.base_type()]
        for name, dtype in frame.schema.items()
        if dtype.base_type() in ENCODINGS
    }
    dictionary = [name for name in frame.columns if name not in encodings]
    ranged = [name for name, dtype in frame.schema.items() if dtype.base_type() in STATISTICS]
    pq.write_table(
        _arrow(frame, meter),
        file,
        compression="zstd",
        use_dictionary=dictionary,
        column_encoding=encodings,
        write_statistics=ranged,
    )


INCOMPLETE = "the file written is incomplete (is the disk full?)"


def _complete(file: str, rows: int) -> bool:
    """Whether ``file`` is a whole Parquet file of ``rows`` rows (its footer is written last).

    Polars' and pyarrow's writers both drop the error of their last write: on a full disk
    (Linux's ``/dev/full``), a small table's file comes out empty and no error is raised.
    """
    try:
        return bool(pq.read_metadata(file).num_rows == rows)
    except (pa.ArrowException, OSError):
        return False


def write_parquet(path: Path, frame: pl.DataFrame, *, meter: str | None = None) -> None:
    """Write ``path`` whole or not at all, flushed to the disk (data and folder).

    ``meter``: the one meter of every row, when the caller knows it (see :func:`_arrow`).
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".parquet")
    os.close(fd)
    try:
        write_table(tmp, frame, meter)
        if not _complete(tmp, frame.height):
            raise OSError(errno.EIO, INCOMPLETE)
        fsync(Path(tmp))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync(path.parent)
