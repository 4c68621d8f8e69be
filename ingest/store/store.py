"""The :class:`Store` a caller holds: reading the store, and the writes it takes turns for.

Each write holds the writer lock (:mod:`ingest.store.lock`); an import's work under it is
:mod:`ingest.store.importing`'s, a meter's removal :mod:`ingest.store.removal`'s.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import pyarrow as pa

from ingest.digest import logged, named
from ingest.errors import ExportError
from ingest.privacy import mask_meter, neutralise_formulas, pseudonymise
from ingest.schema import SCHEMAS, TABLES, SchemaError, Table, empty
from ingest.store import atomic
from ingest.store.atomic import StoreError
from ingest.store.importing import add_locked
from ingest.store.layout import (
    REFERENCES,
    SECRET,
    SETTINGS,
    default_path,
    read_manifest,
    read_settings,
    secret_locked,
    settings_bytes,
)
from ingest.store.lock import writer
from ingest.store.removal import remove_meter_locked

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from ingest.export import Export
    from ingest.store.merge import ImportResult


class Store:
    """A folder of Parquet files holding every import, deduplicated.

    Parameters
    ----------
    path
        The folder; created on the first import. Defaults to :func:`default_path`.
    """

    def __init__(
        self, path: str | Path | None = None, *, on_wait: Callable[[], None] | None = None
    ) -> None:
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.on_wait = on_wait
        """Called once when a writer must wait for another one to finish (to say so)."""

    # --- reading ----------------------------------------------------------------------------

    def _scan(self, table: Table) -> pl.LazyFrame:
        files = sorted(read_manifest(self.path)["files"].get(table, {}).values())
        if not files:
            return empty(table).lazy()
        return pl.scan_parquet([self.path / f for f in files], schema=SCHEMAS[table])

    def curve(self) -> pl.LazyFrame:
        """Every load-curve interval of every meter (canonical ``curve``)."""
        return self._scan("curve")

    def daily(self) -> pl.LazyFrame:
        """Every daily energy of every meter (canonical ``daily``)."""
        return self._scan("daily")

    def peaks(self) -> pl.LazyFrame:
        """Every daily maximum power of every meter (canonical ``peaks``)."""
        return self._scan("peaks")

    def periods(self) -> pl.LazyFrame:
        """The tariff periods TIC captures reported (canonical ``periods``)."""
        return self._scan("periods")

    def registers(self) -> pl.LazyFrame:
        """Every index reading of every meter (canonical ``registers``)."""
        return self._scan("registers")

    def meters(self) -> list[str]:
        """The meters the store holds data for."""
        files = read_manifest(self.path)["files"]
        return sorted({m for t in TABLES for m in files.get(t, {})})

    def imports(self) -> list[dict[str, Any]]:
        """The import log, oldest first: one entry per import that was committed."""
        manifest = read_manifest(self.path)
        folder = self.path / "imports"
        forgotten = set(manifest.get("forgotten", ()))
        entries = []
        for gen in range(1, manifest["generation"] + 1):
            p = folder / f"{gen}.json"
            if gen not in forgotten and p.exists():
                entries.append(json.loads(p.read_text("utf-8")))
        return entries

    def has_file(self, digest: str) -> bool:
        """Whether a file with this digest (:mod:`ingest.digest`) was imported before."""
        name = named(digest)
        return any(logged(e) == name for e in self.imports())

    def settings(self) -> dict[str, Any]:
        """The settings saved by :meth:`save_settings` (empty when none were)."""
        return read_settings(self.path)

    def secret(self) -> bytes:
        """The store's pseudonym key (32 random bytes), made on first use; it never leaves."""
        path = self.path / SECRET
        if path.exists():
            return path.read_bytes()
        with writer(self.path, self.on_wait):  # two first imports at once must not make two keys
            return secret_locked(self.path)

    def export_pseudonymised(
        self, out: str | Path, *, fmt: str = "parquet", shift_days: int = 0
    ) -> list[Path]:
        """Write every table, meters pseudonymised (and dates shifted), for researchers.

        One file per table (``curve.parquet`` or ``curve.csv``…) in ``out``; returns them.
        """
        if fmt not in ("parquet", "csv"):
            msg = f"unknown format {fmt!r}: expected parquet or csv"
            raise ValueError(msg)
        tables = {t: self._scan(t).collect() for t in TABLES}
        shared = pseudonymise(tables, self.secret(), shift_days=shift_days)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for table, frame in shared.items():
            path = folder / f"{table}.{fmt}"
            if fmt == "parquet":
                atomic.write_parquet(path, frame)
            else:
                # A cell a spreadsheet would run as a formula (a TIC label "=HYPERLINK(…)").
                text = neutralise_formulas(frame).write_csv()
                atomic.write_bytes(path, text.encode("utf-8"))
            written.append(path)
        return written

    def reference(self, name: str) -> pl.DataFrame | None:
        """A reference file saved by :meth:`save_reference`, or None."""
        path = self.path / "reference" / f"{name}.parquet"
        return pl.read_parquet(path) if path.exists() else None

    # --- writing ----------------------------------------------------------------------------

    def save_settings(self, settings: dict[str, Any]) -> None:
        """Remember the household's settings (plain JSON values), replacing the saved ones."""
        data = settings_bytes(settings)
        with writer(self.path, self.on_wait):
            atomic.write_bytes(self.path / SETTINGS, data)

    def save_reference(self, name: str, frame: pl.DataFrame | None) -> None:
        """Keep one of the household's reference files (``tempo``, ``temperatures``).

        ``None`` removes the saved one.
        """
        if name not in REFERENCES:
            msg = f"unknown reference file {name!r}: expected one of {', '.join(REFERENCES)}"
            raise ValueError(msg)
        path = self.path / "reference" / f"{name}.parquet"
        if frame is None:
            if not path.exists():
                return
            with writer(self.path, self.on_wait):
                path.unlink(missing_ok=True)
            return
        with writer(self.path, self.on_wait):
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_parquet(path, frame)

    def add(self, export: Export) -> ImportResult:
        """Merge an export into the store and commit it atomically.

        Rows already present with the same value are skipped; rows whose interval (or day,
        or reading) is already present with another value replace it, and the import log
        says so. A curve interval that overlaps stored intervals of another step (a 60-min
        row over two 30-min rows) replaces them. Imports take turns (see :mod:`ingest.store`);
        :attr:`on_wait` is called when this one has to wait.

        Raises
        ------
        ExportError
            The export breaks the canonical schema (one line naming the file).
        StoreError
            It could not be written (a full disk, no permission); the store is unchanged.
        """
        try:
            export.validate()
        except SchemaError as error:
            raise ExportError(export.name, str(error)) from None
        return self.add_many([export])[0]

    def add_many(self, exports: Iterable[Export]) -> list[ImportResult]:
        """Merge exports one after another, as :meth:`add` would, and commit them all at once.

        Each export is its own import: its own generation and import-log entry, the same
        results as that many calls of :meth:`add`. They share one hold of the writer lock
        and one commit (one new ``manifest.json``): all of them are in the store, or none.
        ``exports`` is consumed one at a time (a generator need not hold them all).

        :meth:`add` reads and rewrites the whole manifest and looks over every file of the
        store, so N calls cost a time growing with N²; this costs N merges and one commit
        (a cohort of 10,000 generated households, ``sample_loadcurves``).

        Raises
        ------
        ExportError
            An export breaks the canonical schema (one line naming its file); none is committed.
        StoreError
            It could not be written (naming the export being written); the store is unchanged.
        """
        given = iter(exports)
        first = next(given, None)
        if first is None:
            return []
        current = [first]  # the export being written: the one an error names

        def checked() -> Iterator[Export]:
            for export in itertools.chain([first], given):
                current[:] = [export]
                try:
                    yield export.validate()
                except SchemaError as error:
                    raise ExportError(export.name, str(error)) from None

        try:
            with writer(self.path, self.on_wait):
                return add_locked(self.path, checked())
        except (OSError, pl.exceptions.PolarsError, pa.ArrowException) as error:
            raise self._cannot_write(current[0], error) from None

    def _cannot_write(self, export: Export, error: Exception) -> StoreError:
        why = f"cannot be written to the store {self.path} ({atomic.why(error)}); nothing changed"
        return StoreError(export.name, why)

    def remove_meter(self, meter: str) -> dict[Table, int]:
        """Remove one meter from the store, in one commit; the other meters stay as they were.

        Gone with it: every table's rows of that meter, the import-log entries of the files
        that were about it alone (so importing one of them again is a new import, and
        :meth:`has_file` no longer knows it), and its entry in every mapping of the
        settings keyed by meter (the name the household gave it). The contract, the
        language and the reference files belong to the household and stay.

        Like an import, it holds the writer lock, commits by replacing the manifest (which
        also lists the forgotten log entries, so a crash leaves either the whole meter or
        none of it), then removes the files it dropped. The settings are written just
        before that commit and put back if it fails.

        An import-log entry written before the log named meters by pseudonym is forgotten
        when its masked meter is this one's and no other meter of the store masks the same.

        Returns the rows removed per table [rows]; empty (and nothing written) when the
        store holds nothing of that meter.

        Raises
        ------
        StoreError
            It could not be written (a full disk, no permission); the store is unchanged.
        """
        if meter not in self.meters():
            return {}
        try:
            with writer(self.path, self.on_wait):
                return remove_meter_locked(self.path, meter)
        except (OSError, pl.exceptions.PolarsError) as error:
            why = f"cannot be removed from the store {self.path} ({atomic.why(error)})"
            raise StoreError(mask_meter(meter), f"{why}; nothing changed") from None

    def delete_everything(self) -> None:
        """Remove the store folder and every file in it (once no import is writing)."""
        if self.path.exists():
            with writer(self.path, self.on_wait):
                shutil.rmtree(self.path)
