"""The one error a reader raises for bad input."""

from __future__ import annotations

GIVE_UNIT = "--unit, or the dashboard's import options"
"""Where a person gives the unit a two-column CSV does not state."""
GIVE_METER = "--meter, or the dashboard's import options"
"""Where a person names the meter of a file that names none."""
GIVE_START = "--start 'YYYY-MM-DD HH:MM:SS+01:00', or the dashboard's import options"
"""Where a person gives the start of a TIC capture without receive times."""


class ExportError(ValueError):
    """A file that cannot be read as an export.

    Its message is one line naming the file, the line (when there is one) and what was
    expected, e.g. ``conso.csv: line 12: expected a number of watts, got 'abc'``.
    """

    def __init__(self, source: str, expected: str, *, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.expected = expected
        where = f"{source}: line {line}" if line is not None else source
        super().__init__(f"{where}: {expected}")


def unexpected(source: str, error: Exception) -> str:
    """One line for an error no reader meant to raise: a fault in Courbe, not in the file.

    The command line and the dashboard print it instead of a traceback, so one such file
    does not stop a batch; the tests read every damaged file to keep this from happening.
    """
    said = (str(error).strip().splitlines() or [""])[0][:200]
    return (
        f"{source}: could not be read ({type(error).__name__}: {said}); "
        "this is a fault in Courbe, not in your file: please report it"
    )
