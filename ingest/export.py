"""What a reader returns: the canonical tables of one file, and what was inferred or left out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, cast

import polars as pl

from ingest.digest import of_bytes
from ingest.privacy import mask_text
from ingest.schema import TABLES, Table, empty, validate
from ingest.timestamps import local_day
from words import Said, said, say

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from words import Lang
import functools

NoteKind = Literal["inferred", "skipped", "info"]
_VALID = "_validated"
"""The instance attribute that records a passed :meth:`Export.validate`."""


@dataclass(frozen=True)
class Note:
    """One thing a reader wants the user to know, as a sentence of the catalogue.

    ``inferred`` says what the file did not state and the reader worked out (format, step,
    timestamp convention, unit); ``skipped`` is a row not used, with its line and why;
    ``info`` is anything else worth knowing. ``text`` is a :class:`words.Said` (a key of
    ``words/ingest.toml`` and its values): pages say it in the reader's language with
    :meth:`say`; :attr:`message` is its English, the stable form logs and tests go by.
    """

    kind: NoteKind
    text: Said
    line: int | None = None

    @property
    def message(self) -> str:
        """The note in English, without its line."""
        return self.text.say(lang="en")

    def say(self, lang: Lang = "fr") -> str:
        """The note in ``lang``, with its line when it has one."""
        if self.line is None:
            return self.text.say(lang)
        return say("ingest.note.at_line", lang, line=str(self.line), text=self.text)

    def masked(self) -> Note:
        """The note with every meter number in its values masked (for logs and pages)."""
        return replace(self, text=_masked(self.text)) if self.text.values else self

    def as_dict(self) -> dict[str, object]:
        """Plain types, for JSON: kind, line, the catalogue key and its values."""
        return {"kind": self.kind, "line": self.line, **self.text.as_dict()}

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> Note:
        """The note :meth:`as_dict` wrote (as the import log keeps it)."""
        return cls(entry["kind"], _said(entry), entry.get("line"))

    def __str__(self) -> str:
        return self.say(lang="en")


def _masked(text: Said) -> Said:
    values = {
        k: _masked(v) if isinstance(v, Said) else mask_text(v) if isinstance(v, str) else v
        for k, v in text.values.items()
    }
    return Said(text.key, values)


def _said(entry: Mapping[str, Any]) -> Said:
    """A :class:`Said` from its :meth:`Said.as_dict` form, nested sentences included."""
    values = {
        k: _said(v) if isinstance(v, dict) and set(v) == {"key", "values"} else v
        for k, v in entry["values"].items()
    }
    return said(entry["key"], **values)


@dataclass(frozen=True)
class Export:
    """The canonical content of one export file.

    Attributes
    ----------
    name
        The file name (or what the caller called the source).
    format
        Short name of the format, e.g. ``enedis-portal-csv``.
    meter
        The meter (PRM) the file is about.
    curve, daily, peaks, registers, periods
        Canonical frames (see :mod:`ingest.schema`); empty when the file has none.
    notes
        What was inferred, and every row not used with its line number and why.
    metadata
        Header fields the file carries (requested period, unit, calendar labels…).
    digest
        The file's digest (:mod:`ingest.digest`), when the reader took it while reading
        (a file streamed from its path); otherwise :attr:`file_digest` takes it from
        ``data`` on first use.
    data
        The file's bytes, kept for :attr:`file_digest`.
    size
        The file's size when the caller knows it and no longer keeps ``data``; 0 when
        unknown (see :attr:`file_size`). [B]
    """

    name: str
    format: str
    meter: str
    curve: pl.DataFrame = field(default_factory=lambda: empty("curve"))
    daily: pl.DataFrame = field(default_factory=lambda: empty("daily"))
    peaks: pl.DataFrame = field(default_factory=lambda: empty("peaks"))
    registers: pl.DataFrame = field(default_factory=lambda: empty("registers"))
    notes: tuple[Note, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    digest: str = ""
    data: bytes = field(default=b"", repr=False, compare=False)
    periods: pl.DataFrame = field(default_factory=lambda: empty("periods"))
    size: int = 0

    @property
    def file_size(self) -> int | None:
        """The file's size [B], for the import log: :attr:`size`, else that of ``data``."""
        return self.size or len(self.data) or None

    @functools.cached_property
    def file_digest(self) -> str:
        """The hex digest of the file's bytes (:mod:`ingest.digest`), taken when first asked.

        The store's log asks for it.
        """
        return self.digest or of_bytes(self.data)

    def of_file(self, *, digest: str, size: int) -> Export:
        """The same export with its file's digest and size [B], without the file's bytes.

        The tables are the same, so a passed :meth:`validate` still holds.
        """
        export = replace(self, digest=digest, size=size, data=b"")
        if self.__dict__.get(_VALID):
            export.__dict__[_VALID] = True
        return export

    def validate(self) -> Export:
        """Check every table against the canonical schema; return self.

        Checked once: the reader checks what it returns, and the store, which checks every
        export it is given, does not do it again (an export's frames are not changed in
        place; :func:`dataclasses.replace` makes a new export, checked anew).

        Raises
        ------
        ingest.schema.SchemaError
            Naming the first rule broken.
        """
        if self.__dict__.get(_VALID):
            return self
        for table in self.tables():
            validate(self.table(table), table)
        self.__dict__[_VALID] = True  # frozen: set as functools.cached_property sets its value
        return self

    @staticmethod
    def tables() -> tuple[Table, ...]:
        """The names of the canonical tables, in order."""
        return TABLES

    def table(self, name: Table) -> pl.DataFrame:
        """One canonical table by name."""
        frame: pl.DataFrame = getattr(self, name)
        return frame

    @property
    def rows(self) -> int:
        """Rows over all the tables (:data:`ingest.schema.TABLES`)."""
        return sum(self.table(t).height for t in self.tables())

    def period(self) -> tuple[dt.date, dt.date] | None:
        """First and last local day covered by any table, or None if the export is empty.

        From each table's first and last instant (a min and a max, no per-row work): the
        Europe/Paris day of an instant never goes back as the instant grows (the clock
        changes at 01:00 UTC, 02:00 or 03:00 local time, never across midnight), so the
        first instant's day is the first day and the last instant's day the last.
        A curve's last instant is just before its last interval's end.
        """
        last_instant = pl.col("end").max() - pl.duration(microseconds=1)
        bounds = [
            (self.curve, local_day(pl.col("start").min()), local_day(last_instant)),
            (self.registers, local_day(pl.col("at").min()), local_day(pl.col("at").max())),
            (self.daily, pl.col("day").min(), pl.col("day").max()),
            (self.peaks, pl.col("day").min(), pl.col("day").max()),
        ]
        found = [
            frame.select(a.alias("a"), b.alias("b")).row(0)
            for frame, a, b in bounds
            if frame.height
        ]
        if not found:
            return None
        return min(cast("dt.date", f[0]) for f in found), max(cast("dt.date", f[1]) for f in found)

    def skipped(self) -> list[Note]:
        """The notes about rows that were not used."""
        return [n for n in self.notes if n.kind == "skipped"]
