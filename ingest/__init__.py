"""Reading Linky exports into canonical tables, and keeping them in a local Parquet store.

>>> import ingest
>>> export = ingest.read_export("Enedis_Conso_Heure.csv")  # doctest: +SKIP
>>> ingest.Store("~/courbe").add(export)  # doctest: +SKIP
"""

from __future__ import annotations

from ingest.errors import ExportError
from ingest.export import Export, Note
from ingest.read import read_export
from ingest.store import ImportResult, Store

__all__ = ["Export", "ExportError", "ImportResult", "Note", "Store", "read_export"]
