"""``python -m sample_loadcurves``: write the shipped samples, or many households for research."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sample_loadcurves.households import SHIPPED, generate, ship

if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Write the shipped samples (default), or ``--households N`` of them to ``--out``."""
    p = argparse.ArgumentParser(
        prog="python -m sample_loadcurves",
        description="Simulated French households with their ground truth.",
    )
    p.add_argument("--households", type=int, help="how many households to generate")
    p.add_argument("--years", type=int, default=1, help="years per household (default 1)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--minutes", type=int, choices=(10, 30), default=30, help="step (default 30)")
    p.add_argument("--out", type=Path, help="output folder for --households")
    args = p.parse_args(argv)
    if args.households is None:
        written = ship()
        print(f"wrote {len(written)} files under {SHIPPED}")
        return 0
    if args.out is None or args.households < 1 or args.years < 1:
        p.error("--households N (N ≥ 1) needs --out DIR, and --years must be ≥ 1")
    t = time.perf_counter()
    done = generate(
        args.out, households=args.households, years=args.years, seed=args.seed, minutes=args.minutes
    )
    print(
        f"wrote {done['household_years']:,} household-years ({done['rows']:,} intervals) "
        f"to {args.out} in {time.perf_counter() - t:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
