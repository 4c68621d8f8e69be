"""The export of a portal CSV's blocks: each block to its table, one meter, the metadata kept.

Shared by the whole read (:func:`ingest.formats.enedis_portal_csv.read`) and the streamed
one (:mod:`.streamed`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from ingest.errors import ExportError
from ingest.export import Export
from ingest.formats.enedis_portal_csv.curve import read_curve
from ingest.formats.enedis_portal_csv.index import read_index
from ingest.formats.enedis_portal_csv.peaks import read_peaks
from ingest.schema import Table, conform, empty

if TYPE_CHECKING:
    from ingest.export import Note
    from ingest.formats.enedis_portal_csv.blocks import Block
    from ingest.source import Raw

FORMAT = "enedis-portal-csv"


def export_of(
    raw: Raw,
    blocks: list[Block],
    notes: list[Note],
    *,
    single: pl.DataFrame | None = None,
    refused: bool = False,
) -> Export:
    """The export of a file's blocks (``notes``: those already taken, extended here).

    ``single``: the rows of a lone curve block already parsed (:func:`parse_fast`);
    ``refused``: a lone curve block that pyarrow refused (it goes to the slow path).
    """
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
                read_curve(raw, block, meter, notes, parsed=single, fast=not refused)
            )
        elif kind == "Index":
            registers, daily, calendar = read_index(raw, block, meter, notes)
            frames["registers"].append(registers)
            frames["daily"].append(daily)
            metadata.update(calendar)
        elif kind == "Puissance maximale quotidienne":
            frames["peaks"].append(read_peaks(raw, block, meter, notes))
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
