"""``python -m bench``: run every benchmark; print figure, baseline, ratio and target."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from bench import app_pages, cohort, distributed, evaluation, ingest_csv, readers, report, tic

if TYPE_CHECKING:
    from collections.abc import Callable

    from bench.common import Result

SUITES: dict[str, Callable[[], list[Result]]] = {
    "ingest_csv": ingest_csv.run,
    "readers": readers.run,
    "tic": tic.run,
    "cohort": cohort.run,
    "distributed": distributed.run,
    "report": report.run,
    "app_pages": app_pages.run,
    "evaluation": evaluation.run,
}


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.2f} s"


def main() -> int:
    """Run the suites and print the table; exit 1 if a target is missed.

    The figures are also written to ``bench/out/results.json``.
    """
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("suites", nargs="*", help=f"among {', '.join(SUITES)} (default: all)")
    args = parser.parse_args()
    unknown = set(args.suites) - set(SUITES)
    if unknown:
        parser.error(f"unknown suite {sorted(unknown)[0]!r}; choose among {', '.join(SUITES)}")
    results: list[Result] = []
    for name in args.suites or SUITES:
        results.extend(SUITES[name]())

    def show(value: float, unit: str) -> str:
        if unit == "s":
            return _fmt(value)
        return f"{value:,.3f} {unit}".rstrip()

    rows = [
        (
            r.name,
            show(r.figure, r.unit),
            r.baseline_name,
            show(r.baseline, r.unit)
            if r.kind in ("at_most", "speedup") or r.unit in ("s", "MB/s")
            else "–",
            f"{r.ratio:.2f}×" if r.kind in ("at_most", "speedup") else "–",
            r.target_text(),
            "met" if r.met else "MISSED",
        )
        for r in results
    ]
    header = ("benchmark", "figure", "baseline", "baseline figure", "ratio", "target", "")
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    for row in (header, *rows):
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)).rstrip())
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(
        json.dumps([{**asdict(r), "ratio": r.ratio, "met": r.met} for r in results], indent=1)
    )
    return 0 if all(r.met for r in results) else 1


sys.exit(main())
