"""What a fuzz case is, and the seeds the cases start from.

What a case's ``expect`` asks, besides "exit 0, or exit 1 with one line naming the file":

- ``same``: exit 0 (or exit 1 if the seed itself is refused) and the store's tables equal
  the ones importing the seed gives. The mutation keeps the file valid (a BOM, CRLF, a
  re-encoding the format allows).
- ``same-or-refused``: exit 0 with the seed's tables, or exit 1.
- ``subset``: on exit 0 every stored row is one the seed's import stores (a file cut at a
  line end, a value no meter gives, the file twice).
- ``year``: as ``subset``, except rows dated in ``years`` (a date moved to 1900 or 2100).
- ``well-formed``: on exit 0 the store opens and every table is canonical.
- ``refused``: exit 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from tests.conftest import DATA, REAL_EXPORTS

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

Expect = Literal["same", "same-or-refused", "subset", "year", "well-formed", "refused"]

HAND_MADE = ("enedis_portal_csv", "other_formats", "enedis_2026")
"""The folders of tests/data that hold exports (temperature/ and tempo/ are analysis's)."""
BINARY = frozenset({".xlsx", ".bin"})
SEED_ARGS: dict[str, tuple[str, ...]] = {
    "generic_no_unit.csv": ("--unit", "W"),
    "teleinfomqtt_historic_dump.txt": ("--start", "2024-01-08T12:00:00+01:00"),
}
"""The options a seed needs to be imported at all (what a person gives on the command line)."""
MB = 1 << 20


@dataclass(frozen=True)
class Case:
    """One hostile input: its id, family, file name, how to make its bytes, what to expect."""

    id: str
    family: str
    name: str
    """The file's name (a seed's name: some readers take the meter or the kind from it)."""
    make: Callable[[], bytes]
    expect: Expect
    seed: str | None = None
    """The seed's id (its path under tests/data or real_exports), None for a bomb."""
    args: tuple[str, ...] = ()
    real: bool = False
    years: frozenset[int] = field(default_factory=frozenset)
    """For ``year``: the years the rows the case moved may be stored in (UTC and Paris)."""
    export_csv: bool = False
    """Also write the store as pseudonymised CSV (formula cells must come out inert)."""
    alone: bool = False
    """Also run in its own ``python -m ingest`` process (the true command line)."""


@dataclass(frozen=True)
class Seed:
    """A file the mutations start from."""

    id: str
    path: Path
    real: bool

    @property
    def args(self) -> tuple[str, ...]:
        """The command-line options this seed needs."""
        return SEED_ARGS.get(self.path.name, ())

    def data(self) -> bytes:
        """The seed's bytes."""
        return self.path.read_bytes()


def seeds() -> list[Seed]:
    """Every hand-made export, then every real one (when ../shared/real_exports is there)."""
    found = [
        Seed(f"data/{p.relative_to(DATA)}", p, real=False)
        for folder in HAND_MADE
        for p in sorted((DATA / folder).iterdir())
        if p.is_file() and p.name != "SOURCES.md"
    ]
    if REAL_EXPORTS.is_dir():
        found += [
            Seed(f"real/{p.relative_to(REAL_EXPORTS)}", p, real=True)
            for p in sorted(REAL_EXPORTS.rglob("*"))
            if p.is_file() and p.name != "SOURCES.md"
        ]
    return found


def const(data: bytes) -> Callable[[], bytes]:
    """A case's ``make`` giving these bytes."""
    return lambda: data
