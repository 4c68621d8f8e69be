"""A portal CSV of one load-curve block, read from its chunks: never held whole in memory.

The common file (and every large one) is a single ``Courbe de charge`` block. Its header
lines are read from the first chunk, then its rows are parsed piece by piece, each piece
cut at a line end, by the same pyarrow parser as a file read whole (:func:`.curve.parse_rows`);
the rows go on to the same curve builder. Memory is the rows' (about 24 bytes per value
while parsed), not the file's bytes and their copies.

Anything else (several blocks, an index or maximum-power block, a row pyarrow refuses, a
header beyond the first chunk) raises :class:`ingest.errors.ReadWhole`: the file is then
read whole by :func:`.read`, whose slower paths name the first bad line. Both give the same
export: a test compares them on every real and hand-made portal CSV.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import chain
from typing import TYPE_CHECKING

import polars as pl

from ingest.errors import ExportError, ReadWhole
from ingest.formats.enedis_portal_csv.assemble import export_of
from ingest.formats.enedis_portal_csv.blocks import first_block, headerless, headerless_block
from ingest.formats.enedis_portal_csv.curve import numbered, parse_rows
from ingest.lines import line_breaks, lines_in_breaks
from ingest.source import BOM

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ingest.export import Export, Note
    from ingest.source import Raw

CURVE = "Courbe de charge"
HEAD_BYTES = 64 * 1024
"""The least the first piece holds, so that it holds the header lines. [B]"""
LINE_BREAKS_ONLY = re.compile(rb"[\r\n]*")
"""A piece of blank lines only, skipped unparsed (each would be a row of pyarrow's)."""
PIECE_BYTES = 16 << 20
"""The most a piece parsed at once holds (about, whole lines). [B]

A 54 MB file reads in 148 ms in 16 MB pieces against 174 ms in 4 MB ones, a 503 MB file
in 1.24 s against 1.56 s (medians of 11 and 4 interleaved runs, 2026-12-07): each parse
by pyarrow starts and ends with a core idle. A piece with more line breaks than rows of
that size have (:data:`PIECE_BREAKS`) is cut again (:data:`DENSE_PIECE_BYTES`)."""
DENSE_PIECE_BYTES = 256 << 10
"""The most a piece of many short lines holds (about, whole lines). [B]

Bounds the memory of the rows parsed at once whatever they are: pyarrow makes a row of a
blank line (kept, so that row i is a line number), 75 to 120 bytes each while parsed,
then dropped. A piece of blank lines only is skipped (:data:`LINE_BREAKS_ONLY`). A file of
30 MB of blank lines between its 12 rows (``tests/ingest/test_fuzz.py``) peaks at 226 MB
in pieces of this size, 454 MB in 1 MB pieces, 709 MB in 4 MB ones (the size of every
piece before 2026-12-07), in the same time (45 ms for an 8 MB file of 9 blank lines after
each row, at 256 KB and at 1 MB)."""
PIECE_BREAKS = 2 << 20
"""The most line-break bytes (``\\n``, ``\\r``) a piece of :data:`PIECE_BYTES` may hold: its
rows then cost at most about 200 MB while parsed. A 16 MB piece of rows holds about
600,000 (1.2 million with CRLF line ends)."""


def read_chunks(chunks: Iterable[bytes], raw: Raw) -> Export:
    """Read a single-curve-block portal CSV from its chunks (``raw``: its name and options).

    Raises
    ------
    ReadWhole
        The file is not one load-curve block whose rows pyarrow parses.
    ExportError
        The block's metadata is wrong (its unit, its meter…), as a whole read says it.
    """
    pieces = _pieces(chunks)
    head = next(pieces, b"")
    if isinstance(head, memoryview):
        head = bytes(head)  # (the first piece is bytes: see _pieces)
    given = replace(raw, data=head)
    notes: list[Note] = []
    try:
        if headerless(head[:4096].removeprefix(BOM).lstrip(b"\r\n")):
            first = headerless_block(given, notes)
        else:
            first = first_block(given)
    except ExportError:
        raise ReadWhole from None  # (a whole read names the line, counted in the whole file)
    if first.meta.get("type de donnees") != CURVE:
        raise ReadWhole
    frames: list[tuple[pl.DataFrame, int]] = []  # each piece's rows and its first line
    line = first.body_line
    blank = False  # some blank lines dropped: the rows kept carry their line numbers
    for part in chain(_views(head, first.start, len(head)), pieces):
        if LINE_BREAKS_ONLY.fullmatch(part):  # (a hostile file's megabytes of them)
            line += lines_in_breaks(bytes(part))
            blank = True
            continue
        parsed = parse_rows(part, line)
        if parsed is None:
            raise ReadWhole
        frames.append((parsed[0], line))
        line += parsed[1]
        blank = blank or "line" in parsed[0].columns
    if blank:
        frames = [(numbered(f, at), at) for f, at in frames]
    rows = pl.concat([f for f, _ in frames]) if frames else None
    return export_of(given, [first], notes, single=rows)


def _pieces(chunks: Iterable[bytes]) -> Iterator[memoryview | bytes]:
    """The chunks cut at line ends: whole lines only, in order, none copied but the joins.

    The first piece is ``bytes`` of at least :data:`HEAD_BYTES` (or the whole file): it
    holds the header lines, searched as bytes. A line cut between two chunks is joined (a
    short copy); the rest of each chunk is handed on as views of it, of at most about
    :data:`PIECE_BYTES` each.
    """
    carry = b""
    first = True
    for chunk in chunks:
        if first and len(carry) + len(chunk) < HEAD_BYTES:
            carry += chunk
            continue
        cut = chunk.rfind(b"\n") + 1
        if cut == 0:  # no line end in the chunk: it belongs to the line still open
            carry += chunk
            continue
        if first:  # the head: whole lines, from HEAD_BYTES on, then the rest as views
            more = max(HEAD_BYTES - len(carry), 0)
            head = chunk.find(b"\n", more) + 1 or cut
            yield carry + chunk[:head]
            yield from _views(chunk, head, cut)
            first = False
        else:
            opened = chunk.find(b"\n") + 1
            yield carry + chunk[:opened]
            yield from _views(chunk, opened, cut)
        carry = chunk[cut:]
    if carry or first:
        yield carry


def _views(chunk: bytes, start: int, end: int, size: int = PIECE_BYTES) -> Iterator[memoryview]:
    """``chunk[start:end]`` (whole lines) as views of at most about ``size`` bytes.

    A view of more than :data:`PIECE_BREAKS` line-break bytes is cut again, in views of at
    most :data:`DENSE_PIECE_BYTES`.
    """
    view = memoryview(chunk)
    while start < end:
        stop = chunk.rfind(b"\n", start, start + size) + 1 if end - start > size else end
        if stop <= start:  # a line longer than a piece (within the line limit): to its end
            stop = chunk.find(b"\n", start, end) + 1 or end
        if size > DENSE_PIECE_BYTES and line_breaks(chunk, start, stop) > PIECE_BREAKS:
            yield from _views(chunk, start, stop, DENSE_PIECE_BYTES)
        else:
            yield view[start:stop]
        start = stop
