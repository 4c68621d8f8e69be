"""One batch of imports under the writer lock: merge, write, log, commit, tidy up.

Each export is its own import (its own generation and import-log entry); the batch is one
commit, one new ``manifest.json`` (see :mod:`ingest.store` for why a crash at any point
leaves the previous state readable).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import asdict
from typing import TYPE_CHECKING

import polars as pl

from ingest.digest import ALGORITHM
from ingest.privacy import mask_meter, mask_text, pseudonym
from ingest.schema import TABLES, Table, empty
from ingest.store import atomic
from ingest.store.layout import (
    FORMAT_VERSION,
    PSEUDONYMOUS,
    file_name,
    kept_forgotten,
    read_manifest,
    remove_orphans,
    secret_locked,
    write_manifest,
)
from ingest.store.merge import ImportResult, TableChange, by_meter, merge, plus

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from ingest.export import Export


def add_locked(folder: Path, exports: Iterator[Export]) -> list[ImportResult]:
    """:meth:`ingest.store.Store.add_many` once the writer lock is held.

    Reads the manifest, merges and writes each export, commits them all, tidies up.
    """
    remove_orphans(folder)
    manifest = read_manifest(folder)
    generation = manifest["generation"]
    secret = secret_locked(folder)
    # A store written before a table existed simply has none of it.
    files: dict[Table, dict[str, str]] = {t: dict(manifest["files"].get(t, {})) for t in TABLES}
    superseded: list[str] = []
    written: list[Path] = []
    results: list[ImportResult] = []
    committed = False
    try:
        for export in exports:
            generation += 1
            results.append(
                _merge_export(folder, export, files, generation, secret, superseded, written)
            )
        if not results:
            return results
        superseded += _rename_old_files(folder, files, generation, secret, written)
        new_manifest = {
            "version": FORMAT_VERSION,
            "generation": generation,
            "files": files,
            **kept_forgotten(manifest),
        }
        write_manifest(folder, new_manifest)
        committed = True
    except BaseException:
        if not committed:  # once the manifest names them, they are the store
            for p in written:
                p.unlink(missing_ok=True)
        raise
    # Committed: what follows only tidies up (and the next import finishes it if not).
    with contextlib.suppress(OSError):
        for old_file in superseded:
            (folder / old_file).unlink(missing_ok=True)
        for table in sorted({f.split("/")[0] for f in superseded}):
            atomic.fsync(folder / table)
    return results


def _merge_export(
    folder: Path,
    export: Export,
    files: dict[Table, dict[str, str]],
    generation: int,
    secret: bytes,
    superseded: list[str],
    written: list[Path],
) -> ImportResult:
    """Merge one export into the files of ``files`` (updated) and log it, uncommitted.

    The files it writes are added to ``written``, those it replaces to ``superseded``.
    """
    changes: dict[str, TableChange] = {}
    replaced_bounds: list[tuple[str, str]] = []
    for table in TABLES:
        new = export.table(table)
        if new.height == 0:
            continue
        for meter, part in by_meter(new):
            old_file = files[table].get(meter)
            old = pl.read_parquet(folder / old_file) if old_file else empty(table)
            merged, change, bounds = merge(table, old, part)
            changes[table] = plus(changes.get(table), change)
            if bounds:
                replaced_bounds.append(bounds)
            if change.added == 0 and change.replaced == 0:
                continue
            (folder / table).mkdir(exist_ok=True)
            name = file_name(table, meter, generation, secret)
            atomic.write_parquet(folder / name, merged, meter=meter)
            written.append(folder / name)
            files[table][meter] = name
            if old_file:
                superseded.append(old_file)
    result = ImportResult(
        changes,
        (min(b[0] for b in replaced_bounds), max(b[1] for b in replaced_bounds))
        if replaced_bounds
        else None,
        export.period(),
    )
    _log(folder, generation, export, result, secret)
    written.append(folder / "imports" / f"{generation}.json")
    return result


def _rename_old_files(
    folder: Path,
    files: dict[Table, dict[str, str]],
    generation: int,
    secret: bytes,
    written: list[Path],
) -> list[str]:
    """Give a pseudonymous name to each file of an older store named by its meter.

    A hard link under the new name now, the old name removed after the commit (so a
    crash in between leaves either manifest's files in place). Returns the old names.
    """
    old_names = []
    for table, of_table in files.items():
        for meter, name in of_table.items():
            if PSEUDONYMOUS.match(name.rpartition("/")[2]):
                continue
            new_name = file_name(table, meter, generation, secret)
            os.link(folder / name, folder / new_name)
            written.append(folder / new_name)
            atomic.fsync(folder / table)
            of_table[meter] = new_name
            old_names.append(name)
    return old_names


def _log(
    folder: Path, generation: int, export: Export, result: ImportResult, secret: bytes
) -> None:
    """Write the import-log entry of one import, ``imports/<generation>.json``, uncommitted."""
    period = result.period
    entry = {
        # An import log: the meter number never appears in it, masked wherever it would.
        "file": mask_text(export.name),
        ALGORITHM: export.file_digest,
        "bytes": export.file_size,
        "format": export.format,
        "meter": mask_meter(export.meter),
        # Which meters it is about, by pseudonym: what removing a meter goes by.
        "meters": sorted({pseudonym(m, secret) for m in _export_meters(export)}),
        "period": [period[0].isoformat(), period[1].isoformat()] if period else None,
        "rows": {t: export.table(t).height for t in TABLES},
        "changes": {t: asdict(c) for t, c in result.tables.items()},
        "replaced_period": list(result.replaced_period) if result.replaced_period else None,
        "notes": [mask_text(str(n)) for n in export.notes],
        # The same notes as catalogue keys and values: pages say them in any language.
        "said": [n.masked().as_dict() for n in export.notes],
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    (folder / "imports").mkdir(exist_ok=True)
    atomic.write_bytes(
        folder / "imports" / f"{generation}.json",
        json.dumps(entry, ensure_ascii=False, indent=1).encode("utf-8"),
    )


def _export_meters(export: Export) -> set[str]:
    """The meters an export is about: the one it names and every one in its tables.

    By an expression: ``table["meter"]`` would make a constant column a string per row.
    """
    found = {export.meter}
    for table in TABLES:
        found |= set(export.table(table).select(pl.col("meter").unique()).to_series().to_list())
    return found
