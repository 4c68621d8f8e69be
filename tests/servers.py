"""The servers tests start, and the processes a test session must not leave behind.

A server runs in a session of its own, so that stopping it stops its whole process group
(Streamlit's and any child it started), never just the first process; and the suite ends
by checking that no child of the pytest process is still alive.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import os
import signal
import socket
import subprocess
import time
from typing import TYPE_CHECKING

import psutil
import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

STOP_SECONDS = 20.0
"""How long a stopped group may take to go after SIGTERM, before SIGKILL. [s]"""
PR_SET_CHILD_SUBREAPER = 36
"""prctl(2)'s option (linux/prctl.h)."""
HELPERS = ("multiprocessing.resource_tracker", "multiprocessing.forkserver")
"""Children Python itself keeps until the pytest process exits (Dask's worker processes
start them): they end with it, they are not left behind."""


def free_port() -> int:
    """A TCP port nothing listens on now, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def healthy(port: int) -> bool:
    """Whether a Streamlit server answers its health check on ``port``."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/_stcore/health")
        ok = conn.getresponse().status == 200
        conn.close()
    except OSError:
        return False
    return ok


@contextlib.contextmanager
def serve(
    command: list[str], *, cwd: Path, env: dict[str, str], log: Path, port: int, seconds: float
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command``, a server on ``port``, in its own session; yield it once healthy.

    Its output goes to ``log``. The test fails, naming the log's end, when the server
    exits or is not healthy within ``seconds``. On the way out, whatever happened, its
    whole process group is stopped (:func:`stop_group`).
    """
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + seconds
        while not healthy(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.3)
        yield process
    finally:
        stop_group(process)


def group(pgid: int) -> list[psutil.Process]:
    """The live processes of process group ``pgid`` (zombies are already gone)."""
    found = []
    for p in psutil.process_iter(["status"]):
        with contextlib.suppress(OSError, psutil.Error):
            if os.getpgid(p.pid) == pgid and p.info["status"] != psutil.STATUS_ZOMBIE:
                found.append(p)
    return found


def stop_group(process: subprocess.Popen[bytes], *, seconds: float = STOP_SECONDS) -> None:
    """Stop the process group ``process`` leads: SIGTERM, wait ``seconds`` at most, SIGKILL.

    ``process`` must have been started with ``start_new_session=True`` (its pid is its
    group's id). The wait ends as soon as no process of the group is left.
    """
    pgid = process.pid
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=seconds)
    while group(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    process.wait(timeout=10)


def adopt_orphans() -> None:
    """Make this process the reaper of its orphaned descendants (Linux's child subreaper).

    A process whose parent dies is then re-parented to pytest instead of init, so a
    server's child that outlived it is still found by :func:`left_behind`.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def left_behind() -> list[psutil.Process]:
    """The live descendants of this process, Python's own helpers (:data:`HELPERS`) aside."""
    found = []
    for p in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if p.status() == psutil.STATUS_ZOMBIE:
                continue
            if any(helper in " ".join(p.cmdline()) for helper in HELPERS):
                continue
            found.append(p)
    return found


def describe(p: psutil.Process) -> str:
    """``pid 123: python -m app --server.port 8501`` (the command line cut to 200 characters)."""
    with contextlib.suppress(psutil.Error):
        return f"pid {p.pid}: {' '.join(p.cmdline())[:200]}"
    return f"pid {p.pid}: (gone)"
