"""The store's partitions: a meter's files by table, and reading them."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import fsspec
import polars as pl

from ingest.schema import SCHEMAS, TABLES, Table
from ingest.store import FORMAT_VERSION, MANIFEST

if TYPE_CHECKING:
    from collections.abc import Iterator


class PartitionError(Exception):
    """One partition's task failed: one line naming its file and what was expected."""


@dataclass(frozen=True)
class Partition:
    """One meter of a store: the URL of each of its tables' file."""

    meter: str
    files: dict[str, str]


def url_in(store: str, name: str) -> str:
    """The URL of ``name`` inside the folder (or fsspec URL) ``store``."""
    return f"{store.rstrip('/')}/{name}"


def partitions(store: str) -> list[Partition]:
    """The meters of a store (a folder or fsspec URL), from its manifest; [] if it has none.

    Raises
    ------
    PartitionError
        If the manifest cannot be read or is of another format version.
    """
    url = url_in(store, MANIFEST)
    try:
        with fsspec.open(url, "rb") as f:
            manifest: dict[str, Any] = json.loads(f.read())
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        msg = f"{url}: cannot be read as a store manifest ({error})"
        raise PartitionError(msg) from None
    if manifest.get("version") != FORMAT_VERSION:
        msg = f"{url}: store format {manifest.get('version')!r}, expected {FORMAT_VERSION}"
        raise PartitionError(msg)
    files: dict[str, dict[str, str]] = manifest["files"]
    meters = sorted({m for t in TABLES for m in files.get(t, {})})
    return [
        Partition(m, {t: url_in(store, files[t][m]) for t in TABLES if m in files.get(t, {})})
        for m in meters
    ]


def scan(part: Partition, table: Table) -> pl.LazyFrame:
    """One table of one partition (canonical columns); empty if the meter has none.

    A local file is scanned; any other URL is read through fsspec (one meter's file).
    """
    url = part.files.get(table)
    if url is None:
        return pl.DataFrame(schema=SCHEMAS[table]).lazy()
    fs, path = fsspec.core.url_to_fs(url)
    if fs.protocol in ("file", ("file", "local")):
        return pl.scan_parquet(path, schema=SCHEMAS[table])
    try:
        with fs.open(path, "rb") as f:
            return pl.read_parquet(f, schema=SCHEMAS[table]).lazy()
    except FileNotFoundError:
        raise PartitionError(_missing(url)) from None
    except (OSError, pl.exceptions.PolarsError) as error:
        raise PartitionError(_unreadable(url, table, error)) from None


def _missing(url: str) -> str:
    return f"{url}: no such file (the store's manifest names it)"


def _unreadable(url: str, table: Table, error: Exception) -> str:
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"{url}: expected a Parquet file of the store's {table} table ({first})"


@contextlib.contextmanager
def naming(part: Partition, table: Table) -> Iterator[None]:
    """Turn a read failure of ``part``'s ``table`` file into a :class:`PartitionError`."""
    url = part.files.get(table, part.meter)
    try:
        yield
    except FileNotFoundError:
        raise PartitionError(_missing(url)) from None
    except (OSError, pl.exceptions.PolarsError) as error:
        raise PartitionError(_unreadable(url, table, error)) from None
