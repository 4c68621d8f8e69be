"""One module (or package) per export format; :data:`READERS` lists their readers.

Detection tries the readers in that order, by content, never by file name: each reader's
``sniff`` looks at the first bytes of a file. A format may have more than one reader (the
portal CSV and its older export): each has its entry, under the same format name.
A format whose files can be larger than memory (a TIC capture) also reads a file given
chunk by chunk: :func:`ingest.read_export` streams it from its path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.formats import (
    conso_downloader_csv,
    dataconnect_json,
    edf_supplier_csv,
    enedis_portal_csv,
    enedis_portal_xlsx,
    enedis_r63_csv,
    enedis_script_csv,
    generic_csv,
    greenbutton_xml,
    tic,
)
from ingest.formats.enedis_portal_csv import legacy as enedis_portal_legacy_csv

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ingest.export import Export
    from ingest.source import Raw

SNIFF_BYTES = 4096
"""How much of the start of a file detection looks at. [bytes]"""


@dataclass(frozen=True)
class Reader:
    """A format Courbe reads: its short name, a description, how to spot it and read it."""

    format: str
    description: str
    sniff: Callable[[bytes], bool]
    read: Callable[[Raw], Export]
    read_chunks: Callable[[Iterable[bytes], Raw], Export] | None = None
    """For a format whose files can be larger than memory: read a file given chunk by chunk
    (``Raw`` holds its name and options, no bytes); :func:`ingest.read_export` then streams
    a file given by its path instead of reading it whole."""


READERS: tuple[Reader, ...] = (
    # The most specific first: an R63 file also has a "Horodate" column.
    Reader(
        enedis_r63_csv.FORMAT,
        "Enedis R63 load-curve CSV (with or without its header)",
        enedis_r63_csv.sniff,
        enedis_r63_csv.read,
    ),
    Reader(
        enedis_portal_csv.FORMAT,
        "Enedis portal CSV (load curve, daily index, maximum power)",
        enedis_portal_csv.sniff,
        enedis_portal_csv.read,
        enedis_portal_csv.read_chunks,
    ),
    Reader(
        enedis_portal_legacy_csv.FORMAT,
        "the older Enedis portal CSV 'Date de la mesure;Heure de la mesure;Valeur;…'",
        enedis_portal_legacy_csv.sniff,
        enedis_portal_legacy_csv.read,
    ),
    Reader(
        enedis_script_csv.FORMAT,
        "the 2026 Enedis portal's browser export script CSV 'conso-courbe-30min_<PRM>_…'",
        enedis_script_csv.sniff,
        enedis_script_csv.read,
    ),
    Reader(
        enedis_portal_xlsx.FORMAT,
        "Enedis portal XLSX (load curve, daily energy)",
        enedis_portal_xlsx.sniff,
        enedis_portal_xlsx.read,
    ),
    Reader(
        dataconnect_json.FORMAT,
        "Enedis Data Connect JSON (Enedis, MyElectricalData, conso.boris.sh; one response, "
        "a list or recorded pages)",
        dataconnect_json.sniff,
        dataconnect_json.read,
    ),
    Reader(
        edf_supplier_csv.FORMAT,
        "EDF customer-portal CSV 'mes-puissances-atteintes-30min'",
        edf_supplier_csv.sniff,
        edf_supplier_csv.read,
    ),
    Reader(
        conso_downloader_csv.FORMAT,
        "Conso Downloader / ha-linky CSV 'debut;fin;kW'",
        conso_downloader_csv.sniff,
        conso_downloader_csv.read,
    ),
    Reader(
        greenbutton_xml.FORMAT,
        "Green Button (ESPI) XML",
        greenbutton_xml.sniff,
        greenbutton_xml.read,
    ),
    Reader(
        tic.FORMAT,
        "capture of the meter's serial output (TIC, historic or standard mode)",
        tic.sniff,
        tic.read,
        tic.read_chunks,
    ),
    # Last: anything with a time column and a value column.
    Reader(
        generic_csv.FORMAT,
        "a CSV with a time column and a value column (W, kW, Wh or kWh)",
        generic_csv.sniff,
        generic_csv.read,
    ),
)


def descriptions() -> list[str]:
    """What Courbe reads, a description per format (its first reader's), in detection order."""
    first: dict[str, str] = {}
    for reader in READERS:
        first.setdefault(reader.format, reader.description)
    return list(first.values())


def detect(raw: Raw) -> Reader | None:
    """The reader for ``raw``, judged by its first bytes, or None.

    A two-column CSV whose header names no unit is read as generic when a unit is given.
    """
    head = raw.data[:SNIFF_BYTES]
    found = next((r for r in READERS if r.sniff(head)), None)
    if found is None and raw.unit and generic_csv.shape(head):
        return READERS[-1]
    return found
