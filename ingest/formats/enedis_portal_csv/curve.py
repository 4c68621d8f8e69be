"""The load-curve block (``Courbe de charge``): ``Horodate;Valeur`` rows to curve intervals.

Horodate is ISO 8601 local time with its UTC offset and marks the END of the interval;
Valeur is the average power over it [W or kW, as the metadata says]. The step is not
stated ("Pas en minutes" is empty) and can change inside one file: it is inferred from
the distance between consecutive ends. Rows are parsed by pyarrow's strict ISO-8601 CSV
reader; a block it rejects goes through a slower Polars path that names the first bad line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from ingest.errors import ExportError
from ingest.export import Note
from ingest.formats.common import wh_of
from ingest.formats.enedis_portal_csv.blocks import (
    ISO_OFFSET,
    NOT_SPACE,
    POWER_UNITS,
    Block,
    block_direction,
    block_unit,
    numbered_lines,
    skip,
)
from ingest.schema import SCHEMAS, TIME_ZONE
from ingest.timestamps import (
    MINUTE_US,
    infer_steps,
    step_changes,
    step_summary,
    uniform_step,
    uniform_step_of,
)
from words import said

if TYPE_CHECKING:
    from ingest.source import Raw


def read_curve(
    raw: Raw,
    block: Block,
    meter: str,
    notes: list[Note],
    *,
    parsed: pl.DataFrame | None = None,
    fast: bool = True,
) -> pl.DataFrame:
    """The block's canonical curve rows [Wh], each row's step inferred; every row not kept noted.

    ``parsed``: the rows already parsed by :func:`parse_fast`; ``fast=False`` when it is
    known to refuse them (see :func:`parse_instant_values`).
    """
    unit = block_unit(raw, block, POWER_UNITS, "W or kW for a load curve")
    rows = parse_instant_values(raw, block, parsed=parsed, fast=fast, lines=False)
    if rows.height == 0:
        notes.append(Note("info", said("ingest.note.empty_block")))
        return pl.DataFrame(schema=SCHEMAS["curve"])
    uniform = uniform_step_of(rows["end"])  # (the common file: no array of its length)
    if uniform:
        step = np.full(1, uniform)
    else:
        end = rows["end"].to_numpy()
        d = np.diff(end)
        if d.size and d.min() <= 0:
            rows = drop_disordered(numbered(rows, block.body_line), notes)
            end = rows["end"].to_numpy()
            d = np.diff(end)
        uniform = uniform_step(d)
        step = np.full(1, uniform) if uniform else infer_steps(end, diff=d)
    stated = block.meta.get("pas en minutes", "")
    if stated.isdigit() and (step < 0).any():
        step[step < 0] = int(stated) * MINUTE_US
    # A uniform step stays a scalar: no per-row column to build for the common file.
    rows = rows.with_columns(step=pl.lit(uniform) if uniform else pl.Series(step))
    notes.append(Note("inferred", said("ingest.note.interval_ends")))
    summary = (
        said("ingest.note.step_minutes", minutes=uniform // MINUTE_US)
        if uniform
        else step_summary(step)
    )
    notes.append(Note("inferred", said("ingest.note.step_inferred", summary=summary)))
    w = rows["w"]
    unknown_step = bool((step < 0).any())
    negative = bool((w < 0).any())
    dropping = bool(w.null_count()) or unknown_step or negative
    if not uniform or dropping:  # notes to come name lines
        rows = numbered(rows, block.body_line)
    if not uniform:
        notes.extend(_step_changes(rows, step))
    notes.append(Note("inferred", said("ingest.note.average_power", unit=unit)))
    if w.null_count():
        skip(rows, pl.col("w").is_null(), said("ingest.note.no_value_field"), notes)
    if unknown_step:
        skip(
            rows,
            pl.col("w").is_not_null() & (pl.col("step") < 0),
            said("ingest.note.step_lone"),
            notes,
        )
    if negative:
        skip(rows, pl.col("w") < 0, said("ingest.note.negative_power"), notes)
    if dropping:
        rows = rows.filter(pl.col("w").is_not_null() & (pl.col("step") > 0) & (pl.col("w") >= 0))
    return rows.select(
        meter=pl.lit(meter),
        start=(pl.col("end") - pl.col("step")).cast(SCHEMAS["curve"]["start"]),
        end=pl.col("end").cast(SCHEMAS["curve"]["end"]),
        wh=wh_of(pl.col("w"), unit, pl.col("step") / MINUTE_US),
        direction=pl.lit(block_direction(raw, block), dtype=SCHEMAS["curve"]["direction"]),
    )


def local_iso(end: pl.Expr) -> pl.Expr:
    """Instants [µs since epoch, UTC] as the file writes them: ``2023-03-26T03:00:00+02:00``."""
    return (
        end.cast(SCHEMAS["curve"]["end"])
        .dt.convert_time_zone(TIME_ZONE)
        .dt.to_string("%Y-%m-%dT%H:%M:%S%:z")
    )


def _step_changes(rows: pl.DataFrame, step: npt.NDArray[np.int64]) -> list[Note]:
    """A note for each place the step changes (rows on both sides known)."""
    at = step_changes(step)
    if at.size == 0:
        return []
    shown = rows[at[:20].tolist()].select(local_iso(pl.col("end")), "step", "line")
    notes = [
        Note("info", said("ingest.note.step_change", minutes=s // MINUTE_US, end=e), line=ln)
        for e, s, ln in shown.iter_rows()
    ]
    if at.size > shown.height:
        more = said("ingest.note.more_step_changes", n=at.size - shown.height)
        notes.append(Note("info", more))
    return notes


def parse_instant_values(
    raw: Raw,
    block: Block,
    *,
    parsed: pl.DataFrame | None = None,
    fast: bool = True,
    lines: bool = True,
) -> pl.DataFrame:
    """Rows of ``Horodate;Valeur`` as ``end`` [µs since epoch, Int64], ``w`` [f64] (``line``).

    Fast path: pyarrow's CSV reader, which parses ISO 8601 with offsets strictly and fast
    (:func:`parse_rows`: rows without a ``line`` column are the lines from the block's
    first on). Whatever pyarrow rejects goes through :func:`_parse_slow`, which names the
    first bad line (``fast=False`` when it is already known to reject the block).
    ``lines=False``: the ``line`` column only where blank lines were dropped.
    """
    if parsed is None and NOT_SPACE.search(block.data, block.start, block.end) is None:
        return pl.DataFrame(schema={"end": pl.Int64, "w": pl.Float64, "line": pl.Int64})
    frame = parsed if parsed is not None else (parse_fast(block) if fast else None)
    if frame is None:
        return _parse_slow(raw, block.body, block.body_line)
    if frame["end"].null_count():  # (blank lines are dropped: a value without its time)
        orphan = frame.filter(pl.col("end").is_null()).head(1)
        line = int(numbered(orphan, block.body_line)["line"][0])
        raise ExportError(raw.name, "expected a timestamp before the value", line=line)
    return numbered(frame, block.body_line) if lines else frame


def parse_fast(block: Block) -> pl.DataFrame | None:
    """Rows parsed by pyarrow's strict ISO-8601 CSV reader, or None if it rejects them.

    Not :func:`ingest.formats.common.fast_csv`: that one takes the rows as their own bytes
    (a copy of a 50 MB block); this reads them in place: the same frame, in 50 ms instead
    of 68 on the 54 MB benchmark file.
    """
    parsed = parse_rows(memoryview(block.data)[block.start : block.end], block.body_line)
    return parsed[0] if parsed else None


def parse_rows(rows: memoryview | bytes, first_line: int) -> tuple[pl.DataFrame, int] | None:
    """``Horodate;Valeur`` rows as ``end`` [µs, Int64] and ``w``; None if pyarrow refuses them.

    ``rows``: whole lines. Blank ones stay rows in pyarrow, so that row i is line
    ``first_line + i``; if there are any, they are dropped and the rows kept carry their
    ``line`` (:func:`numbered`). Returned with the number of lines parsed.
    """
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(rows)),
            # 1 MB blocks: a streamed piece of 16 MB keeps both cores busy; a whole file is
            # read as fast as in 16 MB blocks (4 % faster on a 500 MB file).
            read_options=pacsv.ReadOptions(column_names=["end", "w"], block_size=1 << 20),
            parse_options=pacsv.ParseOptions(delimiter=";", ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={"end": pa.timestamp("us", tz="UTC"), "w": pa.float64()},
                null_values=[""],
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    frame = frame.select(pl.col("end").dt.epoch("us"), "w")
    lines = frame.height
    if frame["end"].null_count():  # blank lines: dropped, every other row keeping its line
        frame = numbered(frame, first_line).filter(
            pl.col("end").is_not_null() | pl.col("w").is_not_null()  # (a lone value stays)
        )
    return frame, lines


def numbered(rows: pl.DataFrame, first_line: int) -> pl.DataFrame:
    """``rows`` with their ``line`` (1-based, in the whole file), if they do not have it.

    Rows without a ``line`` column are the lines from ``first_line`` on, one row each: the
    common file, whose 16 million rows at 500 MB then need no column of line numbers
    (building it took a third of the parse).
    """
    if "line" in rows.columns:
        return rows
    return rows.with_columns(line=pl.int_range(pl.len(), dtype=pl.Int64) + first_line)


def _parse_slow(raw: Raw, body: bytes, first_line: int) -> pl.DataFrame:
    """Parse ``Horodate;Valeur`` rows with Polars strings, raising on the first bad line."""
    lines = numbered_lines(body.decode("utf-8", errors="replace"), first_line)
    # Rows of the wrong width are named before any row is split into fields: a file of a
    # million lines of ';;;;;;;;' split whole took ~730 MB.
    wrong = lines.filter(pl.col("text").str.count_matches(";", literal=True) != 1).head(1)
    if wrong.height:
        line, text = wrong.row(0, named=True)["line"], wrong.row(0, named=True)["text"]
        msg = f"expected 2 fields 'Horodate;Valeur', got {text[:60]!r}"
        raise ExportError(raw.name, msg, line=line)
    fields = pl.col("text").str.split(";")
    parsed = lines.with_columns(
        h=fields.list.get(0, null_on_oob=True),
        v=fields.list.get(1, null_on_oob=True).str.strip_chars(),
    ).with_columns(
        end=pl.col("h").str.to_datetime(ISO_OFFSET, time_unit="us", strict=False, cache=False),
        w=pl.col("v").str.replace(",", ".", literal=True).cast(pl.Float64, strict=False),
    )
    checks = [
        (pl.col("end").is_null(), "expected a timestamp like 2023-03-26T03:00:00+02:00"),
        (pl.col("w").is_null() & (pl.col("v") != ""), "expected a number"),
    ]
    for bad, expected in checks:
        first = parsed.filter(bad).head(1)
        if first.height:
            line, text = first.row(0, named=True)["line"], first.row(0, named=True)["text"]
            raise ExportError(raw.name, f"{expected}, got {text[:60]!r}", line=line)
    return parsed.select(pl.col("end").dt.epoch("us"), "w", "line")


def drop_disordered(rows: pl.DataFrame, notes: list[Note]) -> pl.DataFrame:
    """Keep rows strictly increasing in time; note repeated and out-of-order stamps."""
    ordered = rows.sort("end", maintain_order=True)
    repeated = ordered.filter(pl.col("end").is_duplicated() & ~pl.col("end").is_first_distinct())
    if (rows["end"].diff().drop_nulls() < 0).any():
        notes.append(Note("info", said("ingest.note.unsorted")))
    first_value = ordered.group_by("end").agg(pl.col("w").first().alias("kept"))
    shown = local_iso(pl.col("end"))  # (a person reads it: not µs since 1970)
    for line, end, w, kept in (
        repeated.join(first_value, on="end")
        .sort("line")
        .select("line", shown, "w", "kept")
        .iter_rows()
    ):
        repeat = (
            said("ingest.note.repeat_same", end=str(end))
            if w == kept
            else said("ingest.note.repeat_differs", value=str(w), kept=str(kept), end=str(end))
        )
        notes.append(Note("skipped", repeat, line=line))
    return ordered.filter(pl.col("end").is_first_distinct())
