"""The local Parquet store: one file per table and meter, an import log, atomic commits.

Layout of a store folder::

    manifest.json                    the current generation: which files make the store
    curve/<anon-…>-<gen>.parquet     one file per table and meter (plain Parquet), named by
                                     a pseudonym of the meter, never its number
    daily/…  peaks/…  registers/…  periods/…
    imports/<gen>.json               one import-log entry per committed import
    settings.json                    the household's contract, as it last gave it
    secret.key                       the key of the pseudonyms (file names, shared exports)
    writer.lock                      held (flock) by the one import writing at a time
    reference/<name>.parquet         its own reference files (Tempo colours, temperatures)

Data files are named by a pseudonym of the meter (a keyed hash, :func:`pseudonym`), never
by its number; ``manifest.json`` maps each meter to its files. A store written before that
(files named ``curve/<meter>-<gen>.parquet``) still opens, and its files are renamed on its
next import.

Writers take turns: an import holds an exclusive advisory lock on ``writer.lock``
(``flock``; the system releases it when the process ends, even killed) from reading the
manifest to committing the new one, so two imports (command lines, dashboard sessions)
never commit the same generation. An import writes its new files under fresh names and
flushes them to disk (``fsync``, files and folders), then replaces ``manifest.json``
atomically (temporary file, ``fsync``, rename, ``fsync`` of the folder), then removes the
files it superseded. A crash at any point leaves the previous manifest, and so the
previous state, readable; files no manifest names are removed by the next import, under
the lock. A full disk or a folder that cannot be written to is one :class:`StoreError`,
and the previous state stays.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import itertools
import json
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from ingest.errors import ExportError, one_line
from ingest.privacy import mask_meter, mask_text, neutralise_formulas, pseudonym, pseudonymise
from ingest.schema import KEYS, SCHEMAS, SORT, TABLES, SchemaError, Table, conform, empty

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from ingest.export import Export

MANIFEST = "manifest.json"
SETTINGS = "settings.json"
SECRET = "secret.key"
REFERENCES = ("tempo", "temperatures")
LOCK = "writer.lock"
FORMAT_VERSION = 1
PSEUDONYMOUS = re.compile(r"^anon-[0-9a-f]{20}-\d+\.parquet$")
"""A data file's name since file names stopped holding the meter number."""


class StoreError(ExportError):
    """An import that could not be written: a full disk, a folder without write permission.

    One line naming the file being imported and the store; nothing changed in the store.
    (An :class:`ExportError`, so every caller that shows a file's error shows this one.)
    """


def default_path() -> Path:
    """``$COURBE_HOME`` if set, else the platform's user data folder for Courbe."""
    home = os.environ.get("COURBE_HOME")
    return Path(home) if home else Path(platformdirs.user_data_dir("courbe", appauthor=False))


@dataclass(frozen=True)
class TableChange:
    """What one import did to one table. [rows]."""

    added: int = 0
    replaced: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class ImportResult:
    """What :meth:`Store.add` did.

    Per table: rows added, replaced (the interval was there with another value) and skipped
    (already there, identical).
    """

    tables: dict[str, TableChange] = field(default_factory=dict)
    replaced_period: tuple[str, str] | None = None
    period: tuple[dt.date, dt.date] | None = None
    """First and last local day of the export (:meth:`ingest.export.Export.period`), as the
    import log records it: computed once, for the log and for whoever shows the import."""

    @property
    def added(self) -> int:
        """Rows new to the store, over all tables."""
        return sum(c.added for c in self.tables.values())

    @property
    def replaced(self) -> int:
        """Rows whose earlier value this import overwrote, over all tables."""
        return sum(c.replaced for c in self.tables.values())

    @property
    def skipped(self) -> int:
        """Rows already in the store with the same value, over all tables."""
        return sum(c.skipped for c in self.tables.values())


def _fsync(path: Path) -> None:
    """Flush a file's or a folder's content to the disk (a folder: the names in it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: temporary file, fsync, rename, fsync the folder."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync(path.parent)


ENCODINGS: dict[type[pl.DataType], str] = {
    pl.Datetime: "DELTA_BINARY_PACKED",
    pl.Date: "DELTA_BINARY_PACKED",
    pl.Int64: "DELTA_BINARY_PACKED",
    pl.Int32: "DELTA_BINARY_PACKED",
    pl.Float64: "BYTE_STREAM_SPLIT",
}
"""How each column kind is encoded in the Parquet files the store writes (others, strings
and enums, by dictionary), before zstd. A curve's instants go up by a constant step, so
delta encoding leaves almost nothing to compress; a float's bytes split by position
compress better. On 1.75 M curve intervals (bench/ingest_csv): 3.2 MB instead of 16.8 MB
with Polars' writer, and written in about half its time (the largest part of an import).
Every Parquet reader of format 2.8 or later (Polars, pyarrow, DuckDB) reads them."""


def _arrow(frame: pl.DataFrame, meter: str | None) -> pa.Table:
    """``frame`` as an Arrow table; a ``meter`` column known to hold one meter made whole.

    Converting a string column row by row and then finding its one value again in the
    writer's dictionary was a third of the write; a repeated value costs neither.
    """
    if meter is None or "meter" not in frame.columns:
        return frame.to_arrow()
    field = frame.head(0).to_arrow().schema.field("meter")  # the type Polars gives it
    column = pa.repeat(pa.scalar(meter, field.type), frame.height)
    return frame.drop("meter").to_arrow().add_column(frame.columns.index("meter"), field, column)


def _write_table(file: str, frame: pl.DataFrame, meter: str | None = None) -> None:
    """Write ``frame`` as Parquet (zstd, :data:`ENCODINGS`, statistics), through pyarrow.

    Through Arrow the Polars dtypes travel with the file (an Enum reads back as that
    Enum); Polars' own writer offers no choice of encoding. ``meter``: the one meter of
    every row, when the caller knows it (a store file holds one meter's rows).
    """
    encodings = {
        name: ENCODINGS[dtype.base_type()]
        for name, dtype in frame.schema.items()
        if dtype.base_type() in ENCODINGS
    }
    dictionary = [name for name in frame.columns if name not in encodings]
    pq.write_table(
        _arrow(frame, meter),
        file,
        compression="zstd",
        use_dictionary=dictionary,
        column_encoding=encodings,
        write_statistics=True,
    )


INCOMPLETE = "the file written is incomplete (is the disk full?)"


def _complete(file: str, rows: int) -> bool:
    """Whether ``file`` is a whole Parquet file of ``rows`` rows (its footer is written last).

    Polars' and pyarrow's writers both drop the error of their last write: on a full disk
    (Linux's ``/dev/full``), a small table's file comes out empty and no error is raised.
    """
    try:
        return bool(pq.read_metadata(file).num_rows == rows)
    except (pa.ArrowException, OSError):
        return False


def _write_parquet(path: Path, frame: pl.DataFrame, *, meter: str | None = None) -> None:
    """Write ``path`` whole or not at all, flushed to the disk (data and folder).

    ``meter``: the one meter of every row, when the caller knows it (see :func:`_arrow`).
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".parquet")
    os.close(fd)
    try:
        _write_table(tmp, frame, meter)
        if not _complete(tmp, frame.height):
            raise OSError(errno.EIO, INCOMPLETE)
        _fsync(Path(tmp))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync(path.parent)


def _why(error: Exception) -> str:
    """What went wrong writing, in a few words: the system's reason, or Polars' first line."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return one_line(str(error)) or type(error).__name__


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

    @contextlib.contextmanager
    def _writer(self) -> Iterator[None]:
        """Hold the store's writer lock (exclusive; the system drops it if the process dies).

        Calls :attr:`on_wait` first when another writer holds it, then waits its turn.
        Each call opens the lock file anew, so threads of one process (dashboard sessions)
        take turns as well.
        """
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if self.on_wait is not None:
                    self.on_wait()
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the only descriptor releases the lock

    # --- reading ----------------------------------------------------------------------------

    def _manifest(self) -> dict[str, Any]:
        try:
            manifest: dict[str, Any] = json.loads((self.path / MANIFEST).read_text("utf-8"))
        except FileNotFoundError:
            return {"version": FORMAT_VERSION, "generation": 0, "files": {t: {} for t in TABLES}}
        return manifest

    def _scan(self, table: Table) -> pl.LazyFrame:
        files = sorted(self._manifest()["files"].get(table, {}).values())
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
        files = self._manifest()["files"]
        return sorted({m for t in TABLES for m in files.get(t, {})})

    def imports(self) -> list[dict[str, Any]]:
        """The import log, oldest first: one entry per import that was committed."""
        manifest = self._manifest()
        folder = self.path / "imports"
        forgotten = set(manifest.get("forgotten", ()))
        entries = []
        for gen in range(1, manifest["generation"] + 1):
            p = folder / f"{gen}.json"
            if gen not in forgotten and p.exists():
                entries.append(json.loads(p.read_text("utf-8")))
        return entries

    def has_file(self, sha256: str) -> bool:
        """Whether a file with this digest was imported before."""
        return any(e["sha256"] == sha256 for e in self.imports())

    def settings(self) -> dict[str, Any]:
        """The settings saved by :meth:`save_settings` (empty when none were)."""
        try:
            saved: dict[str, Any] = json.loads((self.path / SETTINGS).read_text("utf-8"))
        except FileNotFoundError:
            return {}
        return saved

    def secret(self) -> bytes:
        """The store's pseudonym key (32 random bytes), made on first use; it never leaves."""
        path = self.path / SECRET
        if path.exists():
            return path.read_bytes()
        with self._writer():  # two first imports at once must not make two keys
            return self._secret_locked()

    def _secret_locked(self) -> bytes:
        """:meth:`secret`, for a caller that holds the writer lock."""
        path = self.path / SECRET
        if not path.exists():
            _atomic_write_bytes(path, secrets.token_bytes(32))
            path.chmod(0o600)
        return path.read_bytes()

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
                _write_parquet(path, frame)
            else:
                # A cell a spreadsheet would run as a formula (a TIC label "=HYPERLINK(…)").
                text = neutralise_formulas(frame).write_csv()
                _atomic_write_bytes(path, text.encode("utf-8"))
            written.append(path)
        return written

    def reference(self, name: str) -> pl.DataFrame | None:
        """A reference file saved by :meth:`save_reference`, or None."""
        path = self.path / "reference" / f"{name}.parquet"
        return pl.read_parquet(path) if path.exists() else None

    # --- writing ----------------------------------------------------------------------------

    def save_settings(self, settings: dict[str, Any]) -> None:
        """Remember the household's settings (plain JSON values), replacing the saved ones."""
        text = json.dumps(settings, ensure_ascii=False, indent=1, sort_keys=True)
        with self._writer():
            _atomic_write_bytes(self.path / SETTINGS, text.encode("utf-8"))

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
            with self._writer():
                path.unlink(missing_ok=True)
            return
        with self._writer():
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_parquet(path, frame)

    def add(self, export: Export) -> ImportResult:
        """Merge an export into the store and commit it atomically.

        Rows already present with the same value are skipped; rows whose interval (or day,
        or reading) is already present with another value replace it, and the import log
        says so. A curve interval that overlaps stored intervals of another step (a 60-min
        row over two 30-min rows) replaces them. Imports take turns (see the module's
        docstring); :attr:`on_wait` is called when this one has to wait.

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
            with self._writer():
                return self._add_locked(checked())
        except (OSError, pl.exceptions.PolarsError, pa.ArrowException) as error:
            raise self._cannot_write(current[0], error) from None

    def _cannot_write(self, export: Export, error: Exception) -> StoreError:
        why = f"cannot be written to the store {self.path} ({_why(error)}); nothing changed"
        return StoreError(export.name, why)

    def _add_locked(self, exports: Iterator[Export]) -> list[ImportResult]:
        """:meth:`add_many` once the writer lock is held: read, merge and write each, commit."""
        self._remove_orphans()
        manifest = self._manifest()
        generation = manifest["generation"]
        secret = self._secret_locked()
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
                    self._merge_export(export, files, generation, secret, superseded, written)
                )
            if not results:
                return results
            superseded += self._rename_old_files(files, generation, secret, written)
            new_manifest = {
                "version": FORMAT_VERSION,
                "generation": generation,
                "files": files,
                **_kept_forgotten(manifest),
            }
            _atomic_write_bytes(
                self.path / MANIFEST, json.dumps(new_manifest, indent=1).encode("utf-8")
            )
            committed = True
        except BaseException:
            if not committed:  # once the manifest names them, they are the store
                for p in written:
                    p.unlink(missing_ok=True)
            raise
        # Committed: what follows only tidies up (and the next import finishes it if not).
        with contextlib.suppress(OSError):
            for old_file in superseded:
                (self.path / old_file).unlink(missing_ok=True)
            for folder in sorted({f.split("/")[0] for f in superseded}):
                _fsync(self.path / folder)
        return results

    def _merge_export(
        self,
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
            for meter, part in _by_meter(new):
                old_file = files[table].get(meter)
                old = pl.read_parquet(self.path / old_file) if old_file else empty(table)
                merged, change, bounds = _merge(table, old, part)
                changes[table] = _plus(changes.get(table), change)
                if bounds:
                    replaced_bounds.append(bounds)
                if change.added == 0 and change.replaced == 0:
                    continue
                (self.path / table).mkdir(exist_ok=True)
                name = _file_name(table, meter, generation, secret)
                _write_parquet(self.path / name, merged, meter=meter)
                written.append(self.path / name)
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
        self._log(generation, export, result, secret)
        written.append(self.path / "imports" / f"{generation}.json")
        return result

    def _rename_old_files(
        self,
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
        for table, by_meter in files.items():
            for meter, name in by_meter.items():
                if PSEUDONYMOUS.match(name.rpartition("/")[2]):
                    continue
                new_name = _file_name(table, meter, generation, secret)
                os.link(self.path / name, self.path / new_name)
                written.append(self.path / new_name)
                _fsync(self.path / table)
                by_meter[meter] = new_name
                old_names.append(name)
        return old_names

    def _log(self, generation: int, export: Export, result: ImportResult, secret: bytes) -> None:
        period = result.period
        entry = {
            # An import log: the meter number never appears in it, masked wherever it would.
            "file": mask_text(export.name),
            "sha256": export.sha256,
            "bytes": export.file_size,
            "format": export.format,
            "meter": mask_meter(export.meter),
            # Which meters it is about, by pseudonym: what :meth:`remove_meter` goes by.
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
        (self.path / "imports").mkdir(exist_ok=True)
        _atomic_write_bytes(
            self.path / "imports" / f"{generation}.json",
            json.dumps(entry, ensure_ascii=False, indent=1).encode("utf-8"),
        )

    def _remove_orphans(self) -> None:
        """Remove files left by an import that crashed before its commit."""
        manifest = self._manifest()
        kept = {f for t in TABLES for f in manifest["files"].get(t, {}).values()}
        for table in TABLES:
            for p in (self.path / table).glob("*.parquet"):
                if f"{table}/{p.name}" not in kept:
                    p.unlink(missing_ok=True)
        for p in self.path.glob("**/.tmp-*"):
            p.unlink(missing_ok=True)
        forgotten = set(manifest.get("forgotten", ()))
        for p in (self.path / "imports").glob("*.json"):
            if p.stem.isdigit() and (
                int(p.stem) > manifest["generation"] or int(p.stem) in forgotten
            ):
                p.unlink(missing_ok=True)

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
            with self._writer():
                return self._remove_meter_locked(meter)
        except (OSError, pl.exceptions.PolarsError) as error:
            why = f"cannot be removed from the store {self.path} ({_why(error)}); nothing changed"
            raise StoreError(mask_meter(meter), why) from None

    def _remove_meter_locked(self, meter: str) -> dict[Table, int]:
        """:meth:`remove_meter` once the writer lock is held."""
        self._remove_orphans()
        manifest = self._manifest()
        files: dict[Table, dict[str, str]] = {t: dict(manifest["files"].get(t, {})) for t in TABLES}
        dropped = {t: files[t].pop(meter) for t in TABLES if meter in files[t]}
        if not dropped:  # another writer removed it first
            return {}
        removed = {
            t: int(pl.scan_parquet(self.path / f).select(pl.len()).collect().item())
            for t, f in dropped.items()
        }
        forgotten = sorted(
            set(manifest.get("forgotten", ()))
            | set(self._entries_of(meter, manifest, {m for t in TABLES for m in files[t]}))
        )
        new_manifest = {
            "version": FORMAT_VERSION,
            "generation": manifest["generation"] + 1,
            "files": files,
            **({"forgotten": forgotten} if forgotten else {}),
        }
        settings_path = self.path / SETTINGS
        old_settings = settings_path.read_bytes() if settings_path.exists() else None
        settings = _without_meter(self.settings(), meter)
        committed = False
        try:
            if old_settings is not None:
                text = json.dumps(settings, ensure_ascii=False, indent=1, sort_keys=True)
                _atomic_write_bytes(settings_path, text.encode("utf-8"))
            _atomic_write_bytes(
                self.path / MANIFEST, json.dumps(new_manifest, indent=1).encode("utf-8")
            )
            committed = True
        finally:
            if not committed and old_settings is not None:
                with contextlib.suppress(OSError):
                    _atomic_write_bytes(settings_path, old_settings)
        # Committed: what follows only tidies up (and the next write finishes it if not).
        with contextlib.suppress(OSError):
            for name in dropped.values():
                (self.path / name).unlink(missing_ok=True)
            for gen in forgotten:
                (self.path / "imports" / f"{gen}.json").unlink(missing_ok=True)
            for folder in {*(n.split("/")[0] for n in dropped.values()), "imports"}:
                if (self.path / folder).exists():
                    _fsync(self.path / folder)
        return removed

    def _entries_of(self, meter: str, manifest: dict[str, Any], others: set[str]) -> list[int]:
        """The generations of the import-log entries about ``meter`` and no meter in ``others``."""
        secret = self._secret_locked()
        mine = pseudonym(meter, secret)
        kept = {pseudonym(m, secret) for m in others}
        masked_others = {mask_meter(m) for m in others}
        found = []
        for gen in range(1, manifest["generation"] + 1):
            p = self.path / "imports" / f"{gen}.json"
            if not p.exists():
                continue
            entry = json.loads(p.read_text("utf-8"))
            if "meters" in entry:
                about = set(entry["meters"])
                if mine in about and not about & kept:
                    found.append(gen)
            elif entry.get("meter") == mask_meter(meter) and entry["meter"] not in masked_others:
                found.append(gen)
        return found

    def delete_everything(self) -> None:
        """Remove the store folder and every file in it (once no import is writing)."""
        if self.path.exists():
            with self._writer():
                shutil.rmtree(self.path)


def _export_meters(export: Export) -> set[str]:
    """The meters an export is about: the one it names and every one in its tables."""
    found = {export.meter}
    for table in TABLES:
        found |= set(export.table(table)["meter"].unique().to_list())
    return found


def _kept_forgotten(manifest: dict[str, Any]) -> dict[str, list[int]]:
    """The manifest's list of forgotten import-log entries, to carry into the next one."""
    forgotten = manifest.get("forgotten")
    return {"forgotten": list(forgotten)} if forgotten else {}


def _without_meter(settings: dict[str, Any], meter: str) -> dict[str, Any]:
    """The settings with ``meter`` taken out of every mapping keyed by meter (its name)."""
    return {
        k: {m: v for m, v in value.items() if m != meter} if isinstance(value, dict) else value
        for k, value in settings.items()
    }


def _file_name(table: str, meter: str, generation: int, secret: bytes) -> str:
    """Where one table of one meter goes, named by the meter's pseudonym, never its number."""
    return f"{table}/{pseudonym(meter, secret)}-{generation}.parquet"


def _by_meter(frame: pl.DataFrame) -> Iterator[tuple[str, pl.DataFrame]]:
    """The rows of each meter: the whole frame when it holds one (every file's case)."""
    first = str(frame["meter"][0])
    if (frame["meter"] == first).all():
        yield first, frame
        return
    for (meter,), part in frame.partition_by("meter", as_dict=True).items():
        yield str(meter), part


def _plus(a: TableChange | None, b: TableChange) -> TableChange:
    if a is None:
        return b
    return TableChange(a.added + b.added, a.replaced + b.replaced, a.skipped + b.skipped)


def _merge(
    table: Table, old: pl.DataFrame, new: pl.DataFrame
) -> tuple[pl.DataFrame, TableChange, tuple[str, str] | None]:
    """Merge ``new`` rows into ``old`` rows of one meter; the new rows win.

    Returns the merged frame, the counts, and the span of replaced rows (if any).
    """
    keys = list(KEYS[table])
    value = [c for c in SCHEMAS[table] if c not in keys]
    if old.height == 0:
        return conform(new, table), TableChange(added=new.height), None
    same = new.join(old, on=keys + value, how="semi", nulls_equal=True)
    if table == "curve":
        # Overlap, not only the same start: a 60-min interval replaces two 30-min ones.
        old_hit = _overlapping(old, new)
        new_hit = _overlapping(new, old)
    else:
        old_hit = old.join(new, on=keys, how="semi")
        new_hit = new.join(old, on=keys, how="semi")
    replaced_old = old_hit.join(same, on=keys + value, how="anti", nulls_equal=True)
    kept_old = old.join(old_hit, on=keys, how="anti")
    merged = pl.concat([kept_old, new]).sort(SORT[table])
    change = TableChange(
        added=new.height - new_hit.height,
        replaced=new_hit.height - same.height,
        skipped=same.height,
    )
    bounds = None
    if replaced_old.height:
        col = "start" if table == "curve" else ("at" if table == "registers" else "day")
        bounds = (str(replaced_old[col].min()), str(replaced_old[col].max()))
    return merged, change, bounds


def _overlapping(rows: pl.DataFrame, other: pl.DataFrame) -> pl.DataFrame:
    """The curve ``rows`` whose interval overlaps an interval of ``other`` (same direction).

    ``other``'s intervals do not overlap each other, so the candidate is the last interval
    of ``other`` starting before the row ends: they overlap if it ends after the row starts.
    """
    probe = rows.with_columns(
        _probe=pl.col("end") - pl.duration(microseconds=1), _row=pl.int_range(pl.len())
    ).sort("_probe")
    right = other.select("direction", _probe=pl.col("start"), _other_end=pl.col("end")).sort(
        "_probe"
    )
    hit = probe.join_asof(
        right, on="_probe", by="direction", strategy="backward", check_sortedness=False
    )
    return (
        hit.filter(pl.col("_other_end") > pl.col("start"))
        .sort("_row")
        .drop("_probe", "_row", "_other_end")
    )
