"""The one error a reader raises for bad input."""

from __future__ import annotations

import re

GIVE_UNIT = "--unit, or the dashboard's import options"
"""Where a person gives the unit a two-column CSV does not state."""
GIVE_START = "--start 'YYYY-MM-DD HH:MM:SS+01:00', or the dashboard's import options"
"""Where a person gives the start of a TIC capture without receive times."""


class ExportError(ValueError):
    """A file that cannot be read as an export.

    Its message is one line naming the file, the line (when there is one) and what was
    expected, e.g. ``conso.csv: line 12: expected a number of watts, got 'abc'``.
    """

    def __init__(self, source: str, expected: str, *, line: int | None = None) -> None:
        self.source = one_line(source)
        self.line = line
        self.expected = one_line(expected)
        where = f"{self.source}: line {line}" if line is not None else self.source
        super().__init__(f"{where}: {self.expected}")


class ReadWhole(Exception):
    """A reader that streams files cannot stream this one: it must be read whole.

    Raised by a ``read_chunks`` (:class:`ingest.formats.Reader`) from its first chunks or
    on a row its fast path refuses (a portal CSV of several blocks, a damaged row);
    :func:`ingest.read_export` then reads the file whole, with the limits of a whole read,
    and its reader names the first bad line.
    """


BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
"""Line breaks, tabs and other control characters: none may reach a one-line message."""


def one_line(text: str, *, limit: int | None = None) -> str:
    """``text`` on one line: each run of line breaks or control characters becomes a space.

    A message quotes what a library or a file said (calamine's errors span lines, a file
    name can hold a newline); with ``limit``, at most that many characters, then "…".
    """
    flat = BREAKS.sub(" ", text).strip()
    return flat if limit is None or len(flat) <= limit else flat[: limit - 1] + "…"


def unexpected(source: str, error: Exception) -> str:
    """One line for an error no reader meant to raise: a fault in Courbe, not in the file.

    The command line and the dashboard print it instead of a traceback, so one such file
    does not stop a batch; the tests read every damaged file to keep this from happening.
    """
    said = one_line(str(error), limit=200)
    return (
        f"{one_line(source)}: could not be read ({type(error).__name__}: {said}); "
        "this is a fault in Courbe, not in your file: please report it"
    )
