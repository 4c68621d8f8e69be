"""Enedis customer-portal CSV ("Télécharger mes données", about 2019 to early 2025).

Layout (docs/sources.md, Portal CSV): one or more blocks, each opening with its own
``Identifiant PRM;Type de donnees;…`` header line and a metadata line, then (after an
optional blank line) the column line and the rows (:mod:`.blocks`):

- ``Courbe de charge`` (:mod:`.curve`): ``Horodate;Valeur``. Horodate is ISO 8601 local
  time with its UTC offset and marks the END of the interval; Valeur is the average power
  over it [W]. The step is not stated ("Pas en minutes" is empty) and can change inside
  one file.
- ``Index`` (:mod:`.index`): ``Horodate;Type de releve;EAS F1…EAS F10;EAS D1…EAS D4;EAS T``,
  cumulative register readings [Wh] taken around the local midnight that starts each day,
  optionally followed by a ``Periode;…`` calendar block naming what each register counts.
- ``Puissance maximale quotidienne`` (:mod:`.peaks`): ``Horodate;Valeur``, the instant and
  value of each day's maximum power (labelled W; Data Connect gives the same quantity in VA).

The older ``Date de la mesure;Heure de la mesure;Valeur;…`` export is read by
:mod:`.legacy`, a reader of its own under the same format name.

A missing value is either an empty field (``…;``) or a missing row; both leave a missing
row. ``Horodate;Valeur`` rows are parsed by pyarrow's strict ISO-8601 CSV reader; a block
it rejects goes through a slower Polars path that finds the first bad line to report.
Index rows, a few hundred, are split as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.formats.enedis_portal_csv.assemble import FORMAT, export_of
from ingest.formats.enedis_portal_csv.blocks import (
    BLOCK_START,
    first_block,
    headerless,
    headerless_block,
    split_blocks,
)
from ingest.formats.enedis_portal_csv.curve import parse_fast
from ingest.formats.enedis_portal_csv.streamed import read_chunks
from ingest.source import BOM

if TYPE_CHECKING:
    import polars as pl

    from ingest.export import Export, Note
    from ingest.source import Raw

__all__ = ["FORMAT", "read", "read_chunks", "sniff"]


def sniff(head: bytes) -> bool:
    """Whether the first bytes of a file look like this format."""
    text = head.removeprefix(BOM).lstrip(b"\r\n")
    return text.startswith(BLOCK_START) or headerless(text)


def read(raw: Raw) -> Export:
    """Read an Enedis portal CSV into canonical tables."""
    head = raw.data[:4096].removeprefix(BOM).lstrip(b"\r\n")
    notes: list[Note] = []
    cut = headerless(head)
    # Most files hold one load-curve block: parse it to the end of the file, and look for
    # further blocks only if that fails (searching 50 MB for them costs a fifth of a parse).
    first = headerless_block(raw, notes) if cut else first_block(raw)
    single: pl.DataFrame | None = None
    if first.meta.get("type de donnees") == "Courbe de charge":
        single = parse_fast(first)
    blocks = [first] if single is not None or cut else split_blocks(raw)
    # A lone curve block that pyarrow already refused goes straight to the line-by-line path.
    refused = (
        single is None
        and len(blocks) == 1
        and first.meta.get("type de donnees") == ("Courbe de charge")
    )
    return export_of(raw, blocks, notes, single=single, refused=refused)
