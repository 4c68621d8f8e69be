"""What a file may be before a reader sees it: sizes, line lengths, zip contents.

Every limit is named here with its reason. :func:`ingest.read_export` applies them where
every reader is called, so a hostile file (a zip bomb, a 50 MB line) is refused in one
line naming it before any library allocates memory for it.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from ingest.errors import ExportError
from ingest.formats import (
    dataconnect_json,
    enedis_portal_csv,
    enedis_portal_xlsx,
    greenbutton_xml,
    tic,
)
from ingest.lines import line_count

MB = 1 << 20

MAX_FILE_BYTES: dict[str, int] = {
    enedis_portal_xlsx.FORMAT: 32 * MB,
    dataconnect_json.FORMAT: 256 * MB,
    greenbutton_xml.FORMAT: 256 * MB,
}
"""The largest file of a format read whole in memory. [bytes]

A year of 30-min values is under 2 MB in any format and the longest history Enedis gives
is three years, so these leave a wide margin while keeping a reader's memory (three to
five times the file) under about 1 GB. XLSX is compressed: its contents are limited
below (:data:`MAX_UNZIPPED_BYTES`). A TIC capture or a portal CSV given as a path is
streamed instead (:data:`MAX_STREAMED_BYTES`)."""

MAX_TEXT_BYTES = 256 * MB
"""The largest CSV (any CSV format) read whole in memory. [bytes] (see :data:`MAX_FILE_BYTES`)"""

MAX_LINE_BYTES = 64 * 1024
"""The longest line of a CSV or a TIC capture. [bytes]

Real lines are under 200 bytes (an R63 header with every column); a line of megabytes is
damage or an attack, and CSV parsers hold a whole line (and copies of it) in memory."""

MAX_LINES = 2_000_000
"""The most lines a CSV (any CSV format) may have.

Three years of 10-min values, the longest history the portal gives at its finest step,
are about 160,000 lines; the real exports here are at most 27,665. Parsers keep a few
dozen bytes per line per copy, blank ones too: 30 million blank lines (a 30 MB file) took
more than 1 GB. It applies to a CSV read whole; a TIC capture (a line per group, millions
a day) and a portal CSV of one curve block (read 16 MB at a time, from its path or its
bytes, blank lines passed over) have no such limit."""

UNLINED = frozenset({dataconnect_json.FORMAT, greenbutton_xml.FORMAT, enedis_portal_xlsx.FORMAT})
"""Formats whose whole file may be one line (JSON, XML) or that are binary (XLSX)."""

MAX_ZIP_ENTRIES = 1000
"""The most files an XLSX may hold (the portal's hold about 30)."""
MAX_UNZIPPED_BYTES = 128 * MB
"""The most an XLSX may hold once unzipped, all its files together. [bytes]

The portal's workbooks hold about 0.6 MB per year of 30-min values."""
MAX_ZIP_RATIO = 100
"""The most a file in an XLSX may expand, unzipped size over zipped size.

The portal's sheets expand about 10 times; a zip bomb expands a thousand times and more."""
SMALL_ENTRY = MB
"""A file in an XLSX this small may expand more than :data:`MAX_ZIP_RATIO` (an empty
sheet of a few bytes zipped to fewer): it cannot hold much. [bytes]"""

ZIP = b"PK\x03\x04"


MAX_STREAMED_BYTES: dict[str, int] = {enedis_portal_csv.FORMAT: 2048 * MB}
"""The largest file of a format streamed from its path (never held whole). [bytes]

A portal CSV streamed holds its rows, not its bytes: about 24 bytes per value while it is
parsed, then its canonical table (about 50 bytes per value), so 2 GB (some 4,000 years of
30-min values) stays within a few GB of memory. A TIC capture has no limit: a value per
half-hour is kept of its millions of lines a day. A portal CSV that cannot be streamed
(several blocks) is read whole, within :data:`MAX_TEXT_BYTES`."""


def max_file_bytes(fmt: str) -> int | None:
    """The size limit of a format read whole in bytes, or None for a TIC capture."""
    if fmt == tic.FORMAT:
        return None
    return MAX_FILE_BYTES.get(fmt, MAX_TEXT_BYTES)


def check_streamed_size(name: str, fmt: str, size: int) -> None:
    """Refuse a file streamed from its path larger than its format's streamed limit."""
    limit = MAX_STREAMED_BYTES.get(fmt)
    if limit is not None and size > limit:
        msg = f"{size / MB:,.0f} MB is too large for {fmt} (at most {limit // MB:,} MB)"
        raise ExportError(name, msg)


def check_size(name: str, fmt: str, size: int) -> None:
    """Refuse a file larger than its format's limit (in one line naming it)."""
    limit = max_file_bytes(fmt)
    if limit is not None and size > limit:
        msg = f"{size / MB:,.0f} MB is too large for {fmt} (at most {limit // MB} MB)"
        raise ExportError(name, msg)


class Lines:
    """Whether a text fed piece by piece has a line over ``limit`` bytes (newline excluded).

    Jumps from the last newline of one ``limit``-byte window to the next (``rfind``, in
    C), so a gigabyte costs a few thousand steps, not one per line.
    """

    def __init__(self, limit: int = MAX_LINE_BYTES) -> None:
        self.limit = limit
        self.run = 0
        """Bytes of the line still open at the end of the last piece."""

    def feed(self, chunk: bytes) -> bool:
        """Take the next piece; True once a line longer than the limit was seen."""
        pos, n = 0, len(chunk)
        while True:
            end = pos + self.limit - self.run + 1  # a newline must come before this
            if end > n:  # the rest of the piece is shorter than a whole line may be
                last = chunk.rfind(b"\n", pos)
                self.run = self.run + n - pos if last == -1 else n - last - 1
                return self.run > self.limit
            last = chunk.rfind(b"\n", pos, end)
            if last == -1:
                return True
            pos, self.run = last + 1, 0


def check_lines(name: str, data: bytes) -> None:
    """Refuse a text with a line longer than :data:`MAX_LINE_BYTES` (one line naming it)."""
    if Lines().feed(data):
        raise ExportError(name, too_long())


def check_line_count(name: str, data: bytes) -> None:
    """Refuse a CSV of more than :data:`MAX_LINES` lines (one line naming it)."""
    lines = line_count(data)
    if lines > MAX_LINES:
        msg = (
            f"{lines:,} lines (at most {MAX_LINES:,}): a damaged file, or not an export "
            "(three years of 10-min values are about 160,000 lines)"
        )
        raise ExportError(name, msg)


def too_long() -> str:
    """The message for a line over :data:`MAX_LINE_BYTES`."""
    return (
        f"a line longer than {MAX_LINE_BYTES // 1024} KB: a damaged file, or not an export "
        "(export lines are under 200 bytes)"
    )


def check_zip(name: str, data: bytes) -> None:
    """Refuse an XLSX (a zip) whose contents break the limits, before any reader opens it.

    Checks the sizes the zip declares (count, total, each file's expansion), then unzips
    each file in pieces, keeping nothing, to prove it holds no more than it declares.
    """
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        entries = book.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise ExportError(name, f"not a readable spreadsheet (a damaged zip: {error})") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        msg = f"an XLSX of {len(entries):,} files (at most {MAX_ZIP_ENTRIES}): not a workbook"
        raise ExportError(name, msg)
    total = sum(e.file_size for e in entries)
    if total > MAX_UNZIPPED_BYTES:
        msg = (
            f"an XLSX holding {total / MB:,.0f} MB unzipped (at most {MAX_UNZIPPED_BYTES // MB}"
            " MB): a zip bomb or not an export"
        )
        raise ExportError(name, msg)
    for e in entries:
        if e.file_size > SMALL_ENTRY and e.file_size > MAX_ZIP_RATIO * max(e.compress_size, 1):
            msg = (
                f"{e.filename!r} in this XLSX expands {e.file_size / max(e.compress_size, 1):,.0f}"
                f" times (at most {MAX_ZIP_RATIO}): a zip bomb or not an export"
            )
            raise ExportError(name, msg)
    for e in entries:
        _unzip_within(name, book, e)


def _unzip_within(name: str, book: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Unzip one file in pieces: it must give what it declares (zipfile checks its CRC)."""
    try:
        with book.open(entry) as f:
            while f.read(MB):
                pass
    except (
        zipfile.BadZipFile,
        EOFError,
        zlib.error,
        NotImplementedError,
        OSError,
        ValueError,  # a damaged offset: zipfile seeks before the file's start
    ) as error:
        msg = f"not a readable spreadsheet: {entry.filename!r} cannot be unzipped ({error})"
        raise ExportError(name, msg) from None
    except RuntimeError as error:  # an encrypted member
        msg = f"an encrypted XLSX ({error}): save it without a password"
        raise ExportError(name, msg) from None
