"""Writing a simulated curve in the real export formats Courbe reads."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import polars as pl

from ingest.schema import TIME_ZONE

if TYPE_CHECKING:
    import datetime as dt

PORTAL_HEADER = (
    "Identifiant PRM;Type de donnees;Date de debut;Date de fin;Grandeur physique;"
    "Grandeur metier;Etape metier;Unite;Pas en minutes"
)


def enedis_portal_csv(
    curve: pl.DataFrame, *, meter: str, first_day: dt.date, end_day: dt.date
) -> bytes:
    """An Enedis portal load-curve CSV (formats.md §1a) of one direction of a curve.

    UTF-8 with BOM, LF, end-stamped ISO times with offsets, whole watts of average power,
    an empty "Pas en minutes" as the portal writes it. Missing intervals are missing rows.
    ``end_day`` is the exclusive "Date de fin".
    """
    directions = curve["direction"].unique().to_list()
    if len(directions) != 1:
        msg = f"one direction per file, got {directions}"
        raise ValueError(msg)
    metier = "Production" if directions[0] == "production" else "Consommation"
    header = (
        f"{PORTAL_HEADER}\n{meter};Courbe de charge;{first_day:%d/%m/%Y};{end_day:%d/%m/%Y};"
        f"Energie active;{metier};Comptage Brut;W;\nHorodate;Valeur\n"
    )
    minutes = (pl.col("end") - pl.col("start")).dt.total_minutes()
    rows = curve.sort("start").select(
        h=pl.col("end").dt.convert_time_zone(TIME_ZONE).dt.to_string("%Y-%m-%dT%H:%M:%S%:z"),
        v=(pl.col("wh") * 60 / minutes).round(0).cast(pl.Int64),
    )
    body = io.BytesIO()
    rows.write_csv(body, separator=";", include_header=False)
    return b"\xef\xbb\xbf" + header.encode() + body.getvalue()
