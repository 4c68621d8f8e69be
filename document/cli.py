"""``python -m document``: the adviser's report of one meter, as HTML (and its PDF)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

import document
from analysis.cli import input_options, report_of
from ingest import ExportError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from analysis.report import Report


def _report_date(text: str) -> dt.date:
    """``--date``: a day written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"--date {text!r}: expected a day as YYYY-MM-DD, e.g. 2026-12-02"
        raise argparse.ArgumentTypeError(msg) from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m document",
        description="The adviser's report: one HTML file (two A4 pages), and its PDF.",
    )
    p.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    p.add_argument("--pdf", action="store_true", help="also print it to PDF (Chromium)")
    p.add_argument("--client", help="the client's name, printed at the top of page 1")
    p.add_argument("--adviser", help="the adviser's name, printed beside the date")
    p.add_argument(
        "--date",
        type=_report_date,
        help="the report's date, YYYY-MM-DD (default: today)",
    )
    input_options(p)  # the file or store and the contract, as ``python -m analysis``
    return p


def _write_document(args: argparse.Namespace, report: Report) -> int:
    """Write the HTML (and PDF); say where. Exit 1 if the PDF cannot be made."""
    text = document.render(
        report, lang=args.lang, today=args.date, client=args.client, adviser=args.adviser
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    print(f"report: {args.out}")
    if args.pdf:
        pdf = args.out.with_suffix(".pdf")
        try:
            document.to_pdf(text, pdf)
        except document.PdfUnavailable as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"pdf: {pdf}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Analyse and write the report.

    Exit 0, 1 if the data cannot be analysed or the PDF cannot be made, 2 for a usage error.
    """
    args = _parser().parse_args(argv)
    try:
        return _write_document(args, report_of(args))
    except (ExportError, ValueError, OSError, pl.exceptions.PolarsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
