"""Run ``python -m ingest``'s ``main`` on many files in one process, under a memory limit.

``python tests/fuzz_runner.py JOBS RESULTS``: JOBS is a JSON list of ``{"id", "argv",
"store", "export"}``; for each job the store folder (a copy of the suite's base store,
made by the caller) is imported into with ``main(argv)``, its stdout and stderr captured
at the file-descriptor level (what a terminal would show, whoever writes it: Python,
Polars, a Rust panic), and, with ``export``, the store is then written as pseudonymised
CSV. RESULTS gets one JSON line per job: exit status, stdout, stderr, the seconds it took,
and the process's peak memory so far.

The data segment is limited to :data:`LIMIT` (``RLIMIT_DATA``): an allocation beyond it
fails (a ``MemoryError``) instead of swapping. ``RLIMIT_AS`` is not used: Polars reserves
far more address space than it touches.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from bench.common import peak_rss_mb

LIMIT = 1 << 30
"""The memory a file may cost: 1 GiB of data segment (heap and anonymous mappings). [bytes]"""


def limit_memory() -> None:
    """Limit this process's data segment to :data:`LIMIT` (also a ``preexec_fn``)."""
    resource.setrlimit(resource.RLIMIT_DATA, (LIMIT, LIMIT))


def _capture(call: Any) -> tuple[Any, str, str]:
    """Call ``call()`` with fds 1 and 2 sent to files; its result and what it wrote."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            result = call()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        out.seek(0)
        err.seek(0)
        return result, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")


def _exit(argv: list[str]) -> int | str:
    """``main(argv)``'s exit status, or the traceback of what escaped it."""
    from ingest.cli import main

    try:
        return main(argv)
    except SystemExit as done:  # argparse: a usage error
        return done.code if isinstance(done.code, int) else 2
    except BaseException:
        return traceback.format_exc()


def run(job: dict[str, Any]) -> dict[str, Any]:
    """Import one file as the command line would, then (with ``export``) export the store."""
    began = time.perf_counter()
    code, out, err = _capture(lambda: _exit([*job["argv"], "--store", job["store"]]))
    record: dict[str, Any] = {"id": job["id"], "exit": code, "stdout": out, "stderr": err}
    if job.get("export") and code == 0:
        folder = Path(job["store"]).with_name(Path(job["store"]).name + "-export")
        argv = ["export", "--store", job["store"], "--out", str(folder), "--format", "csv"]
        record["export_exit"], _, record["export_stderr"] = _capture(lambda: _exit(argv))
        record["export"] = str(folder)
    record["seconds"] = round(time.perf_counter() - began, 3)
    record["peak_mb"] = round(peak_rss_mb())  # its own VmHWM, not the parent's
    return record


def main() -> None:
    """Run every job of the JOBS file and write RESULTS."""
    limit_memory()
    jobs = json.loads(Path(sys.argv[1]).read_text("utf-8"))
    with Path(sys.argv[2]).open("w", encoding="utf-8") as out:
        for job in jobs:  # one line per job, flushed: a job that kills the process is known
            out.write(json.dumps(run(job)) + "\n")
            out.flush()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
