"""Merging an export's rows into a meter's stored rows, and what an import did.

Pure functions from frame to frame: nothing here reads or writes the store folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from ingest.schema import KEYS, SCHEMAS, SORT, Table, conform

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator


@dataclass(frozen=True)
class TableChange:
    """What one import did to one table. [rows]."""

    added: int = 0
    replaced: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class ImportResult:
    """What :meth:`ingest.store.Store.add` did.

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


def by_meter(frame: pl.DataFrame) -> Iterator[tuple[str, pl.DataFrame]]:
    """The rows of each meter: the whole frame when it holds one (every file's case).

    Asked by expressions: a reader's one meter is a constant column, which ``frame["meter"]``
    would make into a string per row (240 MB at 16 million intervals).
    """
    first = str(frame.select(pl.col("meter").first()).item())
    if frame.select((pl.col("meter") == first).all()).item():
        yield first, frame
        return
    for (meter,), part in frame.partition_by("meter", as_dict=True).items():
        yield str(meter), part


def plus(a: TableChange | None, b: TableChange) -> TableChange:
    """``b`` added to ``a``, the counts so far of one table (None: nothing yet)."""
    if a is None:
        return b
    return TableChange(a.added + b.added, a.replaced + b.replaced, a.skipped + b.skipped)


def merge(
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
        old_hit = overlapping(old, new)
        new_hit = overlapping(new, old)
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


def overlapping(rows: pl.DataFrame, other: pl.DataFrame) -> pl.DataFrame:
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
