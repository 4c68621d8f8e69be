"""A capture given as successive chunks of bytes, scanned and summarised in flat memory.

Each chunk is cut after a frame's ETX (the rest carried over), scanned
(:func:`ingest.formats.tic.runs.scan` or :func:`ingest.formats.tic.scan.scan`) and summarised
per minute (:func:`ingest.formats.tic.minutes.summarise`), so memory does not grow with the
capture.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol

import numpy as np

from ingest.formats.tic.labels import CR, ETX, LF, STX
from ingest.formats.tic.minutes import Minutes, summarise
from ingest.formats.tic.scan import Counts, Readings, scan
from ingest.source import CHUNK

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from ingest.formats.tic.scan import Bytes


class Scanner(Protocol):
    """How one chunk is scanned: the general scan, or the faster one over runs of frames."""

    def __call__(
        self,
        buf: Bytes,
        counts: Counts,
        readings: Readings,
        *,
        frame_offset: int,
        starts_with_frame: bool,
        final: bool,
    ) -> int:
        """Scan ``buf`` into ``counts`` and ``readings``; the number of frames completed."""
        ...


def scan_chunks(
    chunks: Iterable[bytes], *, start: dt.datetime | None, scanner: Scanner = scan
) -> tuple[Minutes, Counts]:
    """Scan a capture given as successive chunks of bytes, in flat memory.

    Each chunk's readings are summarised on a second thread while the next chunk is
    scanned (NumPy and Polars both release the GIL); one chunk at most waits.
    """
    counts, minutes = Counts(), Minutes()
    carry = b""
    first = True
    offset = 0
    seconds_per_frame = 0.0
    with ThreadPoolExecutor(max_workers=1) as summariser:
        pending: Future[None] | None = None
        for chunk, final in _with_end(chunks):
            data = carry + chunk if carry else chunk
            if not data:
                continue
            cut = len(data) if final else data.rfind(bytes([ETX])) + 1
            if cut <= 0 and len(data) >= CHUNK:
                # A chunk without any frame end: a log of groups (lines), cut before a LF.
                cut = data.rfind(bytes([LF]))
            if cut <= 0:
                carry = data  # no frame end yet: read on
                continue
            carry = data[cut:]
            readings = Readings()
            buf = np.frombuffer(memoryview(data)[:cut], dtype=np.uint8)
            done = scanner(
                buf,
                counts,
                readings,
                frame_offset=offset,
                starts_with_frame=not first or buf[:1].tobytes() == bytes([STX]),
                final=final,
            )
            if not seconds_per_frame and done:
                # 1200 baud, 10 bits a character; a log that lost its CRs (one per group
                # on the line) is that many bytes short of what the meter sent.
                wire = cut if CR in buf else cut + data.count(b"\n", 0, cut)
                seconds_per_frame = wire / done / 120
            if pending is not None:
                pending.result()
            pending = summariser.submit(
                summarise,
                readings,
                minutes,
                start=start,
                seconds_per_frame=seconds_per_frame or 1.2,
            )
            offset += done
            first = False
        if pending is not None:
            pending.result()
    return minutes, counts


def _with_end(chunks: Iterable[bytes]) -> Iterable[tuple[bytes, bool]]:
    """Each chunk with whether it is the last one."""
    previous: bytes | None = None
    for chunk in chunks:
        if previous is not None:
            yield previous, False
        previous = chunk
    yield (previous or b""), True
