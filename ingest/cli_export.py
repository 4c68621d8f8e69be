"""``python -m ingest export``: write the store for sharing, pseudonymised."""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.privacy import mask_text
from ingest.store import Store

if TYPE_CHECKING:
    from collections.abc import Sequence


def _export_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m ingest export",
        description="Write the store for sharing: meter numbers replaced by pseudonyms "
        "(a keyed hash whose key stays in the store), dates optionally shifted.",
    )
    p.add_argument("--store", type=Path, default=None, help="store folder")
    p.add_argument("--out", type=Path, required=True, help="the folder to write to")
    p.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    p.add_argument(
        "--shift-dates",
        action="store_true",
        help="move every date by a random whole number of weeks (1 to 52; weekdays kept)",
    )
    return p


def exported(argv: Sequence[str]) -> tuple[int, list[str], list[str]]:
    """``export``: write the pseudonymised tables.

    Returns the exit status (1 on failure) and the lines to print, masked: for standard
    output (one per file written) and for standard error (why it failed).
    """
    args = _export_parser().parse_args(argv)
    store = Store(args.store)
    if not store.meters():
        return 1, [], [mask_text(f"error: the store {store.path} holds no data")]
    shift = 7 * (secrets.randbelow(52) + 1) if args.shift_dates else 0
    try:
        files = store.export_pseudonymised(args.out, fmt=args.format, shift_days=shift)
    except OSError as error:
        return 1, [], [mask_text(f"error: cannot write to {args.out} ({error.strerror})")]
    out = [mask_text(str(path)) for path in files]
    if shift:
        out.append("dates shifted by a random number of weeks (not recorded)")
    return 0, out, []
