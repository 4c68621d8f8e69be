"""The headline figures of each report, and their table beside the reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

HEADLINES = "headlines.parquet"
"""The table of every report's headline figures, beside the reports."""

HEADLINE_SCHEMA: dict[str, pl.DataType] = {
    "meter": pl.String(),
    "report": pl.String(),
    "first_day": pl.Date(),
    "last_day": pl.Date(),
    "days": pl.Int64(),
    "coverage": pl.Float64(),
    "energy_kwh_per_year": pl.Float64(),
    "baseload_w": pl.Float64(),
    "baseload_kwh_per_year": pl.Float64(),
    "peak_w": pl.Float64(),
    "hc_share": pl.Float64(),
    "current_option": pl.String(),
    "current_eur": pl.Float64(),
    "cheapest_option": pl.String(),
    "cheapest_kva": pl.Int64(),
    "cheapest_eur": pl.Float64(),
    "anomalies": pl.Int64(),
    "tips": pl.Int64(),
    "tips_eur_per_year": pl.Float64(),
}
"""One row per report [same units as the report's JSON: kWh, W, EUR over its period]."""


def headline(doc: dict[str, Any], *, report: str) -> dict[str, Any]:
    """The headline figures of one report's JSON (:data:`HEADLINE_SCHEMA`)."""
    settings = doc["settings"]
    current = next(
        (
            t
            for t in doc["tariffs"]
            if t["option"] == settings["option"] and t["kva"] == settings["kva"]
        ),
        None,
    )
    cheapest = min(doc["tariffs"], key=lambda t: t["total_eur"], default=None)
    return {
        "meter": doc["meter"],
        "report": report,
        "first_day": dt.date.fromisoformat(doc["period"][0]),
        "last_day": dt.date.fromisoformat(doc["period"][1]),
        "days": doc["days"],
        "coverage": doc["coverage"],
        "energy_kwh_per_year": doc["energy_kwh_per_year"],
        "baseload_w": doc["baseload_w"],
        "baseload_kwh_per_year": doc["baseload_kwh_per_year"],
        "peak_w": doc["peak_w"],
        "hc_share": doc["hc_share"],
        "current_option": settings["option"],
        "current_eur": current["total_eur"] if current else None,
        "cheapest_option": cheapest["option"] if cheapest else None,
        "cheapest_kva": cheapest["kva"] if cheapest else None,
        "cheapest_eur": cheapest["total_eur"] if cheapest else None,
        "anomalies": len(doc["anomalies"]),
        "tips": len(doc["tips"]),
        "tips_eur_per_year": round(sum(t["eur_per_year"] for t in doc["tips"]), 2),
    }


def headlines(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """The headline rows as one table, by meter."""
    frame = pl.DataFrame(rows, schema=HEADLINE_SCHEMA, orient="row")
    return frame.sort("meter")
