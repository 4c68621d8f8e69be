"""``python -m sample_loadcurves``: write the shipped samples, or many households for research."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.store import MANIFEST
from sample_loadcurves.households import SHIPPED, generate, ship

if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Write the shipped samples (default), or ``--households N`` to ``--out`` or ``--store``."""
    p = argparse.ArgumentParser(
        prog="python -m sample_loadcurves",
        description="Simulated French households with their ground truth.",
    )
    p.add_argument("--households", type=int, help="how many households to generate")
    p.add_argument("--years", type=int, default=1, help="years per household (default 1)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--minutes", type=int, choices=(10, 30), default=30, help="step (default 30)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, help="output folder for --households (Parquet)")
    where.add_argument(
        "--store", type=Path, help="or a Courbe store to write them into (truth beside it)"
    )
    args = p.parse_args(argv)
    if args.households is None:
        written = ship()
        print(f"wrote {len(written)} files under {SHIPPED}")
        return 0
    folder = args.out or args.store
    if folder is None or args.households < 1 or args.years < 1:
        p.error("--households N (N ≥ 1) needs --out DIR or --store DIR, and --years must be ≥ 1")
    if args.store is not None and (args.store / MANIFEST).exists():
        p.error(f"{args.store} already holds a store; give a new folder")
    t = time.perf_counter()
    done = generate(
        folder,
        households=args.households,
        years=args.years,
        seed=args.seed,
        minutes=args.minutes,
        into="store" if args.store is not None else "parquet",
    )
    print(
        f"wrote {done['household_years']:,} household-years ({done['rows']:,} intervals) "
        f"to {'the store ' if args.store else ''}{folder} in {time.perf_counter() - t:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
