"""Enedis customer-portal CSV ("Télécharger mes données", about 2019 to early 2025).

Layout (``../shared/design/formats.md`` §1): one or more blocks, each opening with its own
``Identifiant PRM;Type de donnees;…`` header line and a metadata line, then (after an
optional blank line) the column line and the rows:

- ``Courbe de charge``: ``Horodate;Valeur``. Horodate is ISO 8601 local time with its UTC
  offset and marks the END of the interval; Valeur is the average power over it [W]. The
  step is not stated ("Pas en minutes" is empty) and can change inside one file.
- ``Index``: ``Horodate;Type de releve;EAS F1…EAS F10;EAS D1…EAS D4;EAS T``, cumulative
  register readings [Wh] taken around the local midnight that starts each day, optionally
  followed by a ``Periode;…`` calendar block naming what each register counts.
- ``Puissance maximale quotidienne``: ``Horodate;Valeur``, the instant and value of each
  day's maximum power (labelled W; Data Connect gives the same quantity in VA).

Also read: the older ``Date de la mesure;Heure de la mesure;Valeur;…`` export (UTF-8 or
Windows-1252), of which only the header is documented; see :func:`_read_legacy`.

A missing value is either an empty field (``…;``) or a missing row; both leave a missing
row. Rows are parsed by pyarrow's strict ISO-8601 CSV reader; a file it rejects goes
through a slower Polars path that finds the first bad line to report.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from ingest.errors import ExportError
from ingest.export import Export, Note
from ingest.formats.common import direction_word, unnamed_meter
from ingest.schema import SCHEMAS, TIME_ZONE, Direction, Table, conform, empty
from ingest.source import BOM, Raw, decode
from ingest.timestamps import (
    MINUTE_US,
    infer_steps,
    local_day,
    local_to_utc,
    step_changes,
    step_summary,
    uniform_step,
)
from words import Said, said

FORMAT = "enedis-portal-csv"

BLOCK_START = b"Identifiant PRM;"
LEGACY_START = "Date de la mesure;Heure de la mesure;Valeur"
ISO_OFFSET = "%Y-%m-%dT%H:%M:%S%:z"
HOUR_US = 60 * MINUTE_US

POWER_UNITS = {"W": 1.0, "kW": 1000.0}
"""Units of average power a curve may come in, and their factor to W."""
SPELLED_POWER = {unit.lower(): unit for unit in POWER_UNITS}
ENERGY_UNITS = {"Wh": 1.0, "kWh": 1000.0}
"""Units of energy, and their factor to Wh."""
DIRECTIONS: dict[str, Direction] = {"consommation": "consumption", "production": "production"}


HEADERLESS = re.compile(rb"^\d{4}-\d\d-\d\dT\d\d:[0-5][05]:00[+-]\d\d:\d\d;-?\d*\r?$")
"""A load-curve row (``2022-10-24T00:30:00+02:00;252``) as a file's first line: the header
lines were cut off. Times on a 5-minute grid, so a headerless maximum-power block (times to
the second) is not taken for a curve."""


def sniff(head: bytes) -> bool:
    """Whether the first bytes of a file look like this format."""
    text = head.removeprefix(BOM).lstrip(b"\r\n")
    # The legacy header is ASCII up to here, in UTF-8 and Windows-1252 alike.
    return text.startswith((BLOCK_START, LEGACY_START.encode())) or _headerless(text)


COLUMN_LINE = b"Horodate;Valeur"
"""The column line of a curve block, the one header line a cut file may still have."""


def _headerless(text: bytes) -> bool:
    """Rows without the PRM and metadata lines (the column line may remain)."""
    first, _, rest = text.partition(b"\n")
    if first.rstrip(b"\r") == COLUMN_LINE:
        first = rest.partition(b"\n")[0]
    return HEADERLESS.match(first) is not None


def read(raw: Raw) -> Export:
    """Read an Enedis portal CSV into canonical tables."""
    head = raw.data[:4096].removeprefix(BOM).lstrip(b"\r\n")
    if head.startswith(LEGACY_START.encode()):
        return _read_legacy(raw)
    notes: list[Note] = []
    cut = _headerless(head)
    # Most files hold one load-curve block: parse it to the end of the file, and look for
    # further blocks only if that fails (searching 50 MB for them costs a fifth of a parse).
    first = _headerless_block(raw, notes) if cut else _first_block(raw)
    single: pl.DataFrame | None = None
    if first.meta.get("type de donnees") == "Courbe de charge":
        single = _parse_fast(first)
    blocks = [first] if single is not None or cut else _split_blocks(raw)
    # A lone curve block that pyarrow already refused goes straight to the line-by-line path.
    refused = (
        single is None
        and len(blocks) == 1
        and first.meta.get("type de donnees") == ("Courbe de charge")
    )
    meters: set[str] = set()
    frames: dict[str, list[pl.DataFrame]] = {"curve": [], "daily": [], "peaks": [], "registers": []}
    metadata: dict[str, str] = {}
    for block in blocks:
        meter = block.meta.get("identifiant prm", "").strip()
        if not meter:
            raise ExportError(
                raw.name,
                "expected the meter number (PRM) in the metadata line",
                line=block.meta_line,
            )
        meters.add(meter)
        kind = block.meta.get("type de donnees", "")
        if kind == "Courbe de charge":
            frames["curve"].append(
                _read_curve(raw, block, meter, notes, parsed=single, fast=not refused)
            )
        elif kind == "Index":
            registers, daily, calendar = _read_index(raw, block, meter, notes)
            frames["registers"].append(registers)
            frames["daily"].append(daily)
            metadata.update(calendar)
        elif kind == "Puissance maximale quotidienne":
            frames["peaks"].append(_read_peaks(raw, block, meter, notes))
        else:
            raise ExportError(
                raw.name,
                "expected a block of type 'Courbe de charge', 'Index' or "
                f"'Puissance maximale quotidienne', got {kind!r}",
                line=block.meta_line,
            )
        for key in ("date de debut", "date de fin"):
            if key in block.meta:
                metadata.setdefault(f"{kind} · {key}", block.meta[key])
    if len(meters) > 1:
        raise ExportError(raw.name, f"expected one meter per file, found {len(meters)}")

    def table(name: Table) -> pl.DataFrame:
        parts = frames[name]
        return conform(pl.concat(parts), name) if parts else empty(name)

    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meters.pop(),
        curve=table("curve"),
        daily=table("daily"),
        peaks=table("peaks"),
        registers=table("registers"),
        notes=tuple(notes),
        metadata=metadata,
    )


# --- blocks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
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

    def find(self, needle: bytes) -> int:
        """Offset of ``needle`` within the rows, or -1, without copying them."""
        found = self.data.find(needle, self.start, self.end)
        return found - self.start if found >= 0 else -1


_NOT_SPACE = re.compile(rb"\S")


def _key(text: str) -> str:
    """A header name without accents, case or surrounding spaces: ``Unité`` → ``unite``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.strip().lower()


def _split_blocks(raw: Raw) -> list[_Block]:
    data = raw.data
    first = _NOT_SPACE.search(data, len(BOM) if data.startswith(BOM) else 0)
    if first is None or not data.startswith(BLOCK_START, first.start()):
        raise ExportError(raw.name, "expected an 'Identifiant PRM;…' header line", line=1)
    starts = [first.start()]
    while (nxt := data.find(b"\n" + BLOCK_START, starts[-1])) >= 0:
        starts.append(nxt + 1)
    ends = [*starts[1:], len(data)]
    return [
        _parse_block(raw, start, end, data.count(b"\n", 0, start) + 1)
        for start, end in zip(starts, ends, strict=True)
    ]


def _headerless_block(raw: Raw, notes: list[Note]) -> _Block:
    """Load-curve rows without the header lines: the first row is data, never a header.

    Only the PRM and metadata lines may be missing (the ``Horodate;Valeur`` line kept).

    The meter comes from the name given (``--meter``) or the file name's 14 digits (the
    portal names its files ``Enedis_Conso_Heure_<dates>_<PRM>.csv``); the unit is the one
    given, else W, the unit of every portal load curve; both noted.
    """
    data = raw.data
    first = _NOT_SPACE.search(data, len(BOM) if data.startswith(BOM) else 0)
    start = first.start() if first else len(data)
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
    return _Block(meta, line, ["Horodate", "Valeur"], data, start, len(data), line)


def _first_block(raw: Raw) -> _Block:
    """The first block, assumed to run to the end of the file (checked by the parse)."""
    data = raw.data
    first = _NOT_SPACE.search(data, len(BOM) if data.startswith(BOM) else 0)
    if first is None or not data.startswith(BLOCK_START, first.start()):
        raise ExportError(raw.name, "expected an 'Identifiant PRM;…' header line", line=1)
    return _parse_block(raw, first.start(), len(data), data.count(b"\n", 0, first.start()) + 1)


def _parse_block(raw: Raw, start: int, end: int, first_line: int) -> _Block:
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
    keys = (_key(n) for n in names.split(";"))
    meta = dict(zip(keys, (v.strip() for v in values.split(";")), strict=False))
    return _Block(meta, meta_line, columns.split(";"), data, min(pos, end), end, columns_line + 1)


def _direction(raw: Raw, block: _Block) -> Direction:
    metier = _key(block.meta.get("grandeur metier", "consommation"))
    if metier not in DIRECTIONS:
        raise ExportError(
            raw.name,
            f"expected 'Consommation' or 'Production', got {metier!r}",
            line=block.meta_line,
        )
    return DIRECTIONS[metier]


# --- load curve ---------------------------------------------------------------------------


def _read_curve(
    raw: Raw,
    block: _Block,
    meter: str,
    notes: list[Note],
    *,
    parsed: pl.DataFrame | None = None,
    fast: bool = True,
) -> pl.DataFrame:
    unit = block.meta.get("unite", "")
    if unit not in POWER_UNITS:
        raise ExportError(
            raw.name,
            f"expected the unit W or kW for a load curve, got {unit!r}",
            line=block.meta_line,
        )
    rows = _parse_instant_values(raw, block, parsed=parsed, fast=fast)
    if rows.height == 0:
        notes.append(Note("info", said("ingest.note.empty_block")))
        return pl.DataFrame(schema=SCHEMAS["curve"])
    end = rows["end"].to_numpy()
    d = np.diff(end)
    if d.size and d.min() <= 0:
        rows = _drop_disordered(rows, notes)
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
    if not uniform:
        notes.extend(_step_changes(rows, step))
    notes.append(Note("inferred", said("ingest.note.average_power", unit=unit)))
    w = rows["w"]
    unknown_step = bool((step < 0).any())
    negative = bool((w < 0).any())
    if w.null_count():
        _skip(rows, pl.col("w").is_null(), said("ingest.note.no_value_field"), notes)
    if unknown_step:
        _skip(
            rows,
            pl.col("w").is_not_null() & (pl.col("step") < 0),
            said("ingest.note.step_lone"),
            notes,
        )
    if negative:
        _skip(rows, pl.col("w") < 0, said("ingest.note.negative_power"), notes)
    if w.null_count() or unknown_step or negative:
        rows = rows.filter(pl.col("w").is_not_null() & (pl.col("step") > 0) & (pl.col("w") >= 0))
    return rows.select(
        meter=pl.lit(meter),
        start=(pl.col("end") - pl.col("step")).cast(SCHEMAS["curve"]["start"]),
        end=pl.col("end").cast(SCHEMAS["curve"]["end"]),
        wh=pl.col("w") * POWER_UNITS[unit] * pl.col("step") / HOUR_US,
        direction=pl.lit(_direction(raw, block), dtype=SCHEMAS["curve"]["direction"]),
    )


def _step_changes(rows: pl.DataFrame, step: npt.NDArray[np.int64]) -> list[Note]:
    """A note for each place the step changes (rows on both sides known)."""
    at = step_changes(step)
    if at.size == 0:
        return []
    shown = rows[at[:20].tolist()].select(
        pl.col("end")
        .cast(SCHEMAS["curve"]["end"])
        .dt.convert_time_zone(TIME_ZONE)
        .dt.to_string("%Y-%m-%dT%H:%M:%S%:z"),
        "step",
        "line",
    )
    notes = [
        Note("info", said("ingest.note.step_change", minutes=s // MINUTE_US, end=e), line=ln)
        for e, s, ln in shown.iter_rows()
    ]
    if at.size > shown.height:
        more = said("ingest.note.more_step_changes", n=at.size - shown.height)
        notes.append(Note("info", more))
    return notes


def _parse_instant_values(
    raw: Raw, block: _Block, *, parsed: pl.DataFrame | None = None, fast: bool = True
) -> pl.DataFrame:
    """Rows of ``Horodate;Valeur`` as ``end`` [µs since epoch, Int64], ``w`` [f64], ``line``.

    Fast path: pyarrow's CSV reader, which parses ISO 8601 with offsets strictly and fast.
    Blank lines stay rows there, so row i is line ``body_line + i``; they are dropped here.
    Whatever pyarrow rejects goes through :func:`_parse_slow`, which names the first bad
    line (``fast=False`` when it is already known to reject the block).
    """
    if parsed is None and _NOT_SPACE.search(block.data, block.start, block.end) is None:
        return pl.DataFrame(schema={"end": pl.Int64, "w": pl.Float64, "line": pl.Int64})
    frame = parsed if parsed is not None else (_parse_fast(block) if fast else None)
    if frame is None:
        return _parse_slow(raw, block.body, block.body_line)
    if frame["end"].null_count():
        orphan = frame.filter(pl.col("end").is_null() & pl.col("w").is_not_null()).head(1)
        if orphan.height:
            raise ExportError(
                raw.name, "expected a timestamp before the value", line=int(orphan["line"][0])
            )
        frame = frame.filter(pl.col("end").is_not_null())  # blank lines
    return frame


def _parse_fast(block: _Block) -> pl.DataFrame | None:
    """Rows parsed by pyarrow's strict ISO-8601 CSV reader, or None if it rejects them."""
    rows = pa.py_buffer(memoryview(block.data)[block.start : block.end])
    try:
        table = pacsv.read_csv(
            pa.BufferReader(rows),
            read_options=pacsv.ReadOptions(column_names=["end", "w"], block_size=1 << 24),
            # Blank lines stay rows (then dropped) so that row i is line body_line + i.
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
    return frame.select(
        pl.col("end").dt.epoch("us"), "w", line=pl.int_range(pl.len()) + block.body_line
    )


def _parse_slow(raw: Raw, body: bytes, first_line: int) -> pl.DataFrame:
    """Parse ``Horodate;Valeur`` rows with Polars strings, raising on the first bad line."""
    text = body.decode("utf-8", errors="replace")
    lines = pl.DataFrame({"text": text.split("\n")}).with_columns(
        line=pl.int_range(pl.len()) + first_line, text=pl.col("text").str.strip_chars_end("\r")
    )
    lines = lines.filter(pl.col("text").str.strip_chars() != "")
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


def _drop_disordered(rows: pl.DataFrame, notes: list[Note]) -> pl.DataFrame:
    """Keep rows strictly increasing in time; note repeated and out-of-order stamps."""
    ordered = rows.sort("end", maintain_order=True)
    repeated = ordered.filter(pl.col("end").is_duplicated() & ~pl.col("end").is_first_distinct())
    if (rows["end"].diff().drop_nulls() < 0).any():
        notes.append(Note("info", said("ingest.note.unsorted")))
    first_value = ordered.group_by("end").agg(pl.col("w").first().alias("kept"))
    for line, end, w, kept in (
        repeated.join(first_value, on="end")
        .sort("line")
        .select("line", "end", "w", "kept")
        .iter_rows()
    ):
        repeat = (
            said("ingest.note.repeat_same", end=str(end))
            if w == kept
            else said("ingest.note.repeat_differs", value=str(w), kept=str(kept), end=str(end))
        )
        notes.append(Note("skipped", repeat, line=line))
    return ordered.filter(pl.col("end").is_first_distinct())


def _skip(rows: pl.DataFrame, condition: pl.Expr, why: Said, notes: list[Note]) -> None:
    notes.extend(Note("skipped", why, line=ln) for ln in rows.filter(condition)["line"])


# --- index and calendar --------------------------------------------------------------------


REGISTER_NAME = re.compile(r"^EA([SI])\s*([FD])\s*(\d+)$")
TOTALS: dict[str, Direction] = {"EAST": "consumption", "EAIT": "production"}
"""The total registers, withdrawn (soutirée) and injected, and the direction each counts."""


def _register(column: str) -> str:
    """Portal register name → TIC name: ``EAS F1`` → ``EASF01``, ``EAS T`` → ``EAST``.

    The producer's export names its injected total ``EAI T`` (→ ``EAIT``, as the TIC does).
    """
    m = REGISTER_NAME.match(column.strip())
    if m:
        return f"EA{m.group(1)}{m.group(2)}{int(m.group(3)):02d}"
    return column.replace(" ", "")


def _read_index(
    raw: Raw, block: _Block, meter: str, notes: list[Note]
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, str]]:
    unit = block.meta.get("unite", "")
    if unit not in ENERGY_UNITS:
        raise ExportError(
            raw.name,
            f"expected the unit Wh or kWh for index readings, got {unit!r}",
            line=block.meta_line,
        )
    body, calendar_body, calendar_line = block.body, b"", 0  # small: a copy is fine
    cal = re.search(rb"(?m)^Periode;", body)
    if cal:
        calendar_body = body[cal.start() :]
        calendar_line = block.body_line + body.count(b"\n", 0, cal.start())
        body = body[: cal.start()]
    lines = _table(raw, body, block.body_line, block.columns)
    at = pl.col("Horodate").str.to_datetime(ISO_OFFSET, time_unit="us", strict=False, cache=False)
    lines = lines.with_columns(at=at)
    _raise_first(
        raw, lines, pl.col("at").is_null(), "expected a timestamp like 2024-01-10T00:00:00+01:00"
    )
    again = ~pl.col("at").is_first_distinct()
    _skip(lines, again, said("ingest.note.second_reading"), notes)
    lines = lines.filter(~again)
    registers = [c for c in block.columns if c.startswith(("EAS", "EAI"))]
    long = lines.unpivot(on=registers, index=["line", "at"], variable_name="column", value_name="v")
    long = long.filter(pl.col("v").str.strip_chars() != "").with_columns(
        wh=pl.col("v").str.strip_chars().cast(pl.Float64, strict=False) * ENERGY_UNITS[unit]
    )
    _raise_first(raw, long, pl.col("wh").is_null(), "expected a register reading in Wh")
    names = {c: _register(c) for c in registers}
    regs = long.select(
        meter=pl.lit(meter),
        at="at",
        register=pl.col("column").replace_strict(names, return_dtype=pl.String),
        wh="wh",
    )
    kinds = lines["Type de releve"].unique().to_list() if "Type de releve" in lines.columns else []
    notes.append(
        Note(
            "info",
            said(
                "ingest.note.index_readings",
                n=lines.height,
                kinds=", ".join(map(str, kinds)),
                registers=len(names),
                unit=unit,
            ),
        )
    )
    daily = _daily_from_total(regs, block, raw, notes)
    calendar = _read_calendar(calendar_body, calendar_line, raw, notes) if cal else {}
    return regs, daily, calendar


def _daily_from_total(
    regs: pl.DataFrame, block: _Block, raw: Raw, notes: list[Note]
) -> pl.DataFrame:
    """Daily energy [Wh] from each total register: its next reading minus this one.

    ``EAS T`` (withdrawn) gives consumption, ``EAI T`` (injected, the producer's
    ``Enedis_Prod_Jour`` export) production. Each reading is taken around the local
    midnight that starts its day (00:00+01:00 in winter, 01:00+02:00 in summer, 23:00 of
    the eve in some files): it belongs to the day whose midnight is nearest.
    """
    day = (pl.col("at").dt.convert_time_zone(TIME_ZONE) + pl.duration(hours=12)).dt.date()
    frames = []
    for register, direction in TOTALS.items():
        total = regs.filter(pl.col("register") == register).sort("at")
        if total.height < 2:
            continue
        total = total.with_columns(day=day).with_columns(
            wh=pl.col("wh").shift(-1) - pl.col("wh"), next_day=pl.col("day").shift(-1)
        )
        consecutive = (pl.col("next_day") - pl.col("day")) == pl.duration(days=1)
        reset = total.filter(consecutive & (pl.col("wh") < 0))
        notes.extend(
            Note("skipped", said("ingest.note.index_decreases", register=register, day=str(d)))
            for d in reset["day"]
        )
        name = f"{register[:3]} {register[3:]}"
        notes.append(
            Note(
                "inferred",
                said(
                    "ingest.note.daily_from_index",
                    direction=direction_word(direction),
                    name=name,
                ),
            )
        )
        frames.append(
            total.filter(consecutive & (pl.col("wh") >= 0)).select(
                "meter", "day", "wh", direction=pl.lit(direction)
            )
        )
    if not frames:
        held = sorted(set(regs["register"].unique().to_list()))
        notes.append(
            Note(
                "info",
                said("ingest.note.no_total", held=", ".join(held))
                if held
                else said("ingest.note.no_total_empty"),
                line=block.meta_line,
            )
        )
        return pl.DataFrame(schema=SCHEMAS["daily"])
    return pl.concat(frames)


def _read_calendar(body: bytes, first_line: int, raw: Raw, notes: list[Note]) -> dict[str, str]:
    """The ``Periode;…`` block: which tariff period each register counts, and since when."""
    header, _, rest = body.partition(b"\n")
    columns = decode(raw, header).rstrip("\r").split(";")
    out: dict[str, str] = {}
    for offset, row in enumerate(decode(raw, rest).splitlines()):
        if not row.strip():
            continue
        fields = row.split(";")
        period = fields[0]
        labels = {}
        for i, name in enumerate(columns):
            if name.startswith("Cadran") and i < len(fields) and fields[i]:
                label = fields[i - 1] if i >= 1 else ""
                if label:
                    labels[_register(fields[i])] = label
        calendar = " ".join(fields[1:3]).strip()
        text = ", ".join(f"{k} = {v}" for k, v in labels.items())
        notes.append(
            Note(
                "info",
                said("ingest.note.calendar", period=period.strip(), calendar=calendar, labels=text),
                line=first_line + 1 + offset,
            )
        )
        out.update({f"register {k}": v for k, v in labels.items()})
        if calendar:
            out["supplier calendar"] = calendar
    return out


# --- daily maximum power -------------------------------------------------------------------


def _read_peaks(raw: Raw, block: _Block, meter: str, notes: list[Note]) -> pl.DataFrame:
    unit = block.meta.get("unite", "")
    if unit not in ("W", "VA", "kVA", "kW", ""):
        raise ExportError(
            raw.name,
            f"expected the unit W or VA for maximum power, got {unit!r}",
            line=block.meta_line,
        )
    factor = 1000.0 if unit.startswith("k") else 1.0
    notes.append(
        Note(
            "inferred",
            said("ingest.note.max_power_unit", unit=unit)
            if unit
            else said("ingest.note.max_power_no_unit"),
        )
    )
    rows = _parse_instant_values(raw, block)
    _raise_first(raw, rows, pl.col("w") < 0, "expected a maximum power of 0 or more")
    _skip(rows, pl.col("w").is_null(), said("ingest.note.no_value_field"), notes)
    good = rows.filter(pl.col("w").is_not_null()).with_columns(
        at=pl.col("end").cast(SCHEMAS["peaks"]["at"])
    )
    good = good.with_columns(day=local_day(pl.col("at")))
    repeated = good.filter(pl.col("day").is_duplicated() & ~pl.col("day").is_first_distinct())
    _skip(repeated, pl.lit(value=True), said("ingest.note.second_maximum"), notes)
    good = good.filter(pl.col("day").is_first_distinct())
    return good.select(meter=pl.lit(meter), day="day", va=pl.col("w") * factor, at="at")


# --- helpers --------------------------------------------------------------------------------


def _table(raw: Raw, body: bytes, first_line: int, columns: list[str]) -> pl.DataFrame:
    """Rows of a small block as strings, one column per header name, with line numbers."""
    text = decode(raw, body)
    lines = (
        pl.DataFrame({"text": text.split("\n")})
        .with_columns(
            line=pl.int_range(pl.len()) + first_line, text=pl.col("text").str.strip_chars_end("\r")
        )
        .filter(pl.col("text").str.strip_chars() != "")
    )
    fields = pl.col("text").str.split(";")
    lines = lines.with_columns(n=fields.list.len())
    _raise_first(
        raw,
        lines,
        pl.col("n") != len(columns),
        f"expected {len(columns)} fields like the line '{';'.join(columns)[:40]}…'",
    )
    return lines.select(
        "line",
        *[fields.list.get(i).alias(name) for i, name in enumerate(columns)],
    )


def _raise_first(raw: Raw, frame: pl.DataFrame, bad: pl.Expr, expected: str) -> None:
    first = frame.filter(bad).head(1)
    if first.height:
        raise ExportError(raw.name, expected, line=int(first["line"][0]))


# --- the older "Date de la mesure" export --------------------------------------------------


LEGACY_COLUMNS = 13
LEGACY_NEEDED = (
    "Date de la mesure",
    "Heure de la mesure",
    "Valeur",
    "PRM",
    "Grandeur métier",
    "Unité",
    "Pas en minutes",
)


def _read_legacy(raw: Raw) -> Export:
    """The older ``Date de la mesure;Heure de la mesure;Valeur;…;Unité;Pas en minutes`` export.

    Only its header is documented (formats.md §1c); its rows are read as: a local date
    (``dd/mm/yyyy`` or ``yyyy-mm-dd``), a naive local time ``HH:MM[:SS]`` marking the END
    of the interval as in every Enedis curve, the value, its status, and on each row the
    PRM, the unit (W, kW, Wh, kWh) and the step in minutes. Each of these readings is stated
    in the notes.
    """
    text = decode(raw)
    header, _, rest = text.lstrip("\r\n").partition("\n")
    columns = [_key(c) for c in header.rstrip("\r").split(";")]
    if len(columns) < LEGACY_COLUMNS:
        raise ExportError(raw.name, f"expected {LEGACY_COLUMNS} columns in the header", line=1)
    first_line = text[: len(text) - len(rest)].count("\n") + 1
    missing = [name for name in LEGACY_NEEDED if _key(name) not in columns]
    if missing:
        msg = f"expected a column named '{missing[0]}' in the header"
        raise ExportError(raw.name, msg, line=first_line - 1)
    lines = _table(raw, rest.encode(), first_line, columns)
    date = pl.coalesce(
        pl.col("date de la mesure").str.to_date("%d/%m/%Y", strict=False),
        pl.col("date de la mesure").str.to_date("%Y-%m-%d", strict=False),
    )
    clock = pl.col("heure de la mesure").str.strip_chars()
    time = pl.coalesce(
        clock.str.to_time("%H:%M:%S", strict=False), clock.str.to_time("%H:%M", strict=False)
    )
    parsed = lines.with_columns(date=date, time=time)
    _raise_first(raw, parsed, pl.col("date").is_null(), "expected a date like 24/10/2019")
    _raise_first(raw, parsed, pl.col("time").is_null(), "expected a time like 00:30")
    value = pl.col("valeur").str.strip_chars().str.replace(",", ".", literal=True)
    parsed = parsed.with_columns(
        w=value.cast(pl.Float64, strict=False),
        unit=pl.col("unite").str.strip_chars(),
        pas=pl.col("pas en minutes").str.strip_chars().cast(pl.Int64, strict=False),
    )
    _raise_first(raw, parsed, pl.col("w").is_null() & (value != ""), "expected a number")
    units = set(parsed["unit"].unique().to_list())
    unknown = units - set(POWER_UNITS) - set(ENERGY_UNITS)
    if unknown:
        raise ExportError(
            raw.name,
            f"expected the unit W, kW, Wh or kWh, got {unknown.pop()!r}",
            line=int(parsed.filter(pl.col("unit").is_in(list(units)))["line"][0]),
        )
    # Midnight ends the previous day's last interval, as in the other Enedis curves.
    naive = pl.col("date").dt.combine(pl.col("time"))
    parsed = parsed.with_columns(end=local_to_utc(naive).dt.epoch("us"))
    notes: list[Note] = [
        Note("inferred", said("ingest.note.older_export")),
        Note("inferred", said("ingest.note.naive_autumn")),
    ]
    _skip(parsed, pl.col("end").is_null(), said("ingest.note.spring_forward"), notes)
    parsed = parsed.filter(pl.col("end").is_not_null())
    if not bool(np.all(np.diff(parsed["end"].to_numpy()) > 0)):
        parsed = _drop_disordered(parsed, notes)
    step = infer_steps(parsed["end"].to_numpy())
    parsed = parsed.with_columns(
        step=pl.when(pl.col("pas") > 0).then(pl.col("pas") * MINUTE_US).otherwise(pl.Series(step))
    )
    summary = step_summary(parsed["step"].to_numpy())
    notes.append(Note("inferred", said("ingest.note.step", summary=summary)))
    _skip(parsed, pl.col("w").is_null(), said("ingest.note.no_value_field"), notes)
    unknown_step = said("ingest.note.step_unknown")
    _skip(parsed, pl.col("w").is_not_null() & (pl.col("step") <= 0), unknown_step, notes)
    good = parsed.filter(pl.col("w").is_not_null() & (pl.col("step") > 0))
    power, energy = POWER_UNITS, ENERGY_UNITS
    wh = (
        pl.when(pl.col("unit").is_in(list(power)))
        .then(
            pl.col("w")
            * pl.col("unit").replace_strict(power, default=None, return_dtype=pl.Float64)
            * pl.col("step")
            / HOUR_US
        )
        .otherwise(
            pl.col("w")
            * pl.col("unit").replace_strict(energy, default=None, return_dtype=pl.Float64)
        )
    )
    direction: Direction = (
        ("production" if "production" in _key(str(lines["grandeur metier"][0])) else "consumption")
        if lines.height
        else "consumption"
    )
    meter = str(lines["prm"][0]).strip() if lines.height else ""
    curve = good.select(
        meter=pl.lit(meter),
        start=(pl.col("end") - pl.col("step")).cast(SCHEMAS["curve"]["start"]),
        end=pl.col("end").cast(SCHEMAS["curve"]["end"]),
        wh=wh,
        direction=pl.lit(direction),
    )
    if not meter:
        raise ExportError(raw.name, "expected the meter number (PRM) in each row", line=first_line)
    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meter,
        curve=conform(curve, "curve"),
        notes=tuple(notes),
    )
