"""One module per export format; :data:`READERS` lists them in the order detection tries them.

Detection is by content, never by file name: each module's ``sniff`` looks at the first
bytes of a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.formats import enedis_portal_csv

if TYPE_CHECKING:
    from collections.abc import Callable

    from ingest.export import Export
    from ingest.source import Raw

SNIFF_BYTES = 4096
"""How much of the start of a file detection looks at. [bytes]"""


@dataclass(frozen=True)
class Reader:
    """A format Courbe reads: its short name, a description, how to spot it and read it."""

    format: str
    description: str
    sniff: Callable[[bytes], bool]
    read: Callable[[Raw], Export]


READERS: tuple[Reader, ...] = (
    Reader(
        enedis_portal_csv.FORMAT,
        "Enedis portal CSV (load curve, daily index, maximum power)",
        enedis_portal_csv.sniff,
        enedis_portal_csv.read,
    ),
)


def detect(raw: Raw) -> Reader | None:
    """The reader for ``raw``, judged by its first bytes, or None."""
    head = raw.data[:SNIFF_BYTES]
    return next((r for r in READERS if r.sniff(head)), None)
