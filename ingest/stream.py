"""A file read from its path in chunks, for a reader that streams it (a TIC capture).

The file is read once: its lines are checked as they pass
(:data:`ingest.limits.MAX_LINE_BYTES`), and its digest and size are taken as they pass, on
a second thread, for the import log.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from ingest import limits
from ingest.digest import hasher
from ingest.errors import ExportError
from ingest.source import CHUNK

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from pathlib import Path

    from ingest.export import Export
    from ingest.source import Raw


def streamed(path: Path, read_chunks: Callable[[Iterable[bytes], Raw], Export], raw: Raw) -> Export:
    """The export ``read_chunks`` makes of the file's chunks, with the file's digest and size.

    ``raw``: the file's name and the options it is read with (no bytes).

    Raises
    ------
    ExportError
        A line is longer than :data:`ingest.limits.MAX_LINE_BYTES` (or the reader's own).
    """
    with ThreadPoolExecutor(max_workers=1) as thread:
        digest = _Digest(thread)
        try:
            export = read_chunks(digest.taken(_chunks(path)), raw)
        except _LineTooLongError:
            raise ExportError(raw.name, limits.too_long()) from None
        sha = digest.hexdigest(path)
    return export.of_file(digest=sha, size=digest.size)


class _LineTooLongError(Exception):
    """A streamed file's line over :data:`ingest.limits.MAX_LINE_BYTES`.

    Not a ValueError, which the TIC scanner would take for a bad start time.
    """


def _chunks(path: Path) -> Iterator[bytes]:
    """The file in pieces of :data:`ingest.source.CHUNK` bytes; its lines not too long."""
    lines = limits.Lines()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            if lines.feed(chunk):
                raise _LineTooLongError
            yield chunk


class _Digest:
    """The digest and size of a file's chunks, taken on a second thread as they pass.

    The hash lets go of the GIL, so it runs while the reader works on the chunk.
    """

    def __init__(self, thread: ThreadPoolExecutor) -> None:
        self.sha = hasher()
        self.size = 0
        """Bytes hashed. [B]"""
        self._thread = thread
        self._last: Future[object] | None = None

    def taken(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """The chunks, each handed on while it is hashed (one at a time: flat memory)."""
        for chunk in chunks:
            self._wait()
            self._last = self._thread.submit(self.sha.update, chunk)
            self.size += len(chunk)
            yield chunk

    def hexdigest(self, path: Path) -> str:
        """The file's digest, its end read here if the reader stopped before it."""
        self._wait()
        with path.open("rb") as f:
            f.seek(self.size)
            while chunk := f.read(CHUNK):
                self.sha.update(chunk)
                self.size += len(chunk)
        return self.sha.hexdigest()

    def _wait(self) -> None:
        if self._last is not None:
            self._last.result()
