"""Keeping the meter number (PRM, personal data) out of sight."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from typing import TYPE_CHECKING

import polars as pl

from ingest.schema import UNKNOWN_METER

if TYPE_CHECKING:
    from ingest.schema import Table


def mask_meter(meter: str) -> str:
    """Show only the first four and last two characters: ``1429 •••• •••• 88``.

    The placeholder for a file that names no meter is shown as it is.
    """
    meter = meter.strip()
    if meter == UNKNOWN_METER:
        return meter
    if len(meter) <= 6:
        return "•" * len(meter)
    hidden = len(meter) - 6
    groups = " ".join("••••" for _ in range(max(1, round(hidden / 4))))
    return f"{meter[:4]} {groups} {meter[-2:]}"


PRM = re.compile(r"(?<!\d)\d{14}(?!\d)")
"""A meter number (PRM): 14 digits not part of a longer number."""


def mask_text(text: str) -> str:
    """``text`` with every meter number in it masked (file names, error messages)."""
    return PRM.sub(lambda m: mask_meter(m.group()).replace(" ", ""), text)


def pseudonym(meter: str, secret: bytes) -> str:
    """A stable stand-in for a meter number: a keyed hash (HMAC-SHA256) of it.

    The same meter and secret always give the same pseudonym; without the secret, which
    stays in the store, the meter number cannot be found back from it (14 digits are few
    enough to try them all against a plain hash).
    """
    return "anon-" + hmac.new(secret, meter.encode("utf-8"), hashlib.sha256).hexdigest()[:20]


def pseudonymise(
    tables: dict[Table, pl.DataFrame], secret: bytes, *, shift_days: int = 0
) -> dict[Table, pl.DataFrame]:
    """The canonical tables with each meter replaced by its pseudonym, dates shifted.

    ``shift_days`` moves every instant and day by that many days; a multiple of 7 keeps the
    weekdays (public holidays and DST days then fall elsewhere).
    """
    out: dict[Table, pl.DataFrame] = {}
    shift = dt.timedelta(days=shift_days)
    for name, frame in tables.items():
        meters = frame["meter"].unique().to_list()
        names = {m: pseudonym(m, secret) for m in meters}
        moved = frame.with_columns(
            pl.col("meter").replace_strict(names, return_dtype=pl.String),
            *(pl.col(c) + shift for c in ("start", "end", "at", "day") if c in frame.columns),
        )
        out[name] = moved
    return out


FORMULA = r"^[=+\-@\t\r]"
"""A cell a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @, tab, CR."""


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with each text cell a spreadsheet would run as a formula made inert.

    Such a cell gets a leading apostrophe (``=HYPERLINK(…)`` becomes ``'=HYPERLINK(…)``),
    which spreadsheets show and do not run; numbers and dates are left alone.
    """
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )
