"""The blocks of a portal CSV, and what every block reader shares.

A block opens with its ``Identifiant PRM;…`` names line and its metadata line, then (after
an optional blank line) its column line ``Horodate;…`` and its rows. Here: finding the
blocks, their header lines and where their rows are (offsets, no copy), the units and
directions the metadata may name, and the row helpers of the readers (rows as text with
their line numbers, the first bad row raised, rows skipped with a note).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from ingest.errors import ExportError
from ingest.export import Note
from ingest.formats.common import unnamed_meter
from ingest.schema import UNITS
from ingest.source import BOM, decode
from words import said

if TYPE_CHECKING:
    from collections.abc import Collection

    from ingest.schema import Direction
    from ingest.source import Raw
    from words import Said

BLOCK_START = b"Identifiant PRM;"
ISO_OFFSET = "%Y-%m-%dT%H:%M:%S%:z"

POWER_UNITS = {unit: f for unit, (quantity, f) in UNITS.items() if quantity == "power"}
"""Units of average power a curve may come in (:data:`ingest.schema.UNITS`), × to W."""
SPELLED_POWER = {unit.lower(): unit for unit in POWER_UNITS}
ENERGY_UNITS = {unit: f for unit, (quantity, f) in UNITS.items() if quantity == "energy"}
"""Units of energy (:data:`ingest.schema.UNITS`), × to Wh."""
DIRECTIONS: dict[str, Direction] = {"consommation": "consumption", "production": "production"}


HEADERLESS = re.compile(rb"^\d{4}-\d\d-\d\dT\d\d:[0-5][05]:00[+-]\d\d:\d\d;-?\d*\r?$")
"""A load-curve row (``2022-10-24T00:30:00+02:00;252``) as a file's first line: the header
lines were cut off. Times on a 5-minute grid, so a headerless maximum-power block (times to
the second) is not taken for a curve."""

COLUMN_LINE = b"Horodate;Valeur"
"""The column line of a curve block, the one header line a cut file may still have."""


def headerless(text: bytes) -> bool:
    """Rows without the PRM and metadata lines (the column line may remain)."""
    first, _, rest = text.partition(b"\n")
    if first.rstrip(b"\r") == COLUMN_LINE:
        first = rest.partition(b"\n")[0]
    return HEADERLESS.match(first) is not None


@dataclass(frozen=True)
class Block:
    """One ``Identifiant PRM;…`` block: its metadata, column line and where its rows are."""

    meta: dict[str, str]
    meta_line: int
    columns: list[str]
    data: bytes
    """The whole file; the rows are ``data[start:end]`` (kept as offsets: no copy)."""
    start: int
    end: int
    body_line: int
    """Line number (1-based, in the whole file) of the first row."""

    @property
    def body(self) -> bytes:
        """The bytes of the rows (a copy: for small blocks)."""
        return self.data[self.start : self.end]


NOT_SPACE = re.compile(rb"\S")


def header_key(text: str) -> str:
    """A header name without accents, case or surrounding spaces: ``Unité`` → ``unite``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.strip().lower()


def _text_start(data: bytes) -> int:
    """Offset of the file's first character that is not a space (after a BOM), or its end."""
    first = NOT_SPACE.search(data, len(BOM) if data.startswith(BOM) else 0)
    return first.start() if first else len(data)


def _block_start(raw: Raw) -> int:
    """Offset of the first block's names line, which must open the file."""
    start = _text_start(raw.data)
    if not raw.data.startswith(BLOCK_START, start):
        raise ExportError(raw.name, "expected an 'Identifiant PRM;…' header line", line=1)
    return start


def split_blocks(raw: Raw) -> list[Block]:
    """Every block of the file, each up to the next ``Identifiant PRM;`` line."""
    data = raw.data
    starts = [_block_start(raw)]
    while (nxt := data.find(b"\n" + BLOCK_START, starts[-1])) >= 0:
        starts.append(nxt + 1)
    ends = [*starts[1:], len(data)]
    return [
        parse_block(raw, start, end, data.count(b"\n", 0, start) + 1)
        for start, end in zip(starts, ends, strict=True)
    ]


def headerless_block(raw: Raw, notes: list[Note]) -> Block:
    """Load-curve rows without the header lines: the first row is data, never a header.

    Only the PRM and metadata lines may be missing (the ``Horodate;Valeur`` line kept).

    The meter comes from the name given (``--meter``) or the file name's 14 digits (the
    portal names its files ``Enedis_Conso_Heure_<dates>_<PRM>.csv``); the unit is the one
    given, else W, the unit of every portal load curve; both noted.
    """
    data = raw.data
    start = _text_start(data)
    if data.startswith(COLUMN_LINE, start):
        start = data.find(b"\n", start) + 1
    named = re.search(r"(?<!\d)\d{14}(?!\d)", raw.name)
    if named and not (raw.meter and raw.meter.strip()):
        meter = named.group()
        notes.append(Note("inferred", said("ingest.note.headerless_meter")))
    else:
        meter, unnamed = unnamed_meter(raw)
        notes.append(unnamed)
    unit = SPELLED_POWER.get((raw.unit or "W").lower())
    if unit is None:
        msg = f"load-curve rows are average power: expected the unit W or kW, got {raw.unit!r}"
        raise ExportError(raw.name, msg, line=1)
    notes.append(
        Note(
            "inferred",
            said("ingest.note.headerless_given", unit=unit)
            if raw.unit
            else said("ingest.note.headerless_default", unit=unit),
        )
    )
    meta = {"identifiant prm": meter, "type de donnees": "Courbe de charge", "unite": unit}
    line = data.count(b"\n", 0, start) + 1
    return Block(meta, line, ["Horodate", "Valeur"], data, start, len(data), line)


def first_block(raw: Raw) -> Block:
    """The first block, assumed to run to the end of the file (checked by the parse)."""
    data = raw.data
    start = _block_start(raw)
    return parse_block(raw, start, len(data), data.count(b"\n", 0, start) + 1)


def parse_block(raw: Raw, start: int, end: int, first_line: int) -> Block:
    """Split a block into its header lines (names, metadata, columns) and its rows."""
    data = raw.data
    pos, line = start, first_line
    lines: list[tuple[int, str]] = []  # (line number, text) of the 3 header lines
    while len(lines) < 3 and pos < end:
        nl = data.find(b"\n", pos, end)
        stop = end if nl < 0 else nl
        text = decode(raw, data[pos:stop]).rstrip("\r")
        if text.strip():
            lines.append((line, text))
        pos, line = stop + 1, line + 1
    if len(lines) < 3:
        raise ExportError(
            raw.name,
            "file ends inside a header; expected a metadata line then the column line 'Horodate;…'",
            line=line - 1,
        )
    (_, names), (meta_line, values), (columns_line, columns) = lines
    if not columns.startswith("Horodate;"):
        raise ExportError(
            raw.name,
            f"expected the column line 'Horodate;…', got {columns[:40]!r}",
            line=columns_line,
        )
    keys = (header_key(n) for n in names.split(";"))
    meta = dict(zip(keys, (v.strip() for v in values.split(";")), strict=False))
    return Block(meta, meta_line, columns.split(";"), data, min(pos, end), end, columns_line + 1)


def block_unit(raw: Raw, block: Block, units: Collection[str], expected: str) -> str:
    """The block's ``Unite``; the file is refused at its metadata line unless among ``units``.

    ``expected`` says which, for the message: ``W or kW for a load curve``.
    """
    unit = block.meta.get("unite", "")
    if unit not in units:
        raise ExportError(
            raw.name, f"expected the unit {expected}, got {unit!r}", line=block.meta_line
        )
    return unit


def block_direction(raw: Raw, block: Block) -> Direction:
    """What the block's ``Grandeur metier`` says it measures (consumption when it says none)."""
    metier = header_key(block.meta.get("grandeur metier", "consommation"))
    if metier not in DIRECTIONS:
        raise ExportError(
            raw.name,
            f"expected 'Consommation' or 'Production', got {metier!r}",
            line=block.meta_line,
        )
    return DIRECTIONS[metier]


# --- rows -----------------------------------------------------------------------------------


def numbered_lines(text: str, first_line: int) -> pl.DataFrame:
    """Each line of ``text`` that is not blank, as ``text`` (no carriage return) and its ``line``.

    ``first_line``: the number (1-based, in the whole file) of the first line of ``text``.
    """
    return (
        pl.DataFrame({"text": text.split("\n")})
        .with_columns(
            line=pl.int_range(pl.len()) + first_line, text=pl.col("text").str.strip_chars_end("\r")
        )
        .filter(pl.col("text").str.strip_chars() != "")
    )


def table(raw: Raw, body: bytes, first_line: int, columns: list[str]) -> pl.DataFrame:
    """Rows of a small block as strings, one column per header name, with line numbers."""
    lines = numbered_lines(decode(raw, body), first_line)
    fields = pl.col("text").str.split(";")
    lines = lines.with_columns(n=fields.list.len())
    raise_first(
        raw,
        lines,
        pl.col("n") != len(columns),
        f"expected {len(columns)} fields like the line '{';'.join(columns)[:40]}…'",
    )
    return lines.select(
        "line",
        *[fields.list.get(i).alias(name) for i, name in enumerate(columns)],
    )


def raise_first(raw: Raw, frame: pl.DataFrame, bad: pl.Expr, expected: str) -> None:
    """Refuse the file at the first row of ``frame`` (by its ``line``) that is ``bad``."""
    first = frame.filter(bad).head(1)
    if first.height:
        raise ExportError(raw.name, expected, line=int(first["line"][0]))


def skip(rows: pl.DataFrame, condition: pl.Expr, why: Said, notes: list[Note]) -> None:
    """A ``skipped`` note, saying ``why``, for each row of ``rows`` meeting ``condition``."""
    notes.extend(Note("skipped", why, line=ln) for ln in rows.filter(condition)["line"])
