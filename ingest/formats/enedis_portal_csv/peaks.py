"""The ``Puissance maximale quotidienne`` block: each day's maximum power and its instant.

Rows are ``Horodate;Valeur``: the instant and value of each day's maximum power (labelled
W; Data Connect gives the same quantity in VA).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from ingest.export import Note
from ingest.formats.enedis_portal_csv.blocks import Block, block_unit, raise_first, skip
from ingest.formats.enedis_portal_csv.curve import parse_instant_values
from ingest.schema import SCHEMAS
from ingest.timestamps import local_day
from words import said

if TYPE_CHECKING:
    from ingest.source import Raw


def read_peaks(raw: Raw, block: Block, meter: str, notes: list[Note]) -> pl.DataFrame:
    """Each local day's maximum power [VA] (labelled W or VA, kW or kVA) and its instant."""
    unit = block_unit(raw, block, ("W", "VA", "kVA", "kW", ""), "W or VA for maximum power")
    factor = 1000.0 if unit.startswith("k") else 1.0
    notes.append(
        Note(
            "inferred",
            said("ingest.note.max_power_unit", unit=unit)
            if unit
            else said("ingest.note.max_power_no_unit"),
        )
    )
    rows = parse_instant_values(raw, block)
    raise_first(raw, rows, pl.col("w") < 0, "expected a maximum power of 0 or more")
    skip(rows, pl.col("w").is_null(), said("ingest.note.no_value_field"), notes)
    good = rows.filter(pl.col("w").is_not_null()).with_columns(
        at=pl.col("end").cast(SCHEMAS["peaks"]["at"])
    )
    good = good.with_columns(day=local_day(pl.col("at")))
    repeated = good.filter(pl.col("day").is_duplicated() & ~pl.col("day").is_first_distinct())
    skip(repeated, pl.lit(value=True), said("ingest.note.second_maximum"), notes)
    good = good.filter(pl.col("day").is_first_distinct())
    return good.select(meter=pl.lit(meter), day="day", va=pl.col("w") * factor, at="at")
