"""The TIC capture reader: how a capture is spotted, read whole or streamed.

See docs/sources.md, TIC.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from ingest.errors import GIVE_START, ExportError
from ingest.export import Export, Note
from ingest.formats.tic import runs
from ingest.formats.tic.chunks import scan_chunks
from ingest.formats.tic.scan import checked
from ingest.formats.tic.tables import daily_peaks, half_hours, register_rows, tariff_periods
from ingest.schema import conform
from ingest.source import BOM, CHUNK
from words import Said, said

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ingest.source import Raw


FORMAT = "tic-capture"


def sniff(head: bytes) -> bool:
    """STX/ETX frames or LF…CR groups whose checksums hold (a few are enough).

    A line log whose lines lost their CR (saved by a tool that writes LF only) is one too:
    the groups are still told apart by the LF, and their checksums still hold. A UTF-8
    byte-order mark before it (an editor may put one before a saved line log) is left out.
    The groups are only checked, not decoded: the scan stops at their checksums.
    """
    head = head.removeprefix(BOM)
    if not (b"\x03" in head or b"\x02" in head or head.count(b"\n") > 3):
        return False
    end = max(head.rfind(b"\r"), head.rfind(b"\n"))  # the last group seen whole
    buf = np.frombuffer(head[: end + 1], dtype=np.uint8)
    groups = checked(buf, starts_with_frame=True, final=True)
    valid = int(groups.valid.sum())
    return valid >= 5 and valid >= 0.5 * groups.start.size


def _without_bom(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks, the first one without a leading :data:`BOM`."""
    first = True
    for chunk in chunks:
        yield chunk.removeprefix(BOM) if first else chunk
        first = False


def read(raw: Raw) -> Export:
    """Read a capture held in memory (:func:`ingest.read_export` streams one from its path)."""
    chunks = (raw.data[i : i + CHUNK] for i in range(0, len(raw.data), CHUNK))
    return read_chunks(chunks, raw)


def _corrupt(n: int) -> Said:
    """The note counting the groups whose checksum or framing failed."""
    if n == 1:
        return said("ingest.note.tic_corrupt_one")
    return said("ingest.note.tic_corrupt", n=n)


def _partial(n: int) -> Said:
    """The note counting the groups of the capture's cut first and last frames."""
    if n == 1:
        return said("ingest.note.tic_partial_one")
    return said("ingest.note.tic_partial", n=n)


def read_chunks(chunks: Iterable[bytes], raw: Raw) -> Export:
    """Scan a capture chunk by chunk and build its canonical tables (a leading BOM left out).

    ``raw``: the capture's name and ``start`` (its ``data`` is not read: the chunks are).
    """
    name, start = raw.name, raw.start
    try:
        minutes, counts = scan_chunks(_without_bom(chunks), start=start, scanner=runs.scan)
    except ValueError as error:
        raise ExportError(name, f"{error} ({GIVE_START})") from None
    if counts.valid == 0:
        raise ExportError(name, "no TIC group with a valid checksum")
    meter = sorted(minutes.meters or minutes.addresses or {"tic"})[0]
    registers = register_rows(minutes)
    curve, notes = half_hours(registers)
    mode = "standard" if counts.modes["standard"] > counts.modes["historic"] else "historic"
    word = said("ingest.word.standard") if mode == "standard" else said("ingest.word.historic")
    groups = said("ingest.note.tic_groups", mode=word, valid=counts.valid, frames=counts.frames)
    timing = minutes.timing
    notes = [
        Note("info", groups),
        *([Note("info", said("ingest.note.tic_times", timing=timing))] if timing else []),
        *([Note("skipped", _corrupt(counts.corrupt))] if counts.corrupt else []),
        *([Note("skipped", _partial(counts.partial))] if counts.partial else []),
        *notes,
    ]
    if not start and timing and timing.key == "ingest.note.tic_timing.estimated":
        notes.append(Note("inferred", said("ingest.note.tic_estimated")))
    return Export(
        name=name,
        format=FORMAT,
        meter=meter,
        curve=curve.with_columns(meter=pl.lit(meter)),
        peaks=daily_peaks(minutes, meter),
        registers=conform(
            registers.select(meter=pl.lit(meter), at="at", register="label", wh="value"),
            "registers",
        ),
        notes=tuple(notes),
        metadata={
            "mode": mode,
            "tariff option": ", ".join(sorted(minutes.options)),
            "address": ", ".join(sorted(minutes.addresses)),
        },
        periods=conform(tariff_periods(minutes).with_columns(meter=pl.lit(meter)), "periods"),
    )
