"""The store's writer lock: one import (or removal, or save) writing at a time.

An exclusive advisory lock (``flock``) on ``writer.lock`` in the store folder; the system
releases it when the process ends, even killed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from typing import TYPE_CHECKING

from ingest.store.layout import LOCK

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path


@contextlib.contextmanager
def writer(folder: Path, on_wait: Callable[[], None] | None) -> Iterator[None]:
    """Hold the writer lock of the store in ``folder`` (made if missing) while in the block.

    Calls ``on_wait`` first when another writer holds it, then waits its turn. Each call
    opens the lock file anew, so threads of one process (dashboard sessions) take turns
    as well.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the only descriptor releases the lock
