"""``python -m bench``: run every benchmark; print figure, baseline, ratio and target."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from bench import (
    app_pages,
    cohort,
    distributed,
    evaluation,
    first_page,
    ingest_csv,
    readers,
    report,
    tic,
)

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
    "first_page": first_page.run,
    "evaluation": evaluation.run,
}


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.2f} s"


def missed(results: list[Result]) -> list[str]:
    """One line per missed target: the benchmark, its figure and the target it misses."""
    return [
        f"missed: {r.name}: {r.figure:,.3f} {r.unit}, target {r.target_text()}"
        for r in results
        if not r.met
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the suites and print the table; exit 1 naming each missed target on stderr.

    The figures are also written to ``bench/out/results.json``.
    """
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("suites", nargs="*", help=f"among {', '.join(SUITES)} (default: all)")
    args = parser.parse_args(argv)
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
    lines = missed(results)
    for line in lines:
        print(line, file=sys.stderr)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
