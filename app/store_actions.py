"""What Mes données does to a store, through the Store's public methods only.

Nothing here writes outside the store but the archive it returns, held in memory.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, Literal

import polars as pl

from app.i18n import t
from ingest.privacy import pseudonym, pseudonymise
from ingest.schema import TABLES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ingest import Store
    from ingest.schema import Table
    from words import Lang

ShareFormat = Literal["csv", "parquet"]


def research_zip(
    store: Store,
    meters: Sequence[str],
    *,
    fmt: ShareFormat = "csv",
    shift_days: int = 0,
    lang: Lang = "fr",
) -> bytes:
    """The chosen meters' tables, pseudonymised (dates moved by ``shift_days``), zipped.

    One file per table, and a README of the columns and their units in ``lang``.
    """
    chosen = pl.Series(list(meters), dtype=pl.String)
    scans = {
        "curve": store.curve,
        "daily": store.daily,
        "peaks": store.peaks,
        "registers": store.registers,
        "periods": store.periods,
    }
    tables: dict[Table, pl.DataFrame] = {
        table: scans[table]().filter(pl.col("meter").is_in(chosen)).collect() for table in TABLES
    }
    secret = store.secret()
    shared = pseudonymise(tables, secret, shift_days=shift_days)
    readme = t(
        "readme",
        lang,
        today=dt.datetime.now(dt.UTC).date().isoformat(),
        meters=", ".join(sorted(pseudonym(m, secret) for m in meters)),
        fmt=fmt,
        shift=t("readme_shifted" if shift_days else "readme_not_shifted", lang),
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(t("readme_name", lang), readme)
        for table, frame in shared.items():
            out = io.BytesIO()
            if fmt == "parquet":
                frame.write_parquet(out, statistics=True)
            else:
                frame.write_csv(out)
            archive.writestr(f"{table}.{fmt}", out.getvalue())
    return buffer.getvalue()
