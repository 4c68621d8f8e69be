"""``python -m ingest``: import export files into the local store."""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from ingest import digest, distributed, schema
from ingest.cli_export import exported
from ingest.errors import ExportError, one_line, unexpected
from ingest.privacy import mask_text
from ingest.read import read_bytes, read_export
from ingest.schema import METER_RULE, SchemaError, valid_meter
from ingest.store import Store, default_path
from ingest.summary import line, read_summary, with_result
from ingest.timestamps import moment
from words import LANGS

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator, Sequence

    from ingest.export import Export


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Import Linky export files into Courbe's local store. "
        "`python -m ingest export --help`: write it for sharing, pseudonymised.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="export files, or folders of them")
    p.add_argument(
        "--store",
        type=Path,
        default=None,
        help=f"store folder (default: $COURBE_HOME, else {default_path()})",
    )
    p.add_argument("--json", action="store_true", help="print one JSON document instead of lines")
    p.add_argument(
        "--lang",
        choices=LANGS,
        default="fr",
        help="the language of the notes' text in --json (default fr); their 'message' is "
        "always English and their 'key' the catalogue's",
    )
    p.add_argument(
        "--unit",
        choices=tuple(schema.UNITS),
        help="for a two-column CSV whose header names no unit: the values' unit",
    )
    p.add_argument(
        "--time-zone",
        default=None,
        help="for a two-column CSV with naive times: their zone (default Europe/Paris)",
    )
    p.add_argument(
        "--meter",
        type=_meter,
        help="for a file that names no meter (a two-column CSV, a gateway page without "
        "usage_point_id): the name to store it under (default 'unknown'); a file that "
        "names its meter keeps it",
    )
    p.add_argument(
        "--start",
        type=_moment,
        help="for a historic-mode TIC capture without receive times: when it began, "
        "e.g. 2024-01-08T12:00:00+01:00 (without an offset: Paris time)",
    )
    p.add_argument(
        "--scheduler",
        help="read the files on Dask workers: 'local' or a scheduler's address (the store is "
        "still written here, one commit per file)",
    )
    return p


def _meter(text: str) -> str:
    """A meter id for ``--meter``: a PRM or a short name (see :data:`ingest.schema.METER_ID`)."""
    meter = text.strip()
    if not valid_meter(meter):
        msg = f"{mask_text(meter)[:40]!r} is not a meter id ({METER_RULE})"
        raise argparse.ArgumentTypeError(msg)
    return meter


def _moment(text: str) -> dt.datetime:
    """A date and time for ``--start``; a naive one is Paris time."""
    try:
        return moment(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _expand(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
            )
        else:
            yield path


OVERLAP_BYTES = 1 << 20
"""From this size on, a file no earlier import had the size of is hashed on a second
thread while it is parsed (the hash lets go of the GIL): on the 54 MB CSV of
bench/ingest_csv the digest then costs next to nothing instead of a quarter of a bare
``polars.read_csv``. Smaller files are hashed first: a millisecond. [B]"""


def _read(
    path: Path,
    seen: frozenset[str],
    options: dict[str, Any],
    sizes: frozenset[int] | None = None,
) -> Export | str:
    """Read one file (in a worker process).

    Returns the export, ``"seen"`` when a file with the same bytes was imported before,
    or the file's one-line error. A file is read once (:func:`ingest.read.read_bytes`),
    hashed from those bytes, and parsed from them unless it was seen; a TIC capture,
    which can be gigabytes, is streamed, never held whole, its digest taken as it passes.

    ``sizes``: the sizes of every file imported before (None when some are unknown, in
    a store logged before sizes were). A file of none of them cannot have been seen: it
    is hashed while it is parsed (:data:`OVERLAP_BYTES`), not before; a capture that may
    have been seen is hashed in chunks before it is streamed.
    """
    try:
        data = read_bytes(path, unit=options["unit"])
        size = path.stat().st_size if data is None else len(data)
        unseen = sizes is not None and size not in sizes
        overlap = data is not None and size >= OVERLAP_BYTES and unseen
        if data is None and not unseen:
            sha = digest.of_file(path)
        elif data is None:
            sha = ""  # taken while it is streamed
        elif not overlap:
            sha = digest.of_bytes(data)
    except ExportError as error:  # cannot be read, or too large for its format
        return mask_text(one_line(str(error)))
    except OSError as error:
        return mask_text(one_line(f"{path}: cannot be read ({error.strerror})"))
    if data is not None and overlap:
        with ThreadPoolExecutor(1) as thread:
            taken = thread.submit(digest.of_bytes, data)
            outcome = _parse(path, data, options)
            sha = taken.result()
    elif not unseen and _seen(sha, path, data, seen):
        return "seen"
    else:
        outcome = _parse(path, data, options)
    if isinstance(outcome, str):
        return outcome
    return outcome.of_file(digest=sha or outcome.digest, size=size)


def _parse(path: Path, data: bytes | None, options: dict[str, Any]) -> Export | str:
    """The export of one file (its bytes, or its path to stream), or its one-line error."""
    try:
        export = read_export(path if data is None else data, name=path.name, **options)
    except (ExportError, SchemaError) as error:
        return mask_text(one_line(str(error)))
    except Exception as error:  # a fault of Courbe's, not the file's: one line, batch goes on
        return mask_text(unexpected(path.name, error))
    return export


def _seen(sha: str, path: Path, data: bytes | None, seen: frozenset[str]) -> bool:
    """Whether a file of digest ``sha`` was imported before (``seen``: :func:`digest.logged`).

    A store logged before 2026-12-07 knows its files by SHA-256: the file's is taken too,
    only then, and only for a file that may have been seen (of a size imported before).
    """
    if digest.named(sha) in seen:
        return True
    if not any(s.startswith(f"{digest.LEGACY}:") for s in seen):
        return False
    old = (
        digest.of_file(path, digest.LEGACY)
        if data is None
        else digest.of_bytes(data, digest.LEGACY)
    )
    return digest.named(old, digest.LEGACY) in seen


def _waiting() -> None:
    """Say, once per file, that an import waits for another one (the store's writer lock)."""
    print(
        "waiting: another import (a command line or the dashboard) is writing to the store",
        file=sys.stderr,
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Import each file and print one line per file.

    Exit 0 if all were imported, 1 if any failed (the others are still imported), 2 for a
    usage error. ``python -m ingest export …`` writes the store for sharing instead.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["export"]:
        status, out, err = exported(argv[1:])
        for text in out:
            print(text)
        for text in err:
            print(text, file=sys.stderr)
        return status
    args = _parser().parse_args(argv)
    store = Store(args.store, on_wait=_waiting)
    results: list[dict[str, Any]] = []
    failed = skipped = 0
    paths = list(_expand(args.files))
    imports = store.imports()
    seen = frozenset(digest.logged(e) for e in imports)
    known = [e.get("bytes") for e in imports]
    sizes = frozenset(k for k in known if k) if all(known) else None  # None: some unknown
    options = {
        "unit": args.unit,
        "time_zone": args.time_zone,
        "start": args.start,
        "meter": args.meter,
    }
    # Files are read on every core; the store is written here, one commit per file.
    workers = min(os.cpu_count() or 1, len(paths)) if len(paths) >= 4 else 1
    # Spawned, not forked: a fork of a process whose Polars threads run can deadlock.
    spawn = multiprocessing.get_context("spawn")
    pool = (
        ProcessPoolExecutor(workers, mp_context=spawn)
        if workers > 1 and not args.scheduler
        else None
    )
    parsed = (
        pool.map(
            _read,
            paths,
            itertools.repeat(seen),
            itertools.repeat(options),
            itertools.repeat(sizes),
            chunksize=4,
        )
        if pool
        else (_read(path, seen, options, sizes) for path in paths)
    )
    if args.scheduler:  # Dask is imported only then
        parsed = distributed.map_files(_read, paths, seen, options, scheduler=args.scheduler)
    bar = tqdm(
        parsed,
        total=len(paths),
        unit="file",
        disable=None if len(paths) > 1 else True,  # only on a terminal, and for batches
        file=sys.stderr,
    )
    # Read summaries of the exports being written, by their place in ``results``.
    pending: list[tuple[int, dict[str, Any]]] = []

    def failure(shown: str, message: str) -> None:
        nonlocal failed
        failed += 1
        results.append({"file": shown, "ok": False, "error": message})
        if not args.json:
            bar.write(f"error: {message}", file=sys.stderr)

    def readable() -> Iterator[Export]:
        """Each file's export as it is read, the unreadable ones reported on the way."""
        nonlocal skipped
        for path, outcome in zip(paths, bar, strict=True):
            shown = mask_text(one_line(str(path)))  # a file name often holds the meter number
            if outcome == "seen":
                skipped += 1
                results.append({"file": shown, "ok": True, "skipped": "already imported"})
                if not args.json:
                    name = mask_text(one_line(path.name))
                    bar.write(f"{name}: already imported (the same bytes); nothing changed")
                continue
            if isinstance(outcome, str):
                failure(shown, outcome)
                continue
            try:
                valid = outcome.validate()
            except SchemaError as error:
                failure(shown, mask_text(one_line(str(ExportError(outcome.name, str(error))))))
                continue
            pending.append((len(results), read_summary(valid, args.lang)))
            results.append({"file": shown, "ok": False, "error": "not written"})
            yield valid

    try:
        # One hold of the writer lock and one commit for the whole batch: every readable
        # file is in the store, or (the store could not be written) none is.
        written = store.add_many(readable())
    except ExportError as error:  # a StoreError: the store could not be written
        message = mask_text(one_line(str(error)))
        for i, _ in pending:
            results[i]["error"] = message
        failed += len(pending)
        if not args.json:
            bar.write(f"error: {message}", file=sys.stderr)
        pending.clear()
        written = []
    finally:
        bar.close()
        if pool:
            pool.shutdown()
    for (i, read), result in zip(pending, written, strict=True):
        results[i] = with_result(read, result)
        results[i]["file"] = mask_text(one_line(results[i]["file"]))
        if not args.json:
            print(line(results[i]))
    if not args.json and len(paths) > 1:
        imported = len(paths) - failed - skipped
        print(
            f"{imported} imported, {skipped} already imported, {failed} failed",
            file=sys.stderr,
        )
        if failed > 10:  # a long batch: the failures again, together, after the progress
            for r in results:
                if not r["ok"]:
                    print(f"  failed: {r['error']}", file=sys.stderr)
    if args.json:
        print(
            json.dumps(
                {"store": mask_text(str(store.path)), "files": results},
                ensure_ascii=False,
                indent=1,
                default=str,
            )
        )
    return 1 if failed else 0
