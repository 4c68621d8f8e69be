"""The local Parquet store: one file per table and meter, an import log, atomic commits.

Layout of a store folder (the names: :mod:`ingest.store.layout`)::

    manifest.json                    the current generation: which files make the store
    curve/<anon-…>-<gen>.parquet     one file per table and meter (plain Parquet), named by
                                     a pseudonym of the meter, never its number
    daily/…  peaks/…  registers/…  periods/…
    imports/<gen>.json               one import-log entry per committed import
    settings.json                    the household's contract, as it last gave it
    secret.key                       the key of the pseudonyms (file names, shared exports)
    writer.lock                      held (flock) by the one import writing at a time
    reference/<name>.parquet         its own reference files (Tempo colours, temperatures)

Data files are named by a pseudonym of the meter (a keyed hash,
:func:`ingest.privacy.pseudonym`), never by its number; ``manifest.json`` maps each meter
to its files. A store written before that (files named ``curve/<meter>-<gen>.parquet``)
still opens, and its files are renamed on its next import.

Writers take turns (:mod:`ingest.store.lock`): an import holds an exclusive advisory lock
on ``writer.lock`` (``flock``; the system releases it when the process ends, even killed)
from reading the manifest to committing the new one, so two imports (command lines,
dashboard sessions) never commit the same generation. An import
(:mod:`ingest.store.importing`) writes its new files under fresh names and flushes them to
disk (``fsync``, files and folders: :mod:`ingest.store.atomic`), then replaces
``manifest.json`` atomically (temporary file, ``fsync``, rename, ``fsync`` of the folder),
then removes the files it superseded. A crash at any point leaves the previous manifest,
and so the previous state, readable; files no manifest names are removed by the next
import, under the lock. A full disk or a folder that cannot be written to is one
:class:`StoreError`, and the previous state stays.

The modules: :mod:`~ingest.store.store` (the :class:`Store` a caller holds),
:mod:`~ingest.store.layout` (names, the manifest, the key), :mod:`~ingest.store.lock`,
:mod:`~ingest.store.atomic` (writing whole or not at all), :mod:`~ingest.store.merge`
(new rows into old ones), :mod:`~ingest.store.importing` (an import, up to its commit),
:mod:`~ingest.store.removal` (one meter out).
"""

from __future__ import annotations

from ingest.store.atomic import StoreError
from ingest.store.layout import (
    FORMAT_VERSION,
    LOCK,
    MANIFEST,
    REFERENCES,
    SECRET,
    SETTINGS,
    default_path,
)
from ingest.store.merge import ImportResult, TableChange
from ingest.store.store import Store

__all__ = [
    "FORMAT_VERSION",
    "LOCK",
    "MANIFEST",
    "REFERENCES",
    "SECRET",
    "SETTINGS",
    "ImportResult",
    "Store",
    "StoreError",
    "TableChange",
    "default_path",
]
