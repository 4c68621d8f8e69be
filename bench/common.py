"""Timing helpers and the result row every benchmark returns."""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class Result:
    """One benchmark figure against its baseline, measured in the same run.

    ``ratio`` is figure / baseline for ``kind="at_most"`` (ours must be at most ``target``
    times the baseline) and baseline / figure for ``kind="speedup"`` (ours must be at least
    ``target`` times faster).
    """

    name: str
    figure: float
    baseline_name: str
    baseline: float
    target: float | None
    kind: Literal["at_most", "speedup", "absolute_max", "absolute_min"]
    unit: str = "s"

    @property
    def ratio(self) -> float:
        """The figure relative to its baseline, in the direction the target reads."""
        if self.kind == "at_most":
            return self.figure / self.baseline
        if self.kind == "speedup":
            return self.baseline / self.figure
        return self.figure

    @property
    def met(self) -> bool:
        """Whether the target is met (a figure without a target is shown, never missed)."""
        if self.target is None:
            return True
        if self.kind in ("at_most", "absolute_max"):
            return self.ratio <= self.target
        return self.ratio >= self.target

    def target_text(self) -> str:
        """The target in words, e.g. ``≤ 2.5× raw`` or ``≥ 6× faster``."""
        if self.target is None:
            return "–"
        return {
            "at_most": f"≤ {self.target:g}×",
            "speedup": f"≥ {self.target:g}× faster",
            "absolute_max": f"≤ {self.target:g} {self.unit}",
            "absolute_min": f"≥ {self.target:g} {self.unit}",
        }[self.kind]


def median_seconds(fn: Callable[[], object], *, repeat: int = 7, warmup: int = 1) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs, after ``warmup`` runs. [s]."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def interleaved_medians(
    fns: dict[str, Callable[[], object]], *, repeat: int = 7
) -> dict[str, float]:
    """Median wall time of each function, runs interleaved so machine noise hits all alike."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            gc.collect()
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}


def peak_rss_mb() -> float:
    """Peak resident memory of this process since it started its program [MB].

    Read from ``VmHWM`` in ``/proc/self/status``, which belongs to the process's own address
    space. ``ru_maxrss`` is not used: on Linux it survives ``fork`` and ``exec``, so a child
    started by a 1.5 GB parent reports at least the parent's size at the fork.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource  # not Linux: the best figure there is

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_fresh_process(code: str, *args: str) -> dict[str, float]:
    """Run ``code`` in a new Python process from the project root; the JSON it prints last.

    Peak memory is only meaningful per process, so memory benchmarks run their work this
    way and report :func:`peak_rss_mb` of the child (its own address space only).
    """
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
