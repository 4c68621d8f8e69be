"""``read_export``: any export file in, canonical tables out."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ingest import tic
from ingest.errors import GIVE_UNIT, ExportError
from ingest.formats import READERS, SNIFF_BYTES, detect, generic_csv, tic_capture
from ingest.source import Source, load

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

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
        # A TIC capture can be gigabytes: spot it from its first bytes and stream it.
        path = Path(source)
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
        if tic_capture.sniff(head):
            return tic_capture.read_chunks(
                _chunks(path), name=name or path.name, start=start
            ).validate()
    raw = replace(load(source, name=name), unit=unit, time_zone=time_zone, start=start, meter=meter)
    if re.search(rb"\S", raw.data) is None:
        raise ExportError(raw.name, "the file is empty")
    reader = detect(raw)
    if reader is None and raw.data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExportError(raw.name, "encoded as UTF-16; expected UTF-8 or Windows-1252 text")
    if reader is None and b"\x00" in raw.data[:4096]:
        raise ExportError(raw.name, "binary content; expected a text or spreadsheet export")
    if reader is None:
        known = "; ".join(r.description for r in READERS)
        hint = (
            f"; a two-column CSV: name the unit in its header or give it ({GIVE_UNIT})"
            if generic_csv.shape(raw.data[:4096])
            else ""
        )
        msg = f"not a format Courbe reads (it reads: {known}){hint}"
        raise ExportError(raw.name, msg, line=1)
    export = reader.read(raw)
    # The bytes stay with the export for its digest, computed only if the store asks.
    return replace(export, data=raw.data).validate()


def _chunks(path: Path) -> Iterator[bytes]:
    """The file in pieces of :data:`ingest.tic.CHUNK` bytes."""
    with path.open("rb") as f:
        while chunk := f.read(tic.CHUNK):
            yield chunk
