"""Enedis "R63" load-curve CSV, sent on request (docs/sources.md, R63 CSV).

One row per point: ``Horodate`` is the naive local END of the interval, ``Pas`` its step
(``PT30M``, ``PT60M``… per row, so the step may change mid-file), ``Valeur`` in ``Unité``
(``W``: average power). The repeated autumn hour is told apart by file order only. The
header may be missing. ``Indice de vraisemblance`` / ``Etat complémentaire`` flags other
than 0 are kept and counted in the notes (their meaning is not published).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import polars as pl

from ingest.errors import ExportError
from ingest.export import Export, Note
from ingest.formats.common import (
    curve_from_instants,
    curve_from_local,
    decimal,
    duplicates,
    kind_word,
    per_value,
    text_csv,
    utf8,
    wh_of,
)
from ingest.schema import ISO_STEPS, UNITS
from ingest.source import BOM
from words import said

if TYPE_CHECKING:
    from ingest.schema import Direction
    from ingest.source import Raw

FORMAT = "enedis-r63-csv"
COLUMNS = [
    "prm",
    "debut",
    "fin",
    "grandeur_physique",
    "grandeur_metier",
    "etape_metier",
    "unite",
    "horodate",
    "valeur",
    "nature",
    "pas",
    "vraisemblance",
    "etat",
]
HEADER = re.compile(r"^\ufeff?Identifiant PRM;Date de d[ée]but;Date de fin;Grandeur physique", re.I)
ROW = re.compile(
    r"^\d{14};\d{4}-\d\d-\d\d[ T][\d:]{8}[^;]*;\d{4}-\d\d-\d\d[ T][\d:]{8}[^;]*;[A-Z]+;"
)
SPELLED = {unit.upper(): unit for unit in UNITS}
"""Each unit as R63 files write it (``KWH``) → its spelling in :data:`ingest.schema.UNITS`."""
DIRECTIONS: dict[str, Direction] = {"CONS": "consumption", "PROD": "production"}


def sniff(head: bytes) -> bool:
    """The R63 header, or (headerless) a first row of 14 digits, two dates and codes."""
    first = head.removeprefix(BOM).split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return bool(HEADER.match(first) or ROW.match(first))


def read(raw: Raw) -> Export:
    """Read an R63 file into the canonical curve."""
    data = utf8(raw)
    has_header = bool(HEADER.match(data[:400].decode("utf-8", "replace").split("\n", 1)[0]))
    first_line = 2 if has_header else 1
    fast = _parse_fast(data, has_header=has_header)
    if fast is not None:
        # Naive stamps and plain numbers, the R63 as Enedis writes it.
        parsed = fast.with_row_index("line", offset=first_line).with_columns(
            aware=pl.lit(None, dtype=pl.Datetime("us", "UTC"))
        )
    else:
        parsed = _parse_slow(raw, data, has_header=has_header)
    parsed = parsed.with_columns(
        minutes=per_value(parsed, "pas", lambda v: ISO_STEPS.get(v.strip()), pl.Int64()),
        unit=per_value(parsed, "unite", lambda v: v.strip().upper(), pl.String()),
        direction=per_value(parsed, "grandeur_metier", lambda v: v.strip().upper(), pl.String()),
    )
    _check(parsed, raw)
    if parsed.height == 0:
        raise ExportError(raw.name, "expected readings, one per line", line=first_line)
    prm = parsed["prm"]
    if not (prm == prm[0]).all():  # (a cheap test before counting them)
        raise ExportError(raw.name, f"expected one meter, found {prm.n_unique()}")
    meter = str(prm[0])
    unit = str(parsed["unit"][0])
    kind, _ = UNITS[SPELLED[unit]]
    wh = wh_of(pl.col("value"), SPELLED[unit], pl.col("minutes"))
    values = said("ingest.note.r63_values", unit=unit, kind=kind_word(kind))
    curves, notes = [], [Note("inferred", values)]
    for code, direction in DIRECTIONS.items():
        part = parsed.filter(pl.col("direction") == code)
        if part.height == 0:
            continue
        if part["aware"].is_not_null().all():
            # Offsets given (a variant seen in third-party tests): nothing to disambiguate.
            rows = part.select("line", "minutes", instant="aware", wh=wh)
            curve, more = curve_from_instants(rows, meter=meter, stamp="end", direction=direction)
        else:
            rows = part.select("line", "naive", "minutes", wh=wh)
            curve, more = curve_from_local(rows, meter=meter, stamp="end", direction=direction)
        curves.append(curve)
        notes += more
    if not curves:
        raise ExportError(raw.name, "expected Grandeur métier CONS or PROD", line=first_line)
    curve, repeated = duplicates(pl.concat(curves))
    notes += repeated
    flagged = parsed.filter((pl.col("vraisemblance") != "0") | (pl.col("etat") != "0"))
    if flagged.height:
        lines = ", ".join(str(x) for x in flagged["line"].head(5).to_list())
        notes.append(Note("info", said("ingest.note.r63_flagged", n=flagged.height, lines=lines)))
    first_row = data[:4096].split(b"\n", 2)[1 if has_header else 0].decode("utf-8", "replace")
    fields = first_row.split(";")
    metadata = {
        "period": f"{fields[1]} → {fields[2]}" if len(fields) > 2 else "",
        "unit": unit,
        "steps": ", ".join(sorted({str(s) for s in parsed["pas"].unique().to_list()})),
    }
    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meter,
        curve=curve,
        notes=tuple(notes),
        metadata=metadata,
    )


USED = ("prm", "horodate", "valeur", "pas", "unite", "grandeur_metier", "vraisemblance", "etat")


def _parse_fast(data: bytes, *, has_header: bool) -> pl.DataFrame | None:
    """The columns used, read by Polars' parser (projected), or None.

    None unless every stamp is naive and every value a plain number; then
    :func:`_parse_slow` names the bad row.
    """
    try:
        frame = pl.read_csv(
            data,
            separator=";",
            has_header=has_header,
            columns=[COLUMNS.index(c) for c in USED],
            infer_schema=False,
        )
    except pl.exceptions.PolarsError:
        return None
    frame.columns = list(USED)
    parsed = frame.with_columns(
        naive=pl.col("horodate").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, cache=False),
        value=pl.col("valeur").cast(pl.Float64, strict=False),
    )
    broken = parsed.select(
        (pl.col("naive").is_null() | (pl.col("value").is_null() & pl.col("valeur").ne(""))).any()
    ).item()
    return None if broken else parsed


def _parse_slow(raw: Raw, data: bytes, *, has_header: bool) -> pl.DataFrame:
    """Every column as text, then parsed here: offsets, decimal commas, bad rows named."""
    frame = text_csv(raw, data, separator=";", has_header=has_header, new_columns=COLUMNS)
    if frame.width != len(COLUMNS):
        raise ExportError(raw.name, f"expected 13 columns, found {frame.width}", line=1)
    frame = frame.with_row_index("line", offset=2 if has_header else 1)
    stamp = pl.col("horodate")
    # A variant seen in third-party tests writes the offset: then no guessing at all.
    first = str(frame["horodate"][0]) if frame.height else ""
    with_offset = "+" in first or "T" in first
    none = pl.lit(None, dtype=pl.Datetime("us"))
    return frame.with_columns(
        naive=none
        if with_offset
        else stamp.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, cache=False),
        aware=stamp.str.to_datetime(
            "%Y-%m-%dT%H:%M:%S%z", strict=False, cache=False, time_zone="UTC"
        )
        if with_offset
        else none.dt.replace_time_zone("UTC"),
        value=decimal(pl.col("valeur")),
    )


def _check(parsed: pl.DataFrame, raw: Raw) -> None:
    """One line for the first row that breaks the format."""
    rules = [
        (pl.col("prm").is_null(), "prm", "the meter number (PRM)"),
        (
            pl.col("naive").is_null() & pl.col("aware").is_null(),
            "horodate",
            "a date like 2023-03-13 00:30:00",
        ),
        (pl.col("minutes").is_null(), "pas", "a step like PT30M or PT60M"),
        (
            pl.col("value").is_null() & pl.col("valeur").is_not_null(),
            "valeur",
            "a number",
        ),
        (~pl.col("unit").is_in(list(SPELLED)).fill_null(False), "unite", "a unit W, kW, Wh or kWh"),
        (
            ~pl.col("direction").is_in(list(DIRECTIONS)).fill_null(False),
            "grandeur_metier",
            "CONS or PROD",
        ),
    ]
    if not parsed.select(pl.any_horizontal(rule for rule, _, _ in rules).any()).item():
        return
    for rule, column, expected in rules:
        bad = parsed.filter(rule)
        if bad.height:
            got = bad[column][0]
            shown = "an empty field" if got is None else f"'{got}'"
            raise ExportError(raw.name, f"expected {expected}, got {shown}", line=bad["line"][0])
